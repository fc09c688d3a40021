/**
 * Proposals as named operations. A delegation never edits the text directly (its sync channel is
 * read-only, see server/src/sync/authorize.ts); it asks for one of these, and the server applies it
 * with the delegation's identity as proposer. Each operation can only add bracketed material
 * attributed to the asker, or change the asker's own material, so applying it is the permission
 * check: nothing here can alter a paragraph marked agreed or ad ref (checkLocks), unbracketed
 * text, another delegation's proposal, a status, or resolve a bracket.
 *
 * Positions (`from`, `to`, `at`) count from the start of the block's content, as ProseMirror does,
 * and `expected` is the text the asker saw there (for an insertion, the block's text before the
 * point: `textBeforePoint`), so a proposal made against text that has since changed is refused
 * rather than applied in the wrong place. For an insertion the text before the point is what fixes
 * the place: any change there (a word typed, a bracket group made around earlier words) moves the
 * offset, and is refused; a change after the point is not checked, as a replacement does not check
 * the words around its selection.
 *
 * Whole paragraphs: `propose-paragraph` adds a new paragraph after a given block, wholly in brackets
 * (one group, one alternative: the asker's text), placed after the block's own subparagraphs;
 * `propose-paragraph-alternative` adds `12 Alt` (a fixed label) after paragraph 12 and its
 * subparagraphs and earlier alternatives. Withdrawing the only alternative of such a paragraph
 * removes the paragraph. Known limit: `12 Alt` is a fixed label, so if paragraph 12 is renumbered
 * before the next revision the alternative keeps saying 12.
 * Co-sponsoring (`position: 'cosponsor'`) makes a delegation one of a proposal's authors; amending an
 * alternative clears every position taken on the old wording (co-sponsors, supporters, objectors),
 * since they were taken on words that are gone.
 * The wire shapes are zod schemas in shared/src/api/operations.ts.
 */
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { Fragment, type Node as PMNode, type ResolvedPos } from '@tiptap/pm/model';
import { newId } from '../schema/ids.ts';
import { findGroup } from '../brackets/context.ts';
import { checkLocks, isLockedBlock, lockedMessage, lockRefusal } from '../consensus/locks.ts';
import { labelBlocks } from '../numbering/labels.ts';

import { ProposalOperation as ProposalOperationSchema, operationProblem, type Position, type ProposalOperation } from '../api/operations.ts';
import { altAttrs } from '../schema/bracketNodes.ts';

export type { Position, ProposalOperation };

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

/** A top-level block by id (paragraph, subparagraph, heading, option) and its index. */
function topBlock(doc: PMNode, id: string): { node: PMNode; pos: number; index: number } | null {
  let pos = 0;
  for (let index = 0; index < doc.childCount; index++) {
    const node = doc.child(index);
    if (node.attrs.id === id && node.type.name !== 'front') return { node, pos, index };
    pos += node.nodeSize;
  }
  return null;
}

/**
 * Where a block's own material ends: after the subparagraphs that belong to it (deeper ones, for a
 * subparagraph), and, with `alternatives`, after the `12 Alt` paragraphs already proposed for it.
 */
function endOfBlock(doc: PMNode, block: { node: PMNode; pos: number; index: number }, alternatives: string | null): number {
  let pos = block.pos + block.node.nodeSize;
  const level = block.node.type.name === 'subparagraph' ? Number(block.node.attrs.level) || 1 : 0;
  for (let i = block.index + 1; i < doc.childCount; i++) {
    const next = doc.child(i);
    const belongs =
      (next.type.name === 'subparagraph' && (Number(next.attrs.level) || 1) > level) ||
      (alternatives !== null && next.type.name === 'paragraph' && typeof next.attrs.label === 'string' && next.attrs.label.startsWith(`${alternatives} Alt`));
    if (!belongs) break;
    pos += next.nodeSize;
  }
  return pos;
}

