// Durable append, the hook every accepted change passes before anyone else sees it (docs/design.md
// §3, "checked, stored, broadcast"). The accepted updates of one event-loop turn are appended to the
// document log together (TurnBatch, fanout.ts), and only once that append RESOLVED do the
// after-store hooks run (relay to this instance's connections, publish to other instances, schedule
// a snapshot). Appends are chained: batch n+1 is appended only after batch n resolved, so the log
// holds a room's updates in the order the room applied them, whatever the backend's latency. The
// turns that end while an append is in flight are appended together when it resolves, in one call
// (group commit): a backend whose append takes longer than a turn (a PostgreSQL round trip) then
// stores one batch per append rather than one per turn, and the relay sends them as one batch too.
// SQLite's appends run on a thread of their own (storage/sqliteWriteThread.ts), where the rooms'
// appends asked for during one commit are committed together: there too, an append takes longer
// than a turn under load, and a batch gathers several turns.
//
// Hocuspocus stores on a debounce after broadcasting (onStoreDocument), so a crash loses what peers
// already saw; here nothing leaves the room before it is durable. The price is one append's latency
// on the relay path: a local fsync with SQLite, a round trip with PostgreSQL.
//
// Anything that must not overtake stored updates waits with afterDurable (a sync step 2 answer, whose
// bytes are computed when asked but sent only once everything they contain is stored) or whenDurable
// (an HTTP request that reads the document). A failed append fails the room (onFailure): nothing of
// that batch or later ones is relayed.
import type { AppendEntry, AppendResult } from '../storage/store.ts';
import { TurnBatch } from './fanout.ts';
import { log } from '../log.ts';

export class DurableAppender<E extends AppendEntry> {
  private readonly batch: TurnBatch<E>;
  /** Settles when every batch handed over so far is stored and its after-store hooks ran. */
  private tail: Promise<void> = Promise.resolve();
  /** Batches handed to the store and not yet through their after-store hooks. */
  private inFlight = 0;
  /** Updates in those batches. */
  private inFlightUpdates = 0;
  private failed = false;
  /** Entries handed over and not yet taken by an append, in order: what the next append takes. */
  private queued: E[] = [];

  constructor(
    private readonly append: (entries: readonly E[]) => Promise<AppendResult>,
    /** The after-store hooks, in order. Called once per stored batch, in append order. */
    private readonly afterStore: (entries: readonly E[], result: AppendResult) => void,
    private readonly onFailure: (err: unknown) => void,
  ) {
    this.batch = new TurnBatch<E>((items) => this.commit(items));
  }

  /** Queues an accepted update; it is appended with the rest of this turn's. */
  add(entry: E): void {
    if (!this.failed) this.batch.add(entry);
  }

  /** Updates accepted but not yet stored (queued or being appended). */
  get pending(): number {
    return this.batch.size + this.inFlightUpdates;
  }

  /** Resolves true once everything accepted so far is stored and relayed; false if the store failed. */
  whenDurable(): Promise<boolean> {
    this.batch.flushNow();
    return this.tail.then(() => !this.failed);
  }

  /** Runs `fn` once everything accepted so far is stored (at once when nothing is pending); never if the store failed. */
  afterDurable(fn: () => void): void {
    this.batch.flushNow();
    if (this.failed) return;
    if (this.inFlight === 0) {
      fn();
      return;
    }
    this.tail = this.tail.then(() => {
      if (!this.failed) fn();
    });
  }

  /** Drops what is queued and not yet handed to the store (the room is being discarded). */
  clear(): void {
    this.batch.clear();
  }

  private commit(entries: E[]): void {
    this.inFlight++;
    this.inFlightUpdates += entries.length;
    this.queued.push(...entries);
    this.tail = this.tail.then(async () => {
      // Everything handed over until now, this batch and those queued behind it while the previous
      // append was in flight; a later step finds nothing left when an earlier one took its batch.
      const group = this.queued;
      this.queued = [];
      try {
        if (this.failed || group.length === 0) return;
        const result = await this.append(group);
        try {
          this.afterStore(group, result);
        } catch (err) {
          // a hook's bug is not a storage failure: the batch is stored, the room goes on
          log.error(`after-store hook failed: ${(err as Error)?.stack ?? String(err)}`);
        }
      } catch (err) {
        if (!this.failed) {
          this.failed = true;
          this.onFailure(err);
        }
      } finally {
        this.inFlight--;
        this.inFlightUpdates -= entries.length;
      }
    });
  }
}
