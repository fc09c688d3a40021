/**
 * Proposals as named operations. A delegation never edits the text directly (its sync channel is
 * read-only, see server/src/sync/authorize.ts); it asks for one of these, and the server applies it
 * with the delegation's identity as proposer. Each operation can only add bracketed material
 * attributed to the asker, or change the asker's own material, so applying it is the permission
 * check: nothing here can alter a paragraph marked agreed or ad ref (checkLocks), unbracketed
 * text, another delegation's proposal, a status, or resolve a bracket.
 *
 * Positions (`from`, `to`, `at`) count from the start of the block's content, as ProseMirror does,
 * and `expected` is the text the asker saw there, so a proposal made against text that has since
 * changed is refused rather than applied in the wrong place.
 */
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { Fragment, type Node as PMNode, type ResolvedPos } from '@tiptap/pm/model';
import { newId } from '../schema/ids.ts';
import { findGroup } from '../brackets/context.ts';
import { checkLocks, lockRefusal } from '../consensus/locks.ts';
import { labelBlocks } from '../numbering/labels.ts';

export type Position = 'support' | 'object' | 'none';

export type ProposalOperation =
  | { type: 'propose-replacement'; blockId: string; from: number; to: number; expected: string; text: string }
  | { type: 'propose-deletion'; blockId: string; from: number; to: number; expected: string }
  | { type: 'propose-insertion'; blockId: string; at: number; text: string }
  | { type: 'propose-alternative'; groupId: string; text: string }
  | { type: 'amend'; altId: string; text: string }
  | { type: 'withdraw'; altId: string }
  | { type: 'position'; altId: string; position: Position };

export type OperationResult = { ok: true; tr: Transaction } | { ok: false; error: string };

const MAX_TEXT = 10_000;
const fail = (error: string): OperationResult => ({ ok: false, error });

function findById(doc: PMNode, typeName: string, id: string): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.type.name === typeName && node.attrs.id === id) found = { node, pos };
    return !found;
  });
  return found;
}

function findBlock(doc: PMNode, id: string): { node: PMNode; pos: number } | null {
  return findById(doc, 'paragraph', id) ?? findById(doc, 'subparagraph', id);
}

/** Proposal text is plain text: brackets are structure, so a literal bracket is refused. */
function checkText(text: string, allowEmpty = false): string | null {
  if (typeof text !== 'string') return 'text must be a string';
  if (!allowEmpty && !text.trim()) return 'the proposed text is empty';
  if (text.length > MAX_TEXT) return `the proposed text is longer than ${MAX_TEXT} characters`;
  if (/[[\]]/.test(text)) return 'proposed text cannot contain square brackets; propose each alternative separately';
  if (/[\u0000-\u0008\u000b-\u001f]/.test(text)) return 'proposed text contains control characters';
  return null;
}

function textNodes(state: EditorState, text: string): Fragment {
  return text ? Fragment.from(state.schema.text(text)) : Fragment.empty;
}

function alt(state: EditorState, content: Fragment, proposer: string | null): PMNode {
  return state.schema.nodes.bracketAlt.create({ id: newId('a'), proposer }, content);
}

/** May `delegation` put brackets in this place? In agreed text, or in pen-holders' or its own alternative. */
function bracketablePlace($pos: ResolvedPos, delegation: string | null): string | null {
  const parent = $pos.parent;
  if (!parent.type.contentMatch.matchType($pos.doc.type.schema.nodes.bracketGroup)) return 'this place cannot hold brackets';
  if (parent.type.name === 'bracketAlt' && parent.attrs.proposer && parent.attrs.proposer !== delegation) {
    return "this is another delegation's proposal";
  }
  if (parent.type.name === 'footnote') return 'footnotes cannot hold proposals';
  return null;
}

/** Resolves a range inside a block and checks it against what the asker saw. */
function resolveRange(
  state: EditorState,
  blockId: string,
  from: number,
  to: number,
  expected: string,
  delegation: string | null,
): { from: number; to: number } | string {
  const block = findBlock(state.doc, blockId);
  if (!block) return 'no such paragraph';
  const size = block.node.content.size;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > size) return 'the range is outside the paragraph';
  const start = block.pos + 1;
  const $from = state.doc.resolve(start + from);
  const $to = state.doc.resolve(start + to);
  if (!$from.sameParent($to)) return 'the range must lie within one stretch of text';
  const place = bracketablePlace($from, delegation);
  if (place) return place;
  if (state.doc.textBetween(start + from, start + to) !== expected) return 'the text has changed since you selected it; select it again';
  return { from: start + from, to: start + to };
}

