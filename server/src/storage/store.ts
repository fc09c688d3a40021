// The persistence boundary, split by lifecycle (docs/design.md, "storage"):
//   - DocumentLog: what a live room reads and writes: the append-only update log, snapshots, the
//     history, client-id owners and frozen revisions. Hot path: one append per event-loop turn.
//   - AccessDirectory: who may do what: negotiations, delegations, document records, participants,
//     sessions and settings. Read on connect and per HTTP request; written at human rate.
//   - Store: both, plus what spans them (creating a negotiation with its documents' first updates
//     in one transaction), backup and closing. Every backend keeps both in one database, so those
//     stay atomic.
//
// Every method is asynchronous, so a networked database (PostgreSQL) implements the same interface
// as the embedded SQLite file. The guarantee rooms rely on is unchanged: appendUpdates resolves only
// once the updates are durable, and a room relays nothing of a batch before it resolved.
// Implementations: SqliteStore (the default), PostgresStore (PENHOLDER_DATABASE_URL) and MemoryStore
// (unit tests); tests/integration/storage-contract.test.ts runs one suite against all of them.

import type { Role } from '../../../shared/src/access/roles.ts';
import type { DelegationKind } from '../../../shared/src/access/delegations.ts';

/** One update for DocumentLog.appendUpdates. */
export interface AppendEntry {
  update: Uint8Array;
  /** A label: the participant's name, 'import', ... */
  origin: string | null;
  attribution: UpdateAttribution | null;
}

export type { DelegationKind };

/** The participant id the client-id map records for the server's own writes. */
export const SERVER_PARTICIPANT = '@server';

/** A person's access to one negotiation, issued as a link. The link's secret is stored only hashed. */
export interface ParticipantRecord {
  id: string;
  negotiationId: string;
  role: Role;
  /** Set exactly when role is 'delegation'. */
  delegationId: string | null;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

/** The delegation a participant speaks for, with its display name. */
export interface ParticipantDelegation {
  id: string;
  name: string;
  kind: DelegationKind;
}

/**
 * A participant as every read of the store returns it: the record with its delegation joined in
 * (null unless role 'delegation'). One query per read, so authenticating a request costs one round
 * trip on a networked database (the link's hash, or the session with its participant), and listing
 * a negotiation's participants one query, not one more per participant.
 */
export interface Participant extends ParticipantRecord {
  delegation: ParticipantDelegation | null;
}

/** A sign-in session, with the participant it signs in (read together). */
export interface SessionRecord {
  createdAt: string;
  participant: Participant;
}

/** Who made a stored update, as the server knows it (never as the client says). */
export interface UpdateAttribution {
  participantId: string;
  role: Role;
  delegationId: string | null;
  /** Ids of the top-level blocks the update touched. */
  blocks: string[];
  /** Statuses the update set, by block id ({ p12: 'agreed' }): agreeing and reopening, named in the history. */
  statuses?: Record<string, string>;
  /** What the server did, when it made the change through a named operation (shared/src/api/history.ts). */
  events?: unknown[];
}

export interface HistoryEntry {
  seq: number;
  at: string;
  participant: { id: string; name: string; role: Role; delegationId: string | null };
  blocks: string[];
  /** Present when the update set a paragraph status (see UpdateAttribution). */
  statuses?: Record<string, string>;
  /** Present when the server recorded events with the update (see UpdateAttribution). */
  events?: unknown[];
}

export interface Negotiation {
  id: string;
  title: string;
  createdAt: string;
}

export interface Delegation {
  id: string;
  negotiationId: string;
  name: string;
  kind: DelegationKind;
}

export interface DocumentRecord {
  id: string;
  negotiationId: string;
  title: string;
  numberingStyle: string;
  createdAt: string;
}

/** A frozen revision of a document (its state is read separately: it is the large part). */
export interface RevisionRecord {
  id: string;
  documentId: string;
  /** "Zero draft", "Rev.1": unique within the document. */
  name: string;
  note: string;
  createdAt: string;
  /** Who froze it (null for revisions made by the server itself). */
  participantId: string | null;
  /** Sequence number of the last update the revision includes. */
  uptoSeq: number;
  /** Paragraph labels renumbered when it was issued, old -> new (empty when not renumbered). */
  renumbered: { from: string; to: string }[];
}

/** A stored update with the participant behind it (null for the import and the server's own). */
export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
  /** When it was stored (ISO 8601). */
  at: string;
  participantId: string | null;
  role: Role | null;
  delegationId: string | null;
}

