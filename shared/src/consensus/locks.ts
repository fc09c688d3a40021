/**
 * Agreed text stays agreed. A paragraph or subparagraph whose status is `adref` or `agreed` is
 * LOCKED: nobody (pen-holder or delegation) changes its content or proposes in it until someone who
 * may resolve (co-facilitators, the secretariat) reopens it by setting its status back to
 * `negotiating`. And a block may only be locked once it holds no open bracket group: "agreed" with
 * brackets in it would be a contradiction the room then has to untangle.
 *
 * The rules are pure functions over ProseMirror documents and transactions, so the same code decides
 * in the editor (which refuses the keystroke and says why, editor/agreedLock.ts), in the shared
 * proposal operations (which the server runs on its own copy), and for the status control. The
 * server's sync channel checks raw Yjs updates with the same notion of "locked" (a top-level block
 * whose `status` attribute is adref/agreed) in server/src/sync/locks.ts, because an update arriving
 * over sync is not a ProseMirror transaction.
 *
 * What counts as "changing the content" of a locked block, step by step in the transaction:
 *   - a replace (typing, deletion, paste, split with Enter, merge with Backspace/Delete, deleting the
 *     block, wrapping text in brackets) whose range lies inside the block or overlaps it; inserting a
 *     whole new block at the boundary between two blocks does not touch either;
 *   - a mark added or removed over part of its text;
 *   - an attribute set on the block (other than `status`) or on any node inside it.
 * Setting `status` itself is how a block is locked and reopened, so it is allowed here; who may do it
 * is the role table's business (CAPABILITIES.resolve), and locking is refused while groups are open.
 * Cost: per step, only the top-level blocks the step's range covers are looked at (resolve + index).
 */
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import {
  AddMarkStep,
  AddNodeMarkStep,
  AttrStep,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  ReplaceAroundStep,
  ReplaceStep,
  type Step,
} from '@tiptap/pm/transform';
import { PARAGRAPH_STATUSES, type ParagraphStatus } from '../model/types.ts';

export const LOCKED_STATUSES: readonly ParagraphStatus[] = ['adref', 'agreed'];

export function isParagraphStatus(value: unknown): value is ParagraphStatus {
  return typeof value === 'string' && (PARAGRAPH_STATUSES as readonly string[]).includes(value);
}

/** Is a block with this status attribute locked? Unknown values are not (they are not agreement). */
export function isLockedStatus(status: unknown): boolean {
  return typeof status === 'string' && (LOCKED_STATUSES as readonly string[]).includes(status);
}

/** Whether a (top-level) block is locked: a paragraph or subparagraph marked adref or agreed. */
export function isLockedBlock(node: PMNode): boolean {
  return 'status' in node.attrs && isLockedStatus(node.attrs.status);
}

export const STATUS_WORDS: Readonly<Record<ParagraphStatus, string>> = {
  negotiating: 'under negotiation',
  adref: 'agreed ad ref',
  agreed: 'agreed',
};

/** "Paragraph 12", "Subparagraph (a)", or "This paragraph" when unlabelled. */
export function blockName(node: PMNode, label: string | null): string {
  const kind = node.type.name === 'subparagraph' ? 'Subparagraph' : 'Paragraph';
  return label ? `${kind} ${label}` : `This ${kind.toLowerCase()}`;
}

/** What the room is told when locked text is touched: "Paragraph 12 is agreed; a co-facilitator can reopen it". */
export function lockedMessage(node: PMNode, label: string | null): string {
  const status = isParagraphStatus(node.attrs.status) ? node.attrs.status : 'agreed';
  return `${blockName(node, label)} is ${STATUS_WORDS[status]}; a co-facilitator can reopen it`;
}

/** Number of bracket groups in a block, nested ones included. */
export function openGroupCount(block: PMNode): number {
  let count = 0;
  block.descendants((node) => {
    if (node.type.name === 'bracketGroup') count++;
    return true;
  });
  return count;
}

export type RuleResult = { ok: true } | { ok: false; reason: string };

/**
 * May `block` be given `status`? Reopening and keeping a status are always fine; agreeing (adref or
 * agreed) needs a block without open bracket groups.
 */
export function statusChange(block: PMNode, status: ParagraphStatus, label: string | null = null): RuleResult {
  if (!('status' in block.attrs)) return { ok: false, reason: 'only paragraphs and subparagraphs have a status' };
  if (!isLockedStatus(status)) return { ok: true };
  const groups = openGroupCount(block);
  if (groups === 0) return { ok: true };
  const name = blockName(block, label);
  return {
    ok: false,
    reason: `${name} still has ${groups} open bracket group${groups === 1 ? '' : 's'}: resolve ${groups === 1 ? 'it' : 'them'} before marking it ${STATUS_WORDS[status]}`,
  };
}

