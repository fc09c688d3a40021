// One open document on this instance: its Y.Doc (rebuilt from the document log), its presence, and
// the connections editing it. The room applies changes in one order and hands them to small modules,
// each with one concern (docs/design.md §3 and "several servers"):
//
//   client update -> [checks, in order] authorizeUpdate (role, client-id ownership, agreed text:
//   authorize.ts, locks.ts) -> checkUpdate (dependencies and shape: validate.ts) -> claim the
//   client ids it writes under (awaited in the log) -> apply to the Y.Doc -> 'afterTransaction' notes
//   the blocks touched and checks the result against the schema (checkTransaction) -> the doc's
//   'update' event queues it with its attribution -> DURABLE APPEND (durable.ts: the turn's updates
//   in one append, awaited) -> [after-store hooks, in order] sequence bookkeeping (sequence.ts),
//   fan-out to this instance's connections (fanout.ts), publish to other instances (the bus,
//   cluster/bus.ts), compaction (compaction.ts).
//
// Presence has its own module (presence.ts). Transaction origins are a small union (origins.ts):
// a connection, a participant's operation, the load, or a remote instance; updates from another
// instance (or read back from the log to close a gap) are applied and relayed here, never stored again.
//
// Messages and server-side writes go through one queue per room (enqueue/exclusive): each is checked
// against the document as the previous one left it, and a step that must wait for the log (a client
// id claim, rebuilding the doc after a refused transaction, catching up) holds the ones behind it.
// With SQLite those waits are already-settled promises; with PostgreSQL they are round trips.
//
// A transaction that leaves the document invalid is neither queued, stored nor relayed, and the
// room's doc is rebuilt from the log once the valid updates before it are stored. Relaying happens
// only after the log accepted the update, so anything a peer has seen survives a crash; a sync step 2
// answer is computed when asked and sent once everything it holds is stored (afterDurable).
// Per-message work is proportional to the message (nothing re-encodes the document), except
// answering a sync step 1, compaction and named operations (which read the document into ProseMirror
// once per operation, at human rate).
// Known limit with several instances: checks run against this instance's copy, so two instances can
// accept conflicting changes made within one bus latency of each other (an edit to a paragraph and
// its agreement); both are stored and merge as a CRDT does, as two concurrent edits on one instance.
import * as Y from 'yjs';
import type { ProposalOperation } from '../../../shared/src/proposals/operations.ts';
import type { HistoryEvent } from '../../../shared/src/api/history.ts';
import { applyUpdatesInOrder, DOCUMENT_FIELD, SERVER_WRITTEN_ROOTS } from '../../../shared/src/collab/ydoc.ts';
import {
  SERVER_PARTICIPANT,
  StoreUnavailable,
  type AppendEntry,
  type AppendResult,
  type DocumentLog,
  type DocumentState,
  type Store,
  type UpdateAttribution,
} from '../storage/store.ts';
import type { BusDocumentMessage } from '../cluster/bus.ts';
import { REFUSALS, authorizeUpdate } from './authorize.ts';
import { CloseCode, STORAGE_UNAVAILABLE_REASON } from './closeCodes.ts';
import { checkTransaction, checkUpdate } from './validate.ts';
import { Connection } from './connection.ts';
import { LOAD, ParticipantOrigin, RemoteOrigin, mustStore } from './origins.ts';
import { applyOperationToDoc, editorStateOf, writeChange } from './operations.ts';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { relayBatch } from './fanout.ts';
import { isFresh } from './freshItems.ts';
import { DurableAppender } from './durable.ts';
import { SequenceFollower } from './sequence.ts';
import { Compactor } from './compaction.ts';
import { PresenceRelay } from './presence.ts';
import type { Participant } from './participant.ts';
import {
  MalformedMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseClientMessage,
  type DecodedUpdate,
} from './protocol.ts';
import { log } from '../log.ts';

export interface RoomOptions {
  compactEvery: number;
  /** Presence relay windows (config.ts SyncLimits). */
  presenceBatchMs: number;
  presenceHeartbeatBatchMs: number;
}

/** What a room needs of the store: the document log, and whether the store can write now. */
export type RoomStore = DocumentLog & Pick<Store, 'writable'>;

