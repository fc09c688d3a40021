// Per-connection limits (server/README.md, "Limits"): a client with valid credentials that floods the
// server with valid messages, or stops reading what it is sent, loses its own connection; everyone
// else keeps working, and a person typing fast through the stock provider never hits a limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Socket } from 'node:net';
import {
  appendParagraph,
  awarenessFrame,
  blockTexts,
  connectProvider,
  rawClient,
  seededDataDir,
  startServerProcess,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';


/** Sync step 1 with an empty state vector: "send me the whole document". */
const STEP1_EVERYTHING = Uint8Array.from([0, 0, 1, 0]);

/** The room still works: an edit of alice's reaches bob. */
async function stillSyncing(alice: ProviderClient, bob: ProviderClient): Promise<void> {
  const marker = `still working ${Math.random()}`;
  appendParagraph(alice.doc, marker);
  await waitUntil(async () => (await blockTexts(bob.doc)).includes(marker), 5_000, 'bob to receive the edit');
  expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
}

describe('message budgets (defaults)', () => {
  let server: ServerProcess;
  let documentId: string;
  let alice: ProviderClient;
  let bob: ProviderClient;

  beforeAll(async () => {
    const seeded = await seededDataDir();
    documentId = seeded.documentId;
    server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
    alice = connectProvider(server, documentId);
    bob = connectProvider(server, documentId, { token: server.tokens.secretariat });
    await Promise.all([alice.synced, bob.synced]);
  });

  afterAll(async () => {
    alice?.destroy();
    bob?.destroy();
    await server?.stop('SIGKILL');
  });

  it('a client flooding presence updates is closed with 4529, the others keep syncing', async () => {
    const flooder = rawClient(server, documentId, server.tokens.cofacilitator);
    await flooder.opened;
    const id = 55_555_555;
    for (let clock = 1; clock <= 2_000 && flooder.ws.readyState === flooder.ws.OPEN; clock++) {
      flooder.send(awarenessFrame([[id, clock, { cursor: { anchor: clock, head: clock } }]]));
    }
    expect(await flooder.closed).toEqual({ code: 4529, reason: 'too many messages' });
    await stillSyncing(alice, bob);
    // Its presence went with it.
    await waitUntil(() => !bob.provider.awareness.getStates().has(id), 5_000, 'the flooder\'s presence to go');
  });

  it('a client flooding sync step 1 requests is closed with 4529 long before the message budget', async () => {
    const flooder = rawClient(server, documentId, server.tokens.delegation);
    await flooder.opened;
    for (let i = 0; i < 50; i++) flooder.send(STEP1_EVERYTHING);
    expect(await flooder.closed).toEqual({ code: 4529, reason: 'too many messages' });
    // It got the greeting (step 1) and at most the step-1 burst of full-document answers (10).
    const answers = flooder.received.filter((f) => f[0] === 0 && f[1] === 1).length;
    expect(answers).toBeGreaterThan(0);
    expect(answers).toBeLessThanOrEqual(10);
    await stillSyncing(alice, bob);
  });

  it('a person typing fast (30 keys/s, caret moving with each) through the stock provider is never closed', async () => {
    const typist = connectProvider(server, documentId);
    await typist.synced;
    const closes: number[] = [];
    typist.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? -1));
    appendParagraph(typist.doc, '');
    const fragment = typist.doc.getXmlFragment('default');
    const text = (fragment.get(fragment.length - 1) as Y.XmlElement).firstChild as Y.XmlText;
    for (let i = 0; i < 150; i++) {
      text.insert(text.length, 'abcdefghij'[i % 10]!);
      typist.provider.awareness.setLocalStateField('cursor', { anchor: text.length, head: text.length });
      await new Promise((r) => setTimeout(r, 33));
    }
    const typed = 'abcdefghij'.repeat(15);
    await waitUntil(async () => (await blockTexts(bob.doc)).includes(typed), 5_000, 'bob to see the typing');
    expect(closes).toEqual([]);
    expect(typist.provider.wsconnected).toBe(true);
    typist.destroy();
  }, 20_000);
});

