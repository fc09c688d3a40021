// One client's WebSocket in one room, with the identity (await authenticate()) gave it and the awareness
// client id it owns. Connections are the transaction origin of the updates they send (origins.ts), so
// the room can attribute them, skip the sender when relaying, and check roles. A connection knows its
// document's id, not its room: nothing here imports the room (no import cycle).
import { WebSocket } from 'ws';
import { colorFor } from '../../../shared/src/access/colors.ts';
import type { Participant } from './participant.ts';
import type { SyncLimits } from '../config.ts';
import { TokenBucket } from './budget.ts';
import { CloseCode } from './closeCodes.ts';
import { log } from '../log.ts';

/** The `user` field of a presence state, as the server knows the participant (clients cannot set it). */
export function presenceUser(p: Participant) {
  return {
    name: p.name,
    role: p.role,
    delegation: p.delegation?.name ?? null,
    delegationId: p.delegationId,
    color: colorFor(p.delegationId ?? p.id),
  };
}

/** ws' send options, shared by every frame (ws copies them into its own object anyway). */
const BINARY = { binary: true } as const;

export class Connection {
  /** The awareness clientID this connection announced first; it may only speak for that one. */
  awarenessClientId: number | null = null;
  closed = false;
  /** Date.now() of the last frame queued to this client (sync/heartbeat.ts sends to idle ones). */
  lastSentAt = 0;
  readonly presenceUser: ReturnType<typeof presenceUser>;
  /** Every frame the client sends (sections "Limits" of server/README.md). */
  readonly messages: TokenBucket;
  /** Sync step 1 and query-awareness requests, each answered with a reply the size of the document or room. */
  readonly syncRequests: TokenBucket;
  private readonly maxBufferedBytes: number;

  constructor(
    readonly socket: WebSocket,
    readonly participant: Participant,
    /** The document this connection edits (rooms are looked up by it; the connection does not know its room). */
    readonly documentId: string,
    readonly params: URLSearchParams,
    limits: SyncLimits,
  ) {
    this.presenceUser = presenceUser(participant);
    this.messages = new TokenBucket(limits.messageBurst, limits.messageRate);
    this.syncRequests = new TokenBucket(limits.syncRequestBurst, limits.syncRequestRatePerMinute / 60);
    this.maxBufferedBytes = limits.maxBufferedBytes;
  }

  /**
   * Queues a frame (the same bytes may be queued to many connections: protocol.ts encodes frames as
   * Buffers, so ws sends them without wrapping each copy). A client that does not read (its socket's unsent output already over
   * maxBufferedBytes) is closed instead, so server memory stays bounded; its provider reconnects
   * and resyncs.
   */
  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.maxBufferedBytes > 0 && this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.closeSlow();
      return;
    }
    this.lastSentAt = Date.now();
    // No completion callback: a failed write means the socket is gone, and ws then emits 'close',
    // which cleans up (syncServer.ts). A callback per frame per peer was a closure and a write
    // callback for every one of the 199 copies of each edit in a room of 200.
    this.socket.send(frame, BINARY);
  }

  private closeSlow(): void {
    log.warn(
      `room ${this.documentId}: closing ${this.participant.name}: too slow (${this.socket.bufferedAmount} bytes unsent)`,
    );
    this.close(CloseCode.tryAgainLater, 'too slow');
    // The close frame waits behind the unsent output, which a client that does not read never takes:
    // drop the socket (and its buffers) soon rather than after ws's 30-s close timeout.
    setTimeout(() => {
      if (this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
    }, 1_000).unref();
  }

  /** Closes with a reason the client can read; further frames from it are ignored. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    // Close reasons are limited to 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }
}
