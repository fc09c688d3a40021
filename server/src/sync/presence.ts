// Presence (y-protocols awareness) for one room: who owns which awareness client id, the identity
// stamped on every state, and batched relaying to this instance's connections and to other instances.
//
// Ownership and stamping: the stock provider re-sends every awareness entry it receives, so entries
// are accepted only for the client id a connection owns: the first one it announces, unless another
// connection owns it. Everything else is dropped silently (the echo of someone else's state, or a
// forgery). The identity shown to others is the server's: whatever `user` the client sent is
// replaced. Readers (delegations, observers) are listed as present but their caret and selection stay
// private: a delegation's selection can tell the room what it is about to propose, and an observer's
// select-all would paint over everyone's text.
//
// Batching: presence is relayed in batches, not one frame per change per peer: changed client ids
// are collected for up to presenceBatchMs (a change after a quiet spell goes out on the next tick),
// then every connection gets ONE frame with the current state of all of them but its own. Heartbeats
// (a state renewed unchanged, which only keeps it alive at the peers) wait up to
// presenceHeartbeatBatchMs, or ride along with the next change. Peers drop a state unheard of for
// 30 s and clients renew every 15 s, so a delay of a few seconds keeps y-protocols' timeout intact.
// Removals (disconnect, timeout) are changes like any other.
//
// Clocks: what this relay sends carries its OWN clock per client id, one more than the last it sent
// for that id, not the client's. A peer applies a state only if its clock is newer than the one it
// holds; the stock provider re-sends its state with an unchanged clock when it reconnects, and the
// peers that stayed had applied its removal at a clock one above, so with the client's clock a
// delegate back from a Wi-Fi drop stayed invisible until the provider's next renewal (up to 15 s; the
// stock y-websocket server has that limit). The server's own Awareness still orders a client's states
// by the client's clock (leave() forgets it, so a reconnect is accepted here), and a connection that
// claims a client id last heard of from another instance starts from its own clock.
//
// Several instances: the entries of this instance's own connections go out on the bus in the same
// batches (publish); entries from other instances come in through applyRemote, already stamped, and
// are relayed here but never published again. A state whose instance died is dropped by y-protocols'
// 30-s timeout like any silent peer.
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import type { Connection } from './connection.ts';
import { RemoteOrigin } from './origins.ts';
import { AwarenessFrames, awarenessJson, encodeAwarenessEntries, encodeAwarenessFrame, parseAwarenessUpdate, type AwarenessEntry, type ReceivedAwarenessEntry } from './protocol.ts';

export interface PresenceOptions {
  presenceBatchMs: number;
  presenceHeartbeatBatchMs: number;
}

export class PresenceRelay {
  readonly awareness: awarenessProtocol.Awareness;
  /** Which connection owns each awareness client id. */
  private readonly owners = new Map<number, Connection>();
  /** Client ids whose state came from this instance's connections (published to other instances). */
  private readonly localIds = new Set<number>();
  /** Ids whose state changed, or was only renewed, since the last relay. */
  private readonly changed = new Set<number>();
  private readonly renewed = new Set<number>();
  /** Ids named by the awareness 'change' event of the update being handled (the rest are heartbeats). */
  private readonly changedNow = new Set<number>();
  /** The clock this relay last sent for each client id (see "Clocks" above); kept across removals. */
  private readonly sentClocks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private renewedSince = Infinity;
  private lastRelay = -Infinity;
  private stopped = false;

  constructor(
    doc: Y.Doc,
    private readonly connections: () => Iterable<Connection>,
    private readonly options: PresenceOptions,
    /** Sends this instance's presence entries to the other instances (an awareness update). */
    private readonly publish: ((update: Uint8Array) => void) | null = null,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.awareness.on('change', this.onChange);
    this.awareness.on('update', this.onUpdate);
  }

  /** Everyone's presence, for a connection that just joined (null when nobody is present). */
  snapshotFrame(): Uint8Array | null {
    const entries: AwarenessEntry[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      // The clock peers were last sent; a state not relayed yet gets the next one (its relay, later, one more).
      entries.push({ clientId, clock: this.sentClocks.get(clientId) ?? this.nextClock(clientId), json: JSON.stringify(state) });
    }
    return entries.length === 0 ? null : encodeAwarenessFrame(encodeAwarenessEntries(entries));
  }

  /** One more than the last clock sent for `clientId`. */
  private nextClock(clientId: number): number {
    const clock = (this.sentClocks.get(clientId) ?? 0) + 1;
    this.sentClocks.set(clientId, clock);
    return clock;
  }

