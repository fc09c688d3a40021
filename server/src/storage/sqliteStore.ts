// The embedded default Store: one SQLite file in the data directory, through better-sqlite3.
// WAL with synchronous=FULL: appendUpdate returns only once the update is on disk, so a relayed
// update survives a crash of the process or the machine.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';
import type { Delegation, DocumentRecord, DocumentState, Negotiation, NegotiationSeed, Store } from './store.ts';

const now = () => new Date().toISOString();
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'penholder.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    const db = this.db;
    this.stmt = {
      insertNegotiation: db.prepare('INSERT INTO negotiations (id, title, created_at) VALUES (?, ?, ?)'),
      insertDelegation: db.prepare('INSERT INTO delegations (id, negotiation_id, name, kind) VALUES (?, ?, ?, ?)'),
      insertDocument: db.prepare(
        'INSERT INTO documents (id, negotiation_id, title, numbering_style, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
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
      appendUpdate: db.prepare('INSERT INTO updates (document_id, "update", origin, created_at) VALUES (?, ?, ?, ?)'),
      snapshot: db.prepare('SELECT state, upto_seq AS uptoSeq FROM snapshots WHERE document_id = ?'),
      tail: db.prepare('SELECT seq, "update" AS u FROM updates WHERE document_id = ? AND seq > ? ORDER BY seq'),
      writeSnapshot: db.prepare(
        `INSERT INTO snapshots (document_id, state, upto_seq) VALUES (?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq
         WHERE excluded.upto_seq >= snapshots.upto_seq`,
      ),
      snapshotInfo: db.prepare('SELECT upto_seq AS uptoSeq, length(state) AS bytes FROM snapshots WHERE document_id = ?'),
      countUpdates: db.prepare('SELECT COUNT(*) AS n FROM updates WHERE document_id = ?'),
    };
  }

  createNegotiation(seed: NegotiationSeed): void {
    const created = now();
    this.db.transaction(() => {
      this.stmt.insertNegotiation.run(seed.negotiation.id, seed.negotiation.title, created);
      for (const d of seed.delegations) this.stmt.insertDelegation.run(d.id, seed.negotiation.id, d.name, d.kind);
      for (const doc of seed.documents) {
        this.stmt.insertDocument.run(doc.id, seed.negotiation.id, doc.title, doc.numberingStyle, created);
        this.stmt.appendUpdate.run(doc.id, Buffer.from(doc.initialUpdate), doc.origin, created);
      }
    })();
  }

  listNegotiations(): Negotiation[] {
    return this.stmt.listNegotiations.all() as Negotiation[];
  }

  listDelegations(negotiationId: string): Delegation[] {
    return this.stmt.listDelegations.all(negotiationId) as Delegation[];
  }

  listDocuments(negotiationId: string): DocumentRecord[] {
    return this.stmt.listDocuments.all(negotiationId) as DocumentRecord[];
  }

  getDocument(id: string): DocumentRecord | undefined {
    return this.stmt.getDocument.get(id) as DocumentRecord | undefined;
  }

  appendUpdate(documentId: string, update: Uint8Array, origin: string | null): number {
    const info = this.stmt.appendUpdate.run(documentId, Buffer.from(update.buffer, update.byteOffset, update.byteLength), origin, now());
    return Number(info.lastInsertRowid);
  }

  loadDocumentState(documentId: string): DocumentState {
    // One read transaction so the snapshot and the tail agree even if a writer is active.
    return this.db.transaction((): DocumentState => {
      const snap = this.stmt.snapshot.get(documentId) as { state: Buffer; uptoSeq: number } | undefined;
      const snapshotUpto = snap?.uptoSeq ?? 0;
      const rows = this.stmt.tail.all(documentId, snapshotUpto) as { seq: number; u: Buffer }[];
      const last = rows.length ? rows[rows.length - 1]!.seq : snapshotUpto;
      return { snapshot: snap ? bytes(snap.state) : null, snapshotUpto, tail: rows.map((r) => bytes(r.u)), lastSeq: last };
    })();
  }

  writeSnapshot(documentId: string, state: Uint8Array, uptoSeq: number): void {
    this.stmt.writeSnapshot.run(documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), uptoSeq);
  }

  snapshotInfo(documentId: string): { uptoSeq: number; bytes: number } | undefined {
    return this.stmt.snapshotInfo.get(documentId) as { uptoSeq: number; bytes: number } | undefined;
  }

  countUpdates(documentId: string): number {
    return (this.stmt.countUpdates.get(documentId) as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
