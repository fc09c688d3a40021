// Labels that stay put once a revision is issued: frozen paragraph labels make an inserted paragraph
// `12 bis`, and issuing the next revision with renumbering turns `12 bis` into 13 and says so.
import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { labelBlocks, insertedAfter } from '../../shared/src/numbering/labels.ts';
import { planLabelFreeze } from '../../shared/src/revisions/labelFreeze.ts';
import { makeDoc, t } from '../helpers/docs.ts';

const p = (id: string, text: string, label: string | null = null): JSONContent => ({ type: 'paragraph', attrs: { id, kind: 'op', label }, content: [t(text)] });
const labels = (blocks: JSONContent[]) => labelBlocks(makeDoc(blocks)).filter((b) => b.node.type.name === 'paragraph').map((b) => b.label);

describe('labels after a freeze', () => {
  it('names inserted paragraphs bis, ter, quater after a frozen label, never a second 13', () => {
    expect(labels([p('a', 'A', '12'), p('b', 'B', '13')])).toEqual(['12', '13']);
    expect(labels([p('a', 'A', '12'), p('new', 'New'), p('b', 'B', '13')])).toEqual(['12', '12 bis', '13']);
    expect(labels([p('a', 'A', '12'), p('n1', 'N1'), p('n2', 'N2'), p('n3', 'N3'), p('b', 'B', '13')])).toEqual(['12', '12 bis', '12 ter', '12 quater', '13']);
    expect(insertedAfter('9bis')).toBe('9 ter');
    expect(insertedAfter('12 decies')).toBe('12 decies bis');
  });

  it('keeps numbering a document whose labels are not frozen (a new paragraph renumbers the rest)', () => {
    expect(labels([p('a', 'A'), p('new', 'New'), p('b', 'B')])).toEqual(['1', '2', '3']);
  });

  it('freezes every paragraph label as shown', () => {
    const doc = makeDoc([p('a', 'A'), p('b', 'B'), p('c', 'C')]);
    expect(planLabelFreeze(doc, { renumber: false })).toEqual({
      labels: [
        { index: 1, label: '1' },
        { index: 2, label: '2' },
        { index: 3, label: '3' },
      ],
      renumbered: [],
    });
  });

  it('renumbers when a revision is issued: 12 bis becomes 13, and the map says what moved', () => {
    const doc = makeDoc([p('a', 'A', '1'), p('n', 'N'), p('b', 'B', '2'), p('c', 'C', '3')]);
    expect(labels([p('a', 'A', '1'), p('n', 'N'), p('b', 'B', '2'), p('c', 'C', '3')])).toEqual(['1', '1 bis', '2', '3']);
    const plan = planLabelFreeze(doc, { renumber: true });
    expect(plan.labels.map((l) => l.label)).toEqual(['1', '2', '3', '4']);
    expect(plan.renumbered).toEqual([
      { from: '1 bis', to: '2' },
      { from: '2', to: '3' },
      { from: '3', to: '4' },
    ]);
  });
});
