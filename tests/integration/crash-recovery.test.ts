// The server stopped under 20 stock y-websocket clients that are all typing, by SIGKILL and by SIGTERM.
// SIGKILL: every edit any client had received from a peer (hence relayed, hence stored first) is in
// the database the restarted server loads; the providers reconnect on their own, resend what was
// never acknowledged, and end with the same document as the server. SIGTERM: the server snapshots,
// tells every client "server restarting" (1012, so they reconnect), closes the database (its WAL is
// checkpointed away) and exits 0.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  seededDataDir,
  startServerProcess,
  storedDocJSON,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';

const CLIENTS = 20;
// Each stock provider in Node adds a process 'exit' listener.
process.setMaxListeners(4 * CLIENTS);
const EDIT = /^c(\d+)-e(\d+)$/;
let server: ServerProcess | undefined;
let clients: ProviderClient[] = [];

afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  await server?.stop('SIGKILL');
  server = undefined;
});

/** The paragraph texts of a doc, read straight from the Y.XmlFragment (cheap enough to poll). */
function texts(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((block) => (block instanceof Y.XmlElement ? block.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('') : ''));
}

/** Edits in `doc` written by clients other than `self`: they can only have come through the server. */
const fromPeers = (doc: Y.Doc, self: number) => texts(doc).filter((t) => EDIT.test(t) && Number(EDIT.exec(t)![1]) !== self);

/** 20 providers (pen-holders, alternating seats) on the document, synced, each typing `c<i>-e<n>` paragraphs. */
async function typists(s: ServerProcess, documentId: string) {
  clients = Array.from({ length: CLIENTS }, (_, i) =>
    connectProvider(s, documentId, { token: i % 2 ? s.tokens.secretariat : s.tokens.cofacilitator }),
  );
  await Promise.all(clients.map((c) => c.synced));
  const typed = clients.map(() => 0);
  const timers = clients.map((c, i) =>
    setInterval(() => appendParagraph(c.doc, `c${i}-e${++typed[i]!}`), 60 + 7 * i),
  );
  return {
    typed,
    stop: () => timers.forEach(clearInterval),
    all: () => typed.flatMap((n, i) => Array.from({ length: n }, (_, k) => `c${i}-e${k + 1}`)),
  };
}

const connected = () => clients.every((c) => c.provider.wsconnected && c.provider.synced);
const disconnected = () => clients.every((c) => !c.provider.wsconnected);

/** Every client holds exactly the server's document (a fresh reader's copy) and the same state vector. */
async function expectConverged(s: ServerProcess, documentId: string, expected: string[]) {
  const reader = connectProvider(s, documentId, { token: s.tokens.observer });
  try {
    await reader.synced;
    await waitUntil(
      () => {
        const server = texts(reader.doc);
        return expected.every((t) => server.includes(t)) && clients.every((c) => texts(c.doc).join('\n') === server.join('\n'));
      },
      40_000,
      'every client to converge with the server',
    ).catch(async (e) => {
      const missing = expected.filter((t) => !texts(reader.doc).includes(t));
      throw new Error(`${e.message}: server misses ${missing.length} edit(s) (${missing.slice(0, 5).join(', ')})`);
    });
    const sv = Buffer.from(Y.encodeStateVector(reader.doc)).toString('hex');
    for (const c of clients) expect(Buffer.from(Y.encodeStateVector(c.doc)).toString('hex')).toBe(sv);
    expect(await blockTexts(reader.doc)).toEqual(await blockTexts(clients[0]!.doc));
  } finally {
    reader.destroy();
  }
}