/** A top-level block and where it starts. */
export interface BlockAt {
  node: PMNode;
  pos: number;
}

/** Top-level blocks of `doc` whose content the range [from, to] touches (an empty range: strictly inside). */
function blocksInRange(doc: PMNode, from: number, to: number): BlockAt[] {
  const out: BlockAt[] = [];
  if (doc.childCount === 0) return out;
  const first = doc.resolve(Math.min(Math.max(from, 0), doc.content.size)).index(0);
  let pos = 0;
  for (let i = 0; i < first; i++) pos += doc.child(i).nodeSize;
  for (let i = first; i < doc.childCount; i++) {
    const node = doc.child(i);
    const end = pos + node.nodeSize;
    if (pos >= to) break;
    const touches = from === to ? pos < from && from < end : from < end && to > pos;
    if (touches) out.push({ node, pos });
    pos = end;
  }
  return out;
}

/** The top-level block at `pos` of `doc` (the block holding it, or starting there). */
function blockAt(doc: PMNode, pos: number): BlockAt | null {
  if (pos < 0 || pos >= doc.content.size) return null;
  const $pos = doc.resolve(pos);
  const index = $pos.index(0);
  if (index >= doc.childCount) return null;
  return { node: doc.child(index), pos: $pos.posAtIndex(index, 0) };
}

/** Locked blocks (in `doc`, the document before the step) whose content `step` changes. */
function lockedTouchedBy(step: Step, doc: PMNode): BlockAt[] {
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep || step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
    return blocksInRange(doc, step.from, step.to).filter((b) => isLockedBlock(b.node));
  }
  if (step instanceof AttrStep || step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) {
    const block = blockAt(doc, step.pos);
    if (!block || !isLockedBlock(block.node)) return [];
    // The block's own status is how it is locked and reopened.
    if (step instanceof AttrStep && step.pos === block.pos && step.attr === 'status') return [];
    return [block];
  }
  // DocAttrStep and unknown steps: no block content.
  return [];
}

export type TransactionCheck =
  | { ok: true }
  | { ok: false; kind: 'locked'; block: BlockAt; doc: PMNode }
  | { ok: false; kind: 'open-groups'; block: BlockAt; doc: PMNode; status: ParagraphStatus };

/**
 * Does this transaction respect the locks? Refused when a step changes the content of a block that
 * was locked when the step ran, or when the transaction ends with a block it newly locked still
 * holding bracket groups. `block` and `doc` say where, for the message (positions are in `doc`).
 */
export function checkLocks(tr: Transaction): TransactionCheck {
  const locking: number[] = [];
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]!;
    const doc = tr.docs[i]!;
    const touched = lockedTouchedBy(step, doc);
    if (touched.length > 0) return { ok: false, kind: 'locked', block: touched[0]!, doc };
    if (step instanceof AttrStep && step.attr === 'status' && isLockedStatus(step.value)) {
      locking.push(tr.mapping.slice(i).map(step.pos));
    }
  }
  for (const pos of locking) {
    const block = blockAt(tr.doc, pos);
    if (block && isLockedBlock(block.node) && openGroupCount(block.node) > 0) {
      const status = isParagraphStatus(block.node.attrs.status) ? block.node.attrs.status : 'agreed';
      return { ok: false, kind: 'open-groups', block, doc: tr.doc, status };
    }
  }
  return { ok: true };
}

/** The refusal of checkLocks in words, given a way to label a block ("12", "(a)"). */
export function lockRefusal(check: Exclude<TransactionCheck, { ok: true }>, label: (doc: PMNode, pos: number) => string | null): string {
  const name = label(check.doc, check.block.pos);
  if (check.kind === 'locked') return lockedMessage(check.block.node, name);
  const result = statusChange(check.block.node, check.status, name);
  return result.ok ? `${blockName(check.block.node, name)} cannot be marked ${STATUS_WORDS[check.status]}` : result.reason;
}

/**
 * Pasted (or dropped) paragraphs arrive under negotiation: agreement is the room's decision about a
 * paragraph where it stands, not something a copy of its text carries elsewhere.
 */
export function reopenSlice(slice: Slice): Slice {
  let changed = false;
  const blocks: PMNode[] = [];
  slice.content.forEach((node) => {
    if (isLockedBlock(node)) {
      changed = true;
      blocks.push(node.type.create({ ...node.attrs, status: 'negotiating' }, node.content, node.marks));
    } else blocks.push(node);
  });
  return changed ? new Slice(Fragment.fromArray(blocks), slice.openStart, slice.openEnd) : slice;
}

