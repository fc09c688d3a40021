// The Store contract (server/src/storage/store.ts), one suite run against every backend: the
// in-memory store of unit tests, the embedded SQLite file and PostgreSQL (a private throwaway cluster,
// tests/helpers/postgres.ts; skipped with its sentence when PostgreSQL is not installed). Each test
// opens a fresh, empty store. Updates are opaque bytes to a store, so plain byte arrays stand for Yjs
// updates here.
//
// Then what only PostgreSQL is for: two server instances (two stores, two connection pools) on one
// database, appending to one document and claiming client ids at the same time, and starting at once.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import { PostgresStore } from '../../server/src/storage/postgresStore.ts';
import { SCHEMA_VERSION } from '../../server/src/storage/postgresMigrations.ts';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import {
  RevisionNameTaken,
  StoreUnavailable,
  type AppendEntry,
  type AppendResult,
  type NegotiationSeed,
  type Participant,
  type ParticipantRecord,
  type RevisionRecord,
  type Store,
  type UpdateAttribution,
} from '../../server/src/storage/store.ts';
import { startPostgres, type StartedPostgres } from '../helpers/postgres.ts';

const postgres = await startPostgres();
afterAll(async () => {
  if ('url' in postgres) await postgres.stop();
});

interface Opened {
  store: Store;
  dispose(): Promise<void>;
}

interface Backend {
  name: string;
  /** Why the backend's tests are skipped, when they are. */
  skip?: string;
  open(): Promise<Opened>;
  /** What backup() does: a file (SQLite) or a refusal naming what to use instead. */
  backup: { writesFile: true } | { refusal: RegExp };
}

const backends: Backend[] = [
  {
    name: 'memory',
    async open() {
      const store = new MemoryStore();
      return { store, dispose: () => store.close() };
    },
    backup: { refusal: /no file to back up/ },
  },
  {
    name: 'sqlite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-contract-'));
      const store: Store = new SqliteStore(dir);
      return {
        store,
        async dispose() {
          await store.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    backup: { writesFile: true },
  },
  {
    name: 'postgres',
    ...('skip' in postgres ? { skip: postgres.skip } : {}),
    async open() {
      const database = await freshDatabase();
      const store = await PostgresStore.connect(database.url);
      return {
        store,
        async dispose() {
          await store.close();
          await database.stop();
        },
      };
    },
    backup: { refusal: /pg_dump/ },
  },
];

async function freshDatabase(): Promise<StartedPostgres> {
  const database = await startPostgres();
  if ('skip' in database) throw new Error(database.skip);
  return database;
}

// ---- sample data

const bytes = (...values: number[]) => new Uint8Array(values);

const seed: NegotiationSeed = {
  negotiation: { id: 'wsis20', title: 'WSIS+20 overall review' },
  delegations: [
    { id: 'g77', name: 'Group of 77 and China', kind: 'group' },
    { id: 'eu', name: 'European Union', kind: 'group' },
    { id: 'us', name: 'United States', kind: 'state' },
  ],
  documents: [
    { id: 'outcome', title: 'Outcome document', numberingStyle: 'outcome', initialUpdate: bytes(1, 1, 1), origin: 'import' },
    { id: 'annex', title: 'Annex', numberingStyle: 'outcome', initialUpdate: bytes(2, 2, 2), origin: 'import' },
  ],
};

const euSeat: ParticipantRecord = {
  id: 'p-eu',
  negotiationId: 'wsis20',
  role: 'delegation',
  delegationId: 'eu',
  name: 'EU delegate',
  createdAt: '2026-11-01T09:00:00.000Z',
  revokedAt: null,
  expiresAt: '2026-12-31T23:59:59.000Z',
};
const cofacilitator: ParticipantRecord = {
  id: 'p-cf',
  negotiationId: 'wsis20',
  role: 'cofacilitator',
  delegationId: null,
  name: 'Co-facilitator',
  createdAt: '2026-11-01T08:00:00.000Z',
  revokedAt: null,
  expiresAt: null,
};

/** The participants as every read returns them: with their delegation joined in. */
const euSeatRead: Participant = { ...euSeat, delegation: { id: 'eu', name: 'European Union', kind: 'group' } };
const cofacilitatorRead: Participant = { ...cofacilitator, delegation: null };

const byEu = (blocks: string[], extra: Partial<UpdateAttribution> = {}): UpdateAttribution => ({
  participantId: 'p-eu',
  role: 'delegation',
  delegationId: 'eu',
  blocks,
  ...extra,
});
const entry = (update: Uint8Array, attribution: UpdateAttribution | null = null, origin: string | null = attribution ? 'EU delegate' : null): AppendEntry => ({
  update,
  origin,
  attribution,
});

