// The SQLite store's writes run on a thread of their own (server/src/storage/sqliteWriteThread.ts,
// docs/design.md §26): what that must keep of the synchronous store it replaced, and what it adds.
// Through the store's seam, on a real file in a temporary directory (the Store contract itself is
// specified, for every backend, in storage-contract.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import { RevisionNameTaken, type NegotiationSeed, type RevisionRecord } from '../../server/src/storage/store.ts';

const seed: NegotiationSeed = {
  negotiation: { id: 'cop31', title: 'COP31 cover decision' },
  delegations: [{ id: 'aosis', name: 'Alliance of Small Island States', kind: 'group' }],
  documents: [{ id: 'cover', title: 'Cover decision', numberingStyle: 'outcome', initialUpdate: new Uint8Array([9]), origin: 'import' }],
};
const seat = (id: string) => ({
  id,
  negotiationId: 'cop31',
  role: 'delegation' as const,
  delegationId: 'aosis',
  name: `delegate ${id}`,
  createdAt: '2026-11-01T09:00:00.000Z',
  revokedAt: null,
  expiresAt: null,
});
const update = (n: number) => ({ update: new Uint8Array([n, n + 1]), origin: null, attribution: null });
const revision = (id: string, name: string): RevisionRecord => ({
  id,
  documentId: 'cover',
  name,
  note: '',
  createdAt: '2026-11-02T10:00:00.000Z',
  participantId: 'p1',
  uptoSeq: 1,
  renumbered: [],
});

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-writes-'));
  store = new SqliteStore(dir);
  await store.createNegotiation(seed);
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite store, writing on a thread of its own', () => {
  it('commits the writes asked for while a commit is in flight together, in the order they were asked', async () => {
    const before = store.writeStats;
    // 40 appends asked for in one turn: the first goes alone, the rest queue behind it.
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.appendUpdates('cover', [update(i)])));
    const after = store.writeStats;
    expect(after.units - before.units).toBe(40);
    expect(after.groups - before.groups).toBeLessThanOrEqual(2);
    // Each append follows the previous one: the seqs chain with no gap, in call order.
    results.forEach((r, i) => {
      expect(r.lastSeq).toBe(r.previousSeq + 1);
      if (i > 0) expect(r.previousSeq).toBe(results[i - 1]!.lastSeq);
    });
    const state = await store.loadDocumentState('cover');
    expect(state.tail.map((u) => u[0])).toEqual([9, ...Array.from({ length: 40 }, (_, i) => i)]);
  });

  it('refuses one failing write alone: the others of its group are committed', async () => {
    await store.createParticipant(seat('p1'), 'hash-1');
    const outcomes = await Promise.allSettled([
      store.setSetting('public_url', 'https://penholder.example.org'),
      store.createSession('s-unknown', 'p-nobody'), // no such participant: a foreign-key failure
      store.createRevision(revision('r1', 'Zero draft'), new Uint8Array([1])),
      store.createRevision(revision('r2', 'Zero draft'), new Uint8Array([2])), // the same name
      store.appendUpdates('cover', [update(7)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(RevisionNameTaken);
    expect(await store.getSetting('public_url')).toBe('https://penholder.example.org');
    expect(await store.findSession('s-unknown')).toBeUndefined();
    expect((await store.listRevisions('cover')).map((r) => r.id)).toEqual(['r1']);
    expect(await store.countUpdates('cover')).toBe(2);
  });

  it('gives a client id to its first claimant when two claim it in the same turn', async () => {
    await store.createParticipant(seat('p1'), 'hash-1');
    await store.createParticipant(seat('p2'), 'hash-2');
    const [first, second] = await Promise.all([store.claimClientIds('cover', 'p1', [11, 12]), store.claimClientIds('cover', 'p2', [12, 13])]);
    expect([...first]).toEqual([
      [11, 'p1'],
      [12, 'p1'],
    ]);
    expect([...second]).toEqual([
      [12, 'p1'],
      [13, 'p2'],
    ]);
  });

  it('answers a revocation with the participant as revoked', async () => {
    await store.createParticipant(seat('p1'), 'hash-1');
    expect(await store.revokeParticipant('p1', '2026-11-03T00:00:00.000Z')).toMatchObject({ id: 'p1', revokedAt: '2026-11-03T00:00:00.000Z' });
    expect(await store.revokeParticipant('p-nobody', '2026-11-03T00:00:00.000Z')).toBeUndefined();
  });

  it('lets the writes in flight finish when closed, then refuses new ones; a new store on the file sees them', async () => {
    const pending = Array.from({ length: 10 }, (_, i) => store.appendUpdates('cover', [update(i)]));
    const closing = store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(10);
    await closing;
    await expect(store.setSetting('k', 'v')).rejects.toThrow(/closed/);
    store = new SqliteStore(dir);
    expect(await store.countUpdates('cover')).toBe(11);
  });

  it('stores exactly the bytes of an update that is a view into a larger buffer (as one decoded from a frame is)', async () => {
    const chunk = new Uint8Array(65_536).map((_, i) => i % 251);
    const view = chunk.subarray(1000, 1004);
    await store.appendUpdates('cover', [{ update: view, origin: null, attribution: null }]);
    await store.writeSnapshot('cover', chunk.subarray(10, 13), 1);
    const state = await store.loadDocumentState('cover');
    expect([...state.tail.at(-1)!]).toEqual([...view]);
    expect([...state.snapshot!]).toEqual([10, 11, 12]);
  });

  it('keeps what was appended across a reopen', async () => {
    await store.appendUpdates('cover', [update(1), update(2)]);
    await store.appendUpdates('cover', [update(3)]);
    expect(await store.appendUpdates('cover', [update(4)])).toEqual({ previousSeq: 4, lastSeq: 5 });
    await store.close();
    store = new SqliteStore(dir);
    expect((await store.loadDocumentState('cover')).tail.map((u) => u[0])).toEqual([9, 1, 2, 3, 4]);
  });
});
