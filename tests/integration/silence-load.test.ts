// A room settles the silence procedures whose deadline passed while it was closed, when it loads
// (Rooms.open), before anyone reads it: in-process, with the real store and rooms, no poll running.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import { Rooms } from '../../server/src/sync/rooms.ts';
import { applySilenceOperation, proceduresOf } from '../../server/src/sync/silence.ts';
import { makeDataDir, seedNegotiation } from '../helpers/server.ts';

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id, kind: 'op' }, content: [{ type: 'text', text }] });
const statusOf = (doc: Y.Doc, id: string) =>
  (doc.getXmlFragment('default').toArray() as Y.XmlElement[]).find((b) => b.getAttribute('id') === id)?.getAttribute('status');

describe('settling on load', () => {
  it('agrees the unbroken paragraphs of an expired procedure when the room loads', async () => {
    const dataDir = makeDataDir();
    const { documentId, negotiationId } = await seedNegotiation(dataDir, { id: 'load', content: [para('p1', 'One.'), para('p2', 'Two.')] });
    const store = new SqliteStore(dataDir);
    const options = { compactEvery: 100, unloadDelayMs: 10, presenceBatchMs: 50, presenceHeartbeatBatchMs: 1000 };
    try {
      const cofac = (await store.listParticipants(negotiationId)).find((p) => p.role === 'cofacilitator')!;
      const first = new Rooms(store, options);
      const deadline = new Date(Date.now() + 300);
      const opened = await first.using(documentId, async (room) =>
        (await applySilenceOperation(room, store, cofac, { type: 'open', scope: { kind: 'paragraphs', blockIds: ['p1', 'p2'] }, deadline: deadline.toISOString() }, new Date())),
      );
      expect(opened?.ok).toBe(true);
      await first.closeAll();
      await new Promise((r) => setTimeout(r, 400));

      const second = new Rooms(store, options);
      const room = (await second.open(documentId))!;
      expect(statusOf(room.doc, 'p1')).toBe('agreed');
      expect(statusOf(room.doc, 'p2')).toBe('agreed');
      expect(proceduresOf(room.doc).map((p) => [p.state, p.agreed])).toEqual([['settled', ['p1', 'p2']]]);
      const entry = (await store.history(documentId, { limit: 1 }))[0]!;
      expect(entry.participant.id).toBe(cofac.id);
      expect(entry.participant.name).toBe(`Penholder (silence procedure, for ${cofac.name})`);
      // the index no longer lists the document
      expect(JSON.parse((await store.getSetting('silence.deadlines')) ?? '{}')).toEqual({});
      await second.closeAll();
    } finally {
      await store.close();
    }
  });
});
