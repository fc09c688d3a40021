// The overview's numbers (shared/src/consensus/overview.ts): per section statuses and open groups,
// each delegation's proposals from the recorded events, sampling of the groups-over-time series.
import { describe, it, expect } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { computeOverview, countOpenGroups, delegationActivity, samplePoints, sectionCounts } from '../../shared/src/consensus/overview.ts';
import type { HistoryEvent } from '../../shared/src/api/history.ts';
import { makeDoc, t } from '../helpers/docs.ts';

const p = (id: string, status: string, ...content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { id, kind: 'op', status }, content: content.length ? content : [t('Text.')] });
const h = (id: string, text: string, level = 1): JSONContent => ({ type: 'sectionHeading', attrs: { id, level, numbered: true }, content: [t(text)] });
const grp = (id: string, ...alts: [string, string | null][]): JSONContent => ({
  type: 'bracketGroup',
  attrs: { id },
  content: alts.map(([text, proposer], i) => ({ type: 'bracketAlt', attrs: { id: `${id}-${i}`, proposer }, content: text ? [t(text)] : [] })),
});

const doc = () =>
  makeDoc([
    p('p0', 'agreed'),
    h('s1', 'Vision'),
    p('p1', 'agreed'),
    p('p2', 'adref'),
    p('p3', 'negotiating', t('for '), grp('g1', ['five', null], ['ten', 'eu']), t(' and '), grp('g2', ['', 'g77'])),
    h('s1a', 'Sub', 2),
    p('p4', 'negotiating'),
    h('s2', 'Follow-up'),
    { type: 'subparagraph', attrs: { id: 'sp1', status: 'agreed' }, content: [t('(a) text')] },
    p('p5', 'negotiating', grp('g3', ['x', 'eu'], ['y', 'eu'])),
  ]);

describe('overview: sections', () => {
  it('counts agreed, ad ref and open paragraphs and open groups per top-level section, subsections included', () => {
    expect(sectionCounts(doc())).toEqual([
      { id: null, title: 'Before the first section', agreed: 1, adref: 0, open: 0, groups: 0 },
      { id: 's1', title: '1 Vision', agreed: 1, adref: 1, open: 2, groups: 2 },
      { id: 's2', title: '2 Follow-up', agreed: 1, adref: 0, open: 1, groups: 1 },
    ]);
    expect(countOpenGroups(doc())).toBe(3);
  });
});

describe('overview: delegations', () => {
  const delegations = [
    { id: 'eu', name: 'European Union' },
    { id: 'g77', name: 'Group of 77 and China' },
    { id: 'aosis', name: 'AOSIS' },
  ];
  const proposal = (op: string): HistoryEvent => ({ kind: 'proposal', op, blockId: null });
  const resolved = (proposer: string | null): HistoryEvent => ({
    kind: 'group-resolved',
    blockId: 'p3',
    groupId: 'gx',
    chosen: { text: 'ten', proposer },
    dropped: [{ text: 'five', proposer: null }],
    offset: 0,
    keptSize: 3,
    group: {},
  });

  it('counts proposals made, open now, accepted and withdrawn; an undone acceptance does not count', () => {
    const history = [
      { seq: 1, delegationId: 'eu', events: [proposal('propose-replacement')] },
      { seq: 2, delegationId: 'eu', events: [proposal('propose-alternative')] },
      { seq: 3, delegationId: 'eu', events: [proposal('position')] },
      { seq: 4, delegationId: 'g77', events: [proposal('propose-deletion')] },
      { seq: 5, delegationId: 'g77', events: [proposal('propose-insertion')] },
      { seq: 6, delegationId: 'g77', events: [proposal('withdraw')] },
      { seq: 7, delegationId: null, events: [resolved('eu')] },
      { seq: 8, delegationId: null, events: [resolved('g77')] },
      { seq: 9, delegationId: null, events: [{ kind: 'group-restored', blockId: 'p3', groupId: 'gx', undoneSeq: 8 } as HistoryEvent] },
      { seq: 10, delegationId: null, events: [resolved(null)] },
    ];
    expect(delegationActivity(doc(), delegations, history)).toEqual([
      { id: 'eu', name: 'European Union', made: 2, open: 3, accepted: 1, withdrawn: 0 },
      { id: 'g77', name: 'Group of 77 and China', made: 2, open: 1, accepted: 0, withdrawn: 1 },
      { id: 'aosis', name: 'AOSIS', made: 0, open: 0, accepted: 0, withdrawn: 0 },
    ]);
  });
});

describe('overview: groups over time', () => {
  it('samples at most max points, evenly, ending at the last update', () => {
    expect(samplePoints(0, 3, 10)).toEqual([1, 2, 3]);
    expect(samplePoints(0, 100, 4)).toEqual([25, 50, 75, 100]);
    expect(samplePoints(10, 10, 4)).toEqual([]);
  });

  it('assembles totals and labels, keeping the labels procedures recorded for deleted paragraphs', () => {
    const o = computeOverview({
      doc: doc(),
      delegations: [],
      history: [],
      procedures: [
        {
          id: 's',
          scope: { kind: 'paragraphs', blockIds: ['gone'] },
          blockIds: ['gone'],
          labels: { gone: '9' },
          deadline: '2026-01-01T00:00:00.000Z',
          openedAt: '2025-12-31T00:00:00.000Z',
          openedBy: { participantId: 'u', name: 'Co-facilitator' },
          breaks: [],
          state: 'open',
          closedAt: null,
          agreed: [],
          notAgreed: [],
        },
      ],
      groupsOverTime: [{ seq: 1, at: '2026-01-01T00:00:00.000Z', groups: 3 }],
    });
    expect(o.totals).toEqual({ agreed: 3, adref: 1, open: 3, groups: 3 });
    expect(o.labels.p3).toBe('4');
    expect(o.labels.gone).toBe('9');
    expect(o.groupsOverTimeNote).toBeNull();
  });
});
