// The Store on PostgreSQL, for several server instances sharing one database (issue 14), through
// node-postgres (`pg`) and a connection pool. Same semantics as SqliteStore (store.ts is the contract,
// tests/integration/storage-contract.test.ts runs one suite against all three); the schema and why its
// columns are what they are: postgresMigrations.ts.
//
// Durability. appendUpdates is ONE transaction and resolves after its COMMIT, which with
// synchronous_commit=on (forced for our sessions if the server's default is off) returns once the
// commit record is flushed to disk: the same promise as SQLite's synchronous=FULL.
//
// Order of a document's sequence numbers. Sequence numbers come from one global bigserial; a
// sequence hands out numbers at once, outside any transaction, so two instances appending to one
// document could take 10 and 11 and commit 11 first. A reader (another instance following the
// document, a room loading it) would then see 11 without 10, and 10 would appear later BEHIND a
// position the reader believes complete: an update lost for that reader. So an append first locks
// the document's row (`SELECT ... FOR NO KEY UPDATE` on documents) and only then takes its numbers:
// the next appender to that document waits on the lock until this transaction has committed (or
// rolled back), so a document's numbers are committed in increasing order and a reader that sees
// seq N committed sees every earlier seq of that document that will ever exist. A rolled-back append
// leaves a gap, never a late arrival. The lock is NO KEY UPDATE rather than UPDATE so that inserting
// rows that reference the document (client ids, snapshots, revisions: their foreign-key checks take
// KEY SHARE) is not blocked behind an append. previousSeq is read after the lock, in a statement of
// its own: in READ COMMITTED each statement sees what committed before it started, so it sees the
// previous appender's rows (a subquery in the locking statement would not: its snapshot predates
// the wait). The batch's numbers are taken in that same statement and the whole batch is inserted
// with its block index in one more: five round trips per append whatever its size, which matters
// because the lock is held meanwhile. Appends to different documents do not wait for each other.
//
// Reads that must agree with themselves (loadDocumentState: the snapshot and the tail after it) are
// one statement, hence one snapshot of the database.
//
// Failures. Losing the connection, refusing connections, the server shutting down (57P0x), running
// out of disk or memory (53xxx), an I/O error (58xxx) or a read-only server (25006, e.g. a standby
// after a failover) become StoreUnavailable: on a write they set writable() false until a later write
// succeeds, as SqliteStore does. writable() must answer without waiting, so while the flag is set it
// starts one background probe write (a settings row) and answers false; the probe's success clears
// the flag for the next question. Reads that fail for the same reasons reject with StoreUnavailable
// too (HTTP 503 rather than 500) without touching the flag.
//
// An instance that dies inside an append would keep the document locked until the server notices:
// sessions idle in a transaction are ended after 15 s (idle_in_transaction_session_timeout), and a
// query unanswered for 30 s (a silent link) fails as unavailable on our side.
//
// Known limits: a connection lost during COMMIT leaves the outcome unknown to us; the append rejects
// with StoreUnavailable although it may have been stored. The room rebuilds from the store and the
// client resends; Yjs applies an update twice as once, but the history can then list it twice.
// backup() is not this store's job: use pg_dump (or the server's base backups and WAL archiving).
import pg from 'pg';
import { migrate, REVISION_NAME_CONSTRAINT } from './postgresMigrations.ts';
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
  type RevisionRecord,
  type SessionRecord,
  type Store,
  type StoredUpdate,
} from './store.ts';
import {
  participantOfRow,
  participantsJoined,
  selectSessionWhereHashIs,
  sessionOfRow,
  PARTICIPANT_ROW_COLUMNS,
  SELECT_PARTICIPANTS,
  type ParticipantRow,
  type SessionRow,
} from './participantRows.ts';

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** How long a query waits for a connection before the store counts as unavailable (default 5000 ms). */
  connectionTimeoutMillis?: number;
  /** How long one query may go unanswered before it fails as unavailable (default 30000 ms): a link
   *  that went silent (no reset, no FIN) must not hold a room's append forever. */
  queryTimeoutMillis?: number;
  /** How long ping() waits for SELECT 1 (default 2000 ms). */
  pingTimeoutMillis?: number;
}

