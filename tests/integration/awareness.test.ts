// Presence is not relayed blindly: a connection speaks only for the awareness client id it owns, and
// the identity shown (`user`) is always the server's, whatever the client put there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorFor } from '../../shared/src/access/colors.ts';
import {
  connectProvider,
  rawClient,
  seededDataDir,
  startServerProcess,
  waitUntil,
  type ServerProcess,
  awarenessFrame,
} from '../helpers/server.ts';

let server: ServerProcess;
let documentId: string;

beforeAll(async () => {
  const seeded = await seededDataDir();
  documentId = seeded.documentId;
  server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
});

afterAll(async () => {
  await server?.stop('SIGKILL');
});


describe('awareness', () => {
  it('a client cannot set or delete the awareness state of another client id', async () => {
    const alice = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
    alice.provider.awareness.setLocalStateField('note', 'Alice');
    const bob = connectProvider(server, documentId, { token: server.tokens.secretariat });
    await Promise.all([alice.synced, bob.synced]);
    const aliceId = alice.doc.clientID;
    const seenByBob = (id: number) => bob.provider.awareness.getStates().get(id) as any;
    const noteSeenByBob = (id: number) => seenByBob(id)?.note;
    await waitUntil(() => noteSeenByBob(aliceId) === 'Alice', 5_000, 'bob to see Alice');

    const mallory = rawClient(server, documentId, server.tokens.delegation);
    await mallory.opened;
    const malloryId = 987654321;
    // First announcement claims an id someone else owns: ignored, and claims nothing.
    mallory.send(awarenessFrame([[aliceId, 1000, { note: 'Mallory as Alice' }]]));
    // Its own id: accepted.
    mallory.send(awarenessFrame([[malloryId, 1, { note: 'Mallory' }]]));
    // Deleting Alice, alone or next to its own entry: ignored.
    mallory.send(awarenessFrame([[aliceId, 2000, null]]));
    mallory.send(awarenessFrame([[malloryId, 2, { note: 'Mallory 2' }], [aliceId, 3000, { note: 'forged' }]]));

    await waitUntil(() => noteSeenByBob(malloryId) === 'Mallory 2', 5_000, 'bob to see Mallory');
    expect(noteSeenByBob(aliceId)).toBe('Alice');
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);

    // Alice still controls her own state.
    alice.provider.awareness.setLocalStateField('note', 'Alice (chair)');
    await waitUntil(() => noteSeenByBob(aliceId) === 'Alice (chair)', 5_000, 'bob to see Alice rename');

    // A late joiner gets both states from the server, not a forged one.
    const carol = connectProvider(server, documentId);
    await carol.synced;
    await waitUntil(() => carol.provider.awareness.getStates().has(malloryId), 5_000, 'carol to see presence');
    expect((carol.provider.awareness.getStates().get(aliceId) as any)?.note).toBe('Alice (chair)');

    // Leaving removes only the leaver's state.
    mallory.ws.close();
    await waitUntil(() => !bob.provider.awareness.getStates().has(malloryId), 5_000, 'Mallory to disappear');
    expect(noteSeenByBob(aliceId)).toBe('Alice (chair)');

    alice.destroy();
    await waitUntil(() => !bob.provider.awareness.getStates().has(aliceId), 5_000, 'Alice to disappear');
    bob.destroy();
    carol.destroy();
  });

  it('a forged identity: others see the server\'s name and role, not the one the client sent', async () => {
    const watcher = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
    await watcher.synced;
    // A delegation's raw client claims to be the secretariat of another delegation.
    const forger = rawClient(server, documentId, server.tokens.delegation);
    await forger.opened;
    const forgerId = 123456789;
    const forged = { name: 'Secretariat', role: 'secretariat', delegation: 'Group of 77 and China', delegationId: 'g77', color: '#000000' };
    forger.send(awarenessFrame([[forgerId, 1, { user: forged, cursor: { anchor: 1, head: 40 } }]]));
    await waitUntil(() => watcher.provider.awareness.getStates().has(forgerId), 5_000, 'the watcher to see the forger');
    const expected = { name: 'European Union', role: 'delegation', delegation: 'European Union', delegationId: 'eu', color: colorFor('eu') };
    expect((watcher.provider.awareness.getStates().get(forgerId) as any).user).toEqual(expected);
    // A reader's caret and selection are not shown to the room.
    expect(watcher.provider.awareness.getStates().get(forgerId)).not.toHaveProperty('cursor');

    // A state that is not even an object still gets the server's identity.
    forger.send(awarenessFrame([[forgerId, 2, 'I am the chair']]));
    await waitUntil(() => (watcher.provider.awareness.getStates().get(forgerId) as any)?.user !== undefined
      && watcher.provider.awareness.meta.get(forgerId)?.clock === 2, 5_000, 'the second state');
    expect((watcher.provider.awareness.getStates().get(forgerId) as any).user).toEqual(expected);

    // The stock provider's own user field is replaced too, for every role.
    const observer = connectProvider(server, documentId, { token: server.tokens.observer });
    observer.provider.awareness.setLocalStateField('user', { name: 'Co-facilitator', role: 'cofacilitator' });
    await observer.synced;
    const observerId = observer.doc.clientID;
    await waitUntil(() => (watcher.provider.awareness.getStates().get(observerId) as any)?.user?.role === 'observer', 5_000, 'observer presence');
    expect((watcher.provider.awareness.getStates().get(observerId) as any).user).toMatchObject({ name: 'Observer', delegation: null, delegationId: null });
    // And a late joiner gets the server's version from the server.
    const late = connectProvider(server, documentId, { token: server.tokens.secretariat });
    await late.synced;
    await waitUntil(() => late.provider.awareness.getStates().has(forgerId), 5_000, 'late joiner presence');
    expect((late.provider.awareness.getStates().get(forgerId) as any).user).toEqual(expected);
    forger.ws.close();
    for (const c of [watcher, observer, late]) c.destroy();
  });

  it("shows a pen-holder's caret to the room", async () => {
    const watcher = connectProvider(server, documentId, { token: server.tokens.secretariat });
    const writer = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
    await Promise.all([watcher.synced, writer.synced]);
    writer.provider.awareness.setLocalStateField('cursor', { anchor: 7, head: 9 });
    const id = writer.doc.clientID;
    await waitUntil(() => (watcher.provider.awareness.getStates().get(id) as any)?.cursor?.head === 9, 5_000, 'the caret');
    expect((watcher.provider.awareness.getStates().get(id) as any).user.role).toBe('cofacilitator');
    watcher.destroy();
    writer.destroy();
  });

  it('the stock provider re-sending peers\' states does not echo them around', async () => {
    const a = connectProvider(server, documentId);
    const b = connectProvider(server, documentId);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField('note', 'A');
    await waitUntil(() => b.provider.awareness.getStates().has(a.doc.clientID), 5_000, 'b to see a');
    // Count awareness frames a receives over a quiet period: b re-sends a's state to the server,
    // which must not bounce it back to a.
    let frames = 0;
    const ws = a.provider.ws as any;
    ws.addEventListener('message', (ev: { data: ArrayBuffer }) => new Uint8Array(ev.data)[0] === 1 && frames++);
    a.provider.awareness.setLocalStateField('note', 'A2');
    await waitUntil(() => (b.provider.awareness.getStates().get(a.doc.clientID) as any)?.note === 'A2');
    await new Promise((r) => setTimeout(r, 200));
    expect(frames).toBe(0);
    a.destroy();
    b.destroy();
  });
});
