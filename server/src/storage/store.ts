// The persistence boundary. Everything the server keeps goes through this interface so that a
// server database can replace the embedded SQLite store without touching rooms or HTTP.
//
// Methods are synchronous on purpose: a room must know an update is durable before relaying it,
// and better-sqlite3 gives that without yielding to the event loop (so updates stay ordered for
// free). A networked backend would make appendUpdate async; the one caller that must then await
// before relaying is Room.onDocUpdate.

export type DelegationKind = 'group' | 'state' | 'organization';

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

/** A new negotiation with its delegations and documents, created atomically. */
export interface NegotiationSeed {
  negotiation: { id: string; title: string };
  delegations: { id: string; name: string; kind: DelegationKind }[];
  documents: { id: string; title: string; numberingStyle: string; initialUpdate: Uint8Array; origin: string | null }[];
}

export interface Store {
  createNegotiation(seed: NegotiationSeed): void;
  listNegotiations(): Negotiation[];
  listDelegations(negotiationId: string): Delegation[];
  listDocuments(negotiationId: string): DocumentRecord[];
  getDocument(id: string): DocumentRecord | undefined;

  /** Appends to the document's history (kept forever) and returns its sequence number. Durable on return. */
  appendUpdate(documentId: string, update: Uint8Array, origin: string | null): number;
  loadDocumentState(documentId: string): DocumentState;
  /** Records a full-state snapshot covering every update up to `uptoSeq`. Older snapshots are replaced. */
  writeSnapshot(documentId: string, state: Uint8Array, uptoSeq: number): void;
  /** Snapshot bookkeeping, for compaction decisions and tests. */
  snapshotInfo(documentId: string): { uptoSeq: number; bytes: number } | undefined;
  countUpdates(documentId: string): number;

  close(): void;
}
