import { describe, it, expect } from 'vitest';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { applyProposal } from '../../shared/src/proposals/operations.ts';
import {
  alternativeAt,
  blockScopedState,
  insertionPointAt,
  operationFor,
  PROPOSAL_ACTIONS,
  proposalReasons,
  proposalOps,
  proposalTargets,
  rangeInBlock,
  whyNot,
} from '../../shared/src/proposals/selection.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { makeDoc, t, alt, heading } from '../helpers/docs.ts';

const P = 'We agree to hold a High Level Meeting on the Information Society.';
const doc = () =>
  makeDoc([
    heading('ICT for development'),
    { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [t(P)] },
    {
      type: 'paragraph',
      attrs: { id: 'p2', kind: 'op' },
      content: [
        t('We renew the mandate for another '),
        {
          type: 'bracketGroup',
          attrs: { id: 'g1' },
          content: [
            { ...alt(t('five')), attrs: { id: 'a-five', proposer: null } },
            { ...alt(t('ten')), attrs: { id: 'a-ten', proposer: 'g77', supporters: ['eu'], objectors: [] } },
          ],
        },
        t(' years.'),
      ],
    },
    { type: 'subparagraph', attrs: { id: 's1' }, content: [t('Sub text here.')] },
  ]);

/** Absolute position of `needle` (first occurrence, in a text node). */
function posOf(d: ReturnType<typeof doc>, needle: string): number {
  let found = -1;
  d.descendants((node, pos) => {
    if (found >= 0) return false;
    const at = node.isText ? node.text!.indexOf(needle) : -1;
    if (at >= 0) found = pos + at;
    return true;
  });
  if (found < 0) throw new Error(needle);
  return found;
}

describe('a selection as a proposal range', () => {
  it('counts from the start of the block content and carries the text seen', () => {
    const d = doc();
    const from = posOf(d, 'High Level Meeting');
    const range = rangeInBlock(d, from, from + 'High Level Meeting'.length);
    expect(range).toEqual({ blockId: 'p1', from: P.indexOf('High'), to: P.indexOf('High') + 18, expected: 'High Level Meeting' });
  });

  it('yields an operation the shared rules accept, with the expected result', () => {
    const d = doc();
    const from = posOf(d, 'High Level Meeting');
    const range = rangeInBlock(d, from, from + 18)!;
    const state = EditorState.create({ doc: d });
    const result = applyProposal(state, proposalOps.replacement(range, 'World Summit'), 'eu');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const after = state.apply(result.tr).doc;
    expect(renderInlineLiteral(after.child(2))).toBe('We agree to hold a [High Level Meeting] [World Summit] on the Information Society.');
  });

  it('counts positions inside alternatives from the block start too', () => {
    const d = doc();
    const from = posOf(d, 'five');
    const range = rangeInBlock(d, from, from + 4)!;
    expect(range.blockId).toBe('p2');
    expect(range.expected).toBe('five');
    // block content: text (34 chars), group open, alt open, then "five"
    expect(range.from).toBe('We renew the mandate for another '.length + 2);
  });

  it('is null for an empty selection, across blocks, or outside paragraphs', () => {
    const d = doc();
    const at = posOf(d, 'High');
    expect(rangeInBlock(d, at, at)).toBeNull();
    expect(rangeInBlock(d, at, posOf(d, 'mandate'))).toBeNull();
    const h = posOf(d, 'ICT');
    expect(rangeInBlock(d, h, h + 3)).toBeNull();
  });

  it('works in subparagraphs', () => {
    const d = doc();
    const at = posOf(d, 'text');
    expect(rangeInBlock(d, at, at + 4)).toEqual({ blockId: 's1', from: 4, to: 8, expected: 'text' });
  });
});

describe('the caret as an insertion point and an alternative', () => {
  it('gives the block offset of the caret, and the block\'s text before it (what the server checks)', () => {
    const d = doc();
    const at = posOf(d, ' on the');
    expect(insertionPointAt(d, at)).toEqual({ blockId: 'p1', at: P.indexOf(' on the'), expected: P.slice(0, P.indexOf(' on the')) });
    expect(insertionPointAt(d, posOf(d, 'ICT'))).toBeNull();
  });

  it('finds the alternative, its group and its positions', () => {
    const d = doc();
    const a = alternativeAt(d, posOf(d, 'ten') + 1);
    expect(a).toEqual({
      id: 'a-ten',
      groupId: 'g1',
      index: 1,
      proposer: 'g77',
      cosponsors: [],
      supporters: ['eu'],
      objectors: [],
      text: 'ten',
    });
    expect(alternativeAt(d, posOf(d, 'years'))).toBeNull();
  });

  it('collects all targets of a selection', () => {
    const d = doc();
    const at = posOf(d, 'five') + 2;
    const targets = proposalTargets(d, at, at);
    expect(targets.range).toBeNull();
    expect(targets.insertion?.blockId).toBe('p2');
    expect(targets.alternative?.id).toBe('a-five');
    expect(targets.block?.id).toBe('p2');
  });
});