/** What a room needs to rebuild a Y.Doc: the latest snapshot and every update after it. */
export interface DocumentState {
  snapshot: Uint8Array | null;
  /** Sequence number of the last update folded into the snapshot (0 if none). */
  snapshotUpto: number;
  /** Updates after the snapshot, oldest first. */
  tail: Uint8Array[];
  /** Sequence number of the newest update (0 if the document has none). */
  lastSeq: number;
}

/** A document's first state: its id, title and the Yjs update that holds the imported text. */
export interface DocumentSeed {
  id: string;
  title: string;
  numberingStyle: string;
  initialUpdate: Uint8Array;
  origin: string | null;
}

/** A new negotiation with its delegations and documents, created atomically. */
export interface NegotiationSeed {
  negotiation: { id: string; title: string };
  delegations: { id: string; name: string; kind: DelegationKind }[];
  documents: DocumentSeed[];
}

/** A revision name already used in its document. */
export class RevisionNameTaken extends Error {}

/**
 * The store cannot write (disk full, file or directory read-only, I/O error). Nothing was stored;
 * callers refuse the change with this sentence (HTTP 503, a sync close reason) instead of
 * acknowledging it. Transient by nature: the next write is tried again, no restart needed.
 */
export class StoreUnavailable extends Error {
  readonly status = 503;
  constructor(cause: unknown) {
    super('The server cannot save changes right now (its storage is full or read-only). Nothing was saved; try again shortly.', { cause });
  }
}

/** What a backup wrote, checked on the copy itself. */
export interface BackupSummary {
  /** Absolute path of the copy. */
  file: string;
  bytes: number;
  negotiations: number;
  documents: number;
  updates: number;
  /** The copy's own integrity check ('ok' or the first problems it found). */
  integrity: string;
}

/** What appendUpdates stored: the sequence numbers around the batch, for followers on other instances. */
export interface AppendResult {
  /** The document's newest sequence number before this batch (0 if none): an instance that holds
   *  every update up to previousSeq and applies this batch holds every update up to lastSeq. */
  previousSeq: number;
  /** Sequence number of the batch's last update. */
  lastSeq: number;
}

/** The update log of every document, and what hangs off it. Durable on resolve. */
export interface DocumentLog {
  /** Appends updates to the document's history (kept forever) in ONE transaction (one commit): all or
   *  none are durable when it resolves. Appends to one document are serialized by the backend, so
   *  sequence numbers of one document are committed in order. Rejects with StoreUnavailable when the
   *  database cannot write. */
  appendUpdates(documentId: string, entries: readonly AppendEntry[]): Promise<AppendResult>;
  /** Accepted updates with a participant, newest first, optionally only those touching `blockId`. */
  history(documentId: string, options: { blockId?: string; limit: number }): Promise<HistoryEntry[]>;
  /** The latest snapshot and every update after it, read consistently. */
  loadDocumentState(documentId: string): Promise<DocumentState>;
  /** Records a full-state snapshot covering every update up to `uptoSeq`. Older snapshots are replaced;
   *  a snapshot older than the stored one is ignored. */
  writeSnapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  /** Snapshot bookkeeping, for compaction decisions and tests. */
  snapshotInfo(documentId: string): Promise<{ uptoSeq: number; bytes: number } | undefined>;
  countUpdates(documentId: string): Promise<number>;
  /** Updates with sequence numbers in (afterSeq, uptoSeq], oldest first, with their attribution. */
  updatesBetween(documentId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]>;

