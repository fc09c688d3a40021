/**
 * From an editor selection to the proposal operations that could be asked for there. The editor's
 * proposals panel reads this; it decides nothing about permissions: whether an operation would be
 * accepted is asked of `applyProposal` itself (see `whyNot`), the same function the server runs.
 *
 * Positions in operations count from the start of the block's content (see operations.ts), so the
 * block is the top-level paragraph or subparagraph holding the selection, whatever bracket groups
 * sit between it and the text.
 */
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { bracketContextAt } from '../brackets/context.ts';
import { applyProposal, labelOf, textBeforePoint, type Position, type ProposalOperation } from './operations.ts';
import { altAttrs } from '../schema/bracketNodes.ts';

/** Blocks a proposal can be anchored in (they carry an id and a status). */
const PROPOSAL_BLOCKS = new Set(['paragraph', 'subparagraph']);

export interface ProposalRange {
  blockId: string;
  from: number;
  to: number;
  /** The text between from and to, as the asker sees it. */
  expected: string;
}

export interface InsertionPoint {
  blockId: string;
  at: number;
  /** The block's text before the point, as the asker sees it (checked by the server). */
  expected: string;
}

export interface AlternativeAt {
  id: string;
  groupId: string;
  /** Index among its group's alternatives. */
  index: number;
  proposer: string | null;
  cosponsors: string[];
  supporters: string[];
  objectors: string[];
  text: string;
}

export interface ProposalTargets {
  /** The selected text as a range (non-empty selection within one block), else null. */
  range: ProposalRange | null;
  /** The caret as an insertion point (empty selection in a block), else null. */
  insertion: InsertionPoint | null;
  /** The innermost alternative holding the selection's start, with its group. */
  alternative: AlternativeAt | null;
  /** The block holding the selection's start, if it can hold proposals. */
  block: { id: string; pos: number; node: PMNode } | null;
}

function blockAt(doc: PMNode, pos: number): { id: string; pos: number; node: PMNode } | null {
  const $pos = doc.resolve(pos);
  if ($pos.depth < 1) return null;
  const node = $pos.node(1);
  const id = node.attrs.id;
  if (!PROPOSAL_BLOCKS.has(node.type.name) || typeof id !== 'string' || !id) return null;
  return { id, pos: $pos.before(1), node };
}

/** A non-empty selection as a range inside one block; null when empty or spanning blocks. */
export function rangeInBlock(doc: PMNode, from: number, to: number): ProposalRange | null {
  if (from >= to) return null;
  const block = blockAt(doc, from);
  if (!block) return null;
  const start = block.pos + 1;
  const end = block.pos + block.node.nodeSize - 1;
  if (to > end) return null;
  return { blockId: block.id, from: from - start, to: to - start, expected: doc.textBetween(from, to) };
}

/** An empty selection as an insertion point; null outside a paragraph. */
export function insertionPointAt(doc: PMNode, at: number): InsertionPoint | null {
  const block = blockAt(doc, at);
  if (!block) return null;
  return { blockId: block.id, at: at - (block.pos + 1), expected: textBeforePoint(doc, block.pos + 1, at) };
}

export function alternativeAt(doc: PMNode, pos: number): AlternativeAt | null {
  const context = bracketContextAt(doc.resolve(pos));
  if (!context) return null;
  const attrs = altAttrs(context.alt);
  return {
    id: String(attrs.id),
    groupId: String(context.group.attrs.id),
    index: context.altIndex,
    proposer: attrs.proposer,
    cosponsors: attrs.cosponsors,
    supporters: attrs.supporters,
    objectors: attrs.objectors,
    text: context.alt.textContent,
  };
}

export function proposalTargets(doc: PMNode, from: number, to: number): ProposalTargets {
  return {
    range: rangeInBlock(doc, from, to),
    insertion: from === to ? insertionPointAt(doc, from) : null,
    alternative: alternativeAt(doc, from),
    block: blockAt(doc, from),
  };
}

/** Operation builders: the panel fills in the text the person typed. */
export const proposalOps = {
  replacement: (r: ProposalRange, text: string): ProposalOperation => ({ type: 'propose-replacement', ...r, text }),
  deletion: (r: ProposalRange): ProposalOperation => ({ type: 'propose-deletion', ...r }),
  insertion: (p: InsertionPoint, text: string): ProposalOperation => ({ type: 'propose-insertion', ...p, text }),
  alternative: (groupId: string, text: string): ProposalOperation => ({ type: 'propose-alternative', groupId, text }),
  amend: (altId: string, text: string): ProposalOperation => ({ type: 'amend', altId, text }),
  withdraw: (altId: string): ProposalOperation => ({ type: 'withdraw', altId }),
  paragraph: (afterBlockId: string, text: string): ProposalOperation => ({ type: 'propose-paragraph', afterBlockId, text }),
  paragraphAlternative: (blockId: string, text: string): ProposalOperation => ({ type: 'propose-paragraph-alternative', blockId, text }),
  position: (altId: string, position: Position): ProposalOperation => ({ type: 'position', altId, position }),
};

