// Fixed labels stay put when their paragraphs are deleted (issue 12; docs/design.md §22): after a change,
// every paragraph or subparagraph that carried a fixed label and is gone is replaced, where it stood, by
// its placeholder "12. [Deleted]" (schema/deletedBlock.ts), so the paragraphs after it keep their numbers
// and no gap opens between 11 and 13. Blocks without a fixed label are deleted as before and the
// numbering closes up. The editor runs this on each pen-holder change (client/src/editor/deletedBlocks.ts),
// in the same transaction, so one undo brings the paragraph back.
//
// What "deleted" means is read from the change, not from the keys pressed, so every way of deleting
// (Backspace or Delete across a boundary, a selection deleted, cut, typed or pasted over, select-all)
// obeys the same rule:
//   - a labelled block whose id is no longer in the document is gone: it gets its placeholder. That
//     includes a paragraph joined into the one before it (Backspace at its start): its words live on in
//     the paragraph above, but paragraph 13 as such is gone, and 14 must not follow 12;
//   - ProseMirror keeps the FIRST block's node when a deletion joins two blocks. Deleting from the start
//     of paragraph 12 to the start of 13 (Shift+Down, Delete) therefore leaves 12's node holding 13's
//     words. When a block's own words were all deleted but its node now holds words of a later block,
//     the node takes that block's type and attributes back (id, label, status), and the block whose
//     words were deleted is the one that gets the placeholder: "12. [Deleted]", then 13 as it was.
//     This is only done where a fixed label is involved, so unlabelled paragraphs behave as today;
//   - a block whose words were all deleted but whose node stayed (its text selected and deleted) is
//     an empty paragraph, not a deleted one;
//   - a placeholder swept away with other blocks is put back; it goes for good only when the change
//     says so (`removable`, the editor's "remove the placeholder" on a selected placeholder).
// A moved block keeps its id, so a move is not a deletion.
//
// Known limits: a cut paragraph pasted elsewhere is a new paragraph (its id is taken by the
// placeholder, so the copy gets a fresh id and a derived label); where a deletion also splits blocks
// in the same change (rare: a paste of several paragraphs over a selection), the block holding a
// label's surviving words is found from the first of them.
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Mappable, Transform } from '@tiptap/pm/transform';
import { isDeletedBlock, keepsLabelWhenDeleted, placeholderFor } from '../schema/deletedBlock.ts';
import { unchangedEnds } from '../schema/unchangedEnds.ts';

export interface KeepLabelsOptions {
  /** Ids of placeholders the change removes for good (they are not put back). */
  removable?: ReadonlySet<string>;
}

interface OldBlock {
  node: PMNode;
  pos: number;
  id: string | null;
  /** Where the first of its surviving words stand after the change; null when none survive. */
  survivesAt: number | null;
}

const idOf = (node: PMNode): string | null => (typeof node.attrs.id === 'string' && node.attrs.id ? node.attrs.id : null);

/** Whether a block's disappearance must leave a label behind: a labelled live block, or a placeholder. */
const keepsLabel = (node: PMNode): boolean => keepsLabelWhenDeleted(node) || isDeletedBlock(node);

/**
 * Repairs `tr` (whose document is `before` changed by `mapping`) so that no fixed paragraph label
 * disappeared: see the module comment. Returns whether it changed anything. Cost: the blocks the
 * change replaced when none of them keeps its label (most edits); else the number of top-level
 * blocks, plus the placeholders inserted.
 */
