// The proposals panel's list is a pure derivation over the document: every open bracket group, in
// reading order, with its section and paragraph label, its proposers, positions as counts, and what a
// proposed deletion would delete; filters by delegation, section and state.
import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { JSONContent } from '@tiptap/core';
import {
  alternativeInWords,
  countBracketGroups,
  deletedText,
  filterBracketGroups,
  listBracketGroups,
  positionCounts,
  sectionsWithGroups,
} from '../../shared/src/proposals/listing.ts';
import { applyProposal, type ProposalOperation } from '../../shared/src/proposals/operations.ts';
import { heading, makeDoc, t } from '../helpers/docs.ts';

const a = (id: string, text: string, proposer: string | null = null, supporters: string[] = [], objectors: string[] = []): JSONContent => ({
  type: 'bracketAlt',
  attrs: { id, proposer, supporters, objectors },
  content: text ? [t(text)] : [],
});
const g = (id: string, ...alts: JSONContent[]): JSONContent => ({ type: 'bracketGroup', attrs: { id }, content: alts });
const p = (id: string, ...content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { id, kind: 'op' }, content });

const doc = () =>
  makeDoc([
    p('p1', t('We agree to hold a '), g('g1', a('a1', 'World Summit'), a('a2', 'High Level Meeting', 'g77', ['celac', 'aosis'], ['usa'])), t(' in 2025.')),
    heading('Follow-up'),
    p('p2', t('We extend the mandate for another '), g('g37', a('five', 'five', 'eu', ['japan', 'norway', 'canada']), a('ten', 'ten', 'g77', [], ['eu']), a('fifteen', 'fifteen', 'celac')), t(' years.')),
    p('p3', t('Member States '), g('g3', { ...a('s', 'shall '), content: [t('shall '), { type: 'bracketGroup', content: [a('x', 'x')] }] }, a('s2', 'should')), t(' act.')),
    heading('Financing'),
    p('p4', t('No brackets here.')),
    p('p5', t('We invite '), g('g5', a('d1', 'all'), a('d2', '', 'usa')), t(' stakeholders.')),
  ]);

describe('listBracketGroups', () => {
  const groups = listBracketGroups(doc());

  it('lists every group in reading order with its paragraph label and section', () => {
    expect(groups.map((x) => [x.id, x.label, x.section?.title ?? null])).toEqual([
      ['g1', '1', null],
      ['g37', '2', 'Follow-up'],
      ['g3', '3', 'Follow-up'],
      [null, '3', 'Follow-up'], // the nested [x], imported without an id
      ['g5', '5', 'Financing'],
    ]);
    expect(groups.map((x) => x.depth)).toEqual([0, 0, 0, 1, 0]);
    expect(groups[0].blockId).toBe('p1');
  });

  it('names the proposers and the positions of each alternative', () => {
    const g37 = groups[1];
    expect(g37.proposers).toEqual(['eu', 'g77', 'celac']);
    expect(g37.alternatives.map((x) => [x.text, positionCounts(x)])).toEqual([
      ['five', '+3'],
      ['ten', '−1'],
      ['fifteen', ''],
    ]);
    expect(positionCounts(groups[0].alternatives[1])).toBe('+2 −1');
    expect(alternativeInWords(groups[0].alternatives[1], (id) => id.toUpperCase())).toBe(
      'Proposed by G77; supported by CELAC, AOSIS; objected to by USA.',
    );
  });

  it('reads a state from the alternatives: open, proposed, contested', () => {
    expect(groups.map((x) => x.state)).toEqual(['contested', 'contested', 'open', 'open', 'proposed']);
  });

  it('points at the group node, so the editor can scroll to it', () => {
    const d = doc();
    for (const x of groups) expect(d.nodeAt(x.pos)?.type.name).toBe('bracketGroup');
    expect(d.nodeAt(groups[3].pos)?.textContent).toBe('x');
  });

  it('says what a proposed deletion would delete', () => {
    const g5 = groups[4];
    expect(g5.alternatives.map((x) => x.deletes)).toEqual([null, 'all']);
    expect(alternativeInWords(g5.alternatives[1], (id) => id)).toBe('Proposed by usa (deletion of “all”).');
  });

  it('follows the document: a proposal made through an operation appears at once', () => {
    const state = EditorState.create({ doc: doc() });
    const op: ProposalOperation = { type: 'propose-deletion', blockId: 'p4', from: 3, to: 11, expected: 'brackets' };
    const result = applyProposal(state, op, 'brazil');
    if (!result.ok) throw new Error(result.error);
    const after = listBracketGroups(state.apply(result.tr).doc);
    const added = after.find((x) => x.blockId === 'p4')!;
    expect(added.label).toBe('4');
    expect(added.section?.title).toBe('Financing');
    expect(added.alternatives.map((x) => [x.text, x.proposer, x.deletes])).toEqual([
      ['brackets', null, null],
      ['', 'brazil', 'brackets'],
    ]);
  });
});

