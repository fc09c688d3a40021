// More ways to propose (docs/design.md §11): a new paragraph after a given one, a whole-paragraph
// alternative (`12 Alt`), joining a proposal as co-sponsor, and amending that clears positions.
import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { applyProposal, type ProposalOperation } from '../../shared/src/proposals/operations.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { labelBlocks } from '../../shared/src/numbering/labels.ts';
import { altAttrs } from '../../shared/src/schema/bracketNodes.ts';
import { exportFile } from '../../shared/src/export/index.ts';
import { makeDoc, t, alt } from '../helpers/docs.ts';

const doc = (status = 'negotiating') =>
  makeDoc([
    { type: 'sectionHeading', attrs: { id: 'h1', level: 1, numbered: false }, content: [t('Follow-up')] },
    { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [t('We decide to review progress.')] },
    { type: 'paragraph', attrs: { id: 'p2', kind: 'op', status }, content: [t('We call for action by:')] },
    { type: 'subparagraph', attrs: { id: 's1', level: 1 }, content: [t('Governments;')] },
    { type: 'subparagraph', attrs: { id: 's2', level: 1 }, content: [t('Civil society.')] },
    {
      type: 'paragraph',
      attrs: { id: 'p3', kind: 'op' },
      content: [
        t('We extend the IGF mandate for another '),
        { type: 'bracketGroup', attrs: { id: 'g3' }, content: [
          { ...alt(t('five')), attrs: { id: 'a-five', proposer: null } },
          { ...alt(t('ten')), attrs: { id: 'a-ten', proposer: 'eu', supporters: ['celac'], objectors: ['russia'] } },
        ] },
        t(' years.'),
      ],
    },
  ]);

function apply(op: ProposalOperation, delegation: string | null, start: PMNode = doc()) {
  const result = applyProposal(EditorState.create({ doc: start }), op, delegation);
  if (!result.ok) return { error: result.error, doc: start };
  return { error: null, doc: EditorState.create({ doc: start }).apply(result.tr).doc };
}
/** Each block as `label. text` (literal brackets), in order. */
const outline = (d: PMNode) => labelBlocks(d).map(({ node, label }) => `${label ?? '-'}. ${renderInlineLiteral(node)}`);
const altWithText = (d: PMNode, text: string): PMNode => {
  let found: PMNode | null = null;
  d.descendants((n) => void (n.type.name === 'bracketAlt' && n.textContent === text && (found = n)));
  if (!found) throw new Error(`no alternative ${text}`);
  return found;
};

describe('a new paragraph after a given one', () => {
  it('goes after the paragraph and its subparagraphs, wholly in brackets, attributed, and takes the next number', () => {
    const { error, doc: after } = apply({ type: 'propose-paragraph', afterBlockId: 'p2', text: 'We invite the private sector to contribute.' }, 'g77');
    expect(error).toBeNull();
    expect(outline(after).slice(1)).toEqual([
      '1. We decide to review progress.',
      '2. We call for action by:',
      '(a). Governments;',
      '(b). Civil society.',
      '3. [We invite the private sector to contribute.]',
      '4. We extend the IGF mandate for another [five] [ten] years.',
    ]);
    const added = after.child(6); // front, heading, 1, 2, (a), (b), the new one
    expect(added.attrs).toMatchObject({ kind: 'op', status: 'negotiating' });
    expect(added.attrs.id).toMatch(/^p/);
    expect(altAttrs(added.child(0).child(0)).proposer).toBe('g77');
  });

  it('after a heading, comes first under it; after a subparagraph, is a subparagraph', () => {
    const first = apply({ type: 'propose-paragraph', afterBlockId: 'h1', text: 'Recalling its resolution 70/125.' }, 'eu').doc;
    expect(outline(first)[1]).toBe('1. [Recalling its resolution 70/125.]');
    const sub = apply({ type: 'propose-paragraph', afterBlockId: 's1', text: 'Parliaments;' }, 'eu').doc;
    expect(outline(sub).slice(3, 6)).toEqual(['(a). Governments;', '(b). [Parliaments;]', '(c). Civil society.']);
  });

  it('is removed with its only alternative when the proposer withdraws it', () => {
    const proposed = apply({ type: 'propose-paragraph', afterBlockId: 'p1', text: 'New text.' }, 'g77').doc;
    const altId = altAttrs(altWithText(proposed, 'New text.')).id!;
    expect(apply({ type: 'withdraw', altId }, 'eu', proposed).error).toMatch(/only the delegation that proposed/);
    const { doc: back } = apply({ type: 'withdraw', altId }, 'g77', proposed);
    expect(outline(back)).toEqual(outline(doc()));
  });

  it('is refused for an unknown block, an empty text or text with brackets', () => {
    expect(apply({ type: 'propose-paragraph', afterBlockId: 'nope', text: 'x' }, 'eu').error).toMatch(/no such paragraph/);
    expect(apply({ type: 'propose-paragraph', afterBlockId: 'p1', text: ' ' }, 'eu').error).toMatch(/empty/);
    expect(apply({ type: 'propose-paragraph', afterBlockId: 'p1', text: '[a] [b]' }, 'eu').error).toMatch(/square brackets/);
  });
});