describe('presence relaying', () => {
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

  /** The (client id -> clock) entries of every awareness frame a raw client received, frame by frame. */
  function awarenessFrames(frames: Uint8Array[]): Map<number, number>[] {
    return frames
      .filter((f) => f[0] === 1)
      .map((f) => {
        const d = decoding.createDecoder(f);
        decoding.readVarUint(d);
        const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
        const entries = new Map<number, number>();
        for (let n = decoding.readVarUint(inner); n > 0; n--) {
          const id = decoding.readVarUint(inner);
          entries.set(id, decoding.readVarUint(inner));
          decoding.readVarString(inner);
        }
        return entries;
      });
  }

  it('changes arriving together reach each peer as one frame, without its own entry; heartbeats and removals follow', async () => {
    const watcher = rawClient(server, documentId, server.tokens.observer);
    const senders = Array.from({ length: 10 }, () => rawClient(server, documentId, server.tokens.cofacilitator));
    await Promise.all([watcher.opened, ...senders.map((s) => s.opened)]);
    await new Promise((r) => setTimeout(r, 100));
    const seen = watcher.received.length;
    const ids = senders.map((_, i) => 70_000 + i);
    senders.forEach((s, i) => s.send(awarenessFrame([[ids[i]!, 1, { note: `sender ${i}` }]])));
    const watched = () => awarenessFrames(watcher.received.slice(seen));
    await waitUntil(() => ids.every((id) => watched().some((f) => f.has(id))), 5_000, 'the watcher to hear every sender');
    // The first change after a quiet spell goes out at once, the rest within the window: a few frames, not ten.
    expect(watched().length).toBeLessThanOrEqual(3);
    // Nobody is sent its own entry.
    senders.forEach((s, i) => expect(awarenessFrames(s.received).some((f) => f.has(ids[i]!))).toBe(false));

    // A heartbeat (same state, next clock) is relayed too, so peers keep the state alive.
    senders[0]!.send(awarenessFrame([[ids[0]!, 2, { note: 'sender 0' }]]));
    await waitUntil(() => watched().some((f) => f.get(ids[0]!) === 2), 5_000, 'the heartbeat');

    // Leaving: the removal reaches the others (y-protocols removes a remote state at its last clock).
    const peerView = () => {
      const peer = new awarenessProtocol.Awareness(new Y.Doc());
      for (const f of watcher.received.slice(seen).filter((f) => f[0] === 1)) {
        const d = decoding.createDecoder(f);
        decoding.readVarUint(d);
        awarenessProtocol.applyAwarenessUpdate(peer, decoding.readVarUint8Array(d), 'server');
      }
      const states = new Map(peer.getStates());
      peer.destroy();
      return states;
    };
    expect(peerView().has(ids[1]!)).toBe(true);
    senders[1]!.ws.close();
    await waitUntil(() => !peerView().has(ids[1]!), 5_000, 'the removal');
    expect((peerView().get(ids[0]!) as { note?: string })?.note).toBe('sender 0');
    for (const c of [watcher, ...senders]) c.ws.close();
  });
});

describe('slow consumers', () => {
  let server: ServerProcess;
  let documentId: string;

  beforeAll(async () => {
    // A 500 kB paragraph: each sync step 1 with an empty state vector is answered with ~500 kB.
    const seeded = await seededDataDir({
      content: [{ type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'z'.repeat(500_000) }] }],
    });
    documentId = seeded.documentId;
    server = await startServerProcess({
      dataDir: seeded.dataDir,
      env: {
        PENHOLDER_QUIET: '1',
        PENHOLDER_MAX_BUFFERED_BYTES: String(1024 * 1024),
        PENHOLDER_SYNC_REQUEST_BURST: '1000',
      },
      tokens: seeded.tokens,
    });
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('a client that stops reading is dropped once 1 MiB is waiting for it, the others keep syncing', async () => {
    const alice = connectProvider(server, documentId);
    const bob = connectProvider(server, documentId, { token: server.tokens.secretariat });
    await Promise.all([alice.synced, bob.synced]);

    const slow = rawClient(server, documentId, server.tokens.observer);
    await slow.opened;
    // Stop reading: the kernel buffers fill, then the server's own send buffer would grow.
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    // Ask for 100 copies of the document (~50 MB), far more than the loopback buffers hold.
    for (let i = 0; i < 100; i++) slow.send(STEP1_EVERYTHING);
    // The server keeps serving everyone else meanwhile.
    await stillSyncing(alice, bob);
    await new Promise((r) => setTimeout(r, 2_500));
    socket.resume();
    const closed = await Promise.race([slow.closed, new Promise((r) => setTimeout(() => r('still open'), 10_000))]);
    // 1013 if the close frame got through before the server dropped the socket, 1006 otherwise.
    expect(closed).toMatchObject({ code: expect.toSatisfy((c: number) => c === 1013 || c === 1006) });
    const answers = slow.received.filter((f) => f[0] === 0 && f[1] === 1).length;
    expect(answers).toBeLessThan(100);
    await stillSyncing(alice, bob);
    alice.destroy();
    bob.destroy();
  }, 30_000);
});
