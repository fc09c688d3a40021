// The embedded default Store: one SQLite file in the data directory, through better-sqlite3.
// WAL with synchronous=FULL: appendUpdates resolves once committed, so a relayed update survives a
// crash of the process or the machine. better-sqlite3 is synchronous, and a commit waits for the
// disk's fsync: so every write runs on a thread of its own with its own connection
// (sqliteWriteThread.ts), where that wait does not stop the event loop and the writes that arrive
// meanwhile are committed together (group commit; docs/design.md §26). Writes are committed in the
// order of the calls. Reads run here, on the main connection: WAL readers never wait for the writer,
// and a read made after a write resolved sees it. writable()'s probe is the one write made here.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';
import { SqliteWriteThread, WriteFailed, type LogRow, type WriteStep } from './sqliteWriteThread.ts';
import type {
  Delegation,
  DocumentRecord,
  DocumentSeed,
  DocumentState,
  HistoryEntry,
  Negotiation,
  NegotiationSeed,
  Participant,
  ParticipantRecord,
  RevisionRecord,
  AppendEntry,
  AppendResult,
  Store,
  StoredUpdate,
  SessionRecord,
} from './store.ts';
import { participantOfRow, selectSessionWhereHashIs, sessionOfRow, SELECT_PARTICIPANTS, type ParticipantRow, type SessionRow } from './participantRows.ts';

/**
 * SQLite result codes that mean "the file cannot be written now" rather than "this write is wrong":
 * a full disk (SQLITE_FULL), a read-only file or directory (SQLITE_READONLY_*, SQLITE_CANTOPEN for
 * the journal), an I/O error (SQLITE_IOERR_*, e.g. EFBIG past a file-size limit), another process
 * holding the lock past busy_timeout. They become StoreUnavailable; constraint violations and bugs
 * stay what they are.
 */
const UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY)/;
/** The settings row writable() rewrites to learn whether the disk takes writes again. */
const WRITE_PROBE_SETTING = 'write_probe';
import { RevisionNameTaken, StoreUnavailable, type BackupSummary } from './store.ts';

