// Which top-level blocks a transaction changed, so that derived view state (decorations) is
// recomputed for those blocks only and moved for the others (docs/design.md, "Editor speed on large
// documents").
//
// Found by comparing the old and new documents' top-level blocks from both ends: ProseMirror nodes are
// persistent, so a block a local transaction did not touch is the same object in the new document and
// the comparison is a pointer check. A remote change arrives from the y-sync binding as a replacement
// of the whole document with freshly built nodes (y-tiptap rebuilds every node on a remote update), so
// blocks that are not the same object are also compared structurally (Node.eq): the unchanged ones
// still count as unchanged, whatever step the transaction used.
//
// Not derived from the transaction's steps on purpose: attribute steps (an id assigned after a split)
// and mark steps have empty step maps, and the y-sync binding's whole-document replace maps every
// decoration away; comparing the documents covers all of them the same way.
//
// Known limit: one changed range per transaction (from the first changed block to the last); two
// edits far apart in one transaction recompute every block between them.
import type { Node as PMNode } from '@tiptap/pm/model';
import { Mapping, StepMap } from '@tiptap/pm/transform';
import { unchangedEnds } from '../../../shared/src/schema/unchangedEnds.ts';

export interface BlockDiff {
  /** Blocks equal at the start of both documents. */
  prefix: number;
  /** Blocks equal at the end of both documents (not overlapping the prefix). */
  suffix: number;
  /** Block counts of the old and new documents. */
  oldCount: number;
  newCount: number;
  /** Positions, in the new document, of the changed blocks (from == to when blocks were only removed). */
  from: number;
  to: number;
  /**
   * Maps the old document to the new one as one replacement of the changed blocks: what lies in the
   * unchanged blocks moves with them, what lay in the changed blocks is deleted.
   */
  mapping: Mapping;
}

const same = (a: PMNode, b: PMNode) => a === b || a.eq(b);

// The labels and attribution plugins ask for the same pair of documents in one transaction; after a
// remote change each answer costs a deep comparison of every block, so the last answer for each new
// document is kept (the diff is only read: its mapping maps, it is never appended to).
const answered = new WeakMap<PMNode, { before: PMNode; diff: BlockDiff }>();

export function blockDiff(before: PMNode, after: PMNode): BlockDiff {
  const known = answered.get(after);
  if (known?.before === before) return known.diff;
  const diff = diffBlocks(before, after);
  answered.set(after, { before, diff });
  return diff;
}

function diffBlocks(before: PMNode, after: PMNode): BlockDiff {
  const oldCount = before.childCount;
  const newCount = after.childCount;
  const { prefix, suffix } = unchangedEnds(before, after, same);
  let oldFrom = 0; // position after the prefix, old document (equal in the new one)
  for (let i = 0; i < prefix; i++) oldFrom += before.child(i).nodeSize;
  let oldTo = before.content.size;
  let newTo = after.content.size;
  for (let i = 1; i <= suffix; i++) {
    oldTo -= before.child(oldCount - i).nodeSize;
    newTo -= after.child(newCount - i).nodeSize;
  }
  const mapping = new Mapping(oldFrom === oldTo && oldFrom === newTo ? [] : [new StepMap([oldFrom, oldTo - oldFrom, newTo - oldFrom])]);
  return { prefix, suffix, oldCount, newCount, from: oldFrom, to: newTo, mapping };
}

/** The index a block of the new document had in the old one, or -1 for a changed (new) block. */
export function oldIndexOf(diff: BlockDiff, newIndex: number): number {
  if (newIndex < diff.prefix) return newIndex;
  if (newIndex >= diff.newCount - diff.suffix) return newIndex - diff.newCount + diff.oldCount;
  return -1;
}