describe('a whole-paragraph alternative (12 Alt)', () => {
  it('follows paragraph 2 and its subparagraphs as "2 Alt"; the next paragraph keeps its number', () => {
    const { error, doc: after } = apply({ type: 'propose-paragraph-alternative', blockId: 'p2', text: 'We call on all stakeholders to act.' }, 'celac');
    expect(error).toBeNull();
    expect(outline(after).slice(2)).toEqual([
      '2. We call for action by:',
      '(a). Governments;',
      '(b). Civil society.',
      '2 Alt. [We call on all stakeholders to act.]',
      '3. We extend the IGF mandate for another [five] [ten] years.',
    ]);
  });

  it('a second alternative is "2 Alt 2", after the first', () => {
    const one = apply({ type: 'propose-paragraph-alternative', blockId: 'p2', text: 'First.' }, 'celac').doc;
    const two = apply({ type: 'propose-paragraph-alternative', blockId: 'p2', text: 'Second.' }, 'eu', one).doc;
    expect(outline(two).slice(5, 8)).toEqual(['2 Alt. [First.]', '2 Alt 2. [Second.]', '3. We extend the IGF mandate for another [five] [ten] years.']);
  });

  it('is refused for an agreed paragraph, an unnumbered block and an alternative itself', () => {
    expect(apply({ type: 'propose-paragraph-alternative', blockId: 'p2', text: 'x' }, 'eu', doc('agreed')).error).toMatch(/Paragraph 2 is agreed/);
    expect(apply({ type: 'propose-paragraph-alternative', blockId: 's1', text: 'x' }, 'eu').error).toMatch(/no such paragraph/);
    const one = apply({ type: 'propose-paragraph-alternative', blockId: 'p2', text: 'First.' }, 'celac').doc;
    const altBlock = one.child(6);
    expect(altBlock.attrs.label).toBe('2 Alt');
    expect(apply({ type: 'propose-paragraph-alternative', blockId: altBlock.attrs.id, text: 'x' }, 'eu', one).error).toMatch(/alternative to paragraph 2 itself/);
  });

  it('prints "2 Alt." in the exports', async () => {
    const one = apply({ type: 'propose-paragraph-alternative', blockId: 'p2', text: 'We call on all stakeholders to act.' }, 'celac').doc;
    expect(String((await exportFile(one, { format: 'text' })).body)).toContain('2 Alt. [We call on all stakeholders to act.]');
  });
});

describe('co-sponsors and positions', () => {
  it("a delegation joins another's proposal as co-sponsor; one position per delegation", () => {
    let d = apply({ type: 'position', altId: 'a-ten', position: 'cosponsor' }, 'celac').doc;
    expect(altAttrs(altWithText(d, 'ten'))).toMatchObject({ proposer: 'eu', cosponsors: ['celac'], supporters: [], objectors: ['russia'] });
    d = apply({ type: 'position', altId: 'a-ten', position: 'object' }, 'celac', d).doc;
    expect(altAttrs(altWithText(d, 'ten'))).toMatchObject({ cosponsors: [], objectors: ['russia', 'celac'] });
  });

  it('is refused on its own proposal and on the pen-holders\' text', () => {
    expect(apply({ type: 'position', altId: 'a-ten', position: 'cosponsor' }, 'eu').error).toMatch(/your own proposal/);
    expect(apply({ type: 'position', altId: 'a-five', position: 'cosponsor' }, 'celac').error).toMatch(/only a delegation's proposal can be co-sponsored/);
  });

  it('amending clears every position taken on the old wording', () => {
    let d = apply({ type: 'position', altId: 'a-ten', position: 'cosponsor' }, 'g77').doc;
    d = apply({ type: 'amend', altId: 'a-ten', text: 'twelve' }, 'eu', d).doc;
    expect(altAttrs(altWithText(d, 'twelve'))).toMatchObject({ proposer: 'eu', cosponsors: [], supporters: [], objectors: [] });
  });

  it('co-sponsors print with the proposer in the compilation text', async () => {
    const d = apply({ type: 'position', altId: 'a-ten', position: 'cosponsor' }, 'g77').doc;
    const text = String((await exportFile(d, { format: 'text', kind: 'compilation' })).body);
    expect(text).toContain('[ten]{eu, g77, celac; opposed: russia}');
    expect(text).toContain('Paragraph 3: [five]; [ten] (eu, g77)\n  Proposed by: eu, g77\n');
  });
});