/** A new block wholly in brackets: one group holding the proposer's text. */
function bracketedBlock(state: EditorState, type: 'paragraph' | 'subparagraph', attrs: Record<string, unknown>, text: string, proposer: string | null): PMNode {
  const group = state.schema.nodes.bracketGroup.create({ id: newId('g') }, [alt(state, textNodes(state, text), proposer)]);
  return state.schema.nodes[type].create({ ...attrs, id: newId('p'), status: 'negotiating' }, group);
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
 * An insertion's `expected`: the text of the block from the start of its content (`blockStart`) to
 * the point, as the asker's editor and the server both compute it.
 */
export function textBeforePoint(doc: PMNode, blockStart: number, point: number): string {
  return doc.textBetween(blockStart, point);
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
  const result = buildProposal(state, op, delegation, label);
  if (!result.ok) return result;
  const locks = checkLocks(result.tr);
  if (!locks.ok) return fail(lockRefusal(locks, label));
  return result;
}

export function labelOf(doc: PMNode, blockPos: number): string | null {
  return labelBlocks(doc).find((b) => b.pos === blockPos)?.label ?? null;
}

function buildProposal(
  state: EditorState,
  op: ProposalOperation,
  delegation: string | null,
  label: (doc: PMNode, blockPos: number) => string | null,
): OperationResult {
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
      if (textBeforePoint(state.doc, range.from - op.at, range.from) !== op.expected) {
        return fail('the text has changed since you placed the caret; place it again');
      }
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
    case 'propose-paragraph': {
      const problem = checkText(op.text);
      if (problem) return fail(problem);
      const anchor = topBlock(state.doc, op.afterBlockId);
      if (!anchor) return fail('no such paragraph');
      const name = anchor.node.type.name;
      if (name === 'subparagraph') {
        const block = bracketedBlock(state, 'subparagraph', { level: anchor.node.attrs.level }, op.text, delegation);
        tr.insert(endOfBlock(state.doc, anchor, null), block);
        return { ok: true, tr };
      }
      if (name !== 'paragraph' && name !== 'sectionHeading' && name !== 'option') return fail('a new paragraph goes after a paragraph or a heading');
      // Preambular after preambular, operative after operative; after a heading, as the next paragraph is.
      const next = state.doc.maybeChild(anchor.index + 1);
      const kind = name === 'paragraph' ? anchor.node.attrs.kind : next?.type.name === 'paragraph' ? next.attrs.kind : 'op';
      const at = name === 'paragraph' ? endOfBlock(state.doc, anchor, null) : anchor.pos + anchor.node.nodeSize;
      tr.insert(at, bracketedBlock(state, 'paragraph', { kind }, op.text, delegation));
      return { ok: true, tr };
    }
    case 'propose-paragraph-alternative': {
      const problem = checkText(op.text);
      if (problem) return fail(problem);
      const target = topBlock(state.doc, op.blockId);
      if (!target || target.node.type.name !== 'paragraph') return fail('no such paragraph');
      // An agreed paragraph takes no proposal, an alternative to it included.
      if (isLockedBlock(target.node)) return fail(lockedMessage(target.node, label(state.doc, target.pos)));
      const number = label(state.doc, target.pos);
      if (!number) return fail('only a numbered paragraph can have an alternative paragraph; propose a new paragraph instead');
      if (/\sAlt(\s\d+)?$/.test(number)) return fail(`propose an alternative to paragraph ${number.replace(/\sAlt(\s\d+)?$/, '')} itself`);
      const taken = new Set<string>();
      state.doc.forEach((node) => void (typeof node.attrs.label === 'string' && taken.add(node.attrs.label)));
      let fixed = `${number} Alt`;
      for (let n = 2; taken.has(fixed); n++) fixed = `${number} Alt ${n}`;
      const block = bracketedBlock(state, 'paragraph', { kind: target.node.attrs.kind, label: fixed }, op.text, delegation);
      tr.insert(endOfBlock(state.doc, target, number), block);
      return { ok: true, tr };
    }
    case 'amend': {
      const problem = checkText(op.text, true);
      if (problem) return fail(problem);
      const found = ownAlternative(state.doc, op.altId, delegation);
      if (typeof found === 'string') return fail(found);
      tr.replaceWith(found.pos + 1, found.pos + found.node.nodeSize - 1, textNodes(state, op.text));
      // Positions were taken on the old wording: they go with it.
      for (const attr of ['cosponsors', 'supporters', 'objectors'] as const) tr.setNodeAttribute(found.pos, attr, []);
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
      const block = $alt.node(1);
      if (rest.length === 0 && $alt.depth === 2 && block.childCount === 1 && block.type.name !== 'sectionHeading') {
        // A proposed paragraph (wholly this group) goes with its only alternative.
        const blockPos = $alt.before(1);
        tr.delete(blockPos, blockPos + block.nodeSize);
      } else if (rest.length === 0) {
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
      const attrs = altAttrs(found.node);
      if (op.position === 'cosponsor') {
        if (!attrs.proposer) return fail("only a delegation's proposal can be co-sponsored; support the text instead");
        if (attrs.proposer === delegation) return fail('this is your own proposal');
      }
      // One position per delegation: taking one drops any other.
      const without = (list: string[]) => list.filter((d) => d !== delegation);
      const lists = { cosponsors: without(attrs.cosponsors), supporters: without(attrs.supporters), objectors: without(attrs.objectors) };
      if (op.position === 'cosponsor') lists.cosponsors.push(delegation);
      if (op.position === 'support') lists.supporters.push(delegation);
      if (op.position === 'object') lists.objectors.push(delegation);
      for (const [attr, list] of Object.entries(lists)) tr.setNodeAttribute(found.pos, attr, list);
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
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'an operation must be a JSON object' };
  const parsed = ProposalOperationSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const type = (value as { type?: unknown }).type;
  const known = ProposalOperationSchema.options.some((o) => o.shape.type.value === type);
  return { error: known ? `malformed ${String(type)} operation (${operationProblem(parsed.error)})` : `unknown operation type: ${String(type)}` };
}