/** How a room reaches the other instances with the same document open (null: this instance is alone). */
export interface RoomPublisher {
  publish(message: BusDocumentMessage): void;
}

type Entry = AppendEntry & { from: Connection | null };
/** One stored batch, as the after-store hooks see it. */
export interface StoredBatch {
  entries: readonly Entry[];
  result: AppendResult;
}
/** An after-store hook: runs once per stored batch, in append order, before the next batch's. */
export type AfterStoreHook = (batch: StoredBatch) => void;

/** How long a gap in the sequence of stored batches may stay open (a message on its way) before the log is read. */
const CATCH_UP_DELAY_MS = 100;

export class Room {
  /** Replaced (rebuilt from the log) when a transaction would have made the document invalid. */
  doc: Y.Doc;
  readonly connections = new Set<Connection>();
  readonly presence: PresenceRelay;
  /** Which participant wrote under each Yjs client id of this document (persisted in the log). */
  private readonly clientOwners: Map<number, string>;
  /** How many of clientOwners' ids each participant owns (authorize.ts CLIENT_ID_LIMITS). */
  private readonly idsOwnedBy = new Map<string, number>();
  private follower: SequenceFollower;
  private readonly appender: DurableAppender<Entry>;
  private readonly compactor: Compactor;
  private readonly afterStoreHooks: AfterStoreHook[];
  /** Why the transaction being applied would make the document invalid (checkTransaction), until handled. */
  private invalidTransaction: string | null = null;
  /** Messages and server-side writes waiting for the one in progress (see enqueue). */
  private readonly queue: (() => void | Promise<unknown>)[] = [];
  private busy = false;
  private catchUpTimer: NodeJS.Timeout | null = null;
  /**
   * The sync step 2 answer for a client that holds nothing yet (a first join: its state vector is
   * empty), shared by every such client until the document changes. When a room fills up (the start
   * of a session, everyone reconnecting after a network blip), the document is encoded once instead
   * of once per client, and one buffer is queued to all their sockets instead of one copy each.
   */
  private fullStateAnswer: Uint8Array | null = null;
  /** Set when the log failed: the in-memory doc may now be ahead of it, so it is discarded. */
  failed = false;
  /** Set when the room shuts down: frames still arriving are ignored (their senders resend what
   *  they hold after reconnecting), so the last snapshot covers everything the room accepted. */
  private closing = false;
  onFailure: (room: Room) => void = () => {};

  /** Loads the document from the log and reserves its unowned client ids for the server. */
  static async load(documentId: string, store: RoomStore, options: RoomOptions, publisher: RoomPublisher | null = null): Promise<Room> {
    const [state, owners] = await Promise.all([store.loadDocumentState(documentId), store.clientIdOwners(documentId)]);
    const room = new Room(documentId, store, options, state, owners, publisher);
    // Client ids already in the document that nobody owns (the import, history from before ownership
    // was recorded) and the server's own id are reserved for the server, so no client can write
    // under them.
    const unowned = [...room.doc.store.clients.keys()].filter((id) => !owners.has(id));
    while (owners.has(room.doc.clientID)) room.doc.clientID = Math.floor(Math.random() * 0xffffffff);
    unowned.push(room.doc.clientID);
    try {
      await room.claim(SERVER_PARTICIPANT, unowned);
    } catch (err) {
      // A disk that cannot be written must not stop people reading. These ids are recomputed as the
      // server's on every load, so holding them in memory only loses nothing.
      if (!(err instanceof StoreUnavailable)) throw err;
      for (const id of unowned) owners.set(id, SERVER_PARTICIPANT);
      log.warn(`room ${documentId}: loaded read-only for now, the store cannot write: ${String(err.cause)}`);
    }
    // A long tail means the last run ended without compacting (e.g. it was killed): fold it now.
    if (state.tail.length >= options.compactEvery) await room.compactor.compact();
    return room;
  }

