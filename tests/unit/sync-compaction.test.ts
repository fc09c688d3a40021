// Compaction (server/src/sync/compaction.ts), through its seam with the in-memory store: a snapshot is
// scheduled only once `every` updates are past the last one, off the relay path; it is labelled with
// what capture() says the doc holds (not what was last appended); one runs at a time, and what was
// stored meanwhile gets its own once it is done; a failed write is logged, never thrown, and the next
// one is tried again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import { Compactor } from '../../server/src/sync/compaction.ts';
import { log } from '../../server/src/log.ts';

const DOC = 'doc-1';
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A Yjs state holding `text`, the kind of bytes a room snapshots. */
function stateWith(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const textOf = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('t').toString();
};

describe('Compactor', () => {
  let store: MemoryStore;
  /** What capture() answers next (the room's doc and SequenceFollower.known). */
  let captured: { state: Uint8Array; upto: number } | null;
  let captures: number;
  const compactor = (every: number, snapshotSeq = 0) =>
    new Compactor(store, DOC, every, snapshotSeq, () => {
      captures++;
      return captured;
    });
  const storedSnapshot = async () => {
    const info = await store.snapshotInfo(DOC);
    const state = await store.loadDocumentState(DOC);
    return info && { uptoSeq: info.uptoSeq, text: textOf(state.snapshot!) };
  };

  /** Makes each snapshot write wait for release(); `writes` lists the sequence numbers asked for, in order. */
  const holdSnapshotWrites = () => {
    let held: () => void = () => {};
    const writes: number[] = [];
    const write = store.writeSnapshot.bind(store);
    vi.spyOn(store, 'writeSnapshot').mockImplementation(async (id, state, upto) => {
      writes.push(upto);
      await new Promise<void>((resolve) => (held = resolve));
      return write(id, state, upto);
    });
    return { writes, release: () => held() };
  };

  beforeEach(async () => {
    store = new MemoryStore();
    await store.createNegotiation({
      negotiation: { id: 'n1', title: 'N' },
      delegations: [],
      documents: [{ id: DOC, title: 'T', numberingStyle: 'outcome', origin: 'test', initialUpdate: stateWith('seed') }],
    });
    captured = null;
    captures = 0;
  });
  afterEach(() => vi.restoreAllMocks());

  it('schedules a snapshot only once `every` updates are past the last one, after the current turn', async () => {
    const c = compactor(10, 5);
    captured = { state: stateWith('fourteen'), upto: 14 };
    c.noteStored(14); // 9 past the snapshot at 5
    await turn();
    expect(captures).toBe(0);
    expect(await store.snapshotInfo(DOC)).toBeUndefined();

    captured = { state: stateWith('fifteen'), upto: 15 };
    c.noteStored(15); // 10 past it
    expect(captures).toBe(0); // not on the relay path: on a later turn
    await turn();
    await turn();
    expect(captures).toBe(1);
    expect(await storedSnapshot()).toEqual({ uptoSeq: 15, text: 'fifteen' });
    expect(c.coveredSeq).toBe(15);

    // the count restarts from the new snapshot
    captured = { state: stateWith('twenty-four'), upto: 24 };
    c.noteStored(24);
    await turn();
    expect(captures).toBe(1);
  });

  it('labels the snapshot with what capture() says the doc holds, not with the sequence number it was told about', async () => {
    const c = compactor(3);
    // this instance appended up to 9, but holds every stored update only up to 6 (another
    // instance's batch (6, 7] has not reached it yet)
    captured = { state: stateWith('up to six'), upto: 6 };
    c.noteStored(9);
    await turn();
    await turn();
    expect(captures).toBe(1);
    expect(await storedSnapshot()).toEqual({ uptoSeq: 6, text: 'up to six' });
    expect(c.coveredSeq).toBe(6);
  });

  it('writes nothing when capture() cannot be trusted (null) or covers nothing new', async () => {
    const c = compactor(1, 4);
    captured = null; // the room failed
    await c.compact();
    expect(await store.snapshotInfo(DOC)).toBeUndefined();
    captured = { state: stateWith('old'), upto: 4 }; // nothing past the stored snapshot
    await c.compact();
    expect(await store.snapshotInfo(DOC)).toBeUndefined();
    expect(captures).toBe(2);
    expect(c.coveredSeq).toBe(4);
  });

  it('runs one snapshot at a time: a second request while one is writing shares it, and nothing is scheduled meanwhile', async () => {
    const { writes, release } = holdSnapshotWrites();
    const c = compactor(2);
    captured = { state: stateWith('two'), upto: 2 };
    const first = c.compact();
    captured = { state: stateWith('four'), upto: 4 };
    const second = c.compact();
    expect(second).toBe(first);
    c.noteStored(4); // while it runs: not scheduled
    await turn();
    await turn();
    expect(writes).toEqual([2]);
    release();
    await first;
    expect(await storedSnapshot()).toEqual({ uptoSeq: 2, text: 'two' });
    // once it is done the next one goes ahead, from the doc as it is now
    c.noteStored(4);
    await turn();
    expect(writes).toEqual([2, 4]);
    release();
    await c.compact();
    expect(await storedSnapshot()).toEqual({ uptoSeq: 4, text: 'four' });
  });

  it('takes the next snapshot by itself when `every` updates were stored while one was being written', async () => {
    const { writes, release } = holdSnapshotWrites();
    const c = compactor(50);
    captured = { state: stateWith('sixty'), upto: 60 };
    c.noteStored(60);
    await turn();
    expect(writes).toEqual([60]);
    // a burst is stored while that snapshot is written, and then nothing more
    captured = { state: stateWith('one hundred and thirty'), upto: 130 };
    c.noteStored(130);
    release();
    await turn();
    await turn();
    expect(writes).toEqual([60, 130]);
    release();
    await turn();
    expect(await storedSnapshot()).toEqual({ uptoSeq: 130, text: 'one hundred and thirty' });
    expect(c.coveredSeq).toBe(130);
  });

  it('logs a failed snapshot instead of throwing, keeps the old label, and tries again later', async () => {
    const errors = vi.spyOn(log, 'error').mockImplementation(() => {});
    const c = compactor(2);
    captured = { state: stateWith('first'), upto: 2 };
    await c.compact();
    store.failWrites = true;
    captured = { state: stateWith('refused'), upto: 4 };
    await expect(c.compact()).resolves.toBeUndefined();
    c.noteStored(4); // a scheduled one fails the same way, on its own turn, without an unhandled rejection
    await turn();
    await turn();
    expect(captures).toBe(3);
    expect(errors).toHaveBeenCalledTimes(2);
    expect(errors.mock.calls[0]![0]).toMatch(/^room doc-1: snapshot failed: .*cannot save changes/);
    expect(c.coveredSeq).toBe(2);
    expect(await storedSnapshot()).toEqual({ uptoSeq: 2, text: 'first' });

    store.failWrites = false;
    await c.compact();
    expect(await storedSnapshot()).toEqual({ uptoSeq: 4, text: 'refused' });
    expect(c.coveredSeq).toBe(4);
  });
});
