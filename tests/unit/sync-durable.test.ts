// The durable append (server/src/sync/durable.ts), through its seam: an append the test settles by
// hand, so every ordering the module promises can be observed between "handed to the store" and
// "stored". Nothing reaches the after-store hooks before the append resolved; batches are appended one
// after another, in order, whatever their latency; afterDurable and whenDurable wait for what was
// accepted before them; a failed append fails once and nothing after it is appended or handed on.
import { describe, expect, it } from 'vitest';
import type { AppendEntry, AppendResult } from '../../server/src/storage/store.ts';
import { DurableAppender } from '../../server/src/sync/durable.ts';

interface Entry extends AppendEntry {
  name: string;
}

const entry = (name: string): Entry => ({ name, update: new Uint8Array([name.length]), origin: name, attribution: null });
const names = (entries: readonly Entry[]) => entries.map((e) => e.name);

/** Lets the TurnBatch flush (setImmediate) and every promise reaction queued behind it run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await turn();
};

/** One call to the store's append, waiting for the test to settle it. */
interface PendingAppend {
  entries: readonly Entry[];
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/** A DurableAppender over an append the test settles by hand, recording everything it does, in order. */
function harness() {
  const appends: PendingAppend[] = [];
  /** Everything observable, in the order it happened: appends started, hooks run, afterDurable callbacks, failures. */
  const events: string[] = [];
  const stored: { entries: string[]; result: AppendResult }[] = [];
  const failures: unknown[] = [];
  const appender = new DurableAppender<Entry>(
    (entries) =>
      new Promise<AppendResult>((resolve, reject) => {
        events.push(`append ${names(entries).join('+')}`);
        appends.push({ entries, resolve, reject });
      }),
    (entries, result) => {
      events.push(`stored ${names(entries).join('+')}`);
      stored.push({ entries: names(entries), result });
    },
    (err) => {
      events.push('failure');
      failures.push(err);
    },
  );
  const settled = new Set<PendingAppend>();
  let seq = 0;
  /** Settles the oldest unsettled append successfully, with sequence numbers following the previous ones. */
  const storeNext = () => {
    const next = appends.find((a) => !settled.has(a));
    if (!next) throw new Error('no append is waiting');
    settled.add(next);
    const previousSeq = seq;
    seq += next.entries.length;
    next.resolve({ previousSeq, lastSeq: seq });
  };
  const failNext = (err: unknown) => {
    const next = appends.find((a) => !settled.has(a));
    if (!next) throw new Error('no append is waiting');
    settled.add(next);
    next.reject(err);
  };
  return { appender, appends, events, stored, failures, storeNext, failNext };
}

describe('DurableAppender: nothing is handed on before it is stored', () => {
  it('appends the updates of one turn together, and runs the after-store hooks only once the append resolved', async () => {
    const h = harness();
    h.appender.add(entry('a'));
    h.appender.add(entry('b'));
    expect(h.appends).toHaveLength(0); // collected until the end of the turn
    await turn();
    expect(h.appends.map((a) => names(a.entries))).toEqual([['a', 'b']]);
    await turns(5); // however long the store takes, nothing is handed on meanwhile
    expect(h.stored).toEqual([]);
    h.storeNext();
    await turn();
    expect(h.stored).toEqual([{ entries: ['a', 'b'], result: { previousSeq: 0, lastSeq: 2 } }]);
    expect(h.appender.pending).toBe(0);
  });

  it('appends the next batch only after the previous one resolved, and hands batches on in append order', async () => {
    const h = harness();
    h.appender.add(entry('first'));
    await turn();
    h.appender.add(entry('second'));
    await turn();
    // the first append is slow: the later batch waits for it instead of overtaking it in the log
    expect(h.events).toEqual(['append first']);
    h.storeNext();
    await turn();
    expect(h.events).toEqual(['append first', 'stored first', 'append second']);
    h.storeNext();
    await turn();
    expect(h.events).toEqual(['append first', 'stored first', 'append second', 'stored second']);
    expect(h.stored.map((s) => s.result)).toEqual([
      { previousSeq: 0, lastSeq: 1 },
      { previousSeq: 1, lastSeq: 2 },
    ]);
  });

  it('appends the turns that ended while an append was in flight together, in order, in one call (group commit)', async () => {
    const h = harness();
    h.appender.add(entry('first'));
    await turn();
    h.appender.add(entry('second'));
    await turn();
    h.appender.add(entry('third'));
    h.appender.add(entry('fourth'));
    await turns(3);
    expect(h.events).toEqual(['append first']);
    expect(h.appender.pending).toBe(4);
    h.storeNext();
    await turns(2);
    expect(h.events).toEqual(['append first', 'stored first', 'append second+third+fourth']);
    h.storeNext();
    await turns(2);
    expect(h.events).toEqual(['append first', 'stored first', 'append second+third+fourth', 'stored second+third+fourth']);
    expect(h.stored.map((s) => s.result)).toEqual([
      { previousSeq: 0, lastSeq: 1 },
      { previousSeq: 1, lastSeq: 4 },
    ]);
    expect(h.appender.pending).toBe(0);
    expect(h.appends).toHaveLength(2); // nothing left for a third call
  });

  it('runs an afterDurable callback asked during an append in flight after the group holding its updates is stored', async () => {
    const h = harness();
    h.appender.add(entry('first'));
    await turn();
    h.appender.add(entry('second'));
    let ran = false;
    h.appender.afterDurable(() => (ran = true));
    h.appender.add(entry('third'));
    await turn();
    h.storeNext();
    await turns(2);
    expect(ran).toBe(false); // 'second' is not stored yet
    h.storeNext();
    await turns(2);
    expect(h.stored.map((s) => s.entries)).toEqual([['first'], ['second', 'third']]);
    expect(ran).toBe(true);
  });

  it('counts the updates accepted but not yet stored, queued or being appended', async () => {
    const h = harness();
    h.appender.add(entry('a'));
    h.appender.add(entry('b'));
    expect(h.appender.pending).toBe(2); // collected this turn
    await turn();
    expect(h.appender.pending).toBe(2); // being appended
    h.storeNext();
    await turn();
    expect(h.appender.pending).toBe(0);
  });

  it('drops what is queued and not yet handed to the store when cleared', async () => {
    const h = harness();
    h.appender.add(entry('discarded'));
    h.appender.clear();
    await turns(2);
    expect(h.appends).toEqual([]);
    expect(h.appender.pending).toBe(0);
  });
});

describe('DurableAppender: afterDurable', () => {
  it('runs at once when nothing is pending', () => {
    const h = harness();
    let ran = false;
    h.appender.afterDurable(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('waits for updates still collected in this turn: they are handed to the store now, and the callback runs after they are stored', async () => {
    const h = harness();
    h.appender.add(entry('typed'));
    h.appender.afterDurable(() => h.events.push('answer'));
    // flushed at once rather than at the end of the turn
    await Promise.resolve();
    expect(h.events).toEqual(['append typed']);
    await turns(3);
    expect(h.events).toEqual(['append typed']);
    h.storeNext();
    await turn();
    expect(h.events).toEqual(['append typed', 'stored typed', 'answer']);
  });

  it('runs after every batch in flight when it was asked, not after batches accepted later', async () => {
    const h = harness();
    h.appender.add(entry('one'));
    await turn();
    h.appender.afterDurable(() => h.events.push('after one'));
    h.appender.add(entry('two'));
    h.appender.afterDurable(() => h.events.push('after two'));
    h.storeNext();
    await turn();
    expect(h.events).toEqual(['append one', 'stored one', 'after one', 'append two']);
    h.storeNext();
    await turn();
    expect(h.events).toEqual(['append one', 'stored one', 'after one', 'append two', 'stored two', 'after two']);
  });
});

describe('DurableAppender: whenDurable', () => {
  it('resolves true at once when idle, and only once everything accepted is stored otherwise', async () => {
    const h = harness();
    expect(await h.appender.whenDurable()).toBe(true);
    h.appender.add(entry('x'));
    let answer: boolean | undefined;
    void h.appender.whenDurable().then((ok) => (answer = ok));
    await turns(3);
    expect(answer).toBeUndefined();
    expect(h.events).toEqual(['append x']);
    h.storeNext();
    await turn();
    expect(answer).toBe(true);
    expect(h.stored.map((s) => s.entries)).toEqual([['x']]);
  });

  it('resolves false when the store failed', async () => {
    const h = harness();
    h.appender.add(entry('x'));
    const answer = h.appender.whenDurable();
    await turn();
    h.failNext(new Error('disk full'));
    expect(await answer).toBe(false);
    expect(await h.appender.whenDurable()).toBe(false);
  });
});

describe('DurableAppender: a failed append', () => {
  it('calls onFailure once; later batches are neither appended nor handed on, and nothing waits forever', async () => {
    const h = harness();
    const diskFull = new Error('disk full');
    h.appender.add(entry('stored'));
    await turn();
    h.storeNext();
    await turn();
    h.appender.add(entry('refused'));
    await turn();
    h.appender.add(entry('behind it')); // handed over while the failing append is in flight
    await turn();
    let afterBehind = false;
    h.appender.afterDurable(() => (afterBehind = true));
    const durable = h.appender.whenDurable();
    h.failNext(diskFull);
    expect(await durable).toBe(false);
    h.appender.add(entry('after the failure')); // accepted later: ignored
    await turns(3);

    expect(h.failures).toEqual([diskFull]);
    expect(h.events).toEqual(['append stored', 'stored stored', 'append refused', 'failure']);
    expect(h.stored.map((s) => s.entries)).toEqual([['stored']]);
    expect(afterBehind).toBe(false);
    expect(h.appender.pending).toBe(0);
    let afterFailure = false;
    h.appender.afterDurable(() => (afterFailure = true));
    await turn();
    expect(afterFailure).toBe(false);
  });

  it('fails once even when several batches were queued behind the failed one', async () => {
    const h = harness();
    h.appender.add(entry('a'));
    await turn();
    h.appender.add(entry('b'));
    await turn();
    h.appender.add(entry('c'));
    await turn();
    h.failNext(new Error('read-only'));
    await turns(3);
    expect(h.failures).toHaveLength(1);
    expect(h.appends).toHaveLength(1);
    expect(h.stored).toEqual([]);
  });
});
