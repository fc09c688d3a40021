// Attribution in the text, as decorations (nothing stored): each alternative proposed by a
// delegation is tinted with that delegation's colour (colorFor, the same in every browser) and
// carries a tooltip naming its proposer, supporters and objectors; each group holding such
// alternatives shows the proposers' names after it (CSS draws data-by-names with attr(), which is
// text, never HTML). A filter highlights one delegation's proposals and dims the others.
// Clicking a paragraph's number in the margin asks for its history (onBlockNumber).
// After an edit only the changed blocks' decorations are built again (updateDecorations, blockDiff.ts);
// a change of filter or of delegation names rebuilds them all.
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { colorFor } from '../../../shared/src/access/colors.ts';
import { blockDiff } from './blockDiff.ts';

export interface AttributionOptions {
  /** Display name of a delegation id. */
  name: (id: string) => string;
  /** Called with a block's id (and label) when its number in the margin is clicked. */
  onBlockNumber: (blockId: string, label: string | null) => void;
}

interface AttributionState {
  focus: string | null;
  decorations: DecorationSet;
}

export const attributionPluginKey = new PluginKey<AttributionState>('penholderAttribution');

type Meta = { focus: string | null } | { refresh: true };

function positionsText(list: string[], name: (id: string) => string): string {
  return list.map(name).join(', ');
}

/** Tooltip of an alternative: who proposed it, who supports and who objects. */
export function describeAlternative(node: PMNode, name: (id: string) => string): string {
  const proposer = node.attrs.proposer as string | null;
  const supporters = (node.attrs.supporters as string[] | undefined) ?? [];
  const objectors = (node.attrs.objectors as string[] | undefined) ?? [];
  const parts = [proposer ? `Proposed by ${name(proposer)}.` : 'Text before the proposals (no proposer).'];
  if (supporters.length) parts.push(`Supported by ${positionsText(supporters, name)}.`);
  if (objectors.length) parts.push(`Objected to by ${positionsText(objectors, name)}.`);
  return parts.join(' ');
}

/** The decorations of the bracket groups in the blocks between `from` and `to` (block boundaries). */
function decorationsIn(doc: PMNode, from: number, to: number, focus: string | null, name: (id: string) => string): Decoration[] {
  const decorations: Decoration[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name !== 'bracketGroup') return true;
    const tags: string[] = [];
    let firstColor: string | null = null;
    let focused = false;
    node.forEach((alt, offset) => {
      const altPos = pos + 1 + offset;
      const proposer = alt.attrs.proposer as string | null;
      const supporters = (alt.attrs.supporters as string[] | undefined) ?? [];
      const objectors = (alt.attrs.objectors as string[] | undefined) ?? [];
      if (!proposer && !supporters.length && !objectors.length) return;
      const attrs: Record<string, string> = { title: describeAlternative(alt, name) };
      let tag = proposer ? name(proposer) : 'original';
      if (supporters.length) tag += ` +${positionsText(supporters, name)}`;
      if (objectors.length) tag += ` −${positionsText(objectors, name)}`;
      tags.push(tag);
      if (proposer) {
        const color = colorFor(proposer);
        firstColor ??= color;
        attrs.style = `--by: ${color}`;
        attrs['data-by'] = name(proposer);
        attrs['data-proposer'] = proposer;
        const classes = ['by-delegation'];
        if (focus) classes.push(proposer === focus ? 'by-focus' : 'by-other');
        if (proposer === focus) focused = true;
        attrs.class = classes.join(' ');
      }
      decorations.push(Decoration.node(altPos, altPos + alt.nodeSize, attrs));
    });
    if (tags.length) {
      const attrs: Record<string, string> = { 'data-by-names': tags.join(' · ') };
      if (firstColor) attrs.style = `--by: ${firstColor}`;
      if (focus) attrs.class = focused ? 'group-focus' : 'group-other';
      decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs));
    }
    return true;
  });
  return decorations;
}

/** Every attribution decoration of a document, built from scratch. */
export function buildDecorations(doc: PMNode, focus: string | null, name: (id: string) => string): DecorationSet {
  return DecorationSet.create(doc, decorationsIn(doc, 0, doc.content.size, focus, name));
}

/**
 * The decorations after a change of the document: those of unchanged blocks moved with them, those
 * of the changed blocks (blockDiff) built again. Building the whole set anew costs a walk of every
 * group and a DecorationSet tree of some 5,000 decorations, on each Enter; this costs the blocks
 * changed.
 */
export function updateDecorations(
  previous: DecorationSet,
  before: PMNode,
  doc: PMNode,
  focus: string | null,
  name: (id: string) => string,
): DecorationSet {
  const diff = blockDiff(before, doc);
  const moved = previous.map(diff.mapping, doc);
  if (diff.from === diff.to) return moved;
  return moved.add(doc, decorationsIn(doc, diff.from, diff.to, focus, name));
}

export const Attribution = Extension.create<AttributionOptions>({
  name: 'penholderAttribution',
  addOptions() {
    return { name: (id: string) => id, onBlockNumber: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    const name = (id: string) => options.name(id);
    return [
      new Plugin<AttributionState>({
        key: attributionPluginKey,
        state: {
          init: (_config, state) => ({ focus: null, decorations: buildDecorations(state.doc, null, name) }),
          apply: (tr, previous) => {
            const meta = tr.getMeta(attributionPluginKey) as Meta | undefined;
            if (meta && 'focus' in meta) return { focus: meta.focus, decorations: buildDecorations(tr.doc, meta.focus, name) };
            if (meta) return { ...previous, decorations: buildDecorations(tr.doc, previous.focus, name) };
            if (!tr.docChanged) return previous;
            return { ...previous, decorations: updateDecorations(previous.decorations, tr.before, tr.doc, previous.focus, name) };
          },
        },
        props: {
          decorations: (state) => attributionPluginKey.getState(state)?.decorations,
          attributes: (state): Record<string, string> => {
            const focus = attributionPluginKey.getState(state)?.focus;
            return focus ? { class: 'proposal-filter', 'data-filter': focus } : {};
          },
          handleDOMEvents: {
            click(view, event) {
              const target = event.target as HTMLElement | null;
              const block = target?.closest?.('p[data-paragraph], p[data-subparagraph]') as HTMLElement | null;
              // only a click on the block element itself (its margin), not on its text
              if (!block || target !== block || !view.dom.contains(block)) return false;
              const rect = block.getBoundingClientRect();
              const padding = parseFloat(getComputedStyle(block).paddingLeft) || 0;
              if (event.clientX - rect.left > padding) return false;
              const id = block.getAttribute('data-id');
              if (!id) return false;
              options.onBlockNumber(id, block.getAttribute('data-label'));
              return false;
            },
          },
        },
      }),
    ];
  },
});

/** Highlights one delegation's proposals (null: all). */
export function setProposalFilter(editor: Editor, focus: string | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(attributionPluginKey, { focus } satisfies Meta));
}

/** Recomputes labels after delegation names changed. */
export function refreshAttribution(editor: Editor): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(attributionPluginKey, { refresh: true } satisfies Meta));
}

export function proposalFilterOf(state: EditorState): string | null {
  return attributionPluginKey.getState(state)?.focus ?? null;
}
