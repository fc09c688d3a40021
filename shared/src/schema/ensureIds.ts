// Every paragraph, heading, group, alternative and footnote carries a stable id. Splitting a node
// copies its attrs, and pasting may bring ids already in use, so after each local change the
// editor gives a fresh id to any node whose id is missing or repeats an earlier one (and drops a
// fixed label such a copy carries: see numbering/labels.ts).
import type { Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { newId, nodeId } from './ids.ts';
import { unchangedEnds } from './unchangedEnds.ts';
import { isLockedBlock } from '../consensus/locks.ts';

export const ID_PREFIX: Readonly<Record<string, string>> = {
  sectionHeading: 'h',
  paragraph: 'p',
  subparagraph: 'p',
  option: 'o',
  deletedBlock: 'p',
  bracketGroup: 'g',
  bracketAlt: 'a',
  footnote: 'f',
};

/**
 * Gives a fresh id to every node of `tr.doc` whose id is missing or repeats an earlier one (locked
 * blocks' ids first); returns whether it changed anything.
 *
 * `since`, when given, is a document whose ids were all present and unique (what this function
 * leaves behind) and from which `tr.doc` was made by local changes, so that the top-level blocks they
 * did not touch are the same node objects (ProseMirror keeps untouched nodes). Then only the changed
 * blocks are walked, as long as every id in them was already in the blocks they replace (a split, a
 * deletion, typing, a new paragraph): such ids cannot repeat one elsewhere, and the result is the
 * one the whole walk gives. An id the change brought from elsewhere (a paste, a new bracket group)
 * may repeat one anywhere: the whole document is walked, as without `since`. Cost: the changed
 * blocks, against the whole document before (an Enter walked every group of a 2,000-group
 * document).
 */
export function assignMissingIds(tr: Transaction, since?: PMNode): boolean {
  return assignIds(tr, since).changed;
}

/** What assignIds did: whether it changed anything, and whether every id of tr.doc is now present and unique. */
export interface IdsResult {
  changed: boolean;
  /**
   * Every identified node of tr.doc has an id, unique (idsComplete): true unless locked blocks,
   * whose ids are taken as they are, repeat one another or lack one. Only such a document may be
   * passed as `since`.
   */
  complete: boolean;
}

/** assignMissingIds, also saying whether the result may serve as `since` for the next change. */
export function assignIds(tr: Transaction, since?: PMNode): IdsResult {
  const changed = since ? changedBlocks(since, tr.doc) : null;
  if (changed && changed.newFrom === changed.newTo) return { changed: false, complete: true };
  if (changed && !bringsIds(since!, tr.doc, changed)) return walkIds(tr, changed.newFrom, changed.newTo);
  return walkIds(tr, 0, tr.doc.childCount);
}

/**
 * Whether every node of `doc` that carries an id has one, unique (what assignIds reports as
 * `complete`). A walk of the whole document that changes nothing; the editor runs it when idle on a
 * document it has not checked yet (loaded, or rebuilt by a remote change), so that the next Enter
 * need not walk it.
 */
export function idsComplete(doc: PMNode): boolean {
  const seen = new Set<string>();
  let complete = true;
  doc.descendants((node) => {
    if (!complete) return false;
    if (!ID_PREFIX[node.type.name]) return true;
    const id = nodeId(node);
    if (!id || seen.has(id)) complete = false;
    else seen.add(id);
    return true;
  });
  return complete;
}

/** Top-level blocks that differ (by identity): [oldFrom, oldTo) in `before`, [newFrom, newTo) in `after`. */
interface ChangedBlocks {
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

function changedBlocks(before: PMNode, after: PMNode): ChangedBlocks {
  const { prefix, suffix } = unchangedEnds(before, after);
  return { oldFrom: prefix, oldTo: before.childCount - suffix, newFrom: prefix, newTo: after.childCount - suffix };
}

/** Calls `f` with the id of every identified node of blocks [from, to) of `doc`, blocks included. */
function eachId(doc: PMNode, from: number, to: number, f: (id: string) => void): void {
  const see = (node: PMNode) => {
    const id = ID_PREFIX[node.type.name] ? nodeId(node) : null;
    if (id) f(id);
  };
  for (let i = from; i < to; i++) {
    const block = doc.child(i);
    see(block);
    block.descendants((node) => void see(node));
  }
}

/** Whether the changed blocks of `after` hold an id that the blocks they replace in `before` did not. */
function bringsIds(before: PMNode, after: PMNode, changed: ChangedBlocks): boolean {
  const had = new Set<string>();
  eachId(before, changed.oldFrom, changed.oldTo, (id) => void had.add(id));
  let brought = false;
  eachId(after, changed.newFrom, changed.newTo, (id) => {
    if (!had.has(id)) brought = true;
  });
  return brought;
}

/** The rule itself, over top-level blocks [from, to) of tr.doc (the others are known to be fine). */
function walkIds(tr: Transaction, from: number, to: number): IdsResult {
  const seen = new Set<string>();
  let changed = false;
  let complete = true;
  // Paragraphs marked agreed or ad ref are locked (consensus/locks.ts): their ids are taken as they
  // are, so a copy of one pasted before it is the one renamed, and nothing inside them is touched.
  const locked = new Set<PMNode>();
  const doc = tr.doc;
  const seeLocked = (node: PMNode) => {
    if (!ID_PREFIX[node.type.name]) return;
    const id = nodeId(node);
    if (!id || seen.has(id)) complete = false; // left as it is, but not complete
    if (id) seen.add(id);
  };
  let start = 0;
  for (let i = 0; i < from; i++) start += doc.child(i).nodeSize;
  let end = start;
  for (let i = from; i < to; i++) {
    const block = doc.child(i);
    end += block.nodeSize;
    if (!isLockedBlock(block)) continue;
    locked.add(block);
    seeLocked(block);
    block.descendants((node) => void seeLocked(node));
  }
  doc.nodesBetween(start, end, (node, pos) => {
    if (locked.has(node)) return false;
    const prefix = ID_PREFIX[node.type.name];
    if (!prefix) return true;
    const id = nodeId(node);
    if (!id || seen.has(id)) {
      tr.setNodeAttribute(pos, 'id', newId(prefix));
      // A block that copies another (the second half of a split, a pasted copy) does not copy its
      // fixed label "12 bis": it takes the label that follows, derived.
      if (node.attrs.label) tr.setNodeAttribute(pos, 'label', null);
      changed = true;
    } else {
      seen.add(id);
    }
    return true;
  });
  return { changed, complete };
}
