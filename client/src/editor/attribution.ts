// Attribution in the text, as decorations (nothing stored). Each alternative proposed by a
// delegation is tinted with that delegation's colour (colorFor, the same in every browser, legible
// on white) and followed by a compact tag: the delegation's short name in white on its colour, then
// the positions on it as counts ("+3 −1"). Names are a hover away (title) and read out to screen
// readers (visually hidden text in the tag); the tags wrap with the text, so nothing runs past the
// column. An empty alternative that proposes a deletion shows, inside its brackets, the text it
// would delete, struck through (shared/proposals/listing.ts deletedText). A filter highlights one
// delegation's proposals and dims the others; the proposals panel highlights the group it chose.
// Clicking a paragraph's number in the margin asks for its history (onBlockNumber).
// After an edit only the changed blocks' decorations are built again (updateDecorations, blockDiff.ts);
// a change of filter, highlight or delegation names rebuilds them all.
// Known limit: tags and struck text are widgets, so a find-in-page hit on a delegation's short name
// may land in a tag; they are never copied (user-select: none) nor part of the document.
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ReplaceStep } from '@tiptap/pm/transform';
import { colorFor } from '../../../shared/src/access/colors.ts';
import { deletedText, positionCounts } from '../../../shared/src/proposals/listing.ts';
import { altAttrs } from '../../../shared/src/schema/bracketNodes.ts';
import { isTextOnlyChange } from './textOnly.ts';
import { blockDiff } from './blockDiff.ts';

export interface AttributionOptions {
  /** Display name of a delegation id. */
  name: (id: string) => string;
  /** Short name of a delegation id, for the tags ("EU", "G77"); by default the display name. */
  short: (id: string) => string;
  /** Called with a block's id (and label) when its number in the margin is clicked. */
  onBlockNumber: (blockId: string, label: string | null) => void;
}

interface AttributionState {
  focus: string | null;
  /** The group the proposals panel chose (its id), highlighted. */
  highlight: string | null;
  decorations: DecorationSet;
}

export const attributionPluginKey = new PluginKey<AttributionState>('penholderAttribution');

type Meta = { focus: string | null } | { highlight: string | null } | { refresh: true };
export type Names = { name: (id: string) => string; short: (id: string) => string };

function positionsText(list: string[], name: (id: string) => string): string {
  return list.map(name).join(', ');
}

/** Tooltip of an alternative: who proposed it, who supports and who objects. */
export function describeAlternative(node: PMNode, name: (id: string) => string): string {
  const { proposer, supporters, objectors } = altAttrs(node);
  const parts = [proposer ? `Proposed by ${name(proposer)}.` : 'Text before the proposals (no proposer).'];
  if (supporters.length) parts.push(`Supported by ${positionsText(supporters, name)}.`);
  if (objectors.length) parts.push(`Objected to by ${positionsText(objectors, name)}.`);
  return parts.join(' ');
}

/** The tag after an alternative: short name on the proposer's colour, positions as counts. */
function tagWidget(short: string | null, color: string | null, counts: string, words: string): () => HTMLElement {
  return () => {
    const tag = document.createElement('span');
    tag.className = short ? 'alt-tag' : 'alt-tag alt-tag-plain';
    tag.contentEditable = 'false';
    tag.title = words;
    tag.dataset.altTag = '';
    if (color) tag.style.setProperty('--by', color);
    const visible = document.createElement('span');
    visible.setAttribute('aria-hidden', 'true');
    if (short) {
      const name = document.createElement('span');
      name.className = 'tag-name';
      name.textContent = short; // text, never HTML
      visible.append(name);
    }
    if (counts) {
      const pos = document.createElement('span');
      pos.className = 'tag-pos';
      pos.textContent = counts;
      visible.append(pos);
    }
    const spoken = document.createElement('span');
    spoken.className = 'sr-only';
    spoken.textContent = ` (${words}) `;
    tag.append(visible, spoken);
    return tag;
  };
}

function deletionWidget(text: string): () => HTMLElement {
  return () => {
    const del = document.createElement('del');
    del.className = 'alt-deletes';
    del.contentEditable = 'false';
    del.dataset.deletes = '';
    del.title = `Proposed deletion of “${text}”`;
    del.textContent = text;
    return del;
  };
}

