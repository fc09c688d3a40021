// The open rooms, by document id. A room is loaded on the first connection and unloaded (snapshotted,
// then dropped) a short while after its last connection leaves, so a page reload does not pay a reload.
import type { Store } from '../storage/store.ts';
import { log } from '../log.ts';
import { CloseCode } from './closeCodes.ts';
import { Room, type RoomOptions } from './room.ts';
import { settleDueSilence } from './silence.ts';

export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly options: RoomOptions & { unloadDelayMs: number },
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  /** The room for a document, loading it if needed; undefined if the document does not exist. */
  open(documentId: string): Room | undefined {
    let room = this.rooms.get(documentId);
    if (room) {
      this.cancelUnload(room);
      return room;
    }
    if (!this.store.getDocument(documentId)) return undefined;
    room = new Room(documentId, this.store, this.options);
    room.onFailure = (failed) => this.discard(failed);
    this.rooms.set(documentId, room);
    // a silence deadline that passed while the document was closed (or the server down) settles now
    settleDueSilence(room, this.store, new Date());
    return room;
  }

  /**
   * Runs `fn` on the document's room (loading it if needed) and releases it afterwards, so a room
   * opened for one HTTP request unloads like one a connection left. Undefined if no such document.
   */
  using<T>(documentId: string, fn: (room: Room) => T): T | undefined {
    const room = this.open(documentId);
    if (!room) return undefined;
    room.flushUpdates(); // what fn reads of the document is stored
    try {
      return fn(room);
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
      room.shutdown(CloseCode.goingAway, 'room unloaded');
      log.info(`room ${room.documentId}: unloaded`);
    }, this.options.unloadDelayMs);
    timer.unref();
    this.unloadTimers.set(room, timer);
  }

  /** Drops a room whose in-memory state can no longer be trusted, without snapshotting it. The next
   *  connection or request opens a fresh room from the store, so a room recovers when the disk does. */
  private discard(room: Room): void {
    this.cancelUnload(room);
    if (this.rooms.get(room.documentId) === room) this.rooms.delete(room.documentId);
    // Connections close asynchronously; destroy once the current handler has returned.
    setImmediate(() => room.destroy());
  }

  private cancelUnload(room: Room): void {
    const timer = this.unloadTimers.get(room);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(room);
  }

  /** Closes every open connection of a participant (access revoked or expired). Returns how many. */
  closeParticipant(participantId: string, code: number, reason: string): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const c of room.connections) {
        if (c.participant.id === participantId && !c.closed) {
          c.close(code, reason);
          closed++;
        }
      }
    }
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

  /** Snapshots every room and closes its connections with "server restarting" (they reconnect). */
  closeAll(): void {
    for (const room of this.rooms.values()) {
      this.cancelUnload(room);
      room.shutdown(CloseCode.restarting, 'server restarting');
    }
    this.rooms.clear();
  }
}