  // Yjs client id ownership per document.
  clientIdOwners(documentId: string): Promise<Map<number, string>>;
  /** Records `participantId` as the owner of those ids nobody owns yet, and returns the owner of every
   *  id asked for after that (another instance may have claimed one first). */
  claimClientIds(documentId: string, participantId: string, clientIds: number[]): Promise<Map<number, string>>;

  // Frozen revisions (immutable once created).
  /** Stores a revision; rejects with RevisionNameTaken when the document already has one of that name. */
  createRevision(revision: RevisionRecord, state: Uint8Array): Promise<void>;
  /** The document's revisions, oldest first. */
  listRevisions(documentId: string): Promise<RevisionRecord[]>;
  getRevision(id: string): Promise<(RevisionRecord & { state: Uint8Array }) | undefined>;
}

/** Negotiations, their delegations and documents, participants, sessions and settings. */
export interface AccessDirectory {
  listNegotiations(): Promise<Negotiation[]>;
  listDelegations(negotiationId: string): Promise<Delegation[]>;
  createDelegation(delegation: Delegation): Promise<void>;
  listDocuments(negotiationId: string): Promise<DocumentRecord[]>;
  getDocument(id: string): Promise<DocumentRecord | undefined>;

  // Participants and access links.
  createParticipant(participant: ParticipantRecord, tokenHash: string): Promise<void>;
  // Every read returns the participant with its delegation, in one query (see Participant).
  getParticipant(id: string): Promise<Participant | undefined>;
  /** The participant whose link secret hashes to `tokenHash` (revoked and expired ones included). */
  findParticipantByTokenHash(tokenHash: string): Promise<Participant | undefined>;
  /** Participants by creation time, of one negotiation or of all. */
  listParticipants(negotiationId?: string): Promise<Participant[]>;
  /** Marks the participant revoked (idempotent: an earlier revocation time is kept) and returns it. */
  revokeParticipant(id: string, at: string): Promise<Participant | undefined>;
  /** Revocation and expiry of the given participants, for a server polling for changes made elsewhere. */
  participantStatus(ids: string[]): Promise<{ id: string; revokedAt: string | null; expiresAt: string | null }[]>;

  // Sign-in sessions (the cookie's secret, hashed).
  createSession(hash: string, participantId: string): Promise<void>;
  /** The session with its participant, in one query (a session always has one: foreign key). */
  findSession(hash: string): Promise<SessionRecord | undefined>;
  deleteSession(hash: string): Promise<void>;

  /** Server-wide settings shared with the command line (e.g. 'public_url'). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

export interface Store extends DocumentLog, AccessDirectory {
  /** Creates the negotiation, its delegations and documents with their first updates, atomically. */
  createNegotiation(seed: NegotiationSeed): Promise<void>;
  /** Adds a document (an annex, a second decision) to an existing negotiation, atomically with its first update. */
  createDocument(negotiationId: string, document: DocumentSeed): Promise<void>;

  /**
   * Writes a consistent copy of everything stored to `file` while the store stays in use (writers are
   * not blocked). The copy is made beside `file` and renamed over it only once checked, so a failed
   * backup never leaves a half-written file behind. Whether `file` may be overwritten is the caller's
   * decision. Backends without a file of their own (PostgreSQL: use pg_dump) reject with a sentence saying so.
   */
  backup(file: string): Promise<BackupSummary>;

  /**
   * False while writes fail for want of disk (the last write threw StoreUnavailable and a probe write
   * still fails); true otherwise, without waiting on the database. Lets a room refuse new content at
   * the door instead of applying it and then failing.
   */
  writable(): boolean;

  /** Whether the database answers now (the readiness endpoint asks). */
  ping(): Promise<boolean>;

  close(): Promise<void>;
}
