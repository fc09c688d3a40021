// One client's WebSocket in one room, with the identity authenticate() gave it and the awareness
// client id it owns. Connections are the transaction origin of the updates they send, so the room
// can attribute them, skip the sender when relaying, and check roles.
import { WebSocket } from 'ws';
import { colorFor } from '../../../shared/src/access/colors.ts';
import type { Participant } from './participant.ts';

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

/** Origin of a document change the server makes on a participant's behalf (a proposal operation). */
export class ParticipantOrigin {
  constructor(readonly participant: Participant) {}
}
import type { Room } from './room.ts';

export class Connection {
  /** The awareness clientID this connection announced first; it may only speak for that one. */
  awarenessClientId: number | null = null;
  closed = false;
  readonly presenceUser: ReturnType<typeof presenceUser>;

  constructor(
    readonly socket: WebSocket,
    readonly participant: Participant,
    readonly room: Room,
    readonly params: URLSearchParams,
  ) {
    this.presenceUser = presenceUser(participant);
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(frame, { binary: true }, (err) => {
      // A failed send means the socket is gone; its 'close' event cleans up.
      if (err) this.close(1011, 'send failed');
    });
  }

  /** Closes with a reason the client can read; further frames from it are ignored. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    // Close reasons are limited to 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }
}
