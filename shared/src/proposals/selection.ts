/**
 * From an editor selection to the proposal operations that could be asked for there. The editor's
 * proposals panel reads this; it decides nothing about permissions: whether an operation would be
 * accepted is asked of `applyProposal` itself (see `whyNot`), the same function the server runs.
 *
 * Positions in operations count from the start of the block's content (see operations.ts), so the
 * block is the top-level paragraph or subparagraph holding the selection, whatever bracket groups
 * sit between it and the text.
 */
import type { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { bracketContextAt } from '../brackets/context.ts';
import { applyProposal, type Position, type ProposalOperation } from './operations.ts';

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
}

export interface AlternativeAt {
  id: string;
  groupId: string;
  /** Index among its group's alternatives. */
  index: number;
  proposer: string | null;
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
  return { blockId: block.id, at: at - (block.pos + 1) };
}

export function alternativeAt(doc: PMNode, pos: number): AlternativeAt | null {
  const context = bracketContextAt(doc.resolve(pos));
  if (!context) return null;
  const attrs = context.alt.attrs;
  return {
    id: String(attrs.id),
    groupId: String(context.group.attrs.id),
    index: context.altIndex,
    proposer: (attrs.proposer as string | null) ?? null,
    supporters: [...((attrs.supporters as string[] | undefined) ?? [])],
    objectors: [...((attrs.objectors as string[] | undefined) ?? [])],
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
  position: (altId: string, position: Position): ProposalOperation => ({ type: 'position', altId, position }),
};

/**
 * Why `delegation` could not make `op` on this state, or null when it could. Runs the very
 * operation the server will run (nothing is dispatched), so the editor never guesses a rule. Text
 * the person has not typed yet should be passed as a placeholder (e.g. "x").
 */
export function whyNot(state: EditorState, op: ProposalOperation, delegation: string): string | null {
  const result = applyProposal(state, op, delegation);
  return result.ok ? null : result.error;
}