/**
 * `delegation` is the proposer: a delegation's id, or null for the pen-holders (co-facilitators and
 * the secretariat), whose bracketed material is unattributed.
 *
 * Agreed text stays agreed: an operation whose change would touch a paragraph marked agreed or ad ref
 * is refused with the reason (consensus/locks.ts checkLocks, the same rule the editor applies), for
 * every operation type and every proposer, until a co-facilitator reopens the paragraph.
 */
export function applyProposal(
  state: EditorState,
  op: ProposalOperation,
  delegation: string | null,
  /** Labels a block for a refusal ("Paragraph 12 is agreed..."); by default from `state`'s numbering. */
  label: (doc: PMNode, blockPos: number) => string | null = labelOf,
): OperationResult {
  const result = buildProposal(state, op, delegation);
  if (!result.ok) return result;
  const locks = checkLocks(result.tr);
  if (!locks.ok) return fail(lockRefusal(locks, label));
  return result;
}

export function labelOf(doc: PMNode, blockPos: number): string | null {
  return labelBlocks(doc).find((b) => b.pos === blockPos)?.label ?? null;
}

function buildProposal(state: EditorState, op: ProposalOperation, delegation: string | null): OperationResult {
  const tr = state.tr;
  switch (op.type) {
    case 'propose-replacement':
    case 'propose-deletion': {
      const text = op.type === 'propose-replacement' ? op.text : '';
      const problem = op.type === 'propose-replacement' ? checkText(text) : null;
      if (problem) return fail(problem);
      const range = resolveRange(state, op.blockId, op.from, op.to, op.expected, delegation);
      if (typeof range === 'string') return fail(range);
      if (range.from === range.to) return fail('select the text your proposal concerns');
      const original = state.doc.resolve(range.from).parent.content.cut(
        state.doc.resolve(range.from).parentOffset,
        state.doc.resolve(range.to).parentOffset,
      );
      const group = state.schema.nodes.bracketGroup.create({ id: newId('g') }, [
        alt(state, original, null),
        alt(state, textNodes(state, text), delegation),
      ]);
      tr.replaceWith(range.from, range.to, group);
      return { ok: true, tr };
    }
    case 'propose-insertion': {
      const problem = checkText(op.text);
      if (problem) return fail(problem);
      const range = resolveRange(state, op.blockId, op.at, op.at, '', delegation);
      if (typeof range === 'string') return fail(range);
      const group = state.schema.nodes.bracketGroup.create({ id: newId('g') }, [alt(state, textNodes(state, op.text), delegation)]);
      const $at = state.doc.resolve(range.from);
      const spacing = insertionSpacing(edgeChar($at.nodeBefore, 'end'), edgeChar($at.nodeAfter, 'start'), op.text);
      const pieces: PMNode[] = [];
      if (spacing.before) pieces.push(state.schema.text(' '));
      pieces.push(group);
      if (spacing.after) pieces.push(state.schema.text(' '));
      tr.insert(range.from, pieces);
      return { ok: true, tr };
    }
    case 'propose-alternative': {
      const problem = checkText(op.text, true);
      if (problem) return fail(problem);
      const group = findGroup(state.doc, op.groupId);
      if (!group) return fail('no such bracket group');
      tr.insert(group.pos + group.node.nodeSize - 1, alt(state, textNodes(state, op.text), delegation));
      return { ok: true, tr };
    }
    case 'amend': {
      const problem = checkText(op.text, true);
      if (problem) return fail(problem);
      const found = ownAlternative(state.doc, op.altId, delegation);
      if (typeof found === 'string') return fail(found);
      tr.replaceWith(found.pos + 1, found.pos + found.node.nodeSize - 1, textNodes(state, op.text));
      return { ok: true, tr };
    }
    case 'withdraw': {
      const found = ownAlternative(state.doc, op.altId, delegation);
      if (typeof found === 'string') return fail(found);
      const $alt = state.doc.resolve(found.pos);
      const group = $alt.parent;
      const groupPos = $alt.before();
      const rest: PMNode[] = [];
      group.forEach((child) => void (child !== found.node && rest.push(child)));
      if (rest.length === 0) {
        // The proposal goes, and with it the space that set it apart (insertionSpacing), so
        // withdrawing leaves the sentence as it was rather than with a double space.
        const tidy = spaceToTidy(state.doc.resolve(groupPos).nodeBefore, state.doc.resolve(groupPos + group.nodeSize).nodeAfter);
        tr.delete(groupPos - (tidy === 'before' ? 1 : 0), groupPos + group.nodeSize + (tidy === 'after' ? 1 : 0));
      }
      else if (rest.length === 1 && !rest[0].attrs.proposer) {
        // Only the text the proposal was about is left: it stands unbracketed again.
        tr.replaceWith(groupPos, groupPos + group.nodeSize, rest[0].content);
      } else tr.delete(found.pos, found.pos + found.node.nodeSize);
      return { ok: true, tr };
    }
    case 'position': {
      if (delegation === null) return fail('only delegations support or object');
      const found = findById(state.doc, 'bracketAlt', op.altId);
      if (!found) return fail('no such alternative');
      const without = (list: string[]) => list.filter((d) => d !== delegation);
      const supporters = without(found.node.attrs.supporters ?? []);
      const objectors = without(found.node.attrs.objectors ?? []);
      if (op.position === 'support') supporters.push(delegation);
      if (op.position === 'object') objectors.push(delegation);
      tr.setNodeAttribute(found.pos, 'supporters', supporters);
      tr.setNodeAttribute(found.pos, 'objectors', objectors);
      return { ok: true, tr };
    }
  }
}