  private constructor(
    readonly documentId: string,
    private readonly store: RoomStore,
    options: RoomOptions,
    state: DocumentState,
    owners: Map<number, string>,
    private readonly publisher: RoomPublisher | null,
  ) {
    this.doc = docOf(state);
    this.clientOwners = owners;
    for (const owner of owners.values()) this.idsOwnedBy.set(owner, (this.idsOwnedBy.get(owner) ?? 0) + 1);
    this.follower = new SequenceFollower(state.lastSeq);
    this.doc.on('afterTransaction', this.onAfterTransaction);
    this.doc.on('update', this.onDocUpdate);
    this.presence = new PresenceRelay(this.doc, () => this.connections, options, publisher ? (update) => publisher.publish({ kind: 'presence', documentId, update }) : null);
    this.compactor = new Compactor(store, documentId, options.compactEvery, state.snapshotUpto, () =>
      this.failed ? null : { state: Y.encodeStateAsUpdate(this.doc), upto: this.follower.known },
    );
    this.appender = new DurableAppender<Entry>(
      (entries) => this.store.appendUpdates(this.documentId, entries),
      (entries, result) => {
        // each hook on its own: one that throws (a bug) must not keep the batch from the others
        for (const hook of this.afterStoreHooks) {
          try {
            hook({ entries, result });
          } catch (err) {
            log.error(`room ${this.documentId}: an after-store hook failed: ${(err as Error)?.stack ?? String(err)}`);
          }
        }
      },
      (err) => this.fail(err),
    );
    // The after-store hooks, in order: what the room holds, this instance's peers, the other
    // instances, then compaction (which reads what the first one recorded).
    this.afterStoreHooks = [
      ({ result }) => this.follower.hold(result.previousSeq, result.lastSeq),
      ({ entries }) => relayBatch(entries, this.connections, encodeUpdate, (c, frame) => c.send(frame)),
      ...(publisher ? [publishBatch(documentId, publisher)] : []),
      () => this.afterHeld(),
    ];
  }

  get awareness() {
    return this.presence.awareness;
  }

  /** Resolves once every message and change received so far is handled and what it brought is stored
   *  (and relayed); false if the log failed. Not for use inside the room's queue (it waits for it). */
  async whenDurable(): Promise<boolean> {
    if (this.failed) return false;
    await this.exclusive(() => undefined);
    return this.appender.whenDurable();
  }

  /** Sequence number up to which the in-memory document holds every stored update, once what it accepted is stored. */
  async storedSeq(): Promise<number> {
    await this.whenDurable();
    return this.follower.known;
  }

