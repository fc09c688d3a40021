// Nothing acknowledged is lost: an update is durable before any peer receives it, the server can be
// SIGKILLed mid-edit, compaction preserves the document, and the demo is created exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  demoDocumentId,
  getJSON,
  makeDataDir,
  startServerProcess,
  waitUntil,
} from '../helpers/server.ts';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';

const quiet = { PENHOLDER_QUIET: '1' };

describe('durability', () => {
  it('SIGKILL mid-edit keeps everything that was relayed; the writer resends the rest', async () => {
    const dataDir = makeDataDir();
    let server = await startServerProcess({ dataDir, env: quiet });
    const documentId = await demoDocumentId(server);
    const alice = connectProvider(server, documentId);
    const bob = connectProvider(server, documentId);
    await Promise.all([alice.synced, bob.synced]);

    // Alice types continuously; once Bob has received 40 of her edits, the server is killed.
    let typed = 0;
    const typing = setInterval(() => appendParagraph(alice.doc, `edit ${++typed}`), 2);
    const seen = async () => (await blockTexts(bob.doc)).filter((t) => /^edit \d+$/.test(t));
    await waitUntil(async () => (await seen()).length >= 40, 10_000, 'bob to receive 40 edits');
    await server.stop('SIGKILL');
    const seenByBob = await seen();
    clearInterval(typing);
    const typedBeforeRestart = typed;
    expect(seenByBob.length).toBeGreaterThanOrEqual(40);
    // Keep them from resending until the server's own copy has been checked.
    alice.provider.disconnect();
    bob.provider.disconnect();

    // Restart on the same port and data.
    server = await startServerProcess({ dataDir, env: { ...quiet, PORT: String(server.port) }, tokens: server.tokens });
    expect(await demoDocumentId(server)).toBe(documentId);

    // A fresh client sees everything Bob had received, from the store alone.
    const carol = connectProvider(server, documentId);
    await carol.synced;
    const afterRestart = await blockTexts(carol.doc);
    for (const t of seenByBob) expect(afterRestart).toContain(t);

    // Once Alice reconnects, her edits the server never acknowledged arrive too.
    alice.provider.connect();
    bob.provider.connect();
    const all = Array.from({ length: typedBeforeRestart }, (_, i) => `edit ${i + 1}`);
    await waitUntil(async () => {
      const texts = await blockTexts(carol.doc);
      return all.every((t) => texts.includes(t));
    }, 15_000, 'alice to resend her edits');

    for (const c of [alice, bob, carol]) c.destroy();
    await server.stop('SIGKILL');
  });

  it('compaction writes snapshots; loading snapshot + tail gives the same document', async () => {
    const dataDir = makeDataDir();
    let server = await startServerProcess({ dataDir, env: { ...quiet, PENHOLDER_COMPACT_EVERY: '50' } });
    const documentId = await demoDocumentId(server);
    const alice = connectProvider(server, documentId);
    const bob = connectProvider(server, documentId);
    await Promise.all([alice.synced, bob.synced]);

    for (let i = 1; i <= 130; i++) appendParagraph(alice.doc, `compaction ${i}`);
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('compaction 130'), 10_000, 'bob to receive all');

    // While running: compaction (off the relay path, so shortly after) keeps the tail of updates
    // after the snapshot under 50 (131 stored: the import + 130).
    const db = new Database(path.join(dataDir, 'penholder.sqlite'), { readonly: true });
    const snapshotUpto = () =>
      (db.prepare('SELECT upto_seq AS upto FROM snapshots WHERE document_id = ?').get(documentId) as { upto: number } | undefined)
        ?.upto ?? 0;
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM updates WHERE document_id = ?').get(documentId) as { n: number }).n;
    await waitUntil(() => snapshotUpto() > 0 && count() - snapshotUpto() < 50, 10_000, 'compaction').catch((e) => {
      throw new Error(`${e.message}: snapshot upto ${snapshotUpto()}, ${count()} updates stored; server said:\n${server.output()}`);
    });
    const updates = count();
    db.close();
    expect(updates).toBeGreaterThanOrEqual(131); // history is kept, not truncated

    const expected = await blockTexts(bob.doc);
    alice.destroy();
    bob.destroy();
    await server.stop('SIGKILL');

    // Loading from the store exactly as a room does.
    const store = new SqliteStore(dataDir);
    const state = await store.loadDocumentState(documentId);
    await store.close();
    expect(state.snapshot).not.toBeNull();
    expect(state.tail.length).toBeLessThan(50);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, state.snapshot!);
    for (const u of state.tail) Y.applyUpdate(reloaded, u);
    expect(await blockTexts(reloaded)).toEqual(expected);

    // And through the server after a restart.
    server = await startServerProcess({ dataDir, env: quiet, tokens: server.tokens });
    const carol = connectProvider(server, documentId);
    await carol.synced;
    expect(await blockTexts(carol.doc)).toEqual(expected);
    carol.destroy();
    await server.stop('SIGTERM');
  });

  it('a graceful stop snapshots open rooms; restart keeps the demo and does not recreate it', async () => {
    const dataDir = makeDataDir();
    let server = await startServerProcess({ dataDir, env: quiet });
    const first = await getJSON(server, '/api/negotiations');
    expect(first.body).toHaveLength(1);
    const documentId = first.body[0].documents[0].id;
    const alice = connectProvider(server, documentId);
    await alice.synced;
    appendParagraph(alice.doc, 'Before a graceful stop.');
    const bob = connectProvider(server, documentId);
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Before a graceful stop.'), 5_000, 'relay');
    alice.destroy();
    bob.destroy();
    expect((await server.stop('SIGTERM')).code).toBe(0);

    const store = new SqliteStore(dataDir);
    const info = await store.snapshotInfo(documentId);
    expect(info?.uptoSeq).toBe((await store.loadDocumentState(documentId)).lastSeq);
    await store.close();

    server = await startServerProcess({ dataDir, env: quiet, tokens: server.tokens });
    const again = await getJSON(server, '/api/negotiations');
    expect(again.body).toEqual(first.body);
    expect(server.output()).not.toContain('created the demo negotiation');
    // Links are printed once (their secrets are not kept); later starts say how to issue more.
    const negotiationId = (first.body as { id: string }[])[0]!.id;
    expect(server.output()).toContain(`npx penholder link --negotiation=${negotiationId} --role cofacilitator`);
    const carol = connectProvider(server, documentId);
    await carol.synced;
    expect(await blockTexts(carol.doc)).toContain('Before a graceful stop.');
    carol.destroy();
    await server.stop('SIGKILL');
    expect(fs.existsSync(path.join(dataDir, 'penholder.sqlite'))).toBe(true);
  });

  it('a room is snapshotted and unloaded shortly after its last connection leaves', async () => {
    const dataDir = makeDataDir();
    const server = await startServerProcess({ dataDir, env: { ...quiet, PENHOLDER_ROOM_UNLOAD_MS: '100' } });
    const documentId = await demoDocumentId(server);
    const alice = connectProvider(server, documentId);
    await alice.synced;
    appendParagraph(alice.doc, 'Last words.');
    const bob = connectProvider(server, documentId);
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Last words.'), 5_000, 'relay');
    expect((await getJSON(server, '/api/health')).body.rooms).toBe(1);
    alice.destroy();
    bob.destroy();
    await waitUntil(async () => (await getJSON(server, '/api/health')).body.rooms === 0, 5_000, 'the room to unload');

    // The snapshot is written as the room unloads (its write commits on the store's write thread,
    // so it may land just after the room left the list): it covers the whole log.
    const snapshotCoversLog = () => {
      const db = new Database(path.join(dataDir, 'penholder.sqlite'), { readonly: true });
      try {
        const row = db.prepare('SELECT upto_seq AS upto FROM snapshots WHERE document_id = ?').get(documentId) as { upto: number } | undefined;
        const last = db.prepare('SELECT MAX(seq) AS seq FROM updates WHERE document_id = ?').get(documentId) as { seq: number };
        return row !== undefined && row.upto === last.seq;
      } finally {
        db.close();
      }
    };
    await waitUntil(snapshotCoversLog, 5_000, 'the snapshot to cover the log');
    await server.stop('SIGKILL');
  });
});
