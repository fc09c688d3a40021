// The Store in this process's memory, for unit tests of rooms and hooks: same semantics as SqliteStore
// and PostgresStore (tests/integration/storage-contract.test.ts runs one suite against all three),
// nothing on disk, nothing to start. "Durable on resolve" means "recorded before the promise
// resolves": every method does its whole work synchronously, then resolves, so operations are atomic
// and a document's sequence numbers are recorded in order.
//
// It keeps the databases' constraints that callers can trip (duplicate ids, a revision name taken,
// references to a negotiation, delegation, document or participant that does not exist, a
// delegation participant without a delegation), rejecting with an Error as the databases would, so a
// test cannot pass here and fail on a real store for want of a check. Bytes are copied in and out:
// a caller reusing its buffer cannot change what was stored.
//
// The fault seam: `failWrites = true` makes every write reject with StoreUnavailable and writable()
// answer false, as a full disk does to SqliteStore; back to false, writes succeed again.
import {
  RevisionNameTaken,
  StoreUnavailable,
  type AppendEntry,
  type AppendResult,
  type BackupSummary,
  type Delegation,
  type DocumentRecord,
  type DocumentSeed,
  type DocumentState,
  type HistoryEntry,
  type Negotiation,
  type NegotiationSeed,
  type Participant,
  type ParticipantRecord,
  type SessionRecord,
  type RevisionRecord,
  type Store,
  type StoredUpdate,
  type UpdateAttribution,
} from './store.ts';

interface StoredRow {
  seq: number;
  documentId: string;
  update: Uint8Array;
  origin: string | null;
  at: string;
  attribution: UpdateAttribution | null;
}

const now = () => new Date().toISOString();
const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);
/** Plain data through JSON, as a database stores it: later changes to the caller's object do not show. */
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const byCreatedThenOrder = <T extends { createdAt: string }>(a: T, b: T) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

export class MemoryStore implements Store {
  /** Set by a fault test: every write then rejects with StoreUnavailable. */
  failWrites = false;

  private closed = false;
  private lastSeq = 0;
  private readonly negotiations = new Map<string, Negotiation>();
  /** By negotiation, in insertion order. */
  private readonly delegations = new Map<string, Delegation[]>();
  private readonly documents = new Map<string, DocumentRecord>();
  /** By document, oldest first. */
  private readonly updates = new Map<string, StoredRow[]>();
  private readonly snapshots = new Map<string, { state: Uint8Array; uptoSeq: number }>();
  private readonly clientIds = new Map<string, Map<number, string>>();
  /** In insertion order. */
  private readonly revisions: (RevisionRecord & { state: Uint8Array })[] = [];
  /** In insertion order. */
  private readonly participants: (ParticipantRecord & { tokenHash: string })[] = [];
  private readonly sessions = new Map<string, { participantId: string; createdAt: string }>();
  private readonly settings = new Map<string, string>();

  private assertOpen(): void {
    if (this.closed) throw new Error('the memory store is closed');
  }

  /** Checks and performs a write; `fn` must check everything before it changes anything. */
  private async write<T>(fn: () => T): Promise<T> {
    this.assertOpen();
    if (this.failWrites) throw new StoreUnavailable(new Error('MemoryStore.failWrites is set'));
    return fn();
  }

  private async read<T>(fn: () => T): Promise<T> {
    this.assertOpen();
    return fn();
  }

