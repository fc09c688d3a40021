// One open document: its Y.Doc (rebuilt from the store), its awareness, and the connections editing it.
//
// Order of operations for a document change (docs/design.md §3, "checked, stored, broadcast"):
//   parse + validate the whole frame -> authorizeUpdate (role, client-id ownership) -> checkUpdate
//   (dependencies and shape, validate.ts) -> record claimed client ids -> apply to the Y.Doc ->
//   'afterTransaction' notes the top-level blocks touched and checks them against the schema
//   (checkTransaction) -> the doc's 'update' event queues the integrated update with its
//   attribution -> at the end of the event-loop turn, the turn's updates are appended to the store
//   in one transaction (durable) -> relayed as one merged frame per other connection (fanout.ts:
//   broadcast batching). A transaction that leaves the document invalid is neither queued, stored
//   nor relayed, and the room's doc is rebuilt from the store (after storing the turn's valid updates).
// Proposal operations (applyOperation) enter at "apply", written by the server under its own client
// id with the participant as origin, and follow the same path from there.
// Relaying happens only after the store accepted the update, so anything a peer has seen survives a
// crash. Whatever reads the document for someone else (a sync step 2, a server-side write, the HTTP
// routes through Rooms) flushes the turn's queue first, so nothing unstored leaves the room that way.
// Per-message work is proportional to the message (nothing re-encodes the document), except
// answering a sync step 1, the periodic compaction and proposal operations (which read the document
// into ProseMirror once per operation, at human rate).
import * as Y from 'yjs';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DOCUMENT_FIELD, SERVER_WRITTEN_ROOTS } from '../../../shared/src/collab/ydoc.ts';
import type { ProposalOperation } from '../../../shared/src/proposals/operations.ts';
import type { HistoryEvent } from '../../../shared/src/api/history.ts';
import { SERVER_PARTICIPANT, StoreUnavailable, type AppendEntry, type Store, type UpdateAttribution } from '../storage/store.ts';
import { authorizeUpdate } from './authorize.ts';
import { CloseCode, STORAGE_UNAVAILABLE_REASON } from './closeCodes.ts';
import { checkTransaction, checkUpdate } from './validate.ts';
import { Connection, ParticipantOrigin } from './connection.ts';
import { applyOperationToDoc, editorStateOf, writeChange } from './operations.ts';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { TurnBatch, relayBatch } from './fanout.ts';
import type { Participant } from './participant.ts';
import {
  MalformedMessage,
  encodePermissionDenied,
  encodeAwarenessEntries,
  encodeAwarenessFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseClientMessage,
  type AwarenessEntry,
  type DecodedUpdate,
} from './protocol.ts';
import { log } from '../log.ts';

export interface RoomOptions {
  compactEvery: number;
  /** Presence relay windows (config.ts SyncLimits). */
  presenceBatchMs: number;
  presenceHeartbeatBatchMs: number;
}

export class Room {
  /** Replaced (rebuilt from the store) when a transaction would have made the document invalid. */
  doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Which connection owns each awareness client id. */
  private readonly awarenessOwners = new Map<number, Connection>();
  /** Which participant wrote under each Yjs client id of this document (persisted in the store). */
  private readonly clientOwners: Map<number, string>;
  private lastSeq: number;
  private snapshotSeq: number;
  private compactionScheduled = false;
  /** Presence relaying (see onAwarenessUpdate): ids whose state changed, or was only renewed, since the last relay. */
  private readonly presenceChanged = new Set<number>();
  private readonly presenceRenewed = new Set<number>();
  /** Ids named by the awareness 'change' event of the update being handled (the rest are heartbeats). */
  private readonly presenceChangedNow = new Set<number>();
  /** Clock of each removal not yet relayed (leave() forgets the awareness meta right away). */
  private readonly presenceRemovedClocks = new Map<number, number>();
  private presenceTimer: NodeJS.Timeout | null = null;
  private presenceTimerAt = Infinity;
  private presenceRenewedSince = Infinity;
  private lastPresenceRelay = -Infinity;
  private readonly presenceBatchMs: number;
  private readonly presenceHeartbeatBatchMs: number;
  /** Why the transaction being applied would make the document invalid (checkTransaction), until handled. */
  private invalidTransaction: string | null = null;
  /** Accepted updates of this event-loop turn, not yet stored nor relayed (see flushUpdates). */
  private readonly pendingUpdates = new TurnBatch<AppendEntry & { from: Connection | null }>((batch) => this.storeAndRelay(batch));
  /** Set when the store failed: the in-memory doc may now be ahead of the store, so it is discarded. */
  failed = false;
  onFailure: (room: Room) => void = () => {};