describe('whyNot asks the shared rules', () => {
  const stateAt = (from: number, to = from) => {
    const d = doc();
    const s = EditorState.create({ doc: d });
    return s.apply(s.tr.setSelection(TextSelection.create(d, from, to)));
  };

  it('accepts a delegation amending its own alternative, refuses another', () => {
    const d = doc();
    const state = stateAt(posOf(d, 'ten'));
    expect(whyNot(state, proposalOps.amend('a-ten', 'twelve'), 'g77')).toBeNull();
    expect(whyNot(state, proposalOps.amend('a-ten', 'twelve'), 'eu')).toMatch(/only the delegation/);
    expect(whyNot(state, proposalOps.withdraw('a-five'), 'eu')).toMatch(/only the delegation/);
  });

  it("refuses a replacement inside another delegation's alternative", () => {
    const d = doc();
    const from = posOf(d, 'ten');
    const range = rangeInBlock(d, from, from + 3)!;
    expect(whyNot(stateAt(from, from + 3), proposalOps.replacement(range, 'x'), 'eu')).toMatch(/another delegation/);
    expect(whyNot(stateAt(from, from + 3), proposalOps.replacement(range, 'x'), 'g77')).toBeNull();
  });

  it('refuses a replacement whose text changed since it was selected', () => {
    const d = doc();
    const from = posOf(d, 'High');
    const range = { ...rangeInBlock(d, from, from + 4)!, expected: 'Low ' };
    expect(whyNot(stateAt(from), proposalOps.replacement(range, 'x'), 'eu')).toMatch(/changed since/);
  });

  it('accepts positions on any alternative', () => {
    const d = doc();
    expect(whyNot(stateAt(posOf(d, 'five')), proposalOps.position('a-five', 'object'), 'eu')).toBeNull();
  });
});

describe('proposalReasons: the panel\'s answers, at the cost of one block', () => {
  /** The same answers computed the slow way: every action's operation on the whole document. */
  const fullDocumentReasons = (d: ReturnType<typeof doc>, from: number, to: number, delegation: string) => {
    const state = EditorState.create({ doc: d });
    const targets = proposalTargets(d, from, to);
    return Object.fromEntries(
      PROPOSAL_ACTIONS.map((action) => {
        const op = operationFor(targets, action, 'x');
        if (typeof op === 'string') return [action, op];
        return [action, targets.block ? whyNot(state, op, delegation) : 'put the caret in a paragraph'];
      }),
    );
  };

  it('agrees with the whole document at every caret and over every short range, for each delegation', () => {
    const d = doc();
    for (const delegation of ['eu', 'g77']) {
      for (let from = 1; from < d.content.size; from++) {
        for (const to of [from, from + 1, from + 4]) {
          if (to > d.content.size) continue;
          expect(proposalReasons(d, from, to, delegation).reasons, `${delegation} ${from}..${to}`).toEqual(
            fullDocumentReasons(d, from, to, delegation),
          );
        }
      }
    }
  });

  it('runs only the operations that make sense at the selection', () => {
    const d = doc();
    const caret = posOf(d, 'Meeting');
    const { reasons } = proposalReasons(d, caret, caret, 'eu');
    expect(reasons.insert).toBeNull();
    expect(reasons.replace).toMatch(/select the text/);
    expect(reasons.amend).toMatch(/your alternative/);
    const inTen = posOf(d, 'ten') + 1;
    const atTen = proposalReasons(d, inTen, inTen, 'g77').reasons;
    expect(atTen.amend).toBeNull();
    expect(atTen.withdraw).toBeNull();
    expect(atTen.support).toBeNull();
    expect(proposalReasons(d, inTen, inTen, 'eu').reasons.amend).toMatch(/only the delegation/);
  });

  it('scopes to the front matter and the one block', () => {
    const d = doc();
    const at = posOf(d, 'years');
    const block = proposalTargets(d, at, at).block!;
    const scoped = blockScopedState(d, block.pos).doc;
    expect(scoped.childCount).toBe(2);
    expect(scoped.child(0).type.name).toBe('front');
    expect(scoped.child(1).attrs.id).toBe('p2');
  });
});