describe('SIGKILL with 20 clients typing', () => {
  it('keeps every relayed edit; clients reconnect by themselves, resend the rest and converge', async () => {
    const seeded = await seededDataDir();
    const { documentId } = seeded;
    server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
    const typing = await typists(server, documentId);
    await waitUntil(() => clients.every((c, i) => fromPeers(c.doc, i).length >= 150), 30_000, 'every client to receive 150 peer edits');

    const { port } = server;
    await server.stop('SIGKILL');
    await waitUntil(disconnected, 10_000, 'every provider to notice');
    // Typing goes on for a moment while the server is down: those edits exist only on their clients.
    await new Promise((r) => setTimeout(r, 300));
    typing.stop();

    // What the clients had received from peers: relayed, so stored before it was relayed.
    const relayed = new Set(clients.flatMap((c, i) => fromPeers(c.doc, i)));
    expect(relayed.size).toBeGreaterThanOrEqual(150);
    // The database as the restarted server will load it, checked before any client can resend.
    const stored = new Set<string>();
    const collect = (node: unknown): void => {
      if (node && typeof node === 'object') {
        const { text, content } = node as { text?: unknown; content?: unknown };
        if (typeof text === 'string' && EDIT.test(text)) stored.add(text);
        if (Array.isArray(content)) content.forEach(collect);
      }
    };
    collect(await storedDocJSON(seeded.dataDir, documentId));
    const lost = [...relayed].filter((t) => !stored.has(t));
    expect(lost).toEqual([]);
    // Some edits were typed and not acknowledged (otherwise the next check proves nothing new).
    const typedAll = typing.all();
    expect(typedAll.length).toBeGreaterThan(stored.size);

    server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1', PORT: String(port) }, tokens: seeded.tokens });
    await waitUntil(connected, 30_000, 'every provider to reconnect by itself');
    await expectConverged(server, documentId, typedAll);
  }, 150_000); // 20 providers and two server starts, on a machine other suites load too
});

describe('SIGTERM with 20 clients typing', () => {
  it('snapshots, closes sockets with 1012 "server restarting", closes the database and exits 0', async () => {
    const seeded = await seededDataDir();
    const { documentId } = seeded;
    server = await startServerProcess({
      dataDir: seeded.dataDir,
      // No compaction while running: the snapshot checked below is the one shutdown writes.
      env: { PENHOLDER_QUIET: '1', PENHOLDER_COMPACT_EVERY: '1000000' },
      tokens: seeded.tokens,
    });
    const typing = await typists(server, documentId);
    const closes: { code: number; reason: string }[] = [];
    for (const c of clients) c.provider.on('connection-close', (ev: CloseEvent | null) => ev && closes.push({ code: ev.code, reason: ev.reason }));
    await waitUntil(() => clients.every((c, i) => fromPeers(c.doc, i).length >= 10), 30_000, 'every client to receive 10 peer edits');

    const { port } = server;
    const exit = await server.stop('SIGTERM');
    typing.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    await waitUntil(disconnected, 5_000, 'every provider to notice');
    expect(closes).toHaveLength(CLIENTS);
    for (const c of closes) expect(c).toEqual({ code: 1012, reason: 'server restarting' });

    // Closed cleanly: the last connection checkpointed the WAL and removed it; the snapshot covers everything.
    expect(fs.existsSync(path.join(seeded.dataDir, 'penholder.sqlite-wal'))).toBe(false);
    const relayed = new Set(clients.flatMap((c, i) => fromPeers(c.doc, i)));
    const store = new SqliteStore(seeded.dataDir);
    try {
      const state = await store.loadDocumentState(documentId);
      expect(state.snapshotUpto).toBe(state.lastSeq);
      expect(state.tail).toEqual([]);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state.snapshot!);
      const inSnapshot = new Set(texts(doc));
      expect([...relayed].filter((t) => !inSnapshot.has(t))).toEqual([]);
    } finally {
      await store.close();
    }

    // They come back on their own to the restarted server.
    server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1', PORT: String(port) }, tokens: seeded.tokens });
    await waitUntil(connected, 30_000, 'every provider to reconnect by itself');
    await expectConverged(server, documentId, typing.all());
  }, 150_000);
});
