// Compaction: every `every` stored updates, the room writes a full-state snapshot to the document log,
// so loading reads one snapshot plus a short tail instead of the whole history (which is kept: the
// history and revisions read it). Off the relay path (setImmediate), at most one at a time; its cost
// is proportional to the document, once per `every` updates. A failed snapshot is not fatal: loading
// just reads a longer tail.
//
// Stores write asynchronously (SQLite on its own thread, PostgreSQL over the network), so updates are
// often stored while a snapshot is being written; noteStored ignores them then, and a snapshot that
// succeeds looks again at the last sequence number it was told about meanwhile, so a burst that ended during
// the write still gets its snapshot (a failed one waits for the next update, rather than retrying
// in a loop against a full disk).
//
// The snapshot is labelled with the highest sequence number up to which the room's doc holds EVERY
// stored update (SequenceFollower.known), not the last one it appended: with several instances
// appending to one log, a room may not yet hold another instance's batch that sits below its own.
import type { DocumentLog } from '../storage/store.ts';
import { log } from '../log.ts';

export class Compactor {
  private scheduled = false;
  private running: Promise<void> | null = null;
  /** The highest sequence number noteStored was told about. */
  private lastStored = 0;

  constructor(
    private readonly store: Pick<DocumentLog, 'writeSnapshot'>,
    private readonly documentId: string,
    private readonly every: number,
    /** Sequence number the stored snapshot covers (0 if none). */
    private snapshotSeq: number,
    /** The doc's full state and the sequence number it is complete up to; null when it cannot be trusted. */
    private readonly capture: () => { state: Uint8Array; upto: number } | null,
  ) {}

  /** After a stored batch: schedules a snapshot once `every` updates are past the last one. */
  noteStored(upto: number): void {
    this.lastStored = Math.max(this.lastStored, upto);
    if (upto - this.snapshotSeq < this.every || this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.compact();
    });
  }

  /** Writes a snapshot now if anything was stored since the last one. */
  compact(): Promise<void> {
    if (this.running) return this.running;
    const captured = this.capture();
    if (!captured || captured.upto <= this.snapshotSeq) return Promise.resolve();
    let written = false;
    const storedBefore = this.lastStored;
    this.running = this.store
      .writeSnapshot(this.documentId, captured.state, captured.upto)
      .then(() => {
        this.snapshotSeq = Math.max(this.snapshotSeq, captured.upto);
        written = true;
      })
      .catch((err: unknown) => log.error(`room ${this.documentId}: snapshot failed: ${String(err)}`))
      .finally(() => {
        this.running = null;
        // What was stored while this one was written, if it is `every` past it already.
        if (written && this.lastStored > storedBefore) this.noteStored(this.lastStored);
      });
    return this.running;
  }

  get coveredSeq(): number {
    return this.snapshotSeq;
  }
}