/** The decorations of the bracket groups in the blocks between `from` and `to` (block boundaries). */
function decorationsIn(doc: PMNode, from: number, to: number, focus: string | null, highlight: string | null, names: Names): Decoration[] {
  const { name, short } = names;
  const decorations: Decoration[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name !== 'bracketGroup') return true;
    const proposers: string[] = [];
    let firstColor: string | null = null;
    let focused = false;
    node.forEach((alt, offset, index) => {
      const altPos = pos + 1 + offset;
      const { proposer, supporters, objectors } = altAttrs(alt);
      const deletes = deletedText(node, index);
      if (deletes !== null) decorations.push(Decoration.widget(altPos + 1, deletionWidget(deletes), { side: -1, key: `del:${deletes}`, ignoreSelection: true }));
      if (!proposer && !supporters.length && !objectors.length) return;
      const words = describeAlternative(alt, name);
      const attrs: Record<string, string> = { title: words };
      const counts = positionCounts({ supporters, objectors });
      const color = proposer ? colorFor(proposer) : null;
      const shortName = proposer ? short(proposer) : null;
      decorations.push(
        Decoration.widget(altPos + alt.nodeSize, tagWidget(shortName, color, counts, words), {
          side: -1,
          key: `tag:${shortName}:${color}:${counts}:${words}`,
          ignoreSelection: true,
        }),
      );
      if (proposer) {
        proposers.push(name(proposer));
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
    const attrs: Record<string, string> = {};
    const classes: string[] = [];
    // the proposers' names, for scripts and tests (the tags show them)
    if (proposers.length) attrs['data-by-names'] = proposers.join(' · ');
    if (firstColor) attrs.style = `--by: ${firstColor}`;
    if (focus && proposers.length) classes.push(focused ? 'group-focus' : 'group-other');
    if (highlight && node.attrs.id === highlight) classes.push('group-highlight');
    if (classes.length) attrs.class = classes.join(' ');
    if (Object.keys(attrs).length) decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs));
    return true;
  });
  return decorations;
}

/** Every attribution decoration of a document, built from scratch. */
export function buildDecorations(doc: PMNode, focus: string | null, highlight: string | null, names: Names): DecorationSet {
  return DecorationSet.create(doc, decorationsIn(doc, 0, doc.content.size, focus, highlight, names));
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
  highlight: string | null,
  names: Names,
): DecorationSet {
  const diff = blockDiff(before, doc);
  const moved = previous.map(diff.mapping, doc);
  if (diff.from === diff.to) return moved;
  return moved.add(doc, decorationsIn(doc, diff.from, diff.to, focus, highlight, names));
}

/** Whether a text-only change typed into (or emptied) an empty alternative, whose struck text must go or come. */
function touchesEmptyAlternative(tr: Transaction): boolean {
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i];
    if (!(step instanceof ReplaceStep)) continue;
    const { from, to } = step as unknown as { from: number; to: number };
    const before = tr.docs[i];
    const $from = before.resolve(from);
    if ($from.parent.type.name === 'bracketAlt' && ($from.parent.content.size === 0 || $from.parent.content.size === to - from)) return true;
  }
  return false;
}

export const Attribution = Extension.create<AttributionOptions>({
  name: 'penholderAttribution',
  addOptions() {
    return { name: (id: string) => id, short: (id: string) => id, onBlockNumber: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    const names: Names = { name: (id: string) => options.name(id), short: (id: string) => options.short(id) };
    return [
      new Plugin<AttributionState>({
        key: attributionPluginKey,
        state: {
          init: (_config, state) => ({ focus: null, highlight: null, decorations: buildDecorations(state.doc, null, null, names) }),
          apply: (tr, previous) => {
            const meta = tr.getMeta(attributionPluginKey) as Meta | undefined;
            const rebuild = (next: Pick<AttributionState, 'focus' | 'highlight'>): AttributionState => ({
              ...next,
              decorations: buildDecorations(tr.doc, next.focus, next.highlight, names),
            });
            if (meta && 'focus' in meta) return rebuild({ focus: meta.focus, highlight: previous.highlight });
            if (meta && 'highlight' in meta) return rebuild({ focus: previous.focus, highlight: meta.highlight });
            if (meta) return rebuild(previous);
            if (!tr.docChanged) return previous;
            if (isTextOnlyChange(tr) && !touchesEmptyAlternative(tr)) return { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
            return { ...previous, decorations: updateDecorations(previous.decorations, tr.before, tr.doc, previous.focus, previous.highlight, names) };
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

// The three setters below dispatch only a real change. A rebuild that changes nothing costs more
// than its own build: ProseMirror's view keeps the decoration sets it already has for blocks whose
// new sets are equal, so from then on every transaction compares each block's new (rebuilt) set with
// the kept one decoration by decoration (a few ms per keystroke on the large document), where
// unchanged sets are otherwise the same objects and compare at once.

/** Highlights one delegation's proposals (null: all). */
export function setProposalFilter(editor: Editor, focus: string | null): void {
  if (editor.isDestroyed || attributionPluginKey.getState(editor.state)?.focus === focus) return;
  editor.view.dispatch(editor.state.tr.setMeta(attributionPluginKey, { focus } satisfies Meta));
}

/** Recomputes labels after delegation names changed (only then: see above). */
export function refreshAttribution(editor: Editor): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(attributionPluginKey, { refresh: true } satisfies Meta));
}

/** Highlights one bracket group (by id; null: none), as chosen in the proposals panel. */
export function setGroupHighlight(editor: Editor, groupId: string | null): void {
  if (editor.isDestroyed || attributionPluginKey.getState(editor.state)?.highlight === groupId) return;
  editor.view.dispatch(editor.state.tr.setMeta(attributionPluginKey, { highlight: groupId } satisfies Meta));
}

export function proposalFilterOf(state: EditorState): string | null {
  return attributionPluginKey.getState(state)?.focus ?? null;
}
