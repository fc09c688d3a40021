// "Colour by author": an optional view that tints each run of text with the colour of whoever
// wrote it, as decorations (nothing stored). Who wrote a character is known from its Yjs item's
// client id; the server's map of client id -> participant (GET /api/documents/:id/authors) names
// them. The y-sync binding's mapping leads from each Y.XmlElement to its ProseMirror node, whose
// positions one walk of the document gives; the element's Y.XmlText children are split into runs
// of one author by walking their items.
//
// Off by default, and then it does nothing at all: no walking, no decorations, so typing costs the
// same as without it. When on, decorations are recomputed once per animation frame after changes.
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { colorFor } from '../../../shared/src/access/colors.ts';

export interface Author {
  participantId: string;
  name: string;
  role: string;
  delegationId: string | null;
}
export type AuthorMap = Record<string, Author>;

export interface AuthorshipOptions {
  /** Called (at most once per recomputation) with client ids the author map does not know. */
  onUnknownAuthors: (clientIds: number[]) => void;
}

interface AuthorshipState {
  on: boolean;
  authors: AuthorMap;
  decorations: DecorationSet;
}

type Meta = { on: boolean } | { authors: AuthorMap } | { decorations: DecorationSet };

export const authorshipPluginKey = new PluginKey<AuthorshipState>('penholderAuthorship');

export function setAuthorship(editor: Editor, on: boolean): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(authorshipPluginKey, { on } satisfies Meta).setMeta('addToHistory', false));
}

export function setAuthors(editor: Editor, authors: AuthorMap): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(authorshipPluginKey, { authors } satisfies Meta).setMeta('addToHistory', false));
}

interface Binding {
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;
}

/** Inline decorations for every run of text, by author; also the client ids nobody is known for. */
export function authorDecorations(state: EditorState, authors: AuthorMap): { decorations: DecorationSet; unknown: number[] } {
  const binding = (ySyncPluginKey.getState(state) as { binding?: Binding } | undefined)?.binding;
  if (!binding) return { decorations: DecorationSet.empty, unknown: [] };
  const doc = state.doc;

  // positions of nodes, by identity (one walk of the document)
  const positions = new Map<PMNode, number>();
  doc.descendants((node, pos) => {
    if (!node.isText) positions.set(node, pos);
    return true;
  });

  const decorations: Decoration[] = [];
  const unknown = new Set<number>();
  const emit = (runs: [from: number, to: number, client: number][]) => {
    for (const [from, to, client] of runs) {
      const author = authors[String(client)];
      if (!author) {
        unknown.add(client);
        continue;
      }
      decorations.push(
        Decoration.inline(from, to, {
          class: 'by-author',
          style: `background: ${colorFor(author.delegationId ?? author.participantId)}22`,
          'data-author': author.name,
        }),
      );
    }
  };

  // The binding maps each Y.XmlElement to its ProseMirror node (text rendered from Yjs is not
  // mapped per Y.XmlText), so walk each mapped element's children: a Y.XmlText stands for as many
  // positions as it has characters, a child element for its node's size.
  for (const [ytype, mapped] of binding.mapping) {
    if (!(ytype instanceof Y.XmlElement) || Array.isArray(mapped)) continue;
    const pos = positions.get(mapped);
    if (pos === undefined || mapped.isLeaf) continue; // stale mapping; the next frame will catch up
    const runs: [number, number, number][] = [];
    let at = pos + 1;
    let ok = true;
    for (let child = ytype._start; child !== null && ok; child = child.right) {
      if (child.deleted) continue;
      const content = child.content;
      if (!(content instanceof Y.ContentType)) {
        ok = false; // not an XML child: leave this element uncoloured
        break;
      }
      const type = content.type;
      if (type instanceof Y.XmlText) {
        for (let item = type._start; item !== null; item = item.right) {
          if (item.deleted || !item.countable || !(item.content instanceof Y.ContentString)) continue;
          const client = item.id.client;
          const last = runs[runs.length - 1];
          if (last && last[2] === client && last[1] === at) last[1] += item.length;
          else runs.push([at, at + item.length, client]);
          at += item.length;
        }
      } else {
        const node = binding.mapping.get(type);
        if (!node || Array.isArray(node)) ok = false;
        else at += node.nodeSize;
      }
    }
    // only trust the walk if it accounts for exactly the node's content
    if (ok && at === pos + 1 + mapped.content.size) emit(runs);
  }
  return { decorations: DecorationSet.create(doc, decorations), unknown: [...unknown] };
}

export const Authorship = Extension.create<AuthorshipOptions>({
  name: 'penholderAuthorship',

  addOptions() {
    return { onUnknownAuthors: () => {} };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<AuthorshipState>({
        key: authorshipPluginKey,
        state: {
          init: () => ({ on: false, authors: {}, decorations: DecorationSet.empty }),
          apply(tr, value) {
            const meta = tr.getMeta(authorshipPluginKey) as Meta | undefined;
            if (meta && 'on' in meta) return { ...value, on: meta.on, decorations: DecorationSet.empty };
            if (meta && 'authors' in meta) return { ...value, authors: meta.authors };
            if (meta && 'decorations' in meta) return value.on ? { ...value, decorations: meta.decorations } : value;
            if (!value.on || !tr.docChanged) return value;
            return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: {
          decorations: (state) => authorshipPluginKey.getState(state)?.decorations,
        },
        view: () => {
          let frame: number | null = null;
          const recompute = (view: EditorView) => {
            frame = null;
            if (view.isDestroyed) return;
            const st = authorshipPluginKey.getState(view.state);
            if (!st?.on) return;
            const { decorations, unknown } = authorDecorations(view.state, st.authors);
            view.dispatch(view.state.tr.setMeta(authorshipPluginKey, { decorations } satisfies Meta).setMeta('addToHistory', false));
            if (unknown.length) options.onUnknownAuthors(unknown);
          };
          return {
            update(view, prev) {
              const st = authorshipPluginKey.getState(view.state);
              const before = authorshipPluginKey.getState(prev);
              if (!st?.on || frame !== null) return;
              if (view.state.doc === prev.doc && before?.on && before.authors === st.authors) return;
              frame = requestAnimationFrame(() => recompute(view));
            },
            destroy() {
              if (frame !== null) cancelAnimationFrame(frame);
            },
          };
        },
      }),
    ];
  },
});
