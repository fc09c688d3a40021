// A room shutting down (server/src/sync/room.ts Room.shutdown: a graceful stop, or an unload after the
// last connection left) writes a last snapshot, then closes its connections. A store writes
// asynchronously (SQLite's writes run on a thread of their own, PostgreSQL is a round trip), so
// frames keep arriving while the room waits for the edits being stored and writes that snapshot. The
// room ignores them from the moment it starts shutting down: nothing is stored after the snapshot (it
// covers the whole log), nothing is relayed that the snapshot lacks, and the sender, closed with the
// shutdown's code, resends what it holds to the next server (a provider's sync step on reconnect).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import { Room } from '../../server/src/sync/room.ts';
import { syncFrame } from '../helpers/server.ts';
import { fakeClient, firstParagraphText, participant, servedRoom, syncUpdates, type ServedRoom } from './sync-helpers.ts';

const SYNC_UPDATE = 2;

/** A memory store whose appends wait, while `holding`, until released (as a slow disk or a round trip would). */
class HeldAppends extends MemoryStore {
  holding = false;
  private held: (() => void)[] = [];
  override async appendUpdates(...args: Parameters<MemoryStore['appendUpdates']>): ReturnType<MemoryStore['appendUpdates']> {
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    return super.appendUpdates(...args);
  }
  get waiting(): number {
    return this.held.length;
  }
  release(): void {
    this.holding = false;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

const alice = participant('alice');
const bob = participant('bob');
let served: ServedRoom | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('a room shutting down', () => {
  it('ignores what arrives once it began: the last snapshot covers the whole log, edits being stored included', async () => {
    served = await servedRoom('We welcome the report.', [alice, bob]);
    // The same document in a store whose appends can be held.
    const store = new HeldAppends();
    await store.createNegotiation({
      negotiation: { id: 'n1', title: 'Test' },
      delegations: [],
      documents: [{ id: 'd1', title: 'Draft', numberingStyle: 'outcome', initialUpdate: Y.encodeStateAsUpdate(served.room.doc), origin: 'import' }],
    });
    for (const [i, { delegation: _, ...record }] of [alice, bob].entries()) await store.createParticipant(record, `hash-${i}`);
    const room = await Room.load('d1', store, { compactEvery: 1_000_000, presenceBatchMs: 0, presenceHeartbeatBatchMs: 0 });
    const writer = fakeClient(alice, 'd1');
    const reader = fakeClient(bob, 'd1');
    room.join(writer.conn);
    room.join(reader.conn);

    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
    const typed = () => {
      const before = Y.encodeStateVector(doc);
      firstParagraphText(doc).insert(0, 'Indeed, ');
      return syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(doc, before));
    };
    room.receive(writer.conn, typed());
    expect(await room.whenDurable()).toBe(true);
    expect(await store.countUpdates('d1')).toBe(2); // the import, then the edit
    const relayedBefore = syncUpdates(reader).length;
    expect(relayedBefore).toBeGreaterThan(0);

    // An edit is being stored when the stop begins; another arrives while the room waits for it.
    store.holding = true;
    room.receive(writer.conn, typed());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.waiting).toBe(1);
    const stopping = room.shutdown(1012, 'server restarting');
    room.receive(writer.conn, typed());
    await new Promise((resolve) => setTimeout(resolve, 10));
    store.release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 10));

    const state = await store.loadDocumentState('d1');
    expect(state.snapshotUpto).toBe(state.lastSeq);
    expect(state.tail).toEqual([]);
    const snapshot = new Y.Doc();
    Y.applyUpdate(snapshot, state.snapshot!);
    // The edit that was being stored is in the snapshot; the one that arrived during the stop is not.
    expect(firstParagraphText(snapshot).toString()).toBe('Indeed, Indeed, We welcome the report.');
    expect(await store.countUpdates('d1')).toBe(3);
    expect(syncUpdates(reader)).toHaveLength(relayedBefore + 1);
    expect(writer.closed).toEqual({ code: 1012, reason: 'server restarting' });
  });
});
