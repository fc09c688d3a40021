// Broadcast batching: the accepted document updates of one event-loop turn are stored together and
// relayed as ONE frame per peer, instead of one store commit and one frame per peer per update.
//
// Why: with 50 writers at 16 edits/s each, a room of 50 gets 800 updates/s; one fsynced commit and
// 49 socket writes each is 800 commits and 39,200 writes per second, and the commits alone took 61%
// of the server's time (a CPU profile, docs/design.md §18). Updates that arrive in the same
// turn (socket reads handled back to back in one poll phase) cost one commit and one write per peer.
//
// What we took from Hocuspocus (PR 1130, @hocuspocus/server 4.x Document.scheduleFlush/flush): the
// turn boundary is setImmediate, which runs right after the current poll phase, so a burst of reads
// is merged without adding any delay (setTimeout(0) would clamp to 1 ms and run in the timers phase);
// the batch is merged with Y.mergeUpdates and encoded once for every peer that gets the same bytes.
// What we do differently:
//   - durability first: the batch is appended to the store in one transaction (one fsync) BEFORE any
//     of it is relayed; a failed commit relays nothing (the room fails, see room.ts).
//   - no merge per writer: Hocuspocus sends the merged update to everyone, the sender included. A
//     stock client applies its own update again as a no-op; harmless, but not free (a bigger frame to
//     decode). So a peer that sent nothing in the batch gets the shared merge; a peer that sent all of
//     it gets nothing; a peer that lacks exactly one update of it gets that update as it came (the
//     common case at low rates: one other writer in the turn). A peer that lacks several gets the
//     shared merge too, its own updates included, rather than a merge of the others made for it alone:
//     at 16 edits/s from each of 50 writers a stored batch holds updates of many of them, and one
//     merge per writer was 58% of what the server allocated and a tenth of its time (docs/design.md
//     §28). The echo is what Hocuspocus sends every time.
// Known limits: a batch is bounded by what one turn reads (ws' per-socket reads), not by a byte cap;
// with very large pastes from many writers in one turn the merged frame is their sum (as before, the
// same bytes went out as separate frames). Merging is quadratic in the number of updates, so at most
// MAX_MERGED_UPDATES go into one frame.
import * as Y from 'yjs';

/** One accepted update and the peer it came from (null: the server itself, or a load). */
export interface BatchedUpdate<P> {
  update: Uint8Array;
  from: P | null;
}

/**
 * Most updates merged into one frame. Y.mergeUpdates is quadratic in the number of updates it merges
 * (measured: 2,000 small updates 0.65 s, 5,000 3 s), so a very busy turn is sent as several frames
 * of at most this many updates each (50 merge in well under a millisecond).
 */
export const MAX_MERGED_UPDATES = 50;

/**
 * Sends `batch` to `peers`: each peer gets one frame with every update it did not send itself (nothing
 * if it sent them all): the batch's shared merge, or the one update it lacks as it came; the shared
 * merge may hold the peer's own updates too (see "no merge per writer" above). A batch of more than
 * `maxMerged` updates goes out as several such frames, in order. One merge per frame at most, and
 * each distinct frame encoded once. Pure apart from calling `send`;
 * `merge` is Y.mergeUpdates, replaceable in tests.
 */
export function relayBatch<P>(
  batch: readonly BatchedUpdate<P>[],
  peers: Iterable<P>,
  encode: (update: Uint8Array) => Uint8Array,
  send: (peer: P, frame: Uint8Array) => void,
  merge: (updates: Uint8Array[]) => Uint8Array = Y.mergeUpdates,
  maxMerged = MAX_MERGED_UPDATES,
): void {
  if (batch.length === 0) return;
  const everyone = [...peers];
  for (let i = 0; i < batch.length; i += maxMerged) relayChunk(batch.slice(i, i + maxMerged), everyone, encode, send, merge);
}

function relayChunk<P>(
  batch: readonly BatchedUpdate<P>[],
  peers: readonly P[],
  encode: (update: Uint8Array) => Uint8Array,
  send: (peer: P, frame: Uint8Array) => void,
  merge: (updates: Uint8Array[]) => Uint8Array,
): void {
  const sent = new Map<P, number>(); // how many of the batch's updates each peer sent
  for (const b of batch) if (b.from !== null) sent.set(b.from, (sent.get(b.from) ?? 0) + 1);
  let everything: Uint8Array | undefined;
  const shared = () => (everything ??= encode(batch.length === 1 ? batch[0]!.update : merge(batch.map((b) => b.update))));
  const single = new Map<BatchedUpdate<P>, Uint8Array>(); // the one update some writers lack, encoded once
  for (const peer of peers) {
    const own = sent.get(peer) ?? 0;
    const lacking = batch.length - own;
    if (lacking === 0) continue;
    if (own === 0 || lacking > 1) {
      send(peer, shared());
      continue;
    }
    const other = batch.find((b) => b.from !== peer)!;
    let frame = single.get(other);
    if (!frame) single.set(other, (frame = encode(other.update)));
    send(peer, frame);
  }
}

/**
 * Collects items during one event-loop turn and hands them to `flush` together, once, right after
 * the turn's I/O (setImmediate). `flushNow()` empties it early, for callers that must see every
 * collected item handled before they go on (answering a sync request, a server-side write).
 */
export class TurnBatch<T> {
  private items: T[] = [];
  private immediate: NodeJS.Immediate | null = null;

  constructor(private readonly flush: (items: T[]) => void) {}

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.items.push(item);
    this.immediate ??= setImmediate(this.flushNow);
  }

  flushNow = (): void => {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.flush(items);
  };

  /** Drops whatever is pending without handling it (the room is being discarded). */
  clear(): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
    this.items = [];
  }
}
