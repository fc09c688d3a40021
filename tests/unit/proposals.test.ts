import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { applyProposal, parseProposalOperation, type ProposalOperation } from '../../shared/src/proposals/operations.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { insertion, makeDoc, t, group, alt } from '../helpers/docs.ts';

const P58 = 'We agree to hold a High Level Meeting on the Information Society.';
const doc = () =>
  makeDoc([
    { type: 'paragraph', attrs: { id: 'p58', kind: 'op' }, content: [t(P58)] },
    {
      type: 'paragraph',
      attrs: { id: 'p37', kind: 'op' },
      content: [
        t('We extend the IGF mandate for another '),
        { type: 'bracketGroup', attrs: { id: 'g37' }, content: [
          { ...alt(t('five')), attrs: { id: 'a-five', proposer: null } },
          { ...alt(t('ten')), attrs: { id: 'a-ten', proposer: 'g77' } },
        ] },
        t(' years.'),
      ],
    },
  ]);

function apply(op: ProposalOperation, delegation: string | null, start: PMNode = doc()) {
  const state = EditorState.create({ doc: start });
  const result = applyProposal(state, op, delegation);
  if (!result.ok) return { error: result.error, doc: start };
  return { error: null, doc: state.apply(result.tr).doc };
}
const text = (d: PMNode, i: number) => renderInlineLiteral(d.child(i));
const offsetOf = (needle: string) => P58.indexOf(needle);

describe('a delegation proposes', () => {
  it('a replacement: the selected text and its proposal become two alternatives, attributed', () => {
    const from = offsetOf('High Level Meeting');
    const { error, doc: after } = apply(
      { type: 'propose-replacement', blockId: 'p58', from, to: from + 18, expected: 'High Level Meeting', text: 'World Summit' },
      'eu',
    );
    expect(error).toBeNull();
    expect(text(after, 1)).toBe('We agree to hold a [High Level Meeting] [World Summit] on the Information Society.');
    const g = after.child(1).child(1);
    expect([g.child(0).attrs.proposer, g.child(1).attrs.proposer]).toEqual([null, 'eu']);
  });

  it('a deletion: the text is bracketed against an empty alternative', () => {
    const from = offsetOf(' on the Information Society');
    const { doc: after } = apply(
      { type: 'propose-deletion', blockId: 'p58', from, to: from + 27, expected: ' on the Information Society' },
      'usa',
    );
    expect(text(after, 1)).toBe('We agree to hold a High Level Meeting[ on the Information Society] [].');
  });

  it('an insertion', () => {
    const at = offsetOf(' on the');
    const { doc: after } = apply({ type: 'propose-insertion', blockId: 'p58', at, expected: 'We agree to hold a High Level Meeting', text: ' in 2025' }, 'aosis');
    expect(text(after, 1)).toBe('We agree to hold a High Level Meeting[ in 2025] on the Information Society.');
  });

  it('another alternative to an existing group', () => {
    const { doc: after } = apply({ type: 'propose-alternative', groupId: 'g37', text: 'fifteen' }, 'celac');
    expect(text(after, 2)).toBe('We extend the IGF mandate for another [five] [ten] [fifteen] years.');
  });

  it('support and objection, recorded once per delegation', () => {
    let d = apply({ type: 'position', altId: 'a-ten', position: 'support' }, 'eu').doc;
    d = apply({ type: 'position', altId: 'a-ten', position: 'support' }, 'eu', d).doc;
    d = apply({ type: 'position', altId: 'a-ten', position: 'object' }, 'usa', d).doc;
    const ten = d.child(2).child(1).child(1);
    expect(ten.attrs.supporters).toEqual(['eu']);
    expect(ten.attrs.objectors).toEqual(['usa']);
    d = apply({ type: 'position', altId: 'a-ten', position: 'none' }, 'eu', d).doc;
    expect(d.child(2).child(1).child(1).attrs.supporters).toEqual([]);
  });
});

describe('the pen-holders propose', () => {
  it('unattributed alternatives, and record no support or objection', () => {
    const { doc: after } = apply({ type: 'propose-alternative', groupId: 'g37', text: 'fifteen' }, null);
    expect(after.child(2).child(1).child(2).attrs.proposer).toBeNull();
    const state = EditorState.create({ doc: doc() });
    const result = applyProposal(state, { type: 'position', altId: 'a-ten', position: 'support' }, null);
    expect(result).toEqual({ ok: false, error: 'only delegations support or object' });
  });
});