/** SQLSTATEs meaning "the database cannot take this now" rather than "this is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0|58)|^25006$/;
/** Socket errors of a lost or refused connection. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres's own errors for a connection that went away or could not be had in time. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout|Query read timeout)/;

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  if (UNAVAILABLE_MESSAGE.test(err.message)) return true;
  return err instanceof AggregateError && err.errors.some(isUnavailable);
}

/** The settings row a probe rewrites to learn whether the database takes writes again. */
const WRITE_PROBE_SETTING = 'write_probe';

const now = () => new Date().toISOString();
/** A plain Uint8Array view of what node-postgres hands back as a Buffer, as SqliteStore returns. */
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const json = (value: unknown): string => JSON.stringify(value);

const REVISION_COLUMNS = `id, document_id AS "documentId", name, note, created_at AS "createdAt",
  participant_id AS "participantId", upto_seq AS "uptoSeq", label_map AS renumbered`;
const DOCUMENT_COLUMNS = `id, negotiation_id AS "negotiationId", title, numbering_style AS "numberingStyle", created_at AS "createdAt"`;

/** bigint (int8: sequence numbers, counts, client ids) as a JS number: exact up to 2^53. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

type Queryable = Pick<pg.ClientBase, 'query'>;

export class PostgresStore implements Store {
  private unavailable = false;
  private probing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly pingTimeoutMillis: number,
  ) {
    // An idle connection the server dropped (restart, failover) is reported here; the pool has already
    // discarded it and the next query opens a new one. Without a listener it would crash the process.
    pool.on('error', () => {});
  }

  /** Connects, brings the schema up to date (safe when several instances start at once) and opens the pool. */
  static async connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const connectionTimeoutMillis = options.connectionTimeoutMillis ?? 5_000;
    const first = new pg.Client({ connectionString: url, types, connectionTimeoutMillis });
    first.on('error', () => {});
    let forceSynchronousCommit = false;
    try {
      await first.connect();
      await migrate(first);
      const setting = (await first.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]?.synchronous_commit;
      // 'off' would acknowledge commits before they are on disk: not the promise appendUpdates makes.
      forceSynchronousCommit = setting === 'off';
    } finally {
      await first.end().catch(() => {});
    }
    const pool = new pg.Pool({
      connectionString: url,
      types,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis,
      query_timeout: options.queryTimeoutMillis ?? 30_000,
      keepAlive: true,
      // An instance that dies (or whose link goes silent) inside an append holds the document's lock;
      // the server ends such a session after this long instead of when TCP finally notices (hours).
      // Our transactions never wait between their statements, so 15 s is far from a live one.
      idle_in_transaction_session_timeout: 15_000,
      ...(forceSynchronousCommit ? { options: '-c synchronous_commit=on' } : {}),
    });
    return new PostgresStore(pool, options.pingTimeoutMillis ?? 2_000);
  }

  // ---- plumbing

  /** Runs `fn` in one transaction on one pooled connection; COMMIT on success, ROLLBACK on failure. */
  private async transaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // While checked out, a connection error between two queries is emitted on the client; without a
    // listener it would crash the process. It also means the connection must not go back to the pool.
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isUnavailable(err)) broken ??= err as Error;
      else await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.removeListener('error', onError);
      client.release(broken ?? false);
    }
  }

  /** A write: "cannot write now" failures become StoreUnavailable and mark the store unwritable. */
  private async write<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      const result = await fn();
      this.unavailable = false;
      return result;
    } catch (err) {
      if (isUnavailable(err)) {
        this.unavailable = true;
        throw new StoreUnavailable(err);
      }
      throw err;
    }
  }

  /** A read: the same failures become StoreUnavailable (503), without changing writable(). */
  private async read<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await fn();
    } catch (err) {
      if (isUnavailable(err)) throw new StoreUnavailable(err);
      throw err;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.read(async () => (await this.pool.query<R>(sql, params)).rows);
  }

  writable(): boolean {
    if (!this.unavailable) return true;
    this.probing ??= this.setSetting(WRITE_PROBE_SETTING, now())
      .catch(() => {})
      .finally(() => (this.probing = undefined));
    return false;
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.pingTimeoutMillis)));
    const probe = this.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async backup(_file: string): Promise<BackupSummary> {
    throw new Error(
      'The PostgreSQL store does not write backup files itself: back up the database with pg_dump (or PostgreSQL base backups with WAL archiving).',
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.probing;
    await this.pool.end();
  }

  // ---- negotiations and documents

  createNegotiation(seed: NegotiationSeed): Promise<void> {
    return this.write(() =>
      this.transaction(async (c) => {
        const created = now();
        await c.query('INSERT INTO negotiations (id, title, created_at) VALUES ($1, $2, $3)', [seed.negotiation.id, seed.negotiation.title, created]);
        for (const d of seed.delegations) {
          await c.query('INSERT INTO delegations (id, negotiation_id, name, kind) VALUES ($1, $2, $3, $4)', [d.id, seed.negotiation.id, d.name, d.kind]);
        }
        for (const doc of seed.documents) await insertDocument(c, seed.negotiation.id, doc, created);
      }),
    );
  }

  createDocument(negotiationId: string, document: DocumentSeed): Promise<void> {
    return this.write(() => this.transaction((c) => insertDocument(c, negotiationId, document, now())));
  }

  async listNegotiations(): Promise<Negotiation[]> {
    return this.rows<Negotiation>('SELECT id, title, created_at AS "createdAt" FROM negotiations ORDER BY created_at, id');
  }

  async listDelegations(negotiationId: string): Promise<Delegation[]> {
    return this.rows<Delegation>(
      'SELECT id, negotiation_id AS "negotiationId", name, kind FROM delegations WHERE negotiation_id = $1 ORDER BY position',
      [negotiationId],
    );
  }

  createDelegation(d: Delegation): Promise<void> {
    return this.write(async () => {
      await this.pool.query('INSERT INTO delegations (id, negotiation_id, name, kind) VALUES ($1, $2, $3, $4)', [d.id, d.negotiationId, d.name, d.kind]);
    });
  }

  async listDocuments(negotiationId: string): Promise<DocumentRecord[]> {
    return this.rows<DocumentRecord>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE negotiation_id = $1 ORDER BY created_at, id`, [negotiationId]);
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    return (await this.rows<DocumentRecord>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`, [id]))[0];
  }

  // ---- the update log

  appendUpdates(documentId: string, entries: readonly AppendEntry[]): Promise<AppendResult> {
    return this.write(() =>
      this.transaction(async (c) => {
        // The lock that orders this document's commits (module comment).
        const locked = await c.query('SELECT 1 FROM documents WHERE id = $1 FOR NO KEY UPDATE', [documentId]);
        if (locked.rowCount === 0) throw new Error(`no document ${documentId}`);
        // Then, in a statement of its own (a snapshot taken after the wait), the document's newest seq
        // and this batch's numbers: the same round trips whatever the batch's size.
        const taken = await c.query<{ previous: number; seqs: string[] }>(
          `SELECT (SELECT COALESCE(max(seq), 0) FROM updates WHERE document_id = $1) AS previous,
                  ARRAY(SELECT nextval(pg_get_serial_sequence('updates', 'seq')) FROM generate_series(1, $2)) AS seqs`,
          [documentId, entries.length],
        );
        const previousSeq = taken.rows[0]!.previous;
        if (entries.length === 0) return { previousSeq, lastSeq: previousSeq };
        // The numbers are assigned to the entries in increasing order, whatever order they came in.
        const seqs = taken.rows[0]!.seqs.map(Number).sort((x, y) => x - y);
        const blocks = entries.flatMap((e, i) => (e.attribution?.blocks ?? []).map((block) => [block, seqs[i]!] as const));
        const column = <T>(f: (e: AppendEntry) => T) => entries.map(f);
        // The updates and the blocks they touched, in one statement (a data-modifying CTE always runs).
        await c.query(
          `WITH inserted AS (
             INSERT INTO updates (seq, document_id, "update", origin, created_at, participant_id, role, delegation_id, blocks, statuses, events)
             SELECT s, $1, u, o, $2, p, r, d, b::json, st::json, ev::json
             FROM unnest($3::bigint[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
               AS t(s, u, o, p, r, d, b, st, ev)
             RETURNING seq
           )
           INSERT INTO update_blocks (document_id, block_id, seq)
           SELECT $1, block, s FROM unnest($12::text[], $13::bigint[]) AS t(block, s)
           ON CONFLICT DO NOTHING`,
          [
            documentId,
            now(),
            seqs,
            column(({ update: u }) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
            column((e) => e.origin),
            column((e) => e.attribution?.participantId ?? null),
            column((e) => e.attribution?.role ?? null),
            column((e) => e.attribution?.delegationId ?? null),
            column(({ attribution: a }) => (a ? json(a.blocks) : null)),
            column(({ attribution: a }) => (a?.statuses && Object.keys(a.statuses).length > 0 ? json(a.statuses) : null)),
            column(({ attribution: a }) => (a?.events && a.events.length > 0 ? json(a.events) : null)),
            blocks.map(([block]) => block),
            blocks.map(([, seq]) => seq),
          ],
        );
        return { previousSeq, lastSeq: seqs[seqs.length - 1]! };
      }),
    );
  }

  async history(documentId: string, options: { blockId?: string; limit: number }): Promise<HistoryEntry[]> {
    type Row = {
      seq: number;
      at: string;
      participantId: string;
      role: HistoryEntry['participant']['role'];
      delegationId: string | null;
      origin: string | null;
      blocks: string[] | null;
      statuses: Record<string, string> | null;
      events: unknown[] | null;
    };
    const columns = `u.seq, u.created_at AS at, u.participant_id AS "participantId", u.role, u.delegation_id AS "delegationId",
      u.origin, u.blocks, u.statuses, u.events`;
    const rows =
      options.blockId === undefined
        ? await this.rows<Row>(
            `SELECT ${columns} FROM updates u WHERE u.document_id = $1 AND u.participant_id IS NOT NULL ORDER BY u.seq DESC LIMIT $2`,
            [documentId, options.limit],
          )
        : await this.rows<Row>(
            `SELECT ${columns} FROM update_blocks b JOIN updates u ON u.seq = b.seq
             WHERE b.document_id = $1 AND b.block_id = $2 AND u.participant_id IS NOT NULL
             ORDER BY b.seq DESC LIMIT $3`,
            [documentId, options.blockId, options.limit],
          );
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      // The name as it was when the update was made (the origin label).
      participant: { id: r.participantId, name: r.origin ?? '', role: r.role, delegationId: r.delegationId },
      blocks: r.blocks ?? [],
      ...(r.statuses ? { statuses: r.statuses } : {}),
      ...(r.events ? { events: r.events } : {}),
    }));
  }

  async loadDocumentState(documentId: string): Promise<DocumentState> {
    // One statement, one snapshot: the tail starts exactly where the snapshot read with it ends.
    const rows = await this.rows<{ seq: number | null; data: Buffer; upto: number | null }>(
      `WITH s AS (SELECT state, upto_seq FROM snapshots WHERE document_id = $1)
       SELECT NULL::bigint AS seq, state AS data, upto_seq AS upto FROM s
       UNION ALL
       SELECT u.seq, u."update", NULL FROM updates u
       WHERE u.document_id = $1 AND u.seq > COALESCE((SELECT upto_seq FROM s), 0)
       ORDER BY seq NULLS FIRST`,
      [documentId],
    );
    const snap = rows[0]?.seq === null ? rows.shift()! : undefined;
    const snapshotUpto = snap?.upto ?? 0;
    return {
      snapshot: snap ? bytes(snap.data) : null,
      snapshotUpto,
      tail: rows.map((r) => bytes(r.data)),
      lastSeq: rows.length ? rows[rows.length - 1]!.seq! : snapshotUpto,
    };
  }

  writeSnapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    return this.write(async () => {
      await this.pool.query(
        `INSERT INTO snapshots (document_id, state, upto_seq) VALUES ($1, $2, $3)
         ON CONFLICT (document_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq
         WHERE excluded.upto_seq >= snapshots.upto_seq`,
        [documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), uptoSeq],
      );
    });
  }

  async snapshotInfo(documentId: string): Promise<{ uptoSeq: number; bytes: number } | undefined> {
    return (
      await this.rows<{ uptoSeq: number; bytes: number }>(
        'SELECT upto_seq AS "uptoSeq", octet_length(state) AS bytes FROM snapshots WHERE document_id = $1',
        [documentId],
      )
    )[0];
  }

  async countUpdates(documentId: string): Promise<number> {
    return (await this.rows<{ n: number }>('SELECT count(*) AS n FROM updates WHERE document_id = $1', [documentId]))[0]!.n;
  }

  async updatesBetween(documentId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.rows<Omit<StoredUpdate, 'update'> & { u: Buffer }>(
      `SELECT seq, "update" AS u, created_at AS at, participant_id AS "participantId", role, delegation_id AS "delegationId"
       FROM updates WHERE document_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [documentId, afterSeq, uptoSeq],
    );
    return rows.map(({ u, ...rest }) => ({ ...rest, update: bytes(u) }));
  }

  // ---- client ids

  async clientIdOwners(documentId: string): Promise<Map<number, string>> {
    const rows = await this.rows<{ clientId: number; participantId: string }>(
      'SELECT client_id AS "clientId", participant_id AS "participantId" FROM client_ids WHERE document_id = $1',
      [documentId],
    );
    return new Map(rows.map((r) => [r.clientId, r.participantId]));
  }

  async claimClientIds(documentId: string, participantId: string, clientIds: number[]): Promise<Map<number, string>> {
    if (clientIds.length === 0) return new Map();
    return this.write(() =>
      this.transaction(async (c) => {
        // A racing claim by another instance makes ours wait, then do nothing; the SELECT, a statement
        // of its own (READ COMMITTED), then sees whoever won. Rows are inserted in id order, so two
        // claims of overlapping ids (two instances loading one document claim its ids for '@server')
        // take their row locks in the same order and wait for each other instead of deadlocking.
        await c.query(
          `INSERT INTO client_ids (document_id, client_id, participant_id)
           SELECT $1, id, $3 FROM unnest($2::bigint[]) AS id ORDER BY id ON CONFLICT DO NOTHING`,
          [documentId, clientIds, participantId],
        );
        const rows = await c.query<{ clientId: number; participantId: string }>(
          'SELECT client_id AS "clientId", participant_id AS "participantId" FROM client_ids WHERE document_id = $1 AND client_id = ANY($2::bigint[])',
          [documentId, clientIds],
        );
        return new Map(rows.rows.map((r) => [r.clientId, r.participantId]));
      }),
    );
  }

  // ---- revisions

  createRevision(r: RevisionRecord, state: Uint8Array): Promise<void> {
    return this.write(async () => {
      try {
        await this.pool.query(
          `INSERT INTO revisions (id, document_id, name, note, created_at, participant_id, upto_seq, state, label_map)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [r.id, r.documentId, r.name, r.note, r.createdAt, r.participantId, r.uptoSeq, Buffer.from(state.buffer, state.byteOffset, state.byteLength), json(r.renumbered)],
        );
      } catch (err) {
        const e = err as { code?: string; constraint?: string };
        if (e.code === '23505' && e.constraint === REVISION_NAME_CONSTRAINT) throw new RevisionNameTaken(`a revision named "${r.name}" already exists`);
        throw err;
      }
    });
  }

  async listRevisions(documentId: string): Promise<RevisionRecord[]> {
    return this.rows<RevisionRecord>(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE document_id = $1 ORDER BY created_at, position`, [documentId]);
  }

  async getRevision(id: string): Promise<(RevisionRecord & { state: Uint8Array }) | undefined> {
    const row = (await this.rows<RevisionRecord & { state: Buffer }>(`SELECT ${REVISION_COLUMNS}, state FROM revisions WHERE id = $1`, [id]))[0];
    return row && { ...row, state: bytes(row.state) };
  }

  // ---- participants, sessions, settings

  createParticipant(p: ParticipantRecord, tokenHash: string): Promise<void> {
    return this.write(async () => {
      await this.pool.query(
        `INSERT INTO participants (id, negotiation_id, role, delegation_id, name, token_hash, created_at, revoked_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [p.id, p.negotiationId, p.role, p.delegationId, p.name, tokenHash, p.createdAt, p.revokedAt, p.expiresAt],
      );
    });
  }

  async getParticipant(id: string): Promise<Participant | undefined> {
    return (await this.rows<ParticipantRow>(`${SELECT_PARTICIPANTS} WHERE p.id = $1`, [id])).map(participantOfRow)[0];
  }

  async findParticipantByTokenHash(tokenHash: string): Promise<Participant | undefined> {
    return (await this.rows<ParticipantRow>(`${SELECT_PARTICIPANTS} WHERE p.token_hash = $1`, [tokenHash])).map(participantOfRow)[0];
  }

  async listParticipants(negotiationId?: string): Promise<Participant[]> {
    const rows =
      negotiationId === undefined
        ? await this.rows<ParticipantRow>(`${SELECT_PARTICIPANTS} ORDER BY p.created_at, p.position`)
        : await this.rows<ParticipantRow>(`${SELECT_PARTICIPANTS} WHERE p.negotiation_id = $1 ORDER BY p.created_at, p.position`, [negotiationId]);
    return rows.map(participantOfRow);
  }

  revokeParticipant(id: string, at: string): Promise<Participant | undefined> {
    // COALESCE keeps an earlier revocation time: revoking twice is revoking once. The updated row is
    // joined with its delegation in the same statement (one round trip).
    return this.write(async () => {
      const result = await this.pool.query<ParticipantRow>(
        `WITH revoked AS (UPDATE participants SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING *)
         SELECT ${PARTICIPANT_ROW_COLUMNS} FROM ${participantsJoined('revoked')}`,
        [at, id],
      );
      return result.rows.map(participantOfRow)[0];
    });
  }

  async participantStatus(ids: string[]): Promise<{ id: string; revokedAt: string | null; expiresAt: string | null }[]> {
    if (ids.length === 0) return [];
    return this.rows(`SELECT id, revoked_at AS "revokedAt", expires_at AS "expiresAt" FROM participants WHERE id = ANY($1::text[])`, [ids]);
  }

  createSession(hash: string, participantId: string): Promise<void> {
    return this.write(async () => {
      await this.pool.query('INSERT INTO sessions (hash, participant_id, created_at) VALUES ($1, $2, $3)', [hash, participantId, now()]);
    });
  }

  async findSession(hash: string): Promise<SessionRecord | undefined> {
    return (await this.rows<SessionRow>(selectSessionWhereHashIs('$1'), [hash])).map(sessionOfRow)[0];
  }

  deleteSession(hash: string): Promise<void> {
    return this.write(async () => {
      await this.pool.query('DELETE FROM sessions WHERE hash = $1', [hash]);
    });
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.rows<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))[0]?.value;
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.write(async () => {
      await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    });
  }
}

async function insertDocument(c: Queryable, negotiationId: string, doc: DocumentSeed, created: string): Promise<void> {
  await c.query('INSERT INTO documents (id, negotiation_id, title, numbering_style, created_at) VALUES ($1, $2, $3, $4, $5)', [
    doc.id,
    negotiationId,
    doc.title,
    doc.numberingStyle,
    created,
  ]);
  const u = doc.initialUpdate;
  await c.query('INSERT INTO updates (document_id, "update", origin, created_at) VALUES ($1, $2, $3, $4)', [
    doc.id,
    Buffer.from(u.buffer, u.byteOffset, u.byteLength),
    doc.origin,
    created,
  ]);
}
