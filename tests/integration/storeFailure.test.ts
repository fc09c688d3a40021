// When the store refuses an update, nothing is relayed: the room closes its connections (clients
// reconnect, resync and resend), and no peer ever holds a change the store does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/main.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import type { AppendEntry, AppendResult } from '../../server/src/storage/store.ts';
import { appendParagraph, blockTexts, connectProvider, seededDataDir, waitUntil, type Seats } from '../helpers/server.ts';

process.env.PENHOLDER_QUIET = '1';

/** The real store, with a switch that makes appends fail like a full disk would. */
class FlakyStore extends SqliteStore {
  failing = false;
  override async appendUpdates(documentId: string, entries: readonly AppendEntry[]): Promise<AppendResult> {
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full');
    return super.appendUpdates(documentId, entries);
  }
}

let server: RunningServer;
let store: FlakyStore;
let documentId: string;
let syncUrl: string;
let tokens: Seats;

beforeAll(async () => {
  const seeded = await seededDataDir();
  documentId = seeded.documentId;
  tokens = seeded.tokens;
  store = new FlakyStore(seeded.dataDir);
  server = await startServer({ ...configFromEnv({}), port: 0, dataDir: seeded.dataDir }, { store });
  syncUrl = `ws://127.0.0.1:${server.port}/sync`;
});

afterAll(async () => {
  await server?.close();
});

describe('store failure', () => {
  it('is not relayed; the room closes, clients reconnect and resend once the store recovers', async () => {
    const alice = connectProvider({ syncUrl, tokens }, documentId);
    const bob = connectProvider({ syncUrl, tokens }, documentId);
    await Promise.all([alice.synced, bob.synced]);
    const closes: number[] = [];
    for (const c of [alice, bob]) c.provider.on('connection-close', (ev: CloseEvent | null) => ev && closes.push(ev.code));

    store.failing = true;
    appendParagraph(alice.doc, 'Written while the disk is full.');
    await waitUntil(() => closes.length >= 2, 5_000, 'both connections to close');
    expect(closes).toEqual([1011, 1011]);
    expect(await blockTexts(bob.doc)).not.toContain('Written while the disk is full.');

    store.failing = false;
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Written while the disk is full.'), 10_000, 'resend');
    expect((await store.countUpdates(documentId))).toBeGreaterThanOrEqual(2);
    alice.destroy();
    bob.destroy();
  });
});
