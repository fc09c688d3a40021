// Every accepted change is recorded with who made it (participant, role, delegation), when, and the
// top-level blocks it touched; GET /api/documents/:id/history reads it back, newest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import path from 'node:path';
import {
  blockTexts,
  getJSON,
  postJSON,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
  penHolderRoom,
  type PenHolderRoom,
} from '../helpers/server.ts';

const content = [
  { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'First paragraph.' }] },
  { type: 'paragraph', attrs: { id: 'p2', kind: 'op' }, content: [{ type: 'text', text: 'Second paragraph.' }] },
];

let server: ServerProcess;
let documentId: string;
let alice: ProviderClient; // co-facilitator
let bob: ProviderClient; // secretariat

let room: PenHolderRoom;

beforeAll(async () => {
  room = await penHolderRoom(content);
  ({ server, documentId, alice, bob } = room);
});

afterAll(async () => {
  await room?.close();
});

const blocks = (doc: Y.Doc) => doc.getXmlFragment('default').toArray() as Y.XmlElement[];
const byId = (doc: Y.Doc, id: string) => blocks(doc).find((b) => b.getAttribute('id') === id)!;
const history = async (query = '', token = server.tokens.observer) =>
  (await getJSON(server, `/api/documents/${documentId}/history${query}`, token)).body as {
    seq: number;
    at: string;
    participant: { id: string; name: string; role: string; delegation: { id: string; name: string } | null };
    blocks: string[];
  }[];

describe('history', () => {
  it('records who changed which block, newest first, readable by every participant', async () => {
    const start = Date.now();
    // 1. The co-facilitator types in p1.
    (byId(alice.doc, 'p1').get(0) as Y.XmlText).insert(0, 'Edited: ');
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Edited: First paragraph.'), 5_000, 'p1 edit to reach bob');
    // 2. The secretariat adds p3.
    bob.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', 'p3');
      p.setAttribute('kind', 'op');
      p.insert(0, [new Y.XmlText('Third paragraph.')]);
      bob.doc.getXmlFragment('default').push([p]);
    });
    await waitUntil(async () => (await blockTexts(alice.doc)).includes('Third paragraph.'), 5_000, 'p3 to reach alice');
    // 3. The EU proposes a deletion in p2, through the operations endpoint.
    const op = { type: 'propose-deletion', blockId: 'p2', from: 0, to: 6, expected: 'Second' };
    expect((await postJSON(server, `/api/documents/${documentId}/operations`, op, server.tokens.delegation)).status).toBe(200);
    await waitUntil(() => byId(alice.doc, 'p2').length > 1, 5_000, 'the proposal to reach alice');
    // 4. The co-facilitator sets p1's status.
    byId(alice.doc, 'p1').setAttribute('status', 'agreed');
    await waitUntil(() => byId(bob.doc, 'p1').getAttribute('status') === 'agreed', 5_000, 'status');

    const entries = await history();
    expect(entries).toHaveLength(4); // the import is not a participant's change
    const seqs = entries.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    for (const e of entries) {
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(start - 1000);
    }
    expect(entries.map((e) => [e.participant.role, e.participant.name, e.participant.delegation, e.blocks])).toEqual([
      ['cofacilitator', 'Co-facilitator', null, ['p1']],
      ['delegation', 'European Union', { id: 'eu', name: 'European Union' }, ['p2']],
      ['secretariat', 'Secretariat', null, ['p3']],
      ['cofacilitator', 'Co-facilitator', null, ['p1']],
    ]);
    const me = await getJSON(server, '/api/me', server.tokens.delegation);
    expect(entries[1]!.participant.id).toBe(me.body.participant.id);
  });

  it('filters by block and limits', async () => {
    expect((await history('?block=p1')).map((e) => e.blocks)).toEqual([['p1'], ['p1']]);
    expect((await history('?block=p2')).map((e) => e.participant.role)).toEqual(['delegation']);
    expect(await history('?block=nothing')).toEqual([]);
    expect(await history('?limit=1')).toHaveLength(1);
    expect((await getJSON(server, `/api/documents/${documentId}/history?limit=0`)).status).toBe(400);
    expect((await getJSON(server, `/api/documents/${documentId}/history?limit=lots`)).status).toBe(400);
    expect((await getJSON(server, '/api/documents/nope/history')).status).toBe(404);
  });

  it('a deleted block is recorded by its id; a change spanning blocks records each', async () => {
    const fragment = alice.doc.getXmlFragment('default');
    const index = blocks(alice.doc).findIndex((b) => b.getAttribute('id') === 'p3');
    alice.doc.transact(() => {
      fragment.delete(index, 1);
      // p1 was agreed above: reopened and edited in the same change
      byId(alice.doc, 'p1').setAttribute('status', 'negotiating');
      (byId(alice.doc, 'p1').get(0) as Y.XmlText).insert(0, 'Again: ');
    });
    await waitUntil(async () => !(await blockTexts(bob.doc)).includes('Third paragraph.'), 5_000, 'the deletion to reach bob');
    const [latest] = await history('?limit=1');
    expect(latest!.blocks.sort()).toEqual(['p1', 'p3']);
    expect((await history('?block=p3')).map((e) => e.participant.role)).toEqual(['cofacilitator', 'secretariat']);
  });

  it('is append-only in the database, with attribution columns on every participant update', async () => {
    const db = new Database(path.join(server.dataDir, 'penholder.sqlite'), { readonly: true });
    const rows = db
      .prepare('SELECT seq, participant_id AS p, role, delegation_id AS d, blocks, origin FROM updates WHERE document_id = ? ORDER BY seq')
      .all(documentId) as { seq: number; p: string | null; role: string | null; d: string | null; blocks: string | null; origin: string }[];
    db.close();
    expect(rows[0]).toMatchObject({ p: null, origin: 'test' }); // the import
    expect(rows.slice(1).every((r) => r.p && r.role && r.blocks)).toBe(true);
    expect(rows.filter((r) => r.d === 'eu')).toHaveLength(1);
  });
});
