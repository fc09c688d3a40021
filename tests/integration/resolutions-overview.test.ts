// Recorded resolutions and their undo, the history's before/after redline, fixing the numbering and
// the overview endpoint, through the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blockTexts, getJSON, postJSON, waitUntil, type PenHolderRoom, penHolderRoom } from '../helpers/server.ts';

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id, kind: 'op' }, content: [{ type: 'text', text }] });
const content = [
  { type: 'sectionHeading', attrs: { id: 's1', level: 1, numbered: true }, content: [{ type: 'text', text: 'Vision' }] },
  para('p1', 'We reaffirm the vision.'),
  {
    type: 'paragraph',
    attrs: { id: 'p2', kind: 'op' },
    content: [
      { type: 'text', text: 'Review in ' },
      {
        type: 'bracketGroup',
        attrs: { id: 'g1' },
        content: [
          { type: 'bracketAlt', attrs: { id: 'a1' }, content: [{ type: 'text', text: 'five' }] },
          { type: 'bracketAlt', attrs: { id: 'a2', proposer: 'eu' }, content: [{ type: 'text', text: 'ten' }] },
        ],
      },
      { type: 'text', text: ' years.' },
    ],
  },
  { type: 'sectionHeading', attrs: { id: 's2', level: 1, numbered: true }, content: [{ type: 'text', text: 'Follow-up' }] },
  para('p3', 'We decide to meet again.'),
];

let room: PenHolderRoom;
beforeAll(async () => {
  room = await penHolderRoom(content);
});
afterAll(async () => {
  await room?.close();
});
const api = (path: string) => `/api/documents/${room.documentId}${path}`;
const labelOf = (doc: Y.Doc, id: string) => (doc.getXmlFragment('default').toArray() as Y.XmlElement[]).find((b) => b.getAttribute('id') === id)?.getAttribute('label');

describe('a resolution is recorded and can be undone', () => {
  it('records who kept what and dropped what, shows the redline, and re-creates the group on undo', async () => {
    const { tokens } = room.server;
    // a delegation proposes (recorded as a proposal event), then cannot resolve
    const proposal = { type: 'propose-replacement', blockId: 'p1', from: 3, to: 11, expected: 'reaffirm', text: 'recall' };
    expect((await postJSON(room.server, api('/operations'), proposal, tokens.delegation)).status).toBe(200);
    expect((await postJSON(room.server, api('/resolutions'), { groupId: 'g1', keep: 1 }, tokens.delegation)).status).toBe(403);

    const resolved = await postJSON(room.server, api('/resolutions'), { groupId: 'g1', keep: 1 }, tokens.cofacilitator);
    expect(resolved.status).toBe(200);
    await waitUntil(async () => (await blockTexts(room.bob.doc)).includes('Review in ten years.'), 5_000, 'the resolution to reach the secretariat');

    const history = (await getJSON(room.server, api('/history?block=p2&changes=1'), tokens.observer)).body;
    const entry = history[0];
    expect(entry.participant.role).toBe('cofacilitator');
    expect(entry.events).toEqual([
      expect.objectContaining({ kind: 'group-resolved', chosen: { text: 'ten', proposer: 'eu' }, dropped: [{ text: 'five', proposer: null }] }),
    ]);
    expect(entry.changes).toEqual([
      {
        blockId: 'p2',
        before: 'Review in [five] [ten] years.',
        after: 'Review in ten years.',
        runs: [
          { change: 'same', text: 'Review in ' },
          { change: 'del', text: '[five] [' },
          { change: 'same', text: 'ten' },
          { change: 'del', text: ']' },
          { change: 'same', text: ' years.' },
        ],
      },
    ]);
    // without ?changes=1 no replay happens
    expect((await getJSON(room.server, api('/history?block=p2'), tokens.observer)).body[0].changes).toBeUndefined();

    expect((await postJSON(room.server, api(`/resolutions/${entry.seq}/undo`), { blockId: 'p2' }, tokens.observer)).status).toBe(403);
    const undone = await postJSON(room.server, api(`/resolutions/${entry.seq}/undo`), { blockId: 'p2' }, tokens.cofacilitator);
    expect(undone.status).toBe(200);
    await waitUntil(async () => (await blockTexts(room.bob.doc)).some((t) => /five/.test(t) && /ten/.test(t)), 5_000, 'the group to come back');
    const again = await postJSON(room.server, api(`/resolutions/${entry.seq}/undo`), { blockId: 'p2' }, tokens.cofacilitator);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('this group is in the text already');
    const latest = (await getJSON(room.server, api('/history?block=p2'), tokens.observer)).body[0];
    expect(latest.events).toEqual([{ kind: 'group-restored', blockId: 'p2', groupId: 'g1', undoneSeq: entry.seq }]);
  });
});

describe('fixing the numbering', () => {
  it('fixes the labels shown now, for the secretariat and co-facilitators only', async () => {
    const { tokens } = room.server;
    expect((await postJSON(room.server, api('/numbering/fix'), {}, tokens.delegation)).status).toBe(403);
    const fixed = await postJSON(room.server, api('/numbering/fix'), {}, tokens.secretariat);
    expect(fixed.status).toBe(200);
    expect(fixed.body.labels).toBe(3);
    await waitUntil(() => labelOf(room.alice.doc, 'p3') === '3', 5_000, 'labels to reach the co-facilitator');
    expect((await postJSON(room.server, api('/numbering/fix'), {}, tokens.cofacilitator)).body.labels).toBe(0);
  });
});

describe('the overview endpoint', () => {
  it('gives every role the sections, groups over time, delegations and silence', async () => {
    const res = await getJSON(room.server, api('/overview'), room.server.tokens.observer);
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.sections).toEqual([
      { id: 's1', title: '1 Vision', agreed: 0, adref: 0, open: 2, groups: 2 },
      { id: 's2', title: '2 Follow-up', agreed: 0, adref: 0, open: 1, groups: 0 },
    ]);
    expect(o.totals).toEqual({ agreed: 0, adref: 0, open: 3, groups: 2 });
    // import (1 group), proposal (2), resolution (1), undo (2), numbering (2)
    expect(o.groupsOverTime.map((p: { groups: number }) => p.groups)).toEqual([1, 2, 1, 2, 2]);
    expect(o.delegations).toEqual([
      { id: 'eu', name: 'European Union', made: 1, open: 2, accepted: 0, withdrawn: 0 },
      { id: 'g77', name: 'Group of 77 and China', made: 0, open: 0, accepted: 0, withdrawn: 0 },
    ]);
    expect(o.silence).toEqual([]);
  });
});
