// The link between server instances that serve the same documents (docs/design.md, "several
// servers"). An instance that accepted and STORED a document update publishes it; every other
// instance with that document open applies it to its room (never storing it again) and relays it to
// its own connections. Presence travels the same way, unstored. Revocations go to every instance, so
// a link revoked on one closes its connections on all.
//
// Implementations: RedisBus (PENHOLDER_REDIS_URL, cluster/redisBus.ts) and LocalBus (in-process, for
// unit tests and for the single-instance default, where it connects nothing).
//
// Delivery is at most once (Redis pub/sub drops what arrives while a subscriber reconnects), so a
// published update carries the sequence numbers around it (previousSeq, lastSeq from
// DocumentLog.appendUpdates): a follower that sees a previousSeq beyond what it holds reads the
// missing updates from the shared document log. The log, not the bus, is the source of truth.

/** A stored batch of one document's updates (merged into one Yjs update). */
export interface BusDocumentUpdate {
  kind: 'update';
  documentId: string;
  /** The document's newest sequence number before this batch. */
  previousSeq: number;
  /** Sequence number of the batch's last update. */
  lastSeq: number;
  update: Uint8Array;
}

/** A y-protocols awareness update (already stamped by the accepting instance). */
export interface BusPresence {
  kind: 'presence';
  documentId: string;
  update: Uint8Array;
}

export type BusDocumentMessage = BusDocumentUpdate | BusPresence;

/** A participant's access ended: every instance closes its connections with this code and reason. */
export interface BusRevocation {
  participantId: string;
  code: number;
  reason: string;
}

export interface InstanceBus {
  /** This instance's id (messages it published are never delivered back to it). */
  readonly instanceId: string;
  /** Publishes a document message to the other instances that have the document open. */
  publish(message: BusDocumentMessage): Promise<void>;
  /** Starts delivering the document's messages from other instances to `handler` (a room loaded).
   *  Resolves once the subscription is active. One handler per document. */
  subscribe(documentId: string, handler: (message: BusDocumentMessage) => void): Promise<void>;
  /** Stops delivering the document's messages (the room unloaded). */
  unsubscribe(documentId: string): Promise<void>;
  /** Publishes a revocation to every other instance. */
  publishRevocation(revocation: BusRevocation): Promise<void>;
  /** Called for revocations published by other instances. */
  onRevocation(handler: (revocation: BusRevocation) => void): void;
  /** Called after the link to the other instances was lost and is back: messages may have been
   *  missed, so every open room catches up from the document log. */
  onReconnect(handler: () => void): void;
  /** Whether the link to the other instances works now (the readiness endpoint asks). */
  ready(): boolean;
  close(): Promise<void>;
}