  writable(): boolean {
    return !this.failWrites;
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async backup(_file: string): Promise<BackupSummary> {
    throw new Error('The memory store keeps everything in this process and has no file to back up.');
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  // ---- negotiations and documents

  createNegotiation(seed: NegotiationSeed): Promise<void> {
    return this.write(() => {
      const id = seed.negotiation.id;
      if (this.negotiations.has(id)) throw new Error(`negotiation ${id} already exists`);
      const delegationIds = new Set<string>();
      for (const d of seed.delegations) {
        if (delegationIds.has(d.id)) throw new Error(`delegation ${d.id} appears twice`);
        delegationIds.add(d.id);
      }
      const documentIds = new Set<string>();
      for (const doc of seed.documents) {
        if (this.documents.has(doc.id) || documentIds.has(doc.id)) throw new Error(`document ${doc.id} already exists`);
        documentIds.add(doc.id);
      }
      const created = now();
      this.negotiations.set(id, { id, title: seed.negotiation.title, createdAt: created });
      this.delegations.set(id, seed.delegations.map((d) => ({ id: d.id, negotiationId: id, name: d.name, kind: d.kind })));
      for (const doc of seed.documents) this.insertDocument(id, doc, created);
    });
  }

  createDocument(negotiationId: string, document: DocumentSeed): Promise<void> {
    return this.write(() => {
      if (!this.negotiations.has(negotiationId)) throw new Error(`no negotiation ${negotiationId}`);
      if (this.documents.has(document.id)) throw new Error(`document ${document.id} already exists`);
      this.insertDocument(negotiationId, document, now());
    });
  }

  private insertDocument(negotiationId: string, doc: DocumentSeed, created: string): void {
    this.documents.set(doc.id, { id: doc.id, negotiationId, title: doc.title, numberingStyle: doc.numberingStyle, createdAt: created });
    this.updates.set(doc.id, [{ seq: ++this.lastSeq, documentId: doc.id, update: copy(doc.initialUpdate), origin: doc.origin, at: created, attribution: null }]);
  }

  listNegotiations(): Promise<Negotiation[]> {
    return this.read(() =>
      [...this.negotiations.values()].map((n) => ({ ...n })).sort((a, b) => byCreatedThenOrder(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }

  listDelegations(negotiationId: string): Promise<Delegation[]> {
    return this.read(() => (this.delegations.get(negotiationId) ?? []).map((d) => ({ ...d })));
  }

  createDelegation(d: Delegation): Promise<void> {
    return this.write(() => {
      const list = this.delegations.get(d.negotiationId);
      if (!list) throw new Error(`no negotiation ${d.negotiationId}`);
      if (list.some((x) => x.id === d.id)) throw new Error(`delegation ${d.id} already exists in ${d.negotiationId}`);
      list.push({ id: d.id, negotiationId: d.negotiationId, name: d.name, kind: d.kind });
    });
  }

  listDocuments(negotiationId: string): Promise<DocumentRecord[]> {
    return this.read(() =>
      [...this.documents.values()]
        .filter((d) => d.negotiationId === negotiationId)
        .map((d) => ({ ...d }))
        .sort((a, b) => byCreatedThenOrder(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }

  getDocument(id: string): Promise<DocumentRecord | undefined> {
    return this.read(() => {
      const d = this.documents.get(id);
      return d && { ...d };
    });
  }

  // ---- the update log

  private log(documentId: string): StoredRow[] {
    const rows = this.updates.get(documentId);
    if (!rows) throw new Error(`no document ${documentId}`);
    return rows;
  }

  appendUpdates(documentId: string, entries: readonly AppendEntry[]): Promise<AppendResult> {
    return this.write(() => {
      const rows = this.log(documentId);
      const previousSeq = rows.length ? rows[rows.length - 1]!.seq : 0;
      const at = now();
      for (const e of entries) {
        rows.push({ seq: ++this.lastSeq, documentId, update: copy(e.update), origin: e.origin, at, attribution: e.attribution && cloneJson(e.attribution) });
      }
      return { previousSeq, lastSeq: rows.length ? rows[rows.length - 1]!.seq : 0 };
    });
  }

  history(documentId: string, options: { blockId?: string; limit: number }): Promise<HistoryEntry[]> {
    return this.read(() => {
      const entries: HistoryEntry[] = [];
      const rows = this.updates.get(documentId) ?? [];
      for (let i = rows.length - 1; i >= 0 && entries.length < options.limit; i--) {
        const r = rows[i]!;
        const a = r.attribution;
        if (!a) continue;
        if (options.blockId !== undefined && !a.blocks.includes(options.blockId)) continue;
        entries.push({
          seq: r.seq,
          at: r.at,
          participant: { id: a.participantId, name: r.origin ?? '', role: a.role, delegationId: a.delegationId },
          blocks: [...a.blocks],
          ...(a.statuses && Object.keys(a.statuses).length > 0 ? { statuses: cloneJson(a.statuses) } : {}),
          ...(a.events && a.events.length > 0 ? { events: cloneJson(a.events) } : {}),
        });
      }
      return entries;
    });
  }

  loadDocumentState(documentId: string): Promise<DocumentState> {
    return this.read(() => {
      const snap = this.snapshots.get(documentId);
      const snapshotUpto = snap?.uptoSeq ?? 0;
      const tail = (this.updates.get(documentId) ?? []).filter((r) => r.seq > snapshotUpto);
      return {
        snapshot: snap ? copy(snap.state) : null,
        snapshotUpto,
        tail: tail.map((r) => copy(r.update)),
        lastSeq: tail.length ? tail[tail.length - 1]!.seq : snapshotUpto,
      };
    });
  }

  writeSnapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    return this.write(() => {
      if (!this.documents.has(documentId)) throw new Error(`no document ${documentId}`);
      const stored = this.snapshots.get(documentId);
      if (stored && stored.uptoSeq > uptoSeq) return;
      this.snapshots.set(documentId, { state: copy(state), uptoSeq });
    });
  }

  snapshotInfo(documentId: string): Promise<{ uptoSeq: number; bytes: number } | undefined> {
    return this.read(() => {
      const s = this.snapshots.get(documentId);
      return s && { uptoSeq: s.uptoSeq, bytes: s.state.byteLength };
    });
  }

  countUpdates(documentId: string): Promise<number> {
    return this.read(() => this.updates.get(documentId)?.length ?? 0);
  }

  updatesBetween(documentId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]> {
    return this.read(() =>
      (this.updates.get(documentId) ?? [])
        .filter((r) => r.seq > afterSeq && r.seq <= uptoSeq)
        .map((r) => ({
          seq: r.seq,
          update: copy(r.update),
          at: r.at,
          participantId: r.attribution?.participantId ?? null,
          role: r.attribution?.role ?? null,
          delegationId: r.attribution?.delegationId ?? null,
        })),
    );
  }

  // ---- client ids

  clientIdOwners(documentId: string): Promise<Map<number, string>> {
    return this.read(() => new Map(this.clientIds.get(documentId) ?? []));
  }

  async claimClientIds(documentId: string, participantId: string, clientIds: number[]): Promise<Map<number, string>> {
    if (clientIds.length === 0) return new Map();
    return this.write(() => {
      if (!this.documents.has(documentId)) throw new Error(`no document ${documentId}`);
      let owners = this.clientIds.get(documentId);
      if (!owners) this.clientIds.set(documentId, (owners = new Map()));
      for (const id of clientIds) if (!owners.has(id)) owners.set(id, participantId);
      return new Map(clientIds.map((id) => [id, owners.get(id)!]));
    });
  }

  // ---- revisions

  createRevision(r: RevisionRecord, state: Uint8Array): Promise<void> {
    return this.write(() => {
      if (!this.documents.has(r.documentId)) throw new Error(`no document ${r.documentId}`);
      if (r.participantId !== null && !this.participants.some((p) => p.id === r.participantId)) throw new Error(`no participant ${r.participantId}`);
      if (this.revisions.some((x) => x.id === r.id)) throw new Error(`revision ${r.id} already exists`);
      if (this.revisions.some((x) => x.documentId === r.documentId && x.name === r.name)) {
        throw new RevisionNameTaken(`a revision named "${r.name}" already exists`);
      }
      this.revisions.push({ ...cloneJson(r), state: copy(state) });
    });
  }

  listRevisions(documentId: string): Promise<RevisionRecord[]> {
    return this.read(() =>
      this.revisions
        .filter((r) => r.documentId === documentId)
        .sort(byCreatedThenOrder) // stable: insertion order among equal times
        .map(({ state: _state, ...record }) => cloneJson(record)),
    );
  }

  getRevision(id: string): Promise<(RevisionRecord & { state: Uint8Array }) | undefined> {
    return this.read(() => {
      const r = this.revisions.find((x) => x.id === id);
      if (!r) return undefined;
      const { state, ...record } = r;
      return { ...cloneJson(record), state: copy(state) };
    });
  }

  // ---- participants, sessions, settings

  createParticipant(p: ParticipantRecord, tokenHash: string): Promise<void> {
    return this.write(() => {
      if (!this.negotiations.has(p.negotiationId)) throw new Error(`no negotiation ${p.negotiationId}`);
      if ((p.role === 'delegation') !== (p.delegationId !== null)) throw new Error('a delegation participant, and only one, names its delegation');
      if (p.delegationId !== null && !this.delegations.get(p.negotiationId)?.some((d) => d.id === p.delegationId)) {
        throw new Error(`no delegation ${p.delegationId} in ${p.negotiationId}`);
      }
      if (this.participants.some((x) => x.id === p.id)) throw new Error(`participant ${p.id} already exists`);
      if (this.participants.some((x) => x.tokenHash === tokenHash)) throw new Error('that token hash is already in use');
      this.participants.push({ ...participantOf(p), tokenHash });
    });
  }

  getParticipant(id: string): Promise<Participant | undefined> {
    return this.read(() => {
      const p = this.participants.find((x) => x.id === id);
      return p && this.withDelegation(p);
    });
  }

  findParticipantByTokenHash(tokenHash: string): Promise<Participant | undefined> {
    return this.read(() => {
      const p = this.participants.find((x) => x.tokenHash === tokenHash);
      return p && this.withDelegation(p);
    });
  }

  listParticipants(negotiationId?: string): Promise<Participant[]> {
    return this.read(() =>
      this.participants
        .filter((p) => negotiationId === undefined || p.negotiationId === negotiationId)
        .sort(byCreatedThenOrder)
        .map((p) => this.withDelegation(p)),
    );
  }

  revokeParticipant(id: string, at: string): Promise<Participant | undefined> {
    return this.write(() => {
      const p = this.participants.find((x) => x.id === id);
      if (!p) return undefined;
      p.revokedAt ??= at;
      return this.withDelegation(p);
    });
  }

  /** The record alone (no token hash), as a fresh object, with its delegation as the SQL stores join it. */
  private withDelegation(p: ParticipantRecord): Participant {
    const d = p.delegationId === null ? undefined : this.delegations.get(p.negotiationId)?.find((x) => x.id === p.delegationId);
    return { ...participantOf(p), delegation: d ? { id: d.id, name: d.name, kind: d.kind } : null };
  }

  participantStatus(ids: string[]): Promise<{ id: string; revokedAt: string | null; expiresAt: string | null }[]> {
    return this.read(() => {
      const wanted = new Set(ids);
      return this.participants.filter((p) => wanted.has(p.id)).map((p) => ({ id: p.id, revokedAt: p.revokedAt, expiresAt: p.expiresAt }));
    });
  }

  createSession(hash: string, participantId: string): Promise<void> {
    return this.write(() => {
      if (!this.participants.some((p) => p.id === participantId)) throw new Error(`no participant ${participantId}`);
      if (this.sessions.has(hash)) throw new Error('that session hash is already in use');
      this.sessions.set(hash, { participantId, createdAt: now() });
    });
  }

  findSession(hash: string): Promise<SessionRecord | undefined> {
    return this.read(() => {
      const s = this.sessions.get(hash);
      const p = s && this.participants.find((x) => x.id === s.participantId);
      return s && p && { createdAt: s.createdAt, participant: this.withDelegation(p) };
    });
  }

  deleteSession(hash: string): Promise<void> {
    return this.write(() => {
      this.sessions.delete(hash);
    });
  }

  getSetting(key: string): Promise<string | undefined> {
    return this.read(() => this.settings.get(key));
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.write(() => {
      this.settings.set(key, value);
    });
  }
}

/** The record alone (no token hash), as a fresh object. */
function participantOf(p: ParticipantRecord): ParticipantRecord {
  return {
    id: p.id,
    negotiationId: p.negotiationId,
    role: p.role,
    delegationId: p.delegationId,
    name: p.name,
    createdAt: p.createdAt,
    revokedAt: p.revokedAt,
    expiresAt: p.expiresAt,
  };
}