describe('deriving again after a change', () => {
  it('reuses what it found in blocks that did not change, and sees the change in the one that did', () => {
    const before = doc();
    const first = listBracketGroups(before);
    const state = EditorState.create({ doc: before });
    const result = applyProposal(state, { type: 'position', altId: 'fifteen', position: 'object' }, 'usa');
    if (!result.ok) throw new Error(result.error);
    const second = listBracketGroups(state.apply(result.tr).doc);
    expect(second[0].alternatives).toBe(first[0].alternatives); // paragraph 1, untouched
    expect(second[1].alternatives).not.toBe(first[1].alternatives);
    expect(second[1].alternatives[2].objectors).toEqual(['usa']);
    expect(first[1].alternatives[2].objectors).toEqual([]);
  });

  it('takes the labels an editor already keeps', () => {
    expect(listBracketGroups(doc(), (pos) => `@${pos}`).map((g) => g.label)).toEqual(listBracketGroups(doc()).map((g) => `@${g.blockPos}`));
  });
});

describe('deletedText', () => {
  const groupOf = (json: JSONContent): PMNode => makeDoc([p('p', json)]).child(1).child(0);
  it('is empty for a lone empty alternative, and for a non-empty one', () => {
    expect(deletedText(groupOf(g('g', a('x', ''))), 0)).toBeNull();
    expect(deletedText(groupOf(g('g', a('x', 'word'), a('y', '', 'eu'))), 0)).toBeNull();
  });
  it('names the original text, not another delegation’s alternative', () => {
    expect(deletedText(groupOf(g('g', a('x', 'ten', 'g77'), a('y', '', 'eu'))), 1)).toBeNull();
    expect(deletedText(groupOf(g('g', a('x', 'ten', 'g77'), a('o', 'five'), a('y', '', 'eu'))), 2)).toBe('five');
  });
});

describe('filters and counts', () => {
  const groups = listBracketGroups(doc());
  const ids = (list: typeof groups) => list.map((x) => x.id);

  it('by delegation: groups where it proposed, supported or objected', () => {
    expect(ids(filterBracketGroups(groups, { delegation: 'eu' }))).toEqual(['g37']);
    expect(ids(filterBracketGroups(groups, { delegation: 'usa' }))).toEqual(['g1', 'g5']);
    expect(ids(filterBracketGroups(groups, { delegation: 'japan' }))).toEqual(['g37']);
  });

  it('by section (the key of its heading, "" before the first) and by state', () => {
    const sections = sectionsWithGroups(groups);
    expect(sections.map((s) => s.title)).toEqual(['Follow-up', 'Financing']);
    expect(ids(filterBracketGroups(groups, { section: sections[1].key }))).toEqual(['g5']);
    expect(ids(filterBracketGroups(groups, { section: '' }))).toEqual(['g1']);
    expect(ids(filterBracketGroups(groups, { state: 'open' }))).toEqual(['g3', null]);
    expect(ids(filterBracketGroups(groups, { state: 'contested', delegation: 'usa' }))).toEqual(['g1']);
  });

  it('counts groups, proposals and each delegation’s positions', () => {
    const counts = countBracketGroups(groups);
    expect(counts.groups).toBe(5);
    expect(counts.proposals).toBe(5);
    expect(counts.byState).toEqual({ open: 2, proposed: 1, contested: 2 });
    expect(counts.byDelegation.eu).toEqual({ proposed: 1, supported: 0, objected: 1 });
    expect(counts.byDelegation.usa).toEqual({ proposed: 1, supported: 0, objected: 1 });
  });
});