const revision = (over: Partial<RevisionRecord>): RevisionRecord => ({
  id: 'r0',
  documentId: 'outcome',
  name: 'Zero draft',
  note: '',
  createdAt: '2026-11-02T10:00:00.000Z',
  participantId: 'p-cf',
  uptoSeq: 1,
  renumbered: [],
  ...over,
});

// ---- the contract

describe.each(backends)('the $name store', (backend) => {
  describe.skipIf(backend.skip !== undefined)(backend.skip ?? 'keeps the Store contract', () => {
    let opened: Opened;
    let store: Store;
    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.dispose();
    });

    describe('negotiations and documents', () => {
      it('creates a negotiation with its delegations (in order) and documents, each holding its first update', async () => {
        await store.createNegotiation(seed);
        expect((await store.listNegotiations()).map((n) => [n.id, n.title])).toEqual([['wsis20', 'WSIS+20 overall review']]);
        expect(await store.listDelegations('wsis20')).toEqual([
          { id: 'g77', negotiationId: 'wsis20', name: 'Group of 77 and China', kind: 'group' },
          { id: 'eu', negotiationId: 'wsis20', name: 'European Union', kind: 'group' },
          { id: 'us', negotiationId: 'wsis20', name: 'United States', kind: 'state' },
        ]);
        const documents = await store.listDocuments('wsis20');
        expect(documents.map((d) => d.id).sort()).toEqual(['annex', 'outcome']);
        const outcome = await store.getDocument('outcome');
        expect(outcome).toMatchObject({ id: 'outcome', negotiationId: 'wsis20', title: 'Outcome document', numberingStyle: 'outcome' });
        expect(Number.isNaN(Date.parse(outcome!.createdAt))).toBe(false);
        expect(await store.getDocument('nothing')).toBeUndefined();

        const state = await store.loadDocumentState('outcome');
        expect(state.snapshot).toBeNull();
        expect(state.snapshotUpto).toBe(0);
        expect(state.tail).toEqual([bytes(1, 1, 1)]);
        expect(state.lastSeq).toBeGreaterThan(0);
        expect(await store.countUpdates('annex')).toBe(1);
      });

      it('creates a negotiation atomically: when one part is refused, none of it is stored', async () => {
        await store.createNegotiation(seed);
        const clash: NegotiationSeed = {
          negotiation: { id: 'ffd4', title: 'FfD4 outcome' },
          delegations: [{ id: 'eu', name: 'European Union', kind: 'group' }],
          documents: [
            { id: 'ffd4-outcome', title: 'Outcome', numberingStyle: 'outcome', initialUpdate: bytes(3), origin: 'import' },
            { id: 'outcome', title: 'Taken id', numberingStyle: 'outcome', initialUpdate: bytes(4), origin: 'import' },
          ],
        };
        await expect(store.createNegotiation(clash)).rejects.toThrow();
        expect((await store.listNegotiations()).map((n) => n.id)).toEqual(['wsis20']);
        expect(await store.listDelegations('ffd4')).toEqual([]);
        expect(await store.getDocument('ffd4-outcome')).toBeUndefined();
        expect(await store.countUpdates('outcome')).toBe(1);
      });

      it('adds a document to an existing negotiation with its first update, and refuses one for an unknown negotiation', async () => {
        await store.createNegotiation(seed);
        await store.createDocument('wsis20', { id: 'decision-2', title: 'Second decision', numberingStyle: 'resolution', initialUpdate: bytes(9, 9), origin: 'import' });
        expect((await store.listDocuments('wsis20')).map((d) => d.id).sort()).toEqual(['annex', 'decision-2', 'outcome']);
        expect((await store.loadDocumentState('decision-2')).tail).toEqual([bytes(9, 9)]);
        await expect(
          store.createDocument('no-such-negotiation', { id: 'orphan', title: 'Orphan', numberingStyle: 'outcome', initialUpdate: bytes(1), origin: null }),
        ).rejects.toThrow();
        expect(await store.getDocument('orphan')).toBeUndefined();
      });

      it('adds delegations after the start, listed after the first ones', async () => {
        await store.createNegotiation(seed);
        await store.createDelegation({ id: 'au', negotiationId: 'wsis20', name: 'African Union', kind: 'organization' });
        expect((await store.listDelegations('wsis20')).map((d) => d.id)).toEqual(['g77', 'eu', 'us', 'au']);
        await expect(store.createDelegation({ id: 'eu', negotiationId: 'wsis20', name: 'European Union', kind: 'group' })).rejects.toThrow();
      });
    });

    describe('the update log', () => {
      beforeEach(async () => {
        await store.createNegotiation(seed);
      });

      it('appends a batch in order and says which sequence numbers surround it', async () => {
        const first = (await store.loadDocumentState('outcome')).lastSeq;
        const result = await store.appendUpdates('outcome', [entry(bytes(10)), entry(bytes(11)), entry(bytes(12))]);
        expect(result.previousSeq).toBe(first);
        expect(result.lastSeq).toBeGreaterThan(first);
        const stored = await store.updatesBetween('outcome', result.previousSeq, result.lastSeq);
        expect(stored.map((u) => u.update)).toEqual([bytes(10), bytes(11), bytes(12)]);
        expect(stored.at(-1)!.seq).toBe(result.lastSeq);
        expect(await store.countUpdates('outcome')).toBe(4);
      });

      it('chains batches per document: each batch starts where the document\'s previous one ended, whatever other documents do', async () => {
        const results: AppendResult[] = [];
        for (let i = 0; i < 4; i++) {
          results.push(await store.appendUpdates('outcome', [entry(bytes(20 + i))]));
          await store.appendUpdates('annex', [entry(bytes(30 + i)), entry(bytes(40 + i))]);
        }
        for (let i = 1; i < results.length; i++) expect(results[i]!.previousSeq).toBe(results[i - 1]!.lastSeq);
        const tail = (await store.loadDocumentState('outcome')).tail;
        expect(tail).toEqual([bytes(1, 1, 1), bytes(20), bytes(21), bytes(22), bytes(23)]);
      });

      it('stores a large batch (a busy turn) in order, each update with the blocks it touched', async () => {
        await store.createParticipant(euSeat, 'hash-eu');
        const updates = Array.from({ length: 300 }, (_, i) => bytes(i & 0xff, i >> 8));
        const result = await store.appendUpdates('outcome', updates.map((u, i) => entry(u, byEu([`p${i % 7}`, 'p-all']))));
        const stored = await store.updatesBetween('outcome', result.previousSeq, result.lastSeq);
        expect(stored.map((u) => u.update)).toEqual(updates);
        expect(stored.at(-1)!.seq).toBe(result.lastSeq);
        const ofP3 = await store.history('outcome', { blockId: 'p3', limit: 1000 });
        expect(ofP3.map((h) => h.seq)).toEqual(stored.filter((_, i) => i % 7 === 3).map((u) => u.seq).reverse());
        expect(await store.history('outcome', { blockId: 'p-all', limit: 1000 })).toHaveLength(300);
      });

      it('stores nothing for an empty batch and reports the document\'s newest seq on both sides', async () => {
        const a = await store.appendUpdates('outcome', [entry(bytes(10))]);
        expect(await store.appendUpdates('outcome', [])).toEqual({ previousSeq: a.lastSeq, lastSeq: a.lastSeq });
        expect(await store.countUpdates('outcome')).toBe(2);
      });

      it('refuses an append to a document that does not exist, storing nothing', async () => {
        await expect(store.appendUpdates('no-such-document', [entry(bytes(1))])).rejects.toThrow();
        expect(await store.countUpdates('no-such-document')).toBe(0);
      });

      it('loads the latest snapshot and exactly the updates after it', async () => {
        const a = await store.appendUpdates('outcome', [entry(bytes(10)), entry(bytes(11))]);
        const b = await store.appendUpdates('outcome', [entry(bytes(12))]);
        await store.writeSnapshot('outcome', bytes(7, 7, 7, 7), a.lastSeq);
        expect(await store.loadDocumentState('outcome')).toEqual({
          snapshot: bytes(7, 7, 7, 7),
          snapshotUpto: a.lastSeq,
          tail: [bytes(12)],
          lastSeq: b.lastSeq,
        });
        expect(await store.snapshotInfo('outcome')).toEqual({ uptoSeq: a.lastSeq, bytes: 4 });

        // A snapshot covering everything leaves an empty tail; the newest seq is the snapshot's.
        await store.writeSnapshot('outcome', bytes(8, 8), b.lastSeq);
        expect(await store.loadDocumentState('outcome')).toEqual({ snapshot: bytes(8, 8), snapshotUpto: b.lastSeq, tail: [], lastSeq: b.lastSeq });
        // The update log itself is kept forever.
        expect(await store.countUpdates('outcome')).toBe(4);
        expect(await store.snapshotInfo('annex')).toBeUndefined();
      });

      it('ignores a snapshot older than the stored one and replaces it with a newer or equal one', async () => {
        const a = await store.appendUpdates('outcome', [entry(bytes(10))]);
        const b = await store.appendUpdates('outcome', [entry(bytes(11))]);
        await store.writeSnapshot('outcome', bytes(2, 2), b.lastSeq);
        await store.writeSnapshot('outcome', bytes(1), a.lastSeq);
        expect(await store.snapshotInfo('outcome')).toEqual({ uptoSeq: b.lastSeq, bytes: 2 });
        await store.writeSnapshot('outcome', bytes(3, 3, 3), b.lastSeq);
        expect((await store.loadDocumentState('outcome')).snapshot).toEqual(bytes(3, 3, 3));
      });

      it('keeps what was stored even when the caller reuses its buffer', async () => {
        const buffer = bytes(5, 5, 5);
        await store.appendUpdates('outcome', [entry(buffer)]);
        buffer.fill(0);
        expect((await store.loadDocumentState('outcome')).tail.at(-1)).toEqual(bytes(5, 5, 5));
      });

      it('lists updates between two sequence numbers with who made them', async () => {
        const first = (await store.loadDocumentState('outcome')).lastSeq;
        const a = await store.appendUpdates('outcome', [entry(bytes(10), byEu(['p1'])), entry(bytes(11))]);
        const between = await store.updatesBetween('outcome', 0, a.lastSeq);
        expect(between.map((u) => [u.update, u.participantId, u.role, u.delegationId])).toEqual([
          [bytes(1, 1, 1), null, null, null],
          [bytes(10), 'p-eu', 'delegation', 'eu'],
          [bytes(11), null, null, null],
        ]);
        expect(between[0]!.seq).toBe(first);
        for (const u of between) expect(Number.isNaN(Date.parse(u.at))).toBe(false);
        // (after, upto]: the lower bound is excluded, the upper included.
        expect((await store.updatesBetween('outcome', first, a.lastSeq)).map((u) => u.update)).toEqual([bytes(10), bytes(11)]);
        expect(await store.updatesBetween('outcome', a.lastSeq, a.lastSeq + 100)).toEqual([]);
      });
    });

    describe('history', () => {
      beforeEach(async () => {
        await store.createNegotiation(seed);
        await store.createParticipant(euSeat, 'hash-eu');
        await store.createParticipant(cofacilitator, 'hash-cf');
      });

      it('lists the attributed updates newest first, naming the participant as the update was labelled', async () => {
        const a = await store.appendUpdates('outcome', [entry(bytes(10), byEu(['p1', 'p2']), 'EU delegate (Brussels)')]);
        await store.appendUpdates('outcome', [entry(bytes(11))]); // the server's own, unattributed
        const b = await store.appendUpdates('outcome', [
          entry(bytes(12), { participantId: 'p-cf', role: 'cofacilitator', delegationId: null, blocks: ['p3'] }, 'Co-facilitator'),
        ]);
        expect(await store.history('outcome', { limit: 10 })).toEqual([
          { seq: b.lastSeq, at: expect.any(String), participant: { id: 'p-cf', name: 'Co-facilitator', role: 'cofacilitator', delegationId: null }, blocks: ['p3'] },
          { seq: a.lastSeq, at: expect.any(String), participant: { id: 'p-eu', name: 'EU delegate (Brussels)', role: 'delegation', delegationId: 'eu' }, blocks: ['p1', 'p2'] },
        ]);
        expect((await store.history('outcome', { limit: 1 })).map((h) => h.seq)).toEqual([b.lastSeq]);
        expect(await store.history('annex', { limit: 10 })).toEqual([]);
      });

      it('filters by block: only the updates that touched it', async () => {
        const a = await store.appendUpdates('outcome', [entry(bytes(10), byEu(['p1', 'p2']))]);
        await store.appendUpdates('outcome', [entry(bytes(11), byEu(['p3']))]);
        const c = await store.appendUpdates('outcome', [entry(bytes(12), byEu(['p2']))]);
        await store.appendUpdates('annex', [entry(bytes(13), byEu(['p2']))]);
        expect((await store.history('outcome', { blockId: 'p2', limit: 10 })).map((h) => h.seq)).toEqual([c.lastSeq, a.lastSeq]);
        expect((await store.history('outcome', { blockId: 'p2', limit: 1 })).map((h) => h.seq)).toEqual([c.lastSeq]);
        expect(await store.history('outcome', { blockId: 'p9', limit: 10 })).toEqual([]);
      });

      it('keeps the statuses and events an update set, and omits them when there were none', async () => {
        const events = [{ kind: 'group-resolved', blockId: 'p1', groupId: 'g1', chosen: { text: 'World Summit', proposer: 'eu' }, dropped: [], offset: 3, keptSize: 12, group: { type: 'bracketGroup' } }];
        await store.appendUpdates('outcome', [
          entry(bytes(10), byEu(['p1'], { statuses: { p1: 'agreed' } })),
          entry(bytes(11), byEu(['p1'], { events })),
          entry(bytes(12), byEu(['p1'], { statuses: {}, events: [] })),
        ]);
        const [empty, withEvents, withStatuses] = await store.history('outcome', { blockId: 'p1', limit: 10 });
        expect(withStatuses!.statuses).toEqual({ p1: 'agreed' });
        expect(withStatuses).not.toHaveProperty('events');
        expect(withEvents!.events).toEqual(events);
        expect(withEvents).not.toHaveProperty('statuses');
        expect(empty).not.toHaveProperty('statuses');
        expect(empty).not.toHaveProperty('events');
      });
    });

    it('keeps the text inside events exactly, whatever characters a paragraph held', async () => {
      await store.createNegotiation(seed);
      await store.createParticipant(euSeat, 'hash-eu');
      const text = 'Décide [de convoquer] «\u00a0sommet\u00a0» 🌍 \u0000\u0007 \\ "quoted" \ud83d';
      const events = [{ kind: 'group-resolved', blockId: 'p1', groupId: 'g1', chosen: { text, proposer: null }, dropped: [{ text: '', proposer: 'eu' }], offset: 0, keptSize: 1, group: null }];
      await store.appendUpdates('outcome', [entry(bytes(10), byEu(['p1'], { events }))]);
      const [entryRead] = await store.history('outcome', { limit: 1 });
      expect(entryRead!.events).toEqual(JSON.parse(JSON.stringify(events)));
    });

    describe('client ids', () => {
      beforeEach(async () => {
        await store.createNegotiation(seed);
      });

      it('records the first claim of an id and answers with the owner of every id asked for', async () => {
        expect(await store.claimClientIds('outcome', 'p-eu', [101, 102])).toEqual(new Map([[101, 'p-eu'], [102, 'p-eu']]));
        // 102 is taken: the answer says by whom; 103 is new.
        expect(await store.claimClientIds('outcome', 'p-cf', [102, 103])).toEqual(new Map([[102, 'p-eu'], [103, 'p-cf']]));
        expect(await store.clientIdOwners('outcome')).toEqual(new Map([[101, 'p-eu'], [102, 'p-eu'], [103, 'p-cf']]));
        // Ownership is per document.
        expect(await store.claimClientIds('annex', 'p-cf', [101])).toEqual(new Map([[101, 'p-cf']]));
        expect(await store.clientIdOwners('annex')).toEqual(new Map([[101, 'p-cf']]));
      });

      it('takes the whole range of Yjs client ids (unsigned 32-bit) and an empty claim', async () => {
        const max = 2 ** 32 - 1;
        expect(await store.claimClientIds('outcome', '@server', [max, 0])).toEqual(new Map([[max, '@server'], [0, '@server']]));
        expect(await store.claimClientIds('outcome', 'p-eu', [])).toEqual(new Map());
        expect(await store.clientIdOwners('outcome')).toEqual(new Map([[0, '@server'], [max, '@server']]));
      });
    });

    describe('revisions', () => {
      beforeEach(async () => {
        await store.createNegotiation(seed);
        await store.createParticipant(cofacilitator, 'hash-cf');
      });

      it('stores frozen revisions with their state and label map, listed oldest first', async () => {
        const renumbered = [{ from: '12 bis', to: '13' }, { from: '13', to: '14' }];
        await store.createRevision(revision({ id: 'r0', name: 'Zero draft' }), bytes(1, 2, 3));
        await store.createRevision(revision({ id: 'r1', name: 'Rev.1', note: 'After the second reading', createdAt: '2026-11-09T10:00:00.000Z', renumbered, participantId: null }), bytes(4, 5));
        expect(await store.listRevisions('outcome')).toEqual([
          revision({ id: 'r0', name: 'Zero draft' }),
          revision({ id: 'r1', name: 'Rev.1', note: 'After the second reading', createdAt: '2026-11-09T10:00:00.000Z', renumbered, participantId: null }),
        ]);
        expect(await store.getRevision('r1')).toEqual({
          ...revision({ id: 'r1', name: 'Rev.1', note: 'After the second reading', createdAt: '2026-11-09T10:00:00.000Z', renumbered, participantId: null }),
          state: bytes(4, 5),
        });
        expect(await store.getRevision('r9')).toBeUndefined();
        expect(await store.listRevisions('annex')).toEqual([]);
      });

      it('refuses a name the document already uses (RevisionNameTaken), not one another document uses', async () => {
        await store.createRevision(revision({ id: 'r0', name: 'Rev.1' }), bytes(1));
        const taken = store.createRevision(revision({ id: 'r1', name: 'Rev.1' }), bytes(2));
        await expect(taken).rejects.toBeInstanceOf(RevisionNameTaken);
        await expect(taken).rejects.toThrow('"Rev.1"');
        await store.createRevision(revision({ id: 'r2', documentId: 'annex', name: 'Rev.1' }), bytes(3));
        expect((await store.listRevisions('outcome')).map((r) => r.id)).toEqual(['r0']);
        expect((await store.listRevisions('annex')).map((r) => r.id)).toEqual(['r2']);
      });
    });

    describe('participants, sessions and settings', () => {
      beforeEach(async () => {
        await store.createNegotiation(seed);
      });

      it('finds a participant by id and by the hash of the link secret, and lists them by creation time', async () => {
        await store.createParticipant(euSeat, 'hash-eu');
        await store.createParticipant(cofacilitator, 'hash-cf');
        expect(await store.getParticipant('p-eu')).toEqual(euSeatRead);
        expect(await store.findParticipantByTokenHash('hash-cf')).toEqual(cofacilitatorRead);
        expect(await store.findParticipantByTokenHash('hash-eu')).toEqual(euSeatRead);
        expect(await store.findParticipantByTokenHash('hash-unknown')).toBeUndefined();
        expect(await store.getParticipant('p-unknown')).toBeUndefined();
        expect(await store.listParticipants('wsis20')).toEqual([cofacilitatorRead, euSeatRead]);
        expect(await store.listParticipants()).toEqual([cofacilitatorRead, euSeatRead]);
        expect(await store.listParticipants('another')).toEqual([]);
      });

      it('joins each participant with its own negotiation\'s delegation of that id, not a namesake elsewhere', async () => {
        // Delegation ids are slugs scoped to their negotiation: 'eu' of another negotiation has another name.
        await store.createNegotiation({
          negotiation: { id: 'ffd4', title: 'Financing for Development' },
          delegations: [{ id: 'eu', name: 'EU (FfD4 seat)', kind: 'organization' }],
          documents: [],
        });
        await store.createParticipant(euSeat, 'hash-eu');
        await store.createParticipant({ ...euSeat, id: 'p-eu-ffd4', negotiationId: 'ffd4', createdAt: '2026-11-02T09:00:00.000Z' }, 'hash-eu-ffd4');
        const ffd4Seat = { ...euSeat, id: 'p-eu-ffd4', negotiationId: 'ffd4', createdAt: '2026-11-02T09:00:00.000Z', delegation: { id: 'eu', name: 'EU (FfD4 seat)', kind: 'organization' } };
        expect(await store.listParticipants('ffd4')).toEqual([ffd4Seat]);
        expect(await store.listParticipants()).toEqual([euSeatRead, ffd4Seat]);
        expect(await store.getParticipant('p-eu-ffd4')).toEqual(ffd4Seat);
      });

      it('refuses a second participant with the same link hash, and a delegation seat without a known delegation', async () => {
        await store.createParticipant(euSeat, 'hash-eu');
        await expect(store.createParticipant({ ...cofacilitator }, 'hash-eu')).rejects.toThrow();
        await expect(store.createParticipant({ ...euSeat, id: 'p-x', delegationId: 'nobody' }, 'hash-x')).rejects.toThrow();
        await expect(store.createParticipant({ ...euSeat, id: 'p-y', delegationId: null }, 'hash-y')).rejects.toThrow();
        expect((await store.listParticipants()).map((p) => p.id)).toEqual(['p-eu']);
      });

      it('revokes once: revoking again keeps the first time, and an unknown participant is undefined', async () => {
        await store.createParticipant(euSeat, 'hash-eu');
        expect(await store.revokeParticipant('p-eu', '2026-11-03T12:00:00.000Z')).toEqual({ ...euSeatRead, revokedAt: '2026-11-03T12:00:00.000Z' });
        expect(await store.revokeParticipant('p-eu', '2026-11-04T12:00:00.000Z')).toEqual({ ...euSeatRead, revokedAt: '2026-11-03T12:00:00.000Z' });
        expect((await store.findParticipantByTokenHash('hash-eu'))?.revokedAt).toBe('2026-11-03T12:00:00.000Z');
        expect(await store.revokeParticipant('p-unknown', '2026-11-04T12:00:00.000Z')).toBeUndefined();
      });

      it('reports revocation and expiry of the participants asked about', async () => {
        await store.createParticipant(euSeat, 'hash-eu');
        await store.createParticipant(cofacilitator, 'hash-cf');
        await store.revokeParticipant('p-cf', '2026-11-05T00:00:00.000Z');
        const status = await store.participantStatus(['p-eu', 'p-cf', 'p-unknown']);
        expect([...status].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          { id: 'p-cf', revokedAt: '2026-11-05T00:00:00.000Z', expiresAt: null },
          { id: 'p-eu', revokedAt: null, expiresAt: '2026-12-31T23:59:59.000Z' },
        ]);
        expect(await store.participantStatus([])).toEqual([]);
      });

      it('keeps sign-in sessions until deleted, read with their participant and its delegation', async () => {
        await store.createParticipant(euSeat, 'hash-eu');
        await store.createSession('session-hash', 'p-eu');
        const session = await store.findSession('session-hash');
        expect(session?.participant).toEqual(euSeatRead);
        await store.createParticipant(cofacilitator, 'hash-cf');
        await store.createSession('cf-session-hash', 'p-cf');
        expect((await store.findSession('cf-session-hash'))?.participant).toEqual(cofacilitatorRead);
        expect(Number.isNaN(Date.parse(session!.createdAt))).toBe(false);
        await store.deleteSession('session-hash');
        expect(await store.findSession('session-hash')).toBeUndefined();
        await store.deleteSession('session-hash'); // deleting twice is harmless
        await expect(store.createSession('other-hash', 'p-unknown')).rejects.toThrow();
      });

      it('keeps server-wide settings, the last value written winning', async () => {
        expect(await store.getSetting('public_url')).toBeUndefined();
        await store.setSetting('public_url', 'http://localhost:4321');
        await store.setSetting('public_url', 'https://penholder.example.org');
        expect(await store.getSetting('public_url')).toBe('https://penholder.example.org');
      });
    });

    describe('operations', () => {
      it('answers a ping and is writable while the database takes writes', async () => {
        expect(await store.ping()).toBe(true);
        expect(store.writable()).toBe(true);
      });

      it('writesFile' in backend.backup ? 'backs up into a checked file' : 'refuses to back up, saying what to use instead', async () => {
        await store.createNegotiation(seed);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-backup-'));
        try {
          const file = path.join(dir, 'copy.sqlite');
          if ('writesFile' in backend.backup) {
            expect(await store.backup(file)).toMatchObject({ file, negotiations: 1, documents: 2, updates: 2, integrity: 'ok' });
          } else {
            await expect(store.backup(file)).rejects.toThrow(backend.backup.refusal);
            expect(fs.existsSync(file)).toBe(false);
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  });
});

// ---- the memory store's fault seam

describe('the memory store with failWrites set', () => {
  it('refuses every write with StoreUnavailable and says it is not writable, until it is cleared', async () => {
    const store = new MemoryStore();
    await store.createNegotiation(seed);
    store.failWrites = true;
    expect(store.writable()).toBe(false);
    await expect(store.appendUpdates('outcome', [entry(bytes(1))])).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.setSetting('k', 'v')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.createParticipant(euSeat, 'hash-eu')).rejects.toBeInstanceOf(StoreUnavailable);
    // Reads go on.
    expect(await store.countUpdates('outcome')).toBe(1);
    store.failWrites = false;
    expect(store.writable()).toBe(true);
    await store.appendUpdates('outcome', [entry(bytes(1))]);
    expect(await store.countUpdates('outcome')).toBe(2);
  });
});

// ---- PostgreSQL: several instances on one database

describe.skipIf('skip' in postgres)(`PostgreSQL with several server instances${'skip' in postgres ? ` (${postgres.skip})` : ''}`, () => {
  let database: StartedPostgres;
  let stores: PostgresStore[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    await database.stop();
  });
  const instance = async (url = database.url, options: Parameters<typeof PostgresStore.connect>[1] = {}) => {
    const store = await PostgresStore.connect(url, options);
    stores.push(store);
    return store;
  };

  it('runs migrations from instances starting at once: every one starts, the schema is built once', async () => {
    const started = await Promise.all([instance(), instance(), instance()]);
    const client = new pg.Client(database.url);
    await client.connect();
    try {
      expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: SCHEMA_VERSION }]);
    } finally {
      await client.end();
    }
    await started[0]!.createNegotiation(seed);
    expect((await started[2]!.listNegotiations()).map((n) => n.id)).toEqual(['wsis20']);
  });

  it('orders concurrent appends to one document from two instances: the batches chain, and no reader ever sees a gap', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.createNegotiation(seed);
    const initial = (await a.loadDocumentState('outcome')).lastSeq;

    // 200 batches of 1-3 updates, alternating instances, all in flight at once; meanwhile both
    // instances load the document again and again, as rooms opening on each would.
    const batches = Array.from({ length: 200 }, (_, i) => Array.from({ length: 1 + (i % 3) }, (_, j) => bytes(i & 0xff, i >> 8, j)));
    let appending = true;
    const loads: Awaited<ReturnType<Store['loadDocumentState']>>[] = [];
    const reader = async (store: Store) => {
      while (appending) loads.push(await store.loadDocumentState('outcome'));
    };
    const readers = [reader(a), reader(b)];
    const results = await Promise.all(batches.map((updates, i) => (i % 2 ? b : a).appendUpdates('outcome', updates.map((u) => entry(u)))));
    appending = false;
    await Promise.all(readers);

    // The chain: ordered by lastSeq, each batch starts where the one before it ended, the first at
    // the document's first update; so the batches cover the whole log and none overlap.
    const chain = [...results].sort((x, y) => x.lastSeq - y.lastSeq);
    expect(chain[0]!.previousSeq).toBe(initial);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.previousSeq).toBe(chain[i - 1]!.lastSeq);
    // Each batch's range holds exactly that batch's updates, in order.
    for (const [i, r] of results.entries()) {
      expect((await a.updatesBetween('outcome', r.previousSeq, r.lastSeq)).map((u) => u.update)).toEqual(batches[i]);
    }
    expect(await b.countUpdates('outcome')).toBe(1 + batches.flat().length);

    // Every load during the race held exactly the log up to its lastSeq: a seq committed while an
    // earlier one of the same document was still pending would show as a missing update here.
    const log = await a.updatesBetween('outcome', 0, chain.at(-1)!.lastSeq);
    expect(loads.length).toBeGreaterThan(2);
    for (const load of loads) {
      expect(load.tail).toEqual(log.filter((u) => u.seq <= load.lastSeq).map((u) => u.update));
    }
  });

  it('settles concurrent client-id claims from two instances: one owner per id, and both see it', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.createNegotiation(seed);
    for (let round = 0; round < 10; round++) {
      // Overlapping ids asked in opposite orders, as two instances loading one document claim its ids.
      const ids = Array.from({ length: 40 }, (_, i) => round * 100 + i);
      const [fromA, fromB] = await Promise.all([
        a.claimClientIds('outcome', 'p-alice', ids),
        b.claimClientIds('outcome', 'p-bob', [...ids].reverse()),
      ]);
      expect(fromA).toEqual(fromB);
      expect(new Set(fromA.keys())).toEqual(new Set(ids));
      for (const owner of fromA.values()) expect(['p-alice', 'p-bob']).toContain(owner);
    }
    expect(await a.clientIdOwners('outcome')).toEqual(await b.clientIdOwners('outcome'));
    expect((await a.clientIdOwners('outcome')).size).toBe(400);
  });

  /** A store reaching the test's database through a link the test can break. */
  const behindLink = async (options: Parameters<typeof PostgresStore.connect>[1] = {}) => {
    const url = new URL(database.url);
    const link = await startBreakableLink(Number(url.port));
    links.push(link);
    url.port = String(link.port);
    return { link, store: await instance(url.toString(), options) };
  };
  let links: Awaited<ReturnType<typeof startBreakableLink>>[] = [];
  afterEach(async () => {
    await Promise.all(links.map((l) => l.close()));
    links = [];
  });

  it('turns a lost database into StoreUnavailable, is not writable meanwhile, and recovers without a restart', async () => {
    const { link, store } = await behindLink();
    await store.createNegotiation(seed);

    link.cut();
    await expect(store.appendUpdates('outcome', [entry(bytes(1))])).rejects.toBeInstanceOf(StoreUnavailable);
    expect(store.writable()).toBe(false);
    await expect(store.getDocument('outcome')).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.ping()).toBe(false);

    link.restore();
    // writable() answers at once; its background probe clears the flag once a write gets through.
    await waitFor(() => store.writable());
    expect(await store.ping()).toBe(true);
    const result = await store.appendUpdates('outcome', [entry(bytes(2))]);
    expect((await store.updatesBetween('outcome', result.previousSeq, result.lastSeq)).map((u) => u.update)).toEqual([bytes(2)]);
  });

  it('gives up on a database that went silent after the query timeout, as unavailable, and recovers', async () => {
    const { link, store } = await behindLink({ queryTimeoutMillis: 1_000, connectionTimeoutMillis: 1_000, pingTimeoutMillis: 500 });
    await store.createNegotiation(seed);

    link.silence();
    const started = Date.now();
    await expect(store.appendUpdates('outcome', [entry(bytes(1))])).rejects.toBeInstanceOf(StoreUnavailable);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(store.writable()).toBe(false);
    expect(await store.ping()).toBe(false);

    link.restore();
    await waitFor(() => store.writable());
    await store.appendUpdates('outcome', [entry(bytes(2))]);
    expect((await store.loadDocumentState('outcome')).tail.at(-1)).toEqual(bytes(2));
  });
});

/**
 * A TCP link to the database that a test can break in the two ways networks break: cut (every
 * connection reset, new ones refused) or silenced (connections stay open and carry nothing, as when
 * a NAT forgets them), and restore. Restoring closes the silenced connections: their clients gave up.
 */
async function startBreakableLink(targetPort: number) {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let state: 'open' | 'cut' | 'silent' = 'open';
  const server = net.createServer((client) => {
    if (state === 'cut') return void client.resetAndDestroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      from.on('data', (chunk) => state === 'open' && to.write(chunk));
      from.on('error', () => to.destroy());
      from.on('close', () => {
        pairs.delete(pair);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  const closeAll = (reset: boolean) => {
    for (const pair of pairs) for (const s of pair) reset ? s.resetAndDestroy() : s.destroy();
  };
  return {
    port: address.port,
    cut() {
      state = 'cut';
      closeAll(true);
    },
    silence() {
      state = 'silent';
    },
    restore() {
      if (state === 'silent') closeAll(false);
      state = 'open';
    },
    close: () => {
      closeAll(false);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
