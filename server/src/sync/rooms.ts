// The open rooms of this instance, by document id. A room is loaded on the first connection and
// unloaded (snapshotted, then dropped) a short while after its last connection leaves, so a page
// reload does not pay a reload.
//
// With several instances (an InstanceBus, cluster/bus.ts), each loaded room is subscribed to its
// document's messages from the other instances. The subscription is made BEFORE the room reads the
// log, and messages that arrive while it loads are handed to it once loaded: a batch stored by
// another instance after the read still reaches the room, one stored before it is recognised as
// already held (sequence.ts). When the bus comes back after a loss, every room reads what it missed
// from the log. Revocations published by other instances close this instance's connections too.
import type { Store } from '../storage/store.ts';
import type { BusDocumentMessage, InstanceBus } from '../cluster/bus.ts';
import { log } from '../log.ts';
import { CloseCode } from './closeCodes.ts';
import { Room, type RoomOptions } from './room.ts';
import { settleDueSilence } from './silence.ts';

/** How often a room linked to other instances reads the log past what it holds. */
const FOLLOW_LOG_MS = 3_000;

interface Loading {
  promise: Promise<Room | undefined>;
  /** Messages from other instances that arrived before the room existed. */
  early: BusDocumentMessage[];
  /** The link to the other instances came back while the room loaded: it reads the log once loaded. */
  reconnected: boolean;
}

export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Loading>();
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>();
  private readonly followTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly options: RoomOptions & { unloadDelayMs: number; followLogMs?: number },
    private readonly bus: InstanceBus | null = null,
  ) {
    bus?.onRevocation((r) => this.closeParticipant(r.participantId, r.code, r.reason, false));
    bus?.onReconnect(() => {
      for (const room of this.rooms.values()) void room.catchUpWithLog();
      for (const loading of this.loading.values()) loading.reconnected = true;
    });
    // A batch another instance stored but never published (it died in between) is otherwise found
    // only when the document's next batch arrives: every few seconds, each room reads the log past
    // what it holds (one indexed query per open room, usually answered with nothing).
    if (bus) {
      this.followTimer = setInterval(() => {
        for (const room of this.rooms.values()) void room.catchUpWithLog();
      }, options.followLogMs ?? FOLLOW_LOG_MS);
      this.followTimer.unref();
    }
  }

  /** Stops the periodic reading of the log (the server is closing). */
  stop(): void {
    if (this.followTimer) clearInterval(this.followTimer);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** The room for a document, loading it if needed; undefined if the document does not exist. */
  async open(documentId: string): Promise<Room | undefined> {
    const open = this.rooms.get(documentId);
    if (open) {
      this.cancelUnload(open);
      return open;
    }
    const inFlight = this.loading.get(documentId);
    if (inFlight) return inFlight.promise;
    const loading: Loading = { promise: Promise.resolve(undefined), early: [], reconnected: false };
    loading.promise = this.load(documentId, loading).finally(() => this.loading.delete(documentId));
    this.loading.set(documentId, loading);
    return loading.promise;
  }

  private async load(documentId: string, loading: Loading): Promise<Room | undefined> {
    if (!(await this.store.getDocument(documentId))) return undefined;
    const bus = this.bus;
    if (bus) {
      await bus.subscribe(documentId, (message) => {
        const room = this.rooms.get(documentId);
        if (room) room.receiveRemote(message);
        else loading.early.push(message);
      });
    }
    let room: Room;
    try {
      room = await Room.load(documentId, this.store, this.options, bus ? { publish: (m) => void bus.publish(m).catch(logBusError) } : null);
    } catch (err) {
      if (bus) await bus.unsubscribe(documentId).catch(logBusError);
      throw err;
    }
    room.onFailure = (failed) => this.discard(failed);
    this.rooms.set(documentId, room);
    for (const message of loading.early.splice(0)) room.receiveRemote(message);
    if (loading.reconnected) void room.catchUpWithLog();
    // a silence deadline that passed while the document was closed (or the server down) settles now
    await settleDueSilence(room, this.store, new Date());
    return room;
  }

  /**
   * Runs `fn` on the document's room (loading it if needed) once everything the room accepted is
   * stored, and releases it afterwards, so a room opened for one HTTP request unloads like one a
   * connection left. Undefined if no such document.
   */
  async using<T>(documentId: string, fn: (room: Room) => T | Promise<T>): Promise<T | undefined> {
    const room = await this.open(documentId);
    if (!room) return undefined;
    try {
      await room.whenDurable(); // what fn reads of the document is stored
      return await fn(room);
    } finally {
      this.release(room);
    }
  }

  /** Called after a connection left; unloads the room once nobody is back within the delay. */
  release(room: Room): void {
    if (room.connections.size > 0 || this.rooms.get(room.documentId) !== room) return;
    this.cancelUnload(room);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room);
      if (room.connections.size > 0 || this.rooms.get(room.documentId) !== room) return;
      this.rooms.delete(room.documentId);
      this.unsubscribe(room.documentId);
      void room.shutdown(CloseCode.goingAway, 'room unloaded').then(() => log.info(`room ${room.documentId}: unloaded`));
    }, this.options.unloadDelayMs);
    timer.unref();
    this.unloadTimers.set(room, timer);
  }

  /** Drops a room whose in-memory state can no longer be trusted, without snapshotting it. The next
   *  connection or request opens a fresh room from the store, so a room recovers when the disk does. */
  private discard(room: Room): void {
    this.cancelUnload(room);
    if (this.rooms.get(room.documentId) === room) {
      this.rooms.delete(room.documentId);
      this.unsubscribe(room.documentId);
    }
    // Connections close asynchronously; destroy once the current handler has returned.
    setImmediate(() => room.destroy());
  }

  private unsubscribe(documentId: string): void {
    // a room loading again for the same document subscribes anew (one handler per document)
    if (this.bus && !this.loading.has(documentId)) void this.bus.unsubscribe(documentId).catch(logBusError);
  }

  private cancelUnload(room: Room): void {
    const timer = this.unloadTimers.get(room);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(room);
  }

  /**
   * Closes every open connection of a participant (access revoked or expired) on this instance and,
   * unless the revocation came from another instance, on every other one. Returns how many closed here.
   */
  closeParticipant(participantId: string, code: number, reason: string, everywhere = true): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const c of room.connections) {
        if (c.participant.id === participantId && !c.closed) {
          c.close(code, reason);
          closed++;
        }
      }
    }
    if (everywhere && this.bus) void this.bus.publishRevocation({ participantId, code, reason }).catch(logBusError);
    return closed;
  }

  /** Ids of the participants with an open connection. */
  connectedParticipants(): Set<string> {
    const ids = new Set<string>();
    for (const room of this.rooms.values()) for (const c of room.connections) if (!c.closed) ids.add(c.participant.id);
    return ids;
  }

  /** The loaded room of a document, without loading it. */
  get(documentId: string): Room | undefined {
    return this.rooms.get(documentId);
  }

  /** Stores and snapshots every room and closes its connections with "server restarting" (they reconnect). */
  async closeAll(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(
      rooms.map((room) => {
        this.cancelUnload(room);
        return room.shutdown(CloseCode.restarting, 'server restarting');
      }),
    );
  }
}

function logBusError(err: unknown): void {
  log.warn(`instance bus: ${String(err)}`);
}
