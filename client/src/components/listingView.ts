// What the proposals panel (ProposalsListPanel.tsx) lists, derived from the editor's state, and
// whether a new derivation shows anything the previous one did not.
//
// The panel derives the list again after changes in the room (debounced). Most changes do not change
// what it shows: typing in a paragraph moves every group after it (positions), but no group's text,
// state, label or section. Keeping the previous value then means React has nothing to render and,
// above all, nothing to commit: a commit while the editor has focus is what costs a frame on a large
// document. So the comparison ignores positions (the panel looks them up again when an item is
// chosen), and compares what a row shows: the group's alternatives (text, proposer, positions),
// depth, state, label and section, and the paragraphs' ids and labels in document order.
//
// Labels are read from the labels plugin's state (by block index, already derived for the margin)
// rather than looked up block by block in its decorations.
import type { EditorState } from '@tiptap/pm/state';
import { listBracketGroups, type ListedAlternative, type ListedGroup, type Section } from '../../../shared/src/proposals/listing.ts';
import { blockLabel } from '../editor/blockLabel.ts';
import { blockLabels } from '../editor/labels.ts';
import { nodeId } from '../../../shared/src/schema/ids.ts';

export interface Listing {
  groups: ListedGroup[];
  /** Top-level blocks with an id, in document order: position and label (for paragraphs listed for their comments). */
  blocks: Map<string, { pos: number; label: string | null }>;
}

export function deriveListing(state: EditorState): Listing {
  const doc = state.doc;
  const byIndex = blockLabels(state);
  const labels = new Map<number, string | null>();
  const blocks = new Map<string, { pos: number; label: string | null }>();
  doc.forEach((node, pos, index) => {
    const label = byIndex ? (byIndex[index] ?? null) : blockLabel(state, pos);
    labels.set(pos, label);
    const id = nodeId(node);
    if (id) blocks.set(id, { pos, label });
  });
  return { groups: listBracketGroups(doc, (pos) => labels.get(pos) ?? null), blocks };
}

const sameList = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

export function sameAlternatives(a: readonly ListedAlternative[], b: readonly ListedAlternative[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      x.id === y.id &&
      x.index === y.index &&
      x.text === y.text &&
      x.proposer === y.proposer &&
      x.deletes === y.deletes &&
      sameList(x.supporters, y.supporters) &&
      sameList(x.objectors, y.objectors)
    );
  });
}

const sameSection = (a: Section | null, b: Section | null) =>
  a === b || (a !== null && b !== null && a.key === b.key && a.label === b.label && a.title === b.title);

/** Whether two listed groups show the same (their positions aside, unless they have no id to find them by). */
export function sameShownGroup(a: ListedGroup, b: ListedGroup): boolean {
  return (
    a.id === b.id &&
    (a.id !== null || a.pos === b.pos) &&
    a.blockId === b.blockId &&
    a.label === b.label &&
    a.blockType === b.blockType &&
    a.depth === b.depth &&
    a.state === b.state &&
    sameSection(a.section, b.section) &&
    sameList(a.proposers, b.proposers) &&
    sameAlternatives(a.alternatives, b.alternatives)
  );
}

/** Whether `next` shows what `previous` shows: same groups in the same order, same paragraphs and labels. */
export function sameListing(previous: Listing, next: Listing): boolean {
  if (previous === next) return true;
  if (previous.groups.length !== next.groups.length || previous.blocks.size !== next.blocks.size) return false;
  for (let i = 0; i < next.groups.length; i++) if (!sameShownGroup(previous.groups[i]!, next.groups[i]!)) return false;
  const before = previous.blocks.entries();
  for (const [id, { label }] of next.blocks) {
    const { value } = before.next();
    if (!value || value[0] !== id || value[1].label !== label) return false;
  }
  return true;
}

/** Where the block with this id is now (the listing's positions may be from an earlier derivation). */
export function blockPosition(state: EditorState, id: string): number | null {
  let found: number | null = null;
  state.doc.forEach((node, pos) => {
    if (found === null && nodeId(node) === id) found = pos;
  });
  return found;
}

/** Rows of the list rendered at first, and added each time it is scrolled near its end. */
export const ROWS_AT_FIRST = 150;
export const ROWS_MORE = 150;

/**
 * How many rows to render: what was asked for (`asked`, grown by scrolling), and always enough to
 * hold the current item with some after it; never more than there are. Each row on the page costs
 * every keystroke in the text some layout and style work (about 8-10 ms per keystroke in Chromium
 * for 2,000 rows, though none of them changes), so the rows out of reach are not rendered at all.
 */
export function rowsToRender(asked: number, total: number, current: number): number {
  const needed = current >= 0 ? current + 1 + ROWS_MORE / 2 : 0;
  return Math.min(total, Math.max(asked, needed));
}
