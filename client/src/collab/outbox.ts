// How many of this browser's edits the server has not yet stored: an exact count, from the protocol's
// own ordering, with no message the stock server does not already answer (docs/design.md, "Offline").
//
// The acknowledgement: the server handles the frames of one socket in order and stores an update
// before it reads the next frame (server/src/sync/room.ts, "checked, stored, broadcast"); a refused
// update closes the socket. So when the answer (sync step 2) to a sync step 1 that we sent AFTER some
// updates arrives on the same socket, those updates are stored. We call such a step 1 a probe.
//
// Bookkeeping per socket: the answers come back in the order the step 1s went out, so a FIFO of what
// each outstanding step 1 covers (the edit count when it was sent; null for the provider's own step 1
// at open, which precedes our resent edits) pairs each answer with its probe. Edits are covered by a
// probe only once the socket has answered the server's step 1: that answer (the provider's sync
// step 2) carries everything the server lacks, including edits made while offline or loaded from the
// browser's store; every later edit is sent as it happens. A closed socket forgets its probes: what it
// carried unacknowledged is carried again by the next socket's step 2.
//
// Pure state, no timers and no sockets: connection.ts wires it to the provider and decides when to
// probe (at most one in flight, and not more often than the server's sync-request budget allows).
//
// Known limits: an "edit" is one local Yjs transaction (a typed character, a paste, a command), not a
// word or a sentence; edits restored after a reload are counted as they were when the page went away.

export class Outbox {
  /** Local edits made (including those restored from the browser's store). */
  private made = 0;
  /** Edits known to be stored by the server. */
  private acked = 0;
  /** Whether the current socket has sent its sync step 2 (answer to the server's step 1). */
  private handshaken = false;
  private open = false;
  /** Per outstanding step 1 on the current socket: the edit count it acknowledges, or null. */
  private probes: (number | null)[] = [];
  /** Edit count covered by the last probe sent on this socket. */
  private probed = 0;

  /** Edits waiting for the server. */
  get waiting(): number {
    return this.made - this.acked;
  }

  /** Whether a probe is on its way. */
  get probing(): boolean {
    return this.probes.some((p) => p !== null);
  }

  /** `n` unacknowledged edits restored from the browser's store after a reload. */
  restore(n: number): void {
    if (Number.isInteger(n) && n > 0) this.made += n;
  }

  localEdit(): void {
    this.made++;
  }

  /** A socket opened; the provider sends its own step 1 right away. */
  socketOpened(): void {
    this.open = true;
    this.handshaken = false;
    this.probes = [null];
    this.probed = this.acked;
  }

  socketClosed(): void {
    this.open = false;
    this.handshaken = false;
    this.probes = [];
  }

  /** The provider has just answered the server's step 1 with everything the server lacks. */
  handshakeSent(): void {
    if (this.open) this.handshaken = true;
  }

  /** Whether a probe now would acknowledge something: edits not covered, nothing in flight. */
  shouldProbe(): boolean {
    return this.open && this.handshaken && !this.probing && this.made > Math.max(this.probed, this.acked);
  }

  /** We sent a step 1 after every edit made so far went out on this socket. */
  probeSent(): void {
    if (!this.open) return;
    this.probes.push(this.handshaken ? this.made : null);
    if (this.handshaken) this.probed = this.made;
  }

  /** A sync step 2 arrived: the answer to the oldest outstanding step 1. */
  answerReceived(): void {
    const covered = this.probes.shift();
    if (covered !== undefined && covered !== null) this.acked = Math.max(this.acked, covered);
  }
}