describe('a delegation changes only its own proposals', () => {
  it('amends and withdraws its own alternative', () => {
    let d = apply({ type: 'amend', altId: 'a-ten', text: 'twelve' }, 'g77').doc;
    expect(text(d, 2)).toBe('We extend the IGF mandate for another [five] [twelve] years.');
    d = apply({ type: 'withdraw', altId: 'a-ten' }, 'g77', d).doc;
    expect(text(d, 2)).toBe('We extend the IGF mandate for another five years.');
  });

  it.each([
    [{ type: 'amend', altId: 'a-ten', text: 'two' }, 'only the delegation that proposed'],
    [{ type: 'withdraw', altId: 'a-ten' }, 'only the delegation that proposed'],
    [{ type: 'amend', altId: 'a-five', text: 'two' }, 'only the delegation that proposed'],
  ] as const)('refuses %o from another delegation', (op, message) => {
    const { error, doc: after } = apply(op as ProposalOperation, 'eu');
    expect(error).toMatch(message);
    expect(after.eq(doc())).toBe(true);
  });

  it("refuses to bracket inside another delegation's alternative", () => {
    const start = doc();
    const block = start.child(2);
    let from = -1;
    block.descendants((node, pos) => void (node.text === 'ten' && (from = pos)));
    const { error } = apply({ type: 'propose-deletion', blockId: 'p37', from, to: from + 2, expected: 'te' }, 'eu', start);
    expect(error).toMatch(/another delegation's proposal/);
  });

  it('refuses a proposal made against text that has changed', () => {
    const { error } = apply({ type: 'propose-deletion', blockId: 'p58', from: 0, to: 8, expected: 'We shall' }, 'eu');
    expect(error).toMatch(/text has changed/);
  });

  describe('an insertion made against text that has changed', () => {
    const at = offsetOf(' on the');
    it('is refused when the words before the point differ from what the asker saw', () => {
      const { error, doc: after } = apply({ type: 'propose-insertion', blockId: 'p58', at, expected: 'We agree to hold a High Level Forum', text: ' in 2025' }, 'aosis');
      expect(error).toBe('the text has changed since you placed the caret; place it again');
      expect(after.eq(doc())).toBe(true);
    });

    it('is refused when a word was typed before the point meanwhile (the offset now points elsewhere)', () => {
      const seen = doc();
      const op = insertion(seen, 'p58', at, ' in 2025');
      const edited = apply({ type: 'propose-insertion', blockId: 'p58', at: 0, expected: '', text: 'Further, ' }, null, seen).doc;
      expect(apply(op, 'aosis', edited).error).toMatch(/text has changed since you placed the caret/);
    });

    it('is refused when a group was made around earlier words meanwhile, though the words are the same', () => {
      const seen = doc();
      const op = insertion(seen, 'p58', at, ' in 2025');
      const from = offsetOf('High');
      const bracketed = apply({ type: 'propose-deletion', blockId: 'p58', from, to: from + 4, expected: 'High' }, 'eu', seen).doc;
      expect(text(bracketed, 1)).toBe('We agree to hold a [High] [] Level Meeting on the Information Society.');
      expect(apply(op, 'aosis', bracketed).error).toMatch(/text has changed since you placed the caret/);
    });

    it('is accepted when only text after the point changed, at the place the asker chose', () => {
      const seen = doc();
      const op = insertion(seen, 'p58', at, ' in 2025');
      const later = offsetOf('Information');
      const edited = apply({ type: 'propose-insertion', blockId: 'p58', at: later, expected: P58.slice(0, later), text: 'Global ' }, 'eu', seen).doc;
      const { error, doc: after } = apply(op, 'aosis', edited);
      expect(error).toBeNull();
      expect(text(after, 1)).toBe('We agree to hold a High Level Meeting[ in 2025] on the [Global ]Information Society.');
    });
  });

  it.each([
    [{ type: 'propose-insertion', blockId: 'nope', at: 0, expected: '', text: 'x' }, /no such paragraph/],
    [{ type: 'propose-insertion', blockId: 'p58', at: 999, expected: '', text: 'x' }, /outside the paragraph/],
    [{ type: 'propose-insertion', blockId: 'p58', at: 0, expected: '', text: '[x] [y]' }, /square brackets/],
    [{ type: 'propose-insertion', blockId: 'p58', at: 0, expected: '', text: '  ' }, /empty/],
    [{ type: 'propose-alternative', groupId: 'nope', text: 'x' }, /no such bracket group/],
  ] as const)('refuses %o', (op, message) => {
    expect(apply(op as ProposalOperation, 'eu').error).toMatch(message);
  });
});

describe('operations from the network', () => {
  it('accepts well-formed operations', () => {
    expect(parseProposalOperation({ type: 'withdraw', altId: 'a1' })).toEqual({ type: 'withdraw', altId: 'a1' });
  });

  it.each([null, 'x', { type: 'resolve', groupId: 'g' }, { type: 'amend', altId: 3, text: 'x' }, { type: 'position', altId: 'a', position: 'love' }])(
    'refuses %o',
    (value) => {
      expect(parseProposalOperation(value)).toHaveProperty('error');
    },
  );
});