  constructor(
    readonly documentId: string,
    private readonly store: Store,
    private readonly options: RoomOptions,
  ) {
    const state = this.loadInto(this.doc);
    this.lastSeq = state.lastSeq;
    this.snapshotSeq = state.snapshotUpto;

    // Client ids already in the document that nobody owns (the import, history from before ownership
    // was recorded) and the server's own id are reserved for the server, so no client can write
    // under them.
    this.clientOwners = store.clientIdOwners(documentId);
    const unowned = [...this.doc.store.clients.keys()].filter((id) => !this.clientOwners.has(id));
    while (this.clientOwners.has(this.doc.clientID)) this.doc.clientID = Math.floor(Math.random() * 0xffffffff);
    unowned.push(this.doc.clientID);
    try {
      this.claim(SERVER_PARTICIPANT, unowned);
    } catch (err) {
      // A disk that cannot be written must not stop people reading. These ids are recomputed as the
      // server's on every load, so holding them in memory only loses nothing.
      if (!(err instanceof StoreUnavailable)) throw err;
      for (const id of unowned) this.clientOwners.set(id, SERVER_PARTICIPANT);
      log.warn(`room ${documentId}: loaded read-only for now, the store cannot write: ${String(err.cause)}`);
    }

    this.doc.on('afterTransaction', this.onAfterTransaction);
    this.doc.on('update', this.onDocUpdate);

    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.awareness.on('change', this.onAwarenessChange);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.presenceBatchMs = options.presenceBatchMs;
    this.presenceHeartbeatBatchMs = options.presenceHeartbeatBatchMs;

    // A long tail means the last run ended without compacting (e.g. it was killed): fold it now.
    if (state.tail.length >= options.compactEvery) this.compact();
  }

  /** The roots besides the document that the server writes (their types in this room's doc). */
  private serverRoots(): ReadonlySet<Y.AbstractType<any>> {
    const roots = new Set<Y.AbstractType<any>>();
    for (const name of SERVER_WRITTEN_ROOTS) {
      const type = this.doc.share.get(name);
      if (type) roots.add(type);
    }
    return roots;
  }

