// Presence is not relayed blindly: a connection speaks only for the awareness client id it owns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
  connectProvider,
  rawClient,
  seededDataDir,
  startServerProcess,
  waitUntil,
  type ServerProcess,
} from '../helpers/server.ts';

let server: ServerProcess;
let documentId: string;

beforeAll(async () => {
  const seeded = await seededDataDir();
  documentId = seeded.documentId;
  server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' } });
});

afterAll(async () => {
  await server?.stop('SIGKILL');
});

function awarenessFrame(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

describe('awareness', () => {
  it('a client cannot set or delete the awareness state of another client id', async () => {
    const alice = connectProvider(server, documentId);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const bob = connectProvider(server, documentId);
    await Promise.all([alice.synced, bob.synced]);
    const aliceId = alice.doc.clientID;
    const nameSeenByBob = (id: number) => (bob.provider.awareness.getStates().get(id) as any)?.user?.name;
    await waitUntil(() => nameSeenByBob(aliceId) === 'Alice', 5_000, 'bob to see Alice');

    const mallory = rawClient(server, documentId);
    await mallory.opened;
    const malloryId = 987654321;
    // First announcement claims an id someone else owns: ignored, and claims nothing.
    mallory.send(awarenessFrame([[aliceId, 1000, { user: { name: 'Mallory as Alice' } }]]));
    // Its own id: accepted.
    mallory.send(awarenessFrame([[malloryId, 1, { user: { name: 'Mallory' } }]]));
    // Deleting Alice, alone or next to its own entry: ignored.
    mallory.send(awarenessFrame([[aliceId, 2000, null]]));
    mallory.send(awarenessFrame([[malloryId, 2, { user: { name: 'Mallory 2' } }], [aliceId, 3000, { user: { name: 'forged' } }]]));

    await waitUntil(() => nameSeenByBob(malloryId) === 'Mallory 2', 5_000, 'bob to see Mallory');
    expect(nameSeenByBob(aliceId)).toBe('Alice');
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);

    // Alice still controls her own state.
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice (chair)' });
    await waitUntil(() => nameSeenByBob(aliceId) === 'Alice (chair)', 5_000, 'bob to see Alice rename');

    // A late joiner gets both states from the server, not a forged one.
    const carol = connectProvider(server, documentId);
    await carol.synced;
    await waitUntil(() => carol.provider.awareness.getStates().has(malloryId), 5_000, 'carol to see presence');
    expect((carol.provider.awareness.getStates().get(aliceId) as any)?.user?.name).toBe('Alice (chair)');

    // Leaving removes only the leaver's state.
    mallory.ws.close();
    await waitUntil(() => !bob.provider.awareness.getStates().has(malloryId), 5_000, 'Mallory to disappear');
    expect(nameSeenByBob(aliceId)).toBe('Alice (chair)');

    alice.destroy();
    await waitUntil(() => !bob.provider.awareness.getStates().has(aliceId), 5_000, 'Alice to disappear');
    bob.destroy();
    carol.destroy();
  });

  it('the stock provider re-sending peers\' states does not echo them around', async () => {
    const a = connectProvider(server, documentId);
    const b = connectProvider(server, documentId);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField('user', { name: 'A' });
    await waitUntil(() => b.provider.awareness.getStates().has(a.doc.clientID), 5_000, 'b to see a');
    // Count awareness frames a receives over a quiet period: b re-sends a's state to the server,
    // which must not bounce it back to a.
    let frames = 0;
    const ws = a.provider.ws as any;
    ws.addEventListener('message', (ev: { data: ArrayBuffer }) => new Uint8Array(ev.data)[0] === 1 && frames++);
    a.provider.awareness.setLocalStateField('user', { name: 'A2' });
    await waitUntil(() => (b.provider.awareness.getStates().get(a.doc.clientID) as any)?.user?.name === 'A2');
    await new Promise((r) => setTimeout(r, 200));
    expect(frames).toBe(0);
    a.destroy();
    b.destroy();
  });
});
