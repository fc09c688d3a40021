// One open document: its Y.Doc (rebuilt from the store), its awareness, and the connections editing it.
//
// Order of operations for a document change (DESIGN.md §3, "checked, stored, broadcast"):
//   parse + validate the whole frame -> authorizeUpdate -> apply to the Y.Doc -> the doc's 'update'
//   event appends the integrated update to the store (durable) -> relay to every other connection.
// Relaying happens only after the store accepted the update, so anything a peer has seen survives a
// crash. Per-message work is proportional to the message (nothing re-encodes the document), except
// answering a sync step 1 and the periodic compaction.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Store } from '../storage/store.ts';
import { authorizeUpdate } from './authorize.ts';
import { CloseCode } from './closeCodes.ts';
import { Connection } from './connection.ts';
import {
  MalformedMessage,
  encodeAwarenessEntries,
  encodeAwarenessFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseClientMessage,
  type AwarenessEntry,
} from './protocol.ts';
import { log } from '../log.ts';

export interface RoomOptions {
  compactEvery: number;
}

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Which connection owns each awareness client id. */
  private readonly awarenessOwners = new Map<number, Connection>();
  private lastSeq: number;
  private snapshotSeq: number;
  private compactionScheduled = false;
  /** Set when the store failed: the in-memory doc may now be ahead of the store, so it is discarded. */
  failed = false;
  onFailure: (room: Room) => void = () => {};

  constructor(
    readonly documentId: string,
    private readonly store: Store,
    private readonly options: RoomOptions,
  ) {
    const state = store.loadDocumentState(documentId);
    this.doc.transact(() => {
      if (state.snapshot) Y.applyUpdate(this.doc, state.snapshot);
      if (state.tail.length) Y.applyUpdate(this.doc, Y.mergeUpdates(state.tail));
    }, 'load');
    this.lastSeq = state.lastSeq;
    this.snapshotSeq = state.snapshotUpto;
    this.doc.on('update', this.onDocUpdate);

    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.awareness.on('update', this.onAwarenessUpdate);

    // A long tail means the last run ended without compacting (e.g. it was killed): fold it now.
    if (state.tail.length >= options.compactEvery) this.compact();
  }

  /** Greets a new connection like y-websocket's server: our state vector, then everyone's presence. */
  join(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      conn.send(encodeAwarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const id = conn.awarenessClientId;
    if (id !== null && this.awarenessOwners.get(id) === conn) {
      this.awarenessOwners.delete(id);
      awarenessProtocol.removeAwarenessStates(this.awareness, [id], 'disconnect');
      // Forget its clock too, so the same client reconnecting with an unchanged clock is accepted.
      this.awareness.meta.delete(id);
    }
  }

  receive(conn: Connection, frame: Uint8Array): void {
    if (conn.closed || this.failed) return;
    let message;
    try {
      message = parseClientMessage(frame);
    } catch (err) {
      const reason = err instanceof MalformedMessage ? err.reason : 'malformed message';
      log.warn(`room ${this.documentId}: closing ${conn.participant.label}: ${reason}`);
      conn.close(CloseCode.malformed, reason);
      return;
    }
    switch (message.kind) {
      case 'syncStep1':
        conn.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      case 'syncStep2':
      case 'update':
        this.applyClientUpdate(conn, message.update);
        return;
      case 'awareness':
        this.applyClientAwareness(conn, message.entries);
        return;
      case 'queryAwareness': {
        const ids = [...this.awareness.getStates().keys()];
        conn.send(encodeAwarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
        return;
      }
    }
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array): void {
    const verdict = authorizeUpdate(conn, update);
    if (!verdict.ok) {
      log.warn(`room ${this.documentId}: refused update from ${conn.participant.label}: ${verdict.reason}`);
      conn.close(CloseCode.forbidden, verdict.reason);
      return;
    }
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      // Decodable but not integrable. Whatever Yjs integrated before throwing went through
      // onDocUpdate (stored, relayed), so the room stays consistent; the sender is dropped.
      log.warn(`room ${this.documentId}: update from ${conn.participant.label} failed to apply: ${String(err)}`);
      conn.close(CloseCode.malformed, 'malformed message: update could not be applied');
    }
  }

  /** Stores, then relays. Runs once per transaction that changed the doc. */
  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.failed) return;
    try {
      const label = origin instanceof Connection ? origin.participant.label : typeof origin === 'string' ? origin : null;
      this.lastSeq = this.store.appendUpdate(this.documentId, update, label);
    } catch (err) {
      this.fail(err);
      return;
    }
    const frame = encodeUpdate(update);
    for (const c of this.connections) if (c !== origin) c.send(frame);
    if (this.lastSeq - this.snapshotSeq >= this.options.compactEvery) this.scheduleCompaction();
  };

  /**
   * The stock provider re-sends every awareness entry it receives, so entries are accepted only for
   * the client id this connection owns: the first one it announces, unless another connection owns it.
   * Everything else is dropped silently (it is the echo of someone else's state, or a forgery).
   */
  private applyClientAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    if (conn.awarenessClientId === null) {
      const first = entries[0];
      if (!first || this.awarenessOwners.has(first.clientId)) return;
      conn.awarenessClientId = first.clientId;
      this.awarenessOwners.set(first.clientId, conn);
    }
    const own = entries.filter((e) => e.clientId === conn.awarenessClientId);
    if (own.length === 0 || this.awarenessOwners.get(conn.awarenessClientId) !== conn) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(own), conn);
  }

  /** Relays presence changes (including heartbeats, which keep states alive) to everyone but their sender. */
  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = added.concat(updated, removed);
    if (changed.length === 0) return;
    const frame = encodeAwarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const c of this.connections) if (c !== origin) c.send(frame);
  };

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    // Off the relay path: the snapshot costs in proportion to the document, once per N updates.
    setImmediate(() => {
      this.compactionScheduled = false;
      if (!this.failed) this.compact();
    });
  }

  /** Writes a full-state snapshot covering every stored update so far. */
  compact(): void {
    if (this.failed || this.lastSeq <= this.snapshotSeq) return;
    try {
      this.store.writeSnapshot(this.documentId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
      this.snapshotSeq = this.lastSeq;
    } catch (err) {
      // Not fatal: the history is intact, loading just reads a longer tail.
      log.error(`room ${this.documentId}: snapshot failed: ${String(err)}`);
    }
  }

  private fail(err: unknown): void {
    this.failed = true;
    log.error(`room ${this.documentId}: could not store an update, closing the room: ${String(err)}`);
    for (const c of this.connections) c.close(CloseCode.internalError, 'storage failure, reconnect');
    this.onFailure(this);
  }

  /** Closes every connection (they will reconnect) and releases the doc. Snapshots unless failed. */
  shutdown(code: number, reason: string): void {
    this.compact();
    for (const c of this.connections) c.close(code, reason);
    this.destroy();
  }

  destroy(): void {
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