  /** Greets a new connection like y-websocket's server: our state vector, then everyone's presence. */
  join(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncStep1(this.doc));
    const presence = this.presence.snapshotFrame();
    if (presence) conn.send(presence);
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.presence.leave(conn);
  }

  receive(conn: Connection, frame: Uint8Array): void {
    if (conn.closed || this.failed || this.closing) return;
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
      case 'syncStep1': {
        if (!conn.syncRequests.take()) return this.overBudget(conn, 'sync requests');
        const { stateVector } = message;
        this.enqueue(() => {
          if (conn.closed || this.failed || this.closing) return;
          // Computed now (in order with the updates before it), sent once all it holds is stored.
          const answer = isEmptyStateVector(stateVector)
            ? (this.fullStateAnswer ??= encodeSyncStep2(this.doc, stateVector))
            : encodeSyncStep2(this.doc, stateVector);
          this.appender.afterDurable(() => conn.send(answer));
        });
        return;
      }
      case 'syncStep2':
      case 'update': {
        const { update, decoded } = message;
        this.enqueue(() => (conn.closed || this.failed ? undefined : this.applyClientUpdate(conn, update, decoded)));
        return;
      }
      case 'awareness':
        try {
          this.presence.applyClient(conn, message.entries);
        } catch (err) {
          if (!(err instanceof MalformedMessage)) throw err;
          // one of its own states is not JSON (the others' it sends back are dropped undecoded)
          log.warn(`room ${this.documentId}: closing ${conn.participant.name}: ${err.reason}`);
          conn.close(CloseCode.malformed, err.reason);
        }
        return;
      case 'queryAwareness': {
        if (!conn.syncRequests.take()) return this.overBudget(conn, 'sync requests');
        const frame = this.presence.snapshotFrame();
        if (frame) conn.send(frame);
        return;
      }
    }
  }

  /** A message from another instance with this document open (the bus). */
  receiveRemote(message: BusDocumentMessage): void {
    if (this.failed) return;
    if (message.kind === 'presence') {
      this.presence.applyRemote(message.update);
      return;
    }
    this.enqueue(() => {
      if (this.failed || message.lastSeq <= this.follower.known) return; // already held
      Y.applyUpdate(this.doc, message.update, new RemoteOrigin('instance'));
      this.follower.hold(message.previousSeq, message.lastSeq);
      this.afterHeld();
    });
  }

  /** Reads from the log whatever this room may have missed (the link to other instances was lost). */
  catchUpWithLog(): Promise<void> {
    return this.exclusive(() => this.catchUp(Number.MAX_SAFE_INTEGER));
  }

  private afterHeld(): void {
    this.compactor.noteStored(this.follower.known);
    if (this.follower.gapUpto() !== null && !this.catchUpTimer && !this.failed) {
      this.catchUpTimer = setTimeout(() => {
        this.catchUpTimer = null;
        const upto = this.follower.gapUpto();
        if (upto !== null) void this.exclusive(() => this.catchUp(upto));
      }, CATCH_UP_DELAY_MS);
      this.catchUpTimer.unref();
    }
  }

  /** Applies the stored updates in (known, upto] (those already held are no-ops for Yjs). */
  private async catchUp(upto: number): Promise<void> {
    if (this.failed) return;
    const from = this.follower.known;
    if (upto <= from) return;
    const missing = await this.store.updatesBetween(this.documentId, from, upto);
    if (this.failed) return;
    if (missing.length > 0) applyUpdatesInOrder(this.doc, missing.map((u) => u.update), new RemoteOrigin('log'));
    this.follower.hold(from, upto === Number.MAX_SAFE_INTEGER ? (missing.at(-1)?.seq ?? from) : upto);
    this.afterHeld();
  }

  /**
   * Runs `task` after the tasks queued before it; a task that returns a promise holds the queue until
   * it settles. Synchronous tasks run at once when the queue is empty, so the common path (an update
   * over SQLite) adds no delay.
   */
  private enqueue(task: () => void | Promise<unknown>): void {
    this.queue.push(task);
    while (!this.busy && this.queue.length > 0) {
      const next = this.queue.shift()!;
      let pending: void | Promise<unknown>;
      try {
        pending = next();
      } catch (err) {
        log.error(`room ${this.documentId}: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
        continue;
      }
      if (pending instanceof Promise) {
        this.busy = true;
        pending
          .catch((err: unknown) => log.error(`room ${this.documentId}: unexpected error: ${(err as Error)?.stack ?? String(err)}`))
          .finally(() => {
            this.busy = false;
            this.enqueue(() => {});
          });
      }
    }
  }

  /** Runs `fn` in the room's queue and resolves with its result. */
  private exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.enqueue(() => {
        try {
          const result = fn();
          if (result instanceof Promise) return result.then(resolve, reject);
          resolve(result);
        } catch (err) {
          reject(err);
        }
      }),
    );
  }

  private overBudget(conn: Connection, what: string): void {
    log.warn(`room ${this.documentId}: closing ${conn.participant.name} (${conn.participant.id}): over its budget of ${what}`);
    conn.close(CloseCode.tooManyMessages, 'too many messages');
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array, decoded: DecodedUpdate): void | Promise<void> {
    const authorized = authorizeUpdate(conn.participant, decoded, this.doc, this.clientOwners, this.idsOwnedBy.get(conn.participant.id) ?? 0);
    const valid = authorized.ok ? checkUpdate(decoded, this.doc) : authorized;
    const verdict = valid.ok ? authorized : valid;
    if (!verdict.ok) return this.refuse(conn, verdict.reason);
    if (!this.store.writable() && bringsNewContent(this.doc, decoded)) {
      // The disk is full or read-only: refuse before applying, so the room (and its readers) stay up.
      // Only new structs are checked; a pure deletion goes on and, if the store refuses it, fails the room.
      conn.close(CloseCode.internalError, STORAGE_UNAVAILABLE_REASON);
      return;
    }
    if (verdict.claims.length === 0) return this.integrate(conn, update);
    return this.claim(conn.participant.id, verdict.claims).then(
      (owned) => {
        if (conn.closed || this.failed || this.closing) return;
        // another instance claimed one of these ids first
        if (!owned) return this.refuse(conn, REFUSALS.clientId);
        return this.integrate(conn, update);
      },
      (err: unknown) => {
        log.error(`room ${this.documentId}: could not record client ids: ${String(err)}`);
        conn.close(CloseCode.internalError, err instanceof StoreUnavailable ? STORAGE_UNAVAILABLE_REASON : 'storage failure, reconnect');
      },
    );
  }

  /** Told why (y-protocols auth message), then closed: the client starts over from a fresh doc. */
  private refuse(conn: Connection, reason: string): void {
    log.warn(`room ${this.documentId}: refused update from ${conn.participant.name} (${conn.participant.id}): ${reason}`);
    conn.send(encodePermissionDenied(reason));
    conn.close(CloseCode.forbidden, reason);
  }

  private integrate(conn: Connection, update: Uint8Array): void | Promise<void> {
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      // Decodable but not integrable. Whatever Yjs integrated before throwing went through
      // onDocUpdate (queued to be stored), so the room stays consistent; the sender is dropped.
      log.warn(`room ${this.documentId}: update from ${conn.participant.name} failed to apply: ${String(err)}`);
      conn.close(CloseCode.malformed, 'malformed message: update could not be applied');
    }
    const invalid = this.takeInvalid();
    if (invalid === null) return;
    this.refuse(conn, invalid);
    return this.rebuild();
  }

  /** Records (log first, then memory) that `participantId` writes under these client ids; false when
   *  the log says another participant owns one of them (claimed on another instance). */
  private async claim(participantId: string, clientIds: number[]): Promise<boolean> {
    const fresh = clientIds.filter((id) => !this.clientOwners.has(id));
    if (fresh.length === 0) return clientIds.every((id) => this.clientOwners.get(id) === participantId);
    const owners = await this.store.claimClientIds(this.documentId, participantId, fresh);
    for (const [id, owner] of owners) {
      if (this.clientOwners.has(id)) continue;
      this.clientOwners.set(id, owner);
      this.idsOwnedBy.set(owner, (this.idsOwnedBy.get(owner) ?? 0) + 1);
    }
    return fresh.every((id) => owners.get(id) === participantId);
  }

  /** Owner of a client id in this document (for tests and diagnostics). */
  clientOwner(clientId: number): string | undefined {
    return this.clientOwners.get(clientId);
  }

  /**
   * A change the server writes for a participant (freezing labels when a revision is issued, a
   * comment, a silence procedure): under the server's own client id, stored with the participant's
   * attribution, then relayed. Resolves false when the room has failed or the change could not be stored.
   */
  async writeAs(participant: Participant, change: (doc: Y.Doc) => void, events: readonly HistoryEvent[] = []): Promise<boolean> {
    const applied = await this.exclusive(async () => {
      if (this.failed) return false;
      await this.reserveServerClientId();
      this.doc.transact((tr) => {
        // what the server did, recorded with the stored update (history entries show it)
        if (events.length) tr.meta.set('events', events);
        change(this.doc);
      }, new ParticipantOrigin(participant));
      const invalid = this.takeInvalid();
      if (invalid === null) return true;
      log.error(`room ${this.documentId}: the server's own change was invalid and is dropped: ${invalid}`);
      await this.rebuild();
      return false;
    });
    return applied && (await this.whenDurable());
  }

  private async reserveServerClientId(): Promise<void> {
    if (this.clientOwners.get(this.doc.clientID) === SERVER_PARTICIPANT) return;
    // Yjs renames a doc's client id if it sees it used elsewhere; keep the server's ids reserved.
    for (;;) {
      while (this.clientOwners.has(this.doc.clientID)) this.doc.clientID = Math.floor(Math.random() * 0xffffffff);
      if (await this.claim(SERVER_PARTICIPANT, [this.doc.clientID])) return;
    }
  }

  /**
   * Applies a proposal operation on the participant's behalf: the server writes the change under its
   * own client id, with the participant as origin, so it is stored, attributed and relayed like any
   * accepted update. Delegations propose as themselves; co-facilitators and the secretariat as
   * pen-holders (proposer null). Resolves once the change is stored.
   */
  async applyOperation(
    participant: Participant,
    op: ProposalOperation,
    /** Screen negotiation: the delegation this participant enters the operation for (checked by the caller). */
    onBehalfOf: string | null = null,
  ): Promise<{ ok: true } | { ok: false; status: number; error: string }> {
    const applied = await this.exclusive(async (): Promise<{ ok: true } | { ok: false; status: number; error: string }> => {
      if (this.failed) return { ok: false, status: 503, error: 'the document is unavailable, try again' };
      if (!this.store.writable()) return { ok: false, status: 503, error: 'the change could not be stored (storage full or read-only), try again' };
      await this.reserveServerClientId();
      const proposer = onBehalfOf ?? participant.delegationId;
      const event: HistoryEvent = { kind: 'proposal', op: op.type, blockId: 'blockId' in op ? op.blockId : null };
      const result = applyOperationToDoc(this.doc, op, proposer, new ParticipantOrigin(participant, onBehalfOf), [event]);
      if (!result.ok) return { ok: false, status: 409, error: result.error };
      const invalid = this.takeInvalid();
      if (invalid !== null) {
        log.error(`room ${this.documentId}: an operation made an invalid change, dropped: ${invalid}`);
        await this.rebuild();
        return { ok: false, status: 500, error: 'the change would have made the document invalid' };
      }
      return { ok: true };
    });
    if (!applied.ok) return applied;
    if (!(await this.whenDurable())) return { ok: false, status: 503, error: 'the change could not be stored, try again' };
    return applied;
  }

  /**
   * A pen-holder's change built by the shared domain (resolving a group, undoing a resolution),
   * written by the server for the participant with the event the history records. `build` gets the
   * document as ProseMirror and returns a transaction and its event, or a refusal.
   */
  async applyRecorded(
    participant: Participant,
    build: (state: EditorState) => { ok: true; tr: Transaction; event: HistoryEvent } | { ok: false; error: string },
  ): Promise<{ ok: true; event: HistoryEvent } | { ok: false; status: number; error: string }> {
    const applied = await this.exclusive(async (): Promise<{ ok: true; event: HistoryEvent } | { ok: false; status: number; error: string }> => {
      if (this.failed) return { ok: false, status: 503, error: 'the document is unavailable, try again' };
      await this.reserveServerClientId();
      const state = editorStateOf(this.doc);
      const result = build(state);
      if (!result.ok) return { ok: false, status: 409, error: result.error };
      writeChange(this.doc, state.doc, result.tr.doc, new ParticipantOrigin(participant), [result.event]);
      const invalid = this.takeInvalid();
      if (invalid !== null) {
        log.error(`room ${this.documentId}: a recorded change was invalid, dropped: ${invalid}`);
        await this.rebuild();
        return { ok: false, status: 500, error: 'the change would have made the document invalid' };
      }
      return { ok: true, event: result.event };
    });
    if (!applied.ok) return applied;
    if (!(await this.whenDurable())) return { ok: false, status: 503, error: 'the change could not be stored, try again' };
    return applied;
  }

  /**
   * Notes the ids of the top-level blocks a transaction touched, for the history. Runs before the
   * transaction's deleted items are garbage-collected, so a deleted block's id is still readable.
   * Cost: the structs this transaction created plus those it deleted, each walked up to its block.
   */
  private onAfterTransaction = (tr: Y.Transaction): void => {
    if (!mustStore(tr.origin)) return; // the load, or updates already stored (another instance checked them)
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

  /** The reason the transaction just applied would make the document invalid, if it did (then it was
   *  neither queued nor relayed, and the caller rebuilds the doc). */
  private takeInvalid(): string | null {
    const reason = this.invalidTransaction;
    this.invalidTransaction = null;
    return reason;
  }

  /**
   * Replaces the doc with one read from the log, after a transaction that would have made it invalid
   * (the log never saw it; no connection received it). Waits for the valid updates before it to be
   * stored first. Costs a reload, on hostile input only; the room's queue holds everything else meanwhile.
   */
  private async rebuild(): Promise<void> {
    if (this.failed) return;
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.doc.off('update', this.onDocUpdate);
    if (!(await this.appender.whenDurable())) return;
    let state: DocumentState;
    try {
      state = await this.store.loadDocumentState(this.documentId);
    } catch (err) {
      this.fail(err);
      return;
    }
    const clientID = this.doc.clientID;
    // Not destroyed: the awareness listens for the doc's 'destroy'. Nothing else holds the old doc.
    this.doc = docOf(state);
    this.doc.clientID = clientID;
    this.fullStateAnswer = null;
    this.follower = new SequenceFollower(state.lastSeq);
    this.presence.rebind(this.doc);
    this.doc.on('afterTransaction', this.onAfterTransaction);
    this.doc.on('update', this.onDocUpdate);
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

  /** Queues a change to be stored (then relayed), or relays one that is already stored. Runs once per transaction that changed the doc. */
  private onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    this.fullStateAnswer = null; // any change, even one about to be refused
    if (this.failed || tr.meta.has(INVALID) || origin === LOAD) return;
    if (origin instanceof RemoteOrigin) {
      // Stored by another instance (or read back from the log): relayed to everyone here, not stored again.
      relayBatch([{ update, from: null }], this.connections, encodeUpdate, (c, frame) => c.send(frame));
      return;
    }
    const participant = origin instanceof Connection ? origin.participant : origin instanceof ParticipantOrigin ? origin.participant : null;
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
    // Stored with the other updates of this turn; a change the server makes (writeAs, operations)
    // is handed to the log at once, and its caller waits for it (whenDurable).
    this.appender.add({ update, origin: label, attribution, from: origin instanceof Connection ? origin : null });
    if (!(origin instanceof Connection)) void this.appender.whenDurable();
  };

  /** Writes a full-state snapshot covering every stored update the doc holds. */
  async compact(): Promise<void> {
    if (!(await this.whenDurable())) return;
    await this.compactor.compact();
  }

  /**
   * The log refused an update the Y.Doc already holds, so memory is ahead of the log: nothing is
   * relayed, every connection is closed (the sender keeps its edit and resends it after reconnecting),
   * and Rooms discards the room; the next connection loads a fresh one from the log.
   */
  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const cause = err instanceof StoreUnavailable ? err.cause : err;
    log.error(`room ${this.documentId}: could not store an update, closing the room: ${String(cause)}`);
    const reason = err instanceof StoreUnavailable ? STORAGE_UNAVAILABLE_REASON : 'storage failure, reconnect';
    for (const c of this.connections) c.close(CloseCode.internalError, reason);
    this.onFailure(this);
  }

  /** Closes every connection (they will reconnect) and releases the doc, once what it accepted is
   *  stored and snapshotted (unless the log failed). */
  async shutdown(code: number, reason: string): Promise<void> {
    this.closing = true;
    await this.compact();
    for (const c of this.connections) c.close(code, reason);
    this.destroy();
  }

  destroy(): void {
    this.appender.clear();
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.doc.off('update', this.onDocUpdate);
    this.presence.stop();
    this.doc.destroy();
  }
}

/** Whether a sync step 1 comes from a client that holds nothing (Y.encodeStateVector of an empty doc). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** A fresh doc holding the stored state (snapshot, then tail), loaded in one transaction the handlers ignore. */
function docOf(state: DocumentState): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  applyUpdatesInOrder(doc, state.snapshot ? [state.snapshot, ...state.tail] : state.tail, LOAD);
  return doc;
}

/** The after-store hook that tells the other instances: one merged update per stored batch, with its place in the chain. */
function publishBatch(documentId: string, publisher: RoomPublisher): AfterStoreHook {
  return ({ entries, result }) => {
    const update = entries.length === 1 ? entries[0]!.update : Y.mergeUpdates(entries.map((e) => e.update));
    publisher.publish({ kind: 'update', documentId, previousSeq: result.previousSeq, lastSeq: result.lastSeq, update });
  };
}

/** Whether an update holds structs the document does not have yet (a sync step 2 of known content does not). */
function bringsNewContent(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  return decoded.structs.some((s) => isFresh(s, doc));
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