/**
 * Why `delegation` could not make `op` on this state, or null when it could. Runs the very
 * operation the server will run (nothing is dispatched), so the editor never guesses a rule. Text
 * the person has not typed yet should be passed as a placeholder (e.g. "x").
 */
export function whyNot(
  state: EditorState,
  op: ProposalOperation,
  delegation: string,
  label?: (doc: PMNode, blockPos: number) => string | null,
): string | null {
  const result = applyProposal(state, op, delegation, label);
  return result.ok ? null : result.error;
}

/** What a delegation can ask for from the proposals panel. */
export type ProposalAction =
  | 'replace'
  | 'delete'
  | 'insert'
  | 'alternative'
  | 'new-paragraph'
  | 'paragraph-alternative'
  | 'amend'
  | 'withdraw'
  | 'cosponsor'
  | 'support'
  | 'object'
  | 'clear';

export const PROPOSAL_ACTIONS: readonly ProposalAction[] = [
  'replace',
  'delete',
  'insert',
  'alternative',
  'new-paragraph',
  'paragraph-alternative',
  'amend',
  'withdraw',
  'cosponsor',
  'support',
  'object',
  'clear',
];

/**
 * The operation `action` would send for these targets, or why there is none here (the selection
 * has no range, the caret is in no alternative...). Text the person has not typed yet is filled in
 * by the caller (a placeholder when only asking whether the operation is possible).
 */
export function operationFor(t: ProposalTargets, action: ProposalAction, text: string): ProposalOperation | string {
  switch (action) {
    case 'replace':
      return t.range ? proposalOps.replacement(t.range, text) : 'select the text to replace, within one paragraph';
    case 'delete':
      return t.range ? proposalOps.deletion(t.range) : 'select the text to delete, within one paragraph';
    case 'insert':
      return t.insertion ? proposalOps.insertion(t.insertion, text) : 'put the caret where the text should go';
    case 'alternative':
      return t.alternative ? proposalOps.alternative(t.alternative.groupId, text) : 'put the caret in a bracket group';
    case 'amend':
      return t.alternative ? proposalOps.amend(t.alternative.id, text) : 'put the caret in your alternative';
    case 'withdraw':
      return t.alternative ? proposalOps.withdraw(t.alternative.id) : 'put the caret in your alternative';
    case 'new-paragraph':
      return t.block ? proposalOps.paragraph(t.block.id, text) : 'put the caret in the paragraph your new one follows';
    case 'paragraph-alternative':
      return t.block ? proposalOps.paragraphAlternative(t.block.id, text) : 'put the caret in the paragraph to offer an alternative to';
    case 'cosponsor':
    case 'support':
    case 'object':
    case 'clear':
      return t.alternative
        ? proposalOps.position(t.alternative.id, action === 'clear' ? 'none' : action)
        : 'put the caret in an alternative';
  }
}

/**
 * A state holding only the front matter and one block. Every proposal operation is addressed to
 * one block (a block id with offsets inside it) or to a group or alternative by id, and the
 * operations available at a selection all address the block holding it; with ids unique in the
 * document (EnsureIds, the importer), applying one to this state gives the same answer as applying
 * it to the whole document, at the cost of the block instead of the document.
 */
export function blockScopedState(doc: PMNode, blockPos: number): EditorState {
  const block = doc.nodeAt(blockPos);
  const front = doc.firstChild;
  if (!block || !front) throw new RangeError(`no block at ${blockPos}`);
  return EditorState.create({ doc: doc.type.create(doc.attrs, [front, block]) });
}

/**
 * For each panel action, why `delegation` cannot take it at the selection from..to, or null when
 * it can. Only the actions that make sense there (a range for replace/delete, a caret for insert,
 * an alternative for the rest) run the shared rules, each on the block alone (blockScopedState):
 * the cost is that of one paragraph, whatever the document's size.
 */
export function proposalReasons(
  doc: PMNode,
  from: number,
  to: number,
  delegation: string,
  placeholder = 'x',
): { targets: ProposalTargets; reasons: Record<ProposalAction, string | null> } {
  const targets = proposalTargets(doc, from, to);
  const reasons = {} as Record<ProposalAction, string | null>;
  let scoped: EditorState | null = null;
  for (const action of PROPOSAL_ACTIONS) {
    const op = operationFor(targets, action, placeholder);
    if (typeof op === 'string') {
      reasons[action] = op;
      continue;
    }
    if (!targets.block) {
      reasons[action] = 'put the caret in a paragraph';
      continue;
    }
    scoped ??= blockScopedState(doc, targets.block.pos);
    // a refusal names the block by its label in the whole document, not in the one-block state
    const blockPos = targets.block.pos;
    reasons[action] = whyNot(scoped, op, delegation, () => labelOf(doc, blockPos));
  }
  return { targets, reasons };
}