  /** Sequence number of the last stored update the in-memory document includes. */
  get seq(): number {
    this.flushUpdates();
    return this.lastSeq;
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
    // Budgets first, before any parsing: a flood costs a counter per frame and then the connection.
    if (!conn.messages.take()) {
      this.overBudget(conn, 'messages');
      return;
    }
    let message;
    try {
      message = parseClientMessage(frame);
    } catch (err) {
      const reason = err instanceof MalformedMessage ? err.reason : 'malformed message';
      log.warn(`room ${this.documentId}: closing ${conn.participant.name}: ${reason}`);
      conn.close(CloseCode.malformed, reason);
      return;
    }
    switch (message.kind) {
      case 'syncStep1':
        if (!conn.syncRequests.take()) return this.overBudget(conn, 'sync requests');
        this.flushUpdates(); // the answer may only hold stored updates
        if (this.failed) return;
        conn.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      case 'syncStep2':
      case 'update':
        this.applyClientUpdate(conn, message.update, message.decoded);
        return;
      case 'awareness':
        this.applyClientAwareness(conn, message.entries);
        return;
      case 'queryAwareness': {
        if (!conn.syncRequests.take()) return this.overBudget(conn, 'sync requests');
        const ids = [...this.awareness.getStates().keys()];
        conn.send(encodeAwarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
        return;
      }
    }
  }

  private overBudget(conn: Connection, what: string): void {
    log.warn(`room ${this.documentId}: closing ${conn.participant.name} (${conn.participant.id}): over its budget of ${what}`);
    conn.close(CloseCode.tooManyMessages, 'too many messages');
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array, decoded: DecodedUpdate): void {
    const authorized = authorizeUpdate(conn, decoded, this.doc, this.clientOwners);
    const valid = authorized.ok ? checkUpdate(decoded, this.doc) : authorized;
    const verdict = valid.ok ? authorized : valid;
    if (!verdict.ok) {
      log.warn(`room ${this.documentId}: refused update from ${conn.participant.name} (${conn.participant.id}): ${verdict.reason}`);
      // Told why (y-protocols auth message), then closed: the client starts over from a fresh doc.
      conn.send(encodePermissionDenied(verdict.reason));
      conn.close(CloseCode.forbidden, verdict.reason);
      return;
    }
    if (!this.store.writable() && bringsNewContent(this.doc, decoded)) {
      // The disk is full or read-only: refuse before applying, so the room (and its readers) stay up.
      // Only new structs are checked; a pure deletion goes on and, if the store refuses it, fails the room.
      conn.close(CloseCode.internalError, STORAGE_UNAVAILABLE_REASON);
      return;
    }
    if (verdict.claims.length > 0) {
      try {
        this.claim(conn.participant.id, verdict.claims);
      } catch (err) {
        log.error(`room ${this.documentId}: could not record client ids: ${String(err)}`);
        conn.close(CloseCode.internalError, err instanceof StoreUnavailable ? STORAGE_UNAVAILABLE_REASON : 'storage failure, reconnect');
        return;
      }
    }
    try {
      Y.applyUpdate(this.doc, update, conn);
      const invalid = this.takeInvalidTransaction();
      if (invalid) {
        log.warn(`room ${this.documentId}: refused update from ${conn.participant.name} (${conn.participant.id}): ${invalid}`);
        conn.send(encodePermissionDenied(invalid));
        conn.close(CloseCode.forbidden, invalid);
      }
    } catch (err) {
      // Decodable but not integrable. Whatever Yjs integrated before throwing went through
      // onDocUpdate (stored, relayed), so the room stays consistent; the sender is dropped.
      this.takeInvalidTransaction();
      log.warn(`room ${this.documentId}: update from ${conn.participant.name} failed to apply: ${String(err)}`);
      conn.close(CloseCode.malformed, 'malformed message: update could not be applied');
    }
  }

  /** Records (store first, then memory) that `participantId` writes under these client ids. */
  private claim(participantId: string, clientIds: number[]): void {
    const fresh = clientIds.filter((id) => !this.clientOwners.has(id));
    if (fresh.length === 0) return;
    this.store.claimClientIds(this.documentId, participantId, fresh);
    for (const id of fresh) this.clientOwners.set(id, participantId);
  }

  /** Owner of a client id in this document (for tests and diagnostics). */
  clientOwner(clientId: number): string | undefined {
    return this.clientOwners.get(clientId);
  }

  /**
   * Applies a proposal operation on the participant's behalf: the server writes the change under its
   * own client id, with the participant as origin, so it is stored, attributed and relayed like any
   * accepted update. Delegations propose as themselves; co-facilitators and the secretariat as
   * pen-holders (proposer null).
   */
  /**
   * A change the server writes for a participant (freezing labels when a revision is issued): under
   * the server's own client id, stored with the participant's attribution, then relayed.
   * False when the room has failed or the change could not be stored.
   */
  writeAs(participant: Participant, change: (doc: Y.Doc) => void, events: readonly HistoryEvent[] = []): boolean {
    if (this.failed) return false;
    this.reserveServerClientId();
    this.doc.transact((tr) => {
      // what the server did, recorded with the stored update (history entries show it)
      if (events.length) tr.meta.set('events', events);
      change(this.doc);
    }, new ParticipantOrigin(participant));
    const invalid = this.takeInvalidTransaction();
    if (invalid) log.error(`room ${this.documentId}: the server's own change was invalid and is dropped: ${invalid}`);
    return !this.failed && !invalid;
  }

  private reserveServerClientId(): void {
    if (this.clientOwners.get(this.doc.clientID) !== SERVER_PARTICIPANT) {
      // Yjs renames a doc's client id if it sees it used elsewhere; keep the server's ids reserved.
      while (this.clientOwners.has(this.doc.clientID)) this.doc.clientID = Math.floor(Math.random() * 0xffffffff);
      this.claim(SERVER_PARTICIPANT, [this.doc.clientID]);
    }
  }

  applyOperation(
    participant: Participant,
    op: ProposalOperation,
    /** Screen negotiation: the delegation this participant enters the operation for (checked by the caller). */
    onBehalfOf: string | null = null,
  ): { ok: true } | { ok: false; status: number; error: string } {
    if (this.failed) return { ok: false, status: 503, error: 'the document is unavailable, try again' };
    if (!this.store.writable()) return { ok: false, status: 503, error: 'the change could not be stored (storage full or read-only), try again' };
    this.reserveServerClientId();
    const proposer = onBehalfOf ?? participant.delegationId;
    const event: HistoryEvent = { kind: 'proposal', op: op.type, blockId: 'blockId' in op ? op.blockId : null };
    const result = applyOperationToDoc(this.doc, op, proposer, new ParticipantOrigin(participant, onBehalfOf), [event]);
    if (!result.ok) return { ok: false, status: 409, error: result.error };
    const invalid = this.takeInvalidTransaction();
    if (invalid) {
      log.error(`room ${this.documentId}: an operation made an invalid change, dropped: ${invalid}`);
      return { ok: false, status: 500, error: 'the change would have made the document invalid' };
    }
    if (this.failed) return { ok: false, status: 503, error: 'the change could not be stored, try again' };
    return { ok: true };
  }

  /**
   * A pen-holder's change built by the shared domain (resolving a group, undoing a resolution),
   * written by the server for the participant with the event the history records. `build` gets the
   * document as ProseMirror and returns a transaction and its event, or a refusal.
   */
  applyRecorded(
    participant: Participant,
    build: (state: EditorState) => { ok: true; tr: Transaction; event: HistoryEvent } | { ok: false; error: string },
  ): { ok: true; event: HistoryEvent } | { ok: false; status: number; error: string } {
    if (this.failed) return { ok: false, status: 503, error: 'the document is unavailable, try again' };
    this.reserveServerClientId();
    const state = editorStateOf(this.doc);
    const result = build(state);
    if (!result.ok) return { ok: false, status: 409, error: result.error };
    writeChange(this.doc, state.doc, result.tr.doc, new ParticipantOrigin(participant), [result.event]);
    if (this.failed) return { ok: false, status: 503, error: 'the change could not be stored, try again' };
    return { ok: true, event: result.event };
  }

  /**
   * Notes the ids of the top-level blocks a transaction touched, for the history. Runs before the
   * transaction's deleted items are garbage-collected, so a deleted block's id is still readable.
   * Cost: the structs this transaction created plus those it deleted, each walked up to its block.
   */
  private onAfterTransaction = (tr: Y.Transaction): void => {
    if (tr.origin === 'load') return;
    const fragment = this.doc.getXmlFragment(DOCUMENT_FIELD);
    const blocks = new Set<string>();
    const statuses: Record<string, string> = {};
    const addItem = (item: Y.Item) => {
      let block: Y.AbstractType<any> | null = null;
      if (item.parent === fragment) block = item.content instanceof Y.ContentType ? item.content.type : null;
      else {
        let type = item.parent as Y.AbstractType<any> | null;
        while (type && type._item && type._item.parent !== fragment) type = type._item.parent as Y.AbstractType<any>;
        if (type && type._item) block = type;
      }
      if (block instanceof Y.XmlElement) blocks.add(blockId(block));
    };
    tr.afterState.forEach((clock, client) => {
      const before = tr.beforeState.get(client) ?? 0;
      if (clock <= before) return;
      const structs = this.doc.store.clients.get(client)!;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const s = structs[i];
        if (!(s instanceof Y.Item)) continue;
        addItem(s);
        // a status set on a top-level block (agreed, ad ref, reopened): named in the history entry
        const parent = s.parent;
        if (s.parentSub === 'status' && !s.deleted && parent instanceof Y.XmlElement && parent._item?.parent === fragment) {
          const value: unknown = s.content.getContent()[0];
          if (typeof value === 'string') statuses[blockId(parent)] = value;
        }
      }
    });
    Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
      if (s instanceof Y.Item) addItem(s);
    });
    tr.meta.set('blocks', [...blocks]);
    tr.meta.set('statuses', statuses);
    // Before the 'update' event stores anything: a change the schema cannot hold is marked here.
    // The server's own writes (operations, comments, silence) may touch its roots; a client's never.
    const validity = checkTransaction(tr, fragment, tr.origin instanceof Connection ? NO_ROOTS : this.serverRoots());
    if (!validity.ok) {
      tr.meta.set(INVALID, validity.reason);
      this.invalidTransaction ??= validity.reason;
    }
  };

  /**
   * After a transaction: the reason it was invalid, if it was, having rebuilt the doc from the store
   * (which never saw it; the other connections never received it either). Costs a reload, on hostile
   * input only.
   */
  private takeInvalidTransaction(): string | null {
    const reason = this.invalidTransaction;
    if (reason === null) return null;
    this.invalidTransaction = null;
    if (this.failed) return reason;
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.doc.off('update', this.onDocUpdate);
    // Not destroyed: the awareness listens for the doc's 'destroy'. Nothing else holds the old doc.
    this.doc = new Y.Doc({ gc: true });
    try {
      this.loadInto(this.doc);
    } catch (err) {
      this.fail(err);
      return reason;
    }
    this.awareness.doc = this.doc;
    this.doc.on('afterTransaction', this.onAfterTransaction);
    this.doc.on('update', this.onDocUpdate);
    return reason;
  }

  /** Loads the stored state (snapshot, then tail) into `doc`, in one transaction the handlers ignore. */
  private loadInto(doc: Y.Doc) {
    const state = this.store.loadDocumentState(this.documentId);
    doc.transact(() => {
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      if (state.tail.length) Y.applyUpdate(doc, Y.mergeUpdates(state.tail));
    }, 'load');
    return state;
  }

  /** Stores, then relays. Runs once per transaction that changed the doc. */
  /** Queues the update to be stored, then relayed. Runs once per transaction that changed the doc. */
  private onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    if (this.failed || tr.meta.has(INVALID)) return;
    try {
      const participant =
        origin instanceof Connection ? origin.participant : origin instanceof ParticipantOrigin ? origin.participant : null;
      const label = participant ? participant.name : typeof origin === 'string' ? origin : null;
      const attribution: UpdateAttribution | null = participant
        ? {
            participantId: participant.id,
            role: participant.role,
            // A screen entry is recorded as the co-facilitator's, for the delegation it was entered for.
            delegationId: origin instanceof ParticipantOrigin && origin.onBehalfOf ? origin.onBehalfOf : participant.delegationId,
            blocks: (tr.meta.get('blocks') as string[] | undefined) ?? [],
            statuses: (tr.meta.get('statuses') as Record<string, string> | undefined) ?? {},
            events: (tr.meta.get('events') as HistoryEvent[] | undefined) ?? [],
          }
        : null;
      this.pendingUpdates.add({ update, origin: label, attribution, from: origin instanceof Connection ? origin : null });
    } catch (err) {
      this.fail(err);
      return;
    }
    // A client's update waits for the end of the turn, to be stored and relayed with the others of
    // the turn; a change the server makes (writeAs, applyOperation) is stored before they return.
    if (!(origin instanceof Connection)) this.flushUpdates();
  };

  /** Stores and relays the updates queued in this turn, now. */
  flushUpdates(): void {
    this.pendingUpdates.flushNow();
  }

  /** One transaction for the turn's updates, then one frame per peer (fanout.ts). */
  private storeAndRelay(batch: (AppendEntry & { from: Connection | null })[]): void {
    if (this.failed) return;
    try {
      this.lastSeq = this.store.appendUpdates(this.documentId, batch);
    } catch (err) {
      this.fail(err);
      return;
    }
    relayBatch(batch, this.connections, encodeUpdate, (c, frame) => c.send(frame));
    if (this.lastSeq - this.snapshotSeq >= this.options.compactEvery) this.scheduleCompaction();
  }

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
    // The identity shown to others is the server's: whatever `user` the client sent is replaced.
    // Readers (delegations, observers) are listed as present but their caret and selection stay
    // private: a delegation's selection can tell the room what it is about to propose, and an
    // observer's select-all would paint over everyone's text.
    const showCursor = CAPABILITIES[conn.participant.role].editText;
    const stamped = own.map((e) => ({ ...e, json: stampPresence(e.json, conn.presenceUser, showCursor) }));
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), conn);
  }

  private onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    for (const id of added) this.presenceChangedNow.add(id);
    for (const id of updated) this.presenceChangedNow.add(id);
    for (const id of removed) this.presenceChangedNow.add(id);
  };

  /**
   * Presence is relayed in batches, not one frame per change per peer: changed client ids are
   * collected for up to presenceBatchMs (a change after a quiet spell goes out on the next tick), then
   * every connection gets ONE frame with the current state of all of them but its own. Heartbeats (a
   * state renewed unchanged, which only keeps it alive at the peers) wait up to
   * presenceHeartbeatBatchMs, or ride along with the next change. Peers drop a state unheard of for
   * 30 s and clients renew every 15 s, so a delay of a few seconds keeps y-protocols' timeout intact.
   * Removals (disconnect, timeout) are changes and are relayed with the clock they were removed at.
   */
  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    const now = performance.now();
    for (const id of added.concat(updated, removed)) {
      if (this.presenceChangedNow.has(id)) {
        this.presenceChanged.add(id);
        this.presenceRenewed.delete(id);
      } else if (!this.presenceChanged.has(id)) {
        if (this.presenceRenewed.size === 0) this.presenceRenewedSince = now;
        this.presenceRenewed.add(id);
      }
    }
    for (const id of removed) this.presenceRemovedClocks.set(id, this.awareness.meta.get(id)?.clock ?? 0);
    this.presenceChangedNow.clear();
    this.schedulePresenceRelay(now);
  };

  private schedulePresenceRelay(now: number): void {
    const due = Math.min(
      this.presenceChanged.size > 0 ? Math.max(now, this.lastPresenceRelay + this.presenceBatchMs) : Infinity,
      this.presenceRenewed.size > 0 ? this.presenceRenewedSince + this.presenceHeartbeatBatchMs : Infinity,
    );
    if (due === Infinity || (this.presenceTimer && this.presenceTimerAt <= due)) return;
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimerAt = due;
    this.presenceTimer = setTimeout(this.relayPresence, Math.max(0, due - now));
  }

  private relayPresence = (): void => {
    this.presenceTimer = null;
    this.presenceTimerAt = Infinity;
    this.lastPresenceRelay = performance.now();
    const ids = new Set([...this.presenceChanged, ...this.presenceRenewed]);
    this.presenceChanged.clear();
    this.presenceRenewed.clear();
    const states = this.awareness.getStates();
    const entries: AwarenessEntry[] = [];
    for (const id of ids) {
      const state = states.get(id);
      const clock = this.awareness.meta.get(id)?.clock ?? this.presenceRemovedClocks.get(id) ?? 0;
      entries.push({ clientId: id, clock, json: state === undefined ? 'null' : JSON.stringify(state) });
    }
    this.presenceRemovedClocks.clear();
    if (entries.length === 0 || this.failed) return;
    const everyone = encodeAwarenessFrame(encodeAwarenessEntries(entries));
    for (const c of this.connections) {
      const own = c.awarenessClientId;
      if (own === null || !ids.has(own)) c.send(everyone);
      else if (entries.length > 1) c.send(encodeAwarenessFrame(encodeAwarenessEntries(entries.filter((e) => e.clientId !== own))));
    }
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
    this.flushUpdates(); // the snapshot encodes the whole doc: its updates must all be stored
    if (this.failed || this.lastSeq <= this.snapshotSeq) return;
    try {
      this.store.writeSnapshot(this.documentId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
      this.snapshotSeq = this.lastSeq;
    } catch (err) {
      // Not fatal: the history is intact, loading just reads a longer tail.
      log.error(`room ${this.documentId}: snapshot failed: ${String(err)}`);
    }
  }

  /**
   * The store refused an update the Y.Doc already holds, so memory is ahead of the disk: nothing is
   * relayed, every connection is closed (the sender keeps its edit and resends it after reconnecting),
   * and Rooms discards the room; the next connection loads a fresh one from the store.
   */
  private fail(err: unknown): void {
    this.failed = true;
    const cause = err instanceof StoreUnavailable ? err.cause : err;
    log.error(`room ${this.documentId}: could not store an update, closing the room: ${String(cause)}`);
    const reason = err instanceof StoreUnavailable ? STORAGE_UNAVAILABLE_REASON : 'storage failure, reconnect';
    for (const c of this.connections) c.close(CloseCode.internalError, reason);
    this.onFailure(this);
  }

  /** Closes every connection (they will reconnect) and releases the doc. Snapshots unless failed. */
  shutdown(code: number, reason: string): void {
    this.compact();
    for (const c of this.connections) c.close(code, reason);
    this.destroy();
  }

  destroy(): void {
    this.pendingUpdates.clear();
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('change', this.onAwarenessChange);
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Whether an update holds structs the document does not have yet (a sync step 2 of known content does not). */
function bringsNewContent(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  return decoded.structs.some((s) => s.id.clock + s.length > Y.getState(doc.store, s.id.client));
}
const NO_ROOTS: ReadonlySet<Y.AbstractType<any>> = new Set();

/** Transaction meta key: why the transaction would make the document invalid (not stored, not relayed). */
const INVALID = 'invalid';

/** A top-level block's id attribute, read from its map item so that a block deleted in this very
 *  transaction still answers; blocks without one (the front matter) go by their node name. */
function blockId(block: Y.XmlElement): string {
  const item = block._map.get('id');
  const content = item && !(item.content instanceof Y.ContentDeleted) ? item.content.getContent()[0] : undefined;
  return typeof content === 'string' && content ? content : block.nodeName;
}

/**
 * Replaces the `user` field of a presence state (JSON text) with the server's, and drops `cursor`
 * when the sender's caret is not to be shown; removals stay null.
 */
function stampPresence(json: string, user: object, showCursor: boolean): string {
  const state: unknown = JSON.parse(json);
  if (state === null) return json;
  const { cursor, ...rest } = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  return JSON.stringify(showCursor && cursor !== undefined ? { ...rest, cursor, user } : { ...rest, user });
}