const now = () => new Date().toISOString();
/** Every connection to the file runs these first (this store's, and the write thread's). */
const PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 5000'];
/** The statements that write, prepared by the write thread (and the probe's here). */
const WRITE_SQL = {
  insertNegotiation: 'INSERT INTO negotiations (id, title, created_at) VALUES (?, ?, ?)',
  insertDelegation: 'INSERT INTO delegations (id, negotiation_id, name, kind) VALUES (?, ?, ?, ?)',
  insertDocument: 'INSERT INTO documents (id, negotiation_id, title, numbering_style, created_at) VALUES (?, ?, ?, ?, ?)',
  appendUpdate: `INSERT INTO updates (document_id, "update", origin, created_at, participant_id, role, delegation_id, blocks, statuses, events)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  indexBlock: `INSERT OR IGNORE INTO update_blocks (document_id, block_id, seq) VALUES (?, ?, ?)`,
  lastSeqOf: 'SELECT COALESCE(MAX(seq), 0) AS s FROM updates WHERE document_id = ?',
  setSetting: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  insertParticipant: `INSERT INTO participants (id, negotiation_id, role, delegation_id, name, token_hash, created_at, revoked_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  revokeParticipant: 'UPDATE participants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  insertSession: 'INSERT INTO sessions (hash, participant_id, created_at) VALUES (?, ?, ?)',
  deleteSession: 'DELETE FROM sessions WHERE hash = ?',
  claimClientId: 'INSERT INTO client_ids (document_id, client_id, participant_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  writeSnapshot: `INSERT INTO snapshots (document_id, state, upto_seq) VALUES (?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq
         WHERE excluded.upto_seq >= snapshots.upto_seq`,
  insertRevision: `INSERT INTO revisions (id, document_id, name, note, created_at, participant_id, upto_seq, state, label_map)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
} as const;
type WriteStatement = keyof typeof WRITE_SQL;
/** One step of a write unit, its statement checked against WRITE_SQL. */
const step = (stmt: WriteStatement, ...params: unknown[]): WriteStep => ({ stmt, params });

/** An append entry as a row of the updates table (and the blocks to index it under). */
function logRow({ update, origin, attribution }: AppendEntry): LogRow {
  return {
    params: [
      update,
      origin,
      attribution?.participantId ?? null,
      attribution?.role ?? null,
      attribution?.delegationId ?? null,
      attribution ? JSON.stringify(attribution.blocks) : null,
      attribution?.statuses && Object.keys(attribution.statuses).length > 0 ? JSON.stringify(attribution.statuses) : null,
      attribution?.events && attribution.events.length > 0 ? JSON.stringify(attribution.events) : null,
    ],
    blockIds: attribution?.blocks ?? [],
  };
}
const REVISION_COLUMNS = `id, document_id AS documentId, name, note, created_at AS createdAt,
  participant_id AS participantId, upto_seq AS uptoSeq, label_map AS labelMap`;
type RevisionRow = Omit<RevisionRecord, 'renumbered'> & { labelMap: string };
const revisionOfRow = ({ labelMap, ...rest }: RevisionRow): RevisionRecord => ({ ...rest, renumbered: JSON.parse(labelMap) });
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt;
  /** Set when a write failed for want of disk, cleared by the next write that succeeds. */
  private unavailable = false;
  /** Where every write but the probe runs; its thread starts on the first write. */
  private readonly writes: SqliteWriteThread;
  /** How many write groups the thread has committed, and the writes in them (for tests and benchmarks). */
  get writeStats(): Readonly<{ groups: number; units: number }> {
    return { ...this.writes.stats };
  }

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'penholder.sqlite');
    this.db = new Database(file);
    for (const pragma of PRAGMAS) this.db.pragma(pragma);
    migrate(this.db);
    this.writes = new SqliteWriteThread({ file, pragmas: PRAGMAS, sql: WRITE_SQL });
    const db = this.db;
    this.stmt = {
      listNegotiations: db.prepare('SELECT id, title, created_at AS createdAt FROM negotiations ORDER BY created_at, id'),
      listDelegations: db.prepare(
        'SELECT id, negotiation_id AS negotiationId, name, kind FROM delegations WHERE negotiation_id = ? ORDER BY rowid',
      ),
      listDocuments: db.prepare(
        `SELECT id, negotiation_id AS negotiationId, title, numbering_style AS numberingStyle, created_at AS createdAt
         FROM documents WHERE negotiation_id = ? ORDER BY created_at, id`,
      ),
      getDocument: db.prepare(
        `SELECT id, negotiation_id AS negotiationId, title, numbering_style AS numberingStyle, created_at AS createdAt
         FROM documents WHERE id = ?`,
      ),
      history: db.prepare(
        `SELECT seq, created_at AS at, participant_id AS participantId, role, delegation_id AS delegationId,
                origin, blocks, statuses, events
         FROM updates WHERE document_id = ? AND participant_id IS NOT NULL ORDER BY seq DESC LIMIT ?`,
      ),
      historyOfBlock: db.prepare(
        `SELECT u.seq, u.created_at AS at, u.participant_id AS participantId, u.role, u.delegation_id AS delegationId,
                u.origin, u.blocks, u.statuses, u.events
         FROM update_blocks b JOIN updates u ON u.seq = b.seq
         WHERE b.document_id = ? AND b.block_id = ? AND u.participant_id IS NOT NULL
         ORDER BY b.seq DESC LIMIT ?`,
      ),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(WRITE_SQL.setSetting),
      getParticipant: db.prepare(`${SELECT_PARTICIPANTS} WHERE p.id = ?`),
      participantByHash: db.prepare(`${SELECT_PARTICIPANTS} WHERE p.token_hash = ?`),
      listParticipants: db.prepare(`${SELECT_PARTICIPANTS} ORDER BY p.created_at, p.rowid`),
      listParticipantsOf: db.prepare(`${SELECT_PARTICIPANTS} WHERE p.negotiation_id = ? ORDER BY p.created_at, p.rowid`),
      participantStatus: db.prepare(
        `SELECT id, revoked_at AS revokedAt, expires_at AS expiresAt FROM participants
         WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      findSession: db.prepare(selectSessionWhereHashIs('?')),
      clientIds: db.prepare('SELECT client_id AS clientId, participant_id AS participantId FROM client_ids WHERE document_id = ?'),
      snapshot: db.prepare('SELECT state, upto_seq AS uptoSeq FROM snapshots WHERE document_id = ?'),
      tail: db.prepare('SELECT seq, "update" AS u FROM updates WHERE document_id = ? AND seq > ? ORDER BY seq'),
      snapshotInfo: db.prepare('SELECT upto_seq AS uptoSeq, length(state) AS bytes FROM snapshots WHERE document_id = ?'),
      countUpdates: db.prepare('SELECT COUNT(*) AS n FROM updates WHERE document_id = ?'),
      clientIdOwner: db.prepare('SELECT participant_id AS participantId FROM client_ids WHERE document_id = ? AND client_id = ?'),
      updatesBetween: db.prepare(
        `SELECT seq, "update" AS u, created_at AS at, participant_id AS participantId, role, delegation_id AS delegationId
         FROM updates WHERE document_id = ? AND seq > ? AND seq <= ? ORDER BY seq`,
      ),
      listRevisions: db.prepare(
        `SELECT ${REVISION_COLUMNS} FROM revisions WHERE document_id = ? ORDER BY created_at, rowid`,
      ),
      getRevision: db.prepare(`SELECT ${REVISION_COLUMNS}, state FROM revisions WHERE id = ?`),
    };
  }

  /** Runs a write on this connection, turning "cannot write now" failures into StoreUnavailable. */
  private write<T>(fn: () => T): T {
    try {
      const result = fn();
      this.unavailable = false;
      return result;
    } catch (err) {
      throw this.writeFailure(err);
    }
  }

  /** A write unit on the write thread, its failures turned as write() turns them. */
  private async written<T>(result: Promise<T>): Promise<T> {
    try {
      const value = await result;
      this.unavailable = false;
      return value;
    } catch (err) {
      throw this.writeFailure(err);
    }
  }

  /** Runs `steps` in one transaction on the write thread. */
  private runWrites(...steps: WriteStep[]): Promise<number[]> {
    return this.written(this.writes.run(steps));
  }

  /** What a failed write throws: StoreUnavailable when the file cannot be written now, else the error itself. */
  private writeFailure(err: unknown): unknown {
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'string' && UNAVAILABLE.test(code)) {
      this.unavailable = true;
      return new StoreUnavailable(err);
    }
    return err;
  }

  writable(): boolean {
    if (!this.unavailable) return true;
    try {
      this.write(() => this.stmt.setSetting.run(WRITE_PROBE_SETTING, now()));
      return true;
    } catch (err) {
      if (err instanceof StoreUnavailable) return false;
      throw err;
    }
  }

  async createNegotiation(seed: NegotiationSeed): Promise<void> {
    const created = now();
    await this.runWrites(
      step('insertNegotiation', seed.negotiation.id, seed.negotiation.title, created),
      ...seed.delegations.map((d) => step('insertDelegation', d.id, seed.negotiation.id, d.name, d.kind)),
      ...seed.documents.flatMap((doc) => this.insertDocument(seed.negotiation.id, doc, created)),
    );
  }

  async createDocument(negotiationId: string, document: DocumentSeed): Promise<void> {
    await this.runWrites(...this.insertDocument(negotiationId, document, now()));
  }

  private insertDocument(negotiationId: string, doc: DocumentSeed, created: string): WriteStep[] {
    return [
      step('insertDocument', doc.id, negotiationId, doc.title, doc.numberingStyle, created),
      step('appendUpdate', doc.id, doc.initialUpdate, doc.origin, created, null, null, null, null, null, null),
    ];
  }

  async listNegotiations(): Promise<Negotiation[]> {
    return this.stmt.listNegotiations.all() as Negotiation[];
  }

  async listDelegations(negotiationId: string): Promise<Delegation[]> {
    return this.stmt.listDelegations.all(negotiationId) as Delegation[];
  }

  async listDocuments(negotiationId: string): Promise<DocumentRecord[]> {
    return this.stmt.listDocuments.all(negotiationId) as DocumentRecord[];
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    return this.stmt.getDocument.get(id) as DocumentRecord | undefined;
  }

  async createDelegation(d: Delegation): Promise<void> {
    await this.runWrites(step('insertDelegation', d.id, d.negotiationId, d.name, d.kind));
  }

  async appendUpdates(documentId: string, entries: readonly AppendEntry[]): Promise<AppendResult> {
    // One unit of the write thread: the updates and their block index are durable together.
    return this.written(this.writes.append(documentId, entries.map(logRow)));
  }

  async history(documentId: string, options: { blockId?: string; limit: number }): Promise<HistoryEntry[]> {
    type Row = { seq: number; at: string; participantId: string; role: HistoryEntry['participant']['role']; delegationId: string | null; origin: string | null; blocks: string | null; statuses: string | null; events: string | null };
    const rows = (
      options.blockId === undefined
        ? this.stmt.history.all(documentId, options.limit)
        : this.stmt.historyOfBlock.all(documentId, options.blockId, options.limit)
    ) as Row[];
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      // The name as it was when the update was made (the origin label).
      participant: { id: r.participantId, name: r.origin ?? '', role: r.role, delegationId: r.delegationId },
      blocks: r.blocks ? (JSON.parse(r.blocks) as string[]) : [],
      ...(r.statuses ? { statuses: JSON.parse(r.statuses) as Record<string, string> } : {}),
      ...(r.events ? { events: JSON.parse(r.events) as unknown[] } : {}),
    }));
  }

  async loadDocumentState(documentId: string): Promise<DocumentState> {
    // One read transaction so the snapshot and the tail agree even if a writer is active.
    return this.db.transaction((): DocumentState => {
      const snap = this.stmt.snapshot.get(documentId) as { state: Buffer; uptoSeq: number } | undefined;
      const snapshotUpto = snap?.uptoSeq ?? 0;
      const rows = this.stmt.tail.all(documentId, snapshotUpto) as { seq: number; u: Buffer }[];
      const last = rows.length ? rows[rows.length - 1]!.seq : snapshotUpto;
      return { snapshot: snap ? bytes(snap.state) : null, snapshotUpto, tail: rows.map((r) => bytes(r.u)), lastSeq: last };
    })();
  }

  async writeSnapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    await this.runWrites(step('writeSnapshot', documentId, state, uptoSeq));
  }

  async snapshotInfo(documentId: string): Promise<{ uptoSeq: number; bytes: number } | undefined> {
    return this.stmt.snapshotInfo.get(documentId) as { uptoSeq: number; bytes: number } | undefined;
  }

  async countUpdates(documentId: string): Promise<number> {
    return (this.stmt.countUpdates.get(documentId) as { n: number }).n;
  }

  async createParticipant(p: ParticipantRecord, tokenHash: string): Promise<void> {
    await this.runWrites(step('insertParticipant', p.id, p.negotiationId, p.role, p.delegationId, p.name, tokenHash, p.createdAt, p.revokedAt, p.expiresAt));
  }

  async getParticipant(id: string): Promise<Participant | undefined> {
    return this.participantOf(this.stmt.getParticipant.get(id));
  }

  async findParticipantByTokenHash(tokenHash: string): Promise<Participant | undefined> {
    return this.participantOf(this.stmt.participantByHash.get(tokenHash));
  }

  async listParticipants(negotiationId?: string): Promise<Participant[]> {
    const rows = (negotiationId === undefined ? this.stmt.listParticipants.all() : this.stmt.listParticipantsOf.all(negotiationId)) as ParticipantRow[];
    return rows.map(participantOfRow);
  }

  async revokeParticipant(id: string, at: string): Promise<Participant | undefined> {
    await this.runWrites(step('revokeParticipant', at, id));
    return this.participantOf(this.stmt.getParticipant.get(id));
  }

  /** A joined participant row (see participantRows.ts) as a Participant, if there was a row. */
  private participantOf(row: unknown): Participant | undefined {
    const found = row as ParticipantRow | undefined;
    return found && participantOfRow(found);
  }

  async participantStatus(ids: string[]): Promise<{ id: string; revokedAt: string | null; expiresAt: string | null }[]> {
    if (ids.length === 0) return [];
    return this.stmt.participantStatus.all(JSON.stringify(ids)) as { id: string; revokedAt: string | null; expiresAt: string | null }[];
  }

  async createSession(hash: string, participantId: string): Promise<void> {
    await this.runWrites(step('insertSession', hash, participantId, now()));
  }

  async findSession(hash: string): Promise<SessionRecord | undefined> {
    const row = this.stmt.findSession.get(hash) as SessionRow | undefined;
    return row && sessionOfRow(row);
  }

  async deleteSession(hash: string): Promise<void> {
    await this.runWrites(step('deleteSession', hash));
  }

  async clientIdOwners(documentId: string): Promise<Map<number, string>> {
    const rows = this.stmt.clientIds.all(documentId) as { clientId: number; participantId: string }[];
    return new Map(rows.map((r) => [r.clientId, r.participantId]));
  }

  async claimClientIds(documentId: string, participantId: string, clientIds: number[]): Promise<Map<number, string>> {
    await this.runWrites(...clientIds.map((id) => step('claimClientId', documentId, id, participantId)));
    // Committed: the owners read now are the first claimants, whoever they were.
    const owners = new Map<number, string>();
    for (const id of clientIds) owners.set(id, (this.stmt.clientIdOwner.get(documentId, id) as { participantId: string }).participantId);
    return owners;
  }

  async ping(): Promise<boolean> {
    return this.db.open;
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (this.stmt.getSetting.get(key) as { value: string } | undefined)?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.runWrites(step('setSetting', key, value));
  }

  async updatesBetween(documentId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]> {
    const rows = this.stmt.updatesBetween.all(documentId, afterSeq, uptoSeq) as (Omit<StoredUpdate, 'update'> & { u: Buffer })[];
    return rows.map(({ u, ...rest }) => ({ ...rest, update: bytes(u) }));
  }

  async createRevision(r: RevisionRecord, state: Uint8Array): Promise<void> {
    try {
      await this.runWrites(step('insertRevision', r.id, r.documentId, r.name, r.note, r.createdAt, r.participantId, r.uptoSeq, state, JSON.stringify(r.renumbered)));
    } catch (err) {
      if (err instanceof WriteFailed && err.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new RevisionNameTaken(`a revision named "${r.name}" already exists`);
      throw err;
    }
  }

  async listRevisions(documentId: string): Promise<RevisionRecord[]> {
    return (this.stmt.listRevisions.all(documentId) as RevisionRow[]).map(revisionOfRow);
  }

  async getRevision(id: string): Promise<(RevisionRecord & { state: Uint8Array }) | undefined> {
    const row = this.stmt.getRevision.get(id) as (RevisionRow & { state: Buffer }) | undefined;
    return row && { ...revisionOfRow(row), state: bytes(row.state) };
  }

  /**
   * SQLite's online backup API (better-sqlite3's db.backup): pages are copied from a read
   * transaction, so the copy is the database as of one instant and writers go on meanwhile. The
   * first step copies 100 pages; the rest is asked for in one step, because a write by another
   * connection (the server, when this runs in the CLI) restarts a backup between steps and a busy
   * room could otherwise restart it forever. Copied to a temporary file beside `file`, checked
   * (integrity_check, counts) and switched to a rollback journal, so the copy is one self-contained
   * file, then renamed over `file`.
   */
  async backup(file: string): Promise<BackupSummary> {
    const target = path.resolve(file);
    const partial = `${target}.partial-${process.pid}`;
    try {
      await this.db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
      // One self-contained file (no -wal beside it) to move around; a server opening it turns WAL back on.
      const copy = new Database(partial, { fileMustExist: true });
      let summary: Omit<BackupSummary, 'file' | 'bytes'>;
      try {
        copy.pragma('journal_mode = DELETE');
        const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
        const count = (table: string) => (copy.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
        summary = {
          integrity: rows.map((r) => r.integrity_check).join('; '),
          negotiations: count('negotiations'),
          documents: count('documents'),
          updates: count('updates'),
        };
      } finally {
        copy.close();
      }
      if (summary.integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${summary.integrity}`);
      fs.renameSync(partial, target);
      return { file: target, bytes: fs.statSync(target).size, ...summary };
    } finally {
      for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) fs.rmSync(leftover, { force: true });
    }
  }

  async close(): Promise<void> {
    await this.writes.close();
    if (this.db.open) this.db.close();
  }
}
