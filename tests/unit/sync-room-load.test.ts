// Loading a room (server/src/sync/room.ts Room.load) from the log: the snapshot, then every update
// of the tail. A tail can be long: a process killed before it compacted leaves a day of typing
// uncompacted, one update per keystroke. Loading costs time in proportion to the tail (the updates
// are applied one by one in one transaction; merging them first with Y.mergeUpdates is quadratic
// and took minutes for 50,000 updates, with the event loop blocked and every connection waiting).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import { Room } from '../../server/src/sync/room.ts';
import { DOCUMENT_FIELD } from '../../shared/src/collab/ydoc.ts';

const OPTIONS = { compactEvery: 1_000_000, presenceBatchMs: 0, presenceHeartbeatBatchMs: 0 };

describe('Room.load', () => {
  let room: Room | undefined;
  afterEach(() => room?.destroy());

  it('loads a long uncompacted tail, one stored update per keystroke, to the same document the updates make', async () => {
    const store = new MemoryStore();
    const writer = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'p1');
    p.insert(0, [new Y.XmlText('We welcome the report.')]);
    writer.getXmlFragment(DOCUMENT_FIELD).insert(0, [p]);
    await store.createNegotiation({
      negotiation: { id: 'n1', title: 'Test' },
      delegations: [],
      documents: [{ id: 'd1', title: 'Draft', numberingStyle: 'outcome', initialUpdate: Y.encodeStateAsUpdate(writer), origin: 'import' }],
    });
    // 20,000 keystrokes, each its own stored update (Y.mergeUpdates of as many took over 30 s).
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    const text = p.firstChild as Y.XmlText;
    for (let i = 0; i < 20_000; i++) text.insert(3 + (i % 7), String.fromCharCode(97 + (i % 26)));
    await store.appendUpdates('d1', updates.map((update) => ({ update, origin: 'alice', attribution: null })));

    room = await Room.load('d1', store, OPTIONS);

    expect((room.doc.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement).toString()).toBe(p.toString());
    expect(Y.encodeStateVector(room.doc)).toSatisfy((sv: Uint8Array) => {
      const server = Y.decodeStateVector(sv);
      return server.get(writer.clientID) === Y.getState(writer.store, writer.clientID);
    });
    // How long it takes is a benchmark figure, not a test (`npm run bench -- --only sync`, "cold room",
    // with a target that a quadratic read of the log misses).
  }, 60_000);
});