  /**
   * Entries a connection sent: only its own client id's are decoded and applied, stamped with its
   * identity; the rest (echoes of others' states) are dropped unread. Throws MalformedMessage, having
   * applied nothing, when one of its own states is not JSON.
   */
  applyClient(conn: Connection, entries: readonly ReceivedAwarenessEntry[]): void {
    if (conn.awarenessClientId === null) {
      const first = entries[0];
      if (!first || this.owners.has(first.clientId)) return;
      conn.awarenessClientId = first.clientId;
      this.owners.set(first.clientId, conn);
      this.localIds.add(first.clientId);
      // Its clocks start here: one last heard of through another instance (its previous connection)
      // must not hide this connection's states.
      this.awareness.meta.delete(first.clientId);
    }
    const own = entries.filter((e) => e.clientId === conn.awarenessClientId);
    if (own.length === 0 || this.owners.get(conn.awarenessClientId) !== conn) return;
    const showCursor = CAPABILITIES[conn.participant.role].editText;
    const stamped = own.map((e) => ({ clientId: e.clientId, clock: e.clock, json: stampState(awarenessJson(e).value, conn.presenceUser, showCursor) }));
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), conn);
  }

  /**
   * An awareness update another instance published (already stamped there). Entries for a client id a
   * connection HERE owns are dropped: ownership holds across instances as it does within one, so a
   * client elsewhere cannot replace or remove the presence of someone connected here. Undecodable
   * updates are dropped too (the bus already checked their framing).
   */
  applyRemote(update: Uint8Array): void {
    let foreign: AwarenessEntry[];
    try {
      foreign = parseAwarenessUpdate(update)
        .filter((e) => !this.owners.has(e.clientId))
        .map((e) => ({ clientId: e.clientId, clock: e.clock, json: awarenessJson(e).json }));
    } catch {
      return;
    }
    if (foreign.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(foreign), new RemoteOrigin('instance'));
  }

  /** A connection left: its state is removed (and the removal relayed). */
  leave(conn: Connection): void {
    const id = conn.awarenessClientId;
    if (id === null || this.owners.get(id) !== conn) return;
    this.owners.delete(id);
    awarenessProtocol.removeAwarenessStates(this.awareness, [id], 'disconnect');
    // Forget its clock too, so the same client reconnecting with an unchanged clock is accepted.
    this.awareness.meta.delete(id);
  }

  /** Moves the awareness to a rebuilt doc (the room replaced its doc after refusing a transaction). */
  rebind(doc: Y.Doc): void {
    this.awareness.doc = doc;
  }

  stop(): void {
    this.stopped = true;
    this.awareness.off('change', this.onChange);
    this.awareness.off('update', this.onUpdate);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.awareness.destroy();
  }

  private onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    for (const id of added) this.changedNow.add(id);
    for (const id of updated) this.changedNow.add(id);
    for (const id of removed) this.changedNow.add(id);
  };

  private onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    const now = performance.now();
    for (const id of added.concat(updated, removed)) {
      if (this.changedNow.has(id)) {
        this.changed.add(id);
        this.renewed.delete(id);
      } else if (!this.changed.has(id)) {
        if (this.renewed.size === 0) this.renewedSince = now;
        this.renewed.add(id);
      }
    }
    this.changedNow.clear();
    this.schedule(now);
  };

  private schedule(now: number): void {
    const due = Math.min(
      this.changed.size > 0 ? Math.max(now, this.lastRelay + this.options.presenceBatchMs) : Infinity,
      this.renewed.size > 0 ? this.renewedSince + this.options.presenceHeartbeatBatchMs : Infinity,
    );
    if (due === Infinity || (this.timer && this.timerAt <= due)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = due;
    this.timer = setTimeout(this.relay, Math.max(0, due - now));
  }

  private relay = (): void => {
    this.timer = null;
    this.timerAt = Infinity;
    this.lastRelay = performance.now();
    const ids = new Set([...this.changed, ...this.renewed]);
    this.changed.clear();
    this.renewed.clear();
    const states = this.awareness.getStates();
    const entries: AwarenessEntry[] = [];
    for (const id of ids) {
      const state = states.get(id);
      entries.push({ clientId: id, clock: this.nextClock(id), json: state === undefined ? 'null' : JSON.stringify(state) });
    }
    if (entries.length === 0 || this.stopped) return;
    const frames = new AwarenessFrames(entries);
    for (const c of this.connections()) {
      const own = c.awarenessClientId;
      const frame = own === null ? frames.everyone() : frames.without(own);
      if (frame) c.send(frame);
    }
    if (this.publish) {
      const local = entries.filter((e) => this.localIds.has(e.clientId));
      for (const e of local) if (e.json === 'null') this.localIds.delete(e.clientId);
      if (local.length > 0) this.publish(encodeAwarenessEntries(local));
    }
  };
}

/**
 * Replaces the `user` field of a presence state (JSON text) with the server's, and drops `cursor`
 * when the sender's caret is not to be shown; removals stay null.
 */
export function stampPresence(json: string, user: object, showCursor: boolean): string {
  return stampState(JSON.parse(json), user, showCursor);
}

/** stampPresence on a state already parsed. */
function stampState(state: unknown, user: object, showCursor: boolean): string {
  if (state === null) return 'null';
  const { cursor, ...rest } = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  return JSON.stringify(showCursor && cursor !== undefined ? { ...rest, cursor, user } : { ...rest, user });
}