export function keepDeletedLabels(before: PMNode, mapping: Mappable, tr: Transform, options: KeepLabelsOptions = {}): boolean {
  if (!changedBlocksKeepLabels(before, tr.doc)) return false;
  const old: OldBlock[] = [];
  let anyLabelled = false;
  before.forEach((node, pos, index) => {
    if (index === 0) return; // the front matter
    let survivesAt: number | null = null;
    if (node.isTextblock && node.content.size > 0) {
      const from = mapping.map(pos + 1, 1);
      const to = mapping.map(pos + 1 + node.content.size, -1);
      if (from < to) survivesAt = from;
    }
    if (keepsLabel(node)) anyLabelled = true;
    old.push({ node, pos, id: idOf(node), survivesAt });
  });
  if (!anyLabelled) return false;

  const doc = tr.doc;
  const blocks: Array<{ node: PMNode; pos: number }> = [];
  const present = new Map<string, number>();
  doc.forEach((node, pos) => {
    blocks.push({ node, pos });
    const id = idOf(node);
    if (id) present.set(id, (present.get(id) ?? 0) + 1);
  });
  const hostIndex = (pos: number): number => {
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blocks[mid]!.pos <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // The first old block whose words survive into each new block.
  const firstWords = new Map<number, OldBlock>();
  for (const block of old) {
    if (block.survivesAt === null) continue;
    const host = hostIndex(block.survivesAt);
    if (!firstWords.has(host)) firstWords.set(host, block);
  }

  let changed = false;
  const oldById = new Map<string, OldBlock>();
  for (const block of old) if (block.id && !oldById.has(block.id)) oldById.set(block.id, block);

  // A node that kept the attributes of a block whose words were all deleted, while holding a later
  // block's words, becomes that later block again.
  blocks.forEach(({ node, pos }, index) => {
    const id = idOf(node);
    const was = id ? oldById.get(id) : undefined;
    const words = firstWords.get(index);
    if (!was || !words || words === was || was.survivesAt !== null || !was.node.isTextblock) return;
    if (!words.id || present.has(words.id)) return;
    if (!keepsLabel(was.node) && !keepsLabel(words.node)) return;
    if (!words.node.type.validContent(node.content)) return;
    tr.setNodeMarkup(pos, words.node.type, words.node.attrs, node.marks);
    const left = (present.get(id!) ?? 1) - 1;
    if (left > 0) present.set(id!, left);
    else present.delete(id!);
    present.set(words.id, 1);
    changed = true;
  });

  // Every labelled block gone gets its placeholder where it stood (a placeholder gone comes back).
  const inserts: Array<{ at: number; node: PMNode }> = [];
  for (const block of old) {
    if (!block.id || present.has(block.id) || !keepsLabel(block.node)) continue;
    if (isDeletedBlock(block.node) && options.removable?.has(block.id)) continue;
    const placeholder = isDeletedBlock(block.node) ? block.node : placeholderFor(block.node, doc.type.schema);
    if (!placeholder) continue;
    inserts.push({ at: boundaryNear(tr.doc, mapping.map(block.pos, -1)), node: placeholder });
    present.set(block.id, 1);
  }
  // Inserted from the last, so earlier positions hold; equal positions keep the old order.
  for (let i = inserts.length - 1; i >= 0; i--) tr.insert(inserts[i]!.at, inserts[i]!.node);
  return changed || inserts.length > 0;
}

/**
 * Whether a top-level block of `before` that the change replaced (those not found, as the same node
 * object, at the start or the end of the new document) keeps its label when deleted. When none
 * does, no label can have gone: a block at the same place as the same object is still there with
 * its id, and both rules above start from a changed block that keeps its label. ProseMirror keeps
 * untouched nodes, so for an edit this looks at the blocks it touched (and compares pointers for
 * the others); a document rebuilt node by node (a remote change) is looked at whole, as before.
 */
function changedBlocksKeepLabels(before: PMNode, after: PMNode): boolean {
  const { prefix, suffix } = unchangedEnds(before, after);
  for (let i = Math.max(prefix, 1); i < before.childCount - suffix; i++) if (keepsLabel(before.child(i))) return true;
  return false;
}

/**
 * The top-level boundary where a block that stood at `pos` goes back: `pos` itself between blocks;
 * before the block whose start it is; else after the block it fell into (the deletion joined what
 * stood before it).
 */
function boundaryNear(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(Math.min(Math.max(pos, 0), doc.content.size));
  if ($pos.depth === 0) return $pos.pos === 0 && doc.firstChild ? doc.firstChild.nodeSize : $pos.pos;
  if ($pos.pos === $pos.start(1) && $pos.index(0) > 0) return $pos.before(1);
  return $pos.after(1);
}