/**
 * The character on one side of a position: the last (or first) character of a neighbouring text
 * node; a neighbouring group or footnote counts as a word (OBJECT); nothing there (start or end of the
 * paragraph or alternative) is ''.
 */
function edgeChar(node: PMNode | null | undefined, side: 'start' | 'end'): string {
  if (!node) return '';
  if (node.isText) {
    const text = node.text ?? '';
    return side === 'end' ? text.slice(-1) : text.slice(0, 1);
  }
  return OBJECT;
}

/** Stands for a neighbouring group or footnote: ends and starts words, but is not a letter. */
const OBJECT = '\uFFFC';

const WORD_END = /[\p{L}\p{N}\p{M})\]”’"'%.,;:!?\uFFFC]/u;
const WORD_START = /[\p{L}\p{N}(“‘"'$€£\uFFFC]/u;
const LETTER = /[\p{L}\p{N}]/u;

/**
 * Whether an insertion needs a space before or after its brackets, from the characters around the
 * insertion point and the inserted text: a caret left right after a word (`outcomes|`) gives
 * `outcomes [and working modalities] of`, never `outcomes[and working modalities] of`. A space is
 * added only where neither the text nor the inserted words already hold one, and never inside a
 * word (`State|s`: a caret between two letters inserts there, as a suffix may be meant), nor before
 * closing punctuation (`outcomes [x].`). The added spaces stand outside the brackets, as in UN
 * drafts, so every export renders them from the document itself.
 */
export function insertionSpacing(before: string, after: string, text: string): { before: boolean; after: boolean } {
  const inWord = LETTER.test(before) && LETTER.test(after);
  const first = text.slice(0, 1);
  const last = text.slice(-1);
  return {
    before: !inWord && WORD_END.test(before) && !/\s/u.test(first) && !/^[.,;:!?)]$/u.test(first),
    after: !inWord && WORD_START.test(after) && !/\s/u.test(last),
  };
}

/** Which one space goes with a removed insertion: the one before it when a space, punctuation or the
 *  end follows it; the one after it when it opened the paragraph. */
function spaceToTidy(before: PMNode | null | undefined, after: PMNode | null | undefined): 'before' | 'after' | null {
  const b = edgeChar(before, 'end');
  const a = edgeChar(after, 'start');
  if (b === ' ' && (a === ' ' || a === '' || /^[.,;:!?)]$/u.test(a))) return 'before';
  if (b === '' && a === ' ') return 'after';
  return null;
}

function ownAlternative(doc: PMNode, altId: string, delegation: string | null): { node: PMNode; pos: number } | string {
  const found = findById(doc, 'bracketAlt', altId);
  if (!found) return 'no such alternative';
  if (found.node.attrs.proposer !== delegation) return 'only the delegation that proposed this alternative may change it';
  return found;
}

/** Checks the shape of an operation received over the network; returns it typed, or an error. */
export function parseProposalOperation(value: unknown): ProposalOperation | { error: string } {
  if (!value || typeof value !== 'object') return { error: 'an operation must be a JSON object' };
  const op = value as Record<string, unknown>;
  const str = (key: string) => typeof op[key] === 'string';
  const int = (key: string) => Number.isInteger(op[key]);
  const shapes: Record<string, () => boolean> = {
    'propose-replacement': () => str('blockId') && int('from') && int('to') && str('expected') && str('text'),
    'propose-deletion': () => str('blockId') && int('from') && int('to') && str('expected'),
    'propose-insertion': () => str('blockId') && int('at') && str('text'),
    'propose-alternative': () => str('groupId') && str('text'),
    amend: () => str('altId') && str('text'),
    withdraw: () => str('altId'),
    position: () => str('altId') && ['support', 'object', 'none'].includes(op.position as string),
  };
  const shape = typeof op.type === 'string' ? shapes[op.type] : undefined;
  if (!shape) return { error: `unknown operation type: ${String(op.type)}` };
  if (!shape()) return { error: `malformed ${op.type} operation` };
  return op as unknown as ProposalOperation;
}
