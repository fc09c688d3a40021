// Broadcast batching (server/src/sync/fanout.ts): one frame per peer per turn, never a peer's own
// update back, and the merged frame brings every peer to the same document.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TurnBatch, relayBatch, type BatchedUpdate } from '../../server/src/sync/fanout.ts';

/** A client typing `text` at the start of a shared text; returns its update. */
function typed(base: Uint8Array, clientId: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, base);
  let update: Uint8Array | undefined;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getText('t').insert(0, text);
  return update!;
}

function setup() {
  const origin = new Y.Doc();
  origin.clientID = 1;
  origin.getText('t').insert(0, 'base');
  const base = Y.encodeStateAsUpdate(origin);
  return { base, a: typed(base, 10, 'A'), b: typed(base, 20, 'B'), c: typed(base, 30, 'C') };
}

/** Runs relayBatch, recording every frame per peer; frames are the update itself (identity encode). */
function relay(batch: BatchedUpdate<string>[], peers: string[]) {
  const frames = new Map<string, Uint8Array[]>();
  let encodes = 0;
  relayBatch(
    batch,
    peers,
    (u) => (encodes++, u),
    (peer, frame) => frames.set(peer, [...(frames.get(peer) ?? []), frame]),
  );
  return { frames, encodes };
}

/** The text a peer that knew `base` (and its own updates) sees after applying its frames. */
function textAfter(base: Uint8Array, own: Uint8Array[], frames: Uint8Array[] = []): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  for (const u of [...own, ...frames]) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/** Which clients' structs an update carries. */
const writersIn = (update: Uint8Array) => [...Y.parseUpdateMeta(update).to.keys()].sort((x, y) => x - y);

describe('relayBatch', () => {
  it('sends one frame per peer for a whole batch, encoded once for all peers that sent nothing', () => {
    const { base, a, b, c } = setup();
    const { frames, encodes } = relay(
      [
        { update: a, from: 'alice' },
        { update: b, from: 'bob' },
        { update: c, from: null },
      ],
      ['alice', 'bob', 'reader1', 'reader2'],
    );
    expect(frames.get('reader1')).toHaveLength(1);
    expect(frames.get('reader2')![0]).toBe(frames.get('reader1')![0]);
    expect(writersIn(frames.get('reader1')![0]!)).toEqual([10, 20, 30]);
    // Three encodes: the shared merge, and one for each writer of the turn (without its own update).
    expect(encodes).toBe(3);
    expect(textAfter(base, [], frames.get('reader1'))).toBe(textAfter(base, [a, b, c]));
  });

  it('never sends a peer its own update back, but everything else of the turn', () => {
    const { base, a, b, c } = setup();
    const { frames } = relay(
      [
        { update: a, from: 'alice' },
        { update: b, from: 'bob' },
        { update: c, from: 'alice' },
      ],
      ['alice', 'bob', 'reader'],
    );
    expect(frames.get('alice')).toHaveLength(1);
    expect(writersIn(frames.get('alice')![0]!)).toEqual([20]);
    expect(writersIn(frames.get('bob')![0]!)).toEqual([10, 30]);
    // Everyone ends with the same text.
    const expected = textAfter(base, [a, b, c]);
    expect(textAfter(base, [a, c], frames.get('alice'))).toBe(expected);
    expect(textAfter(base, [b], frames.get('bob'))).toBe(expected);
    expect(textAfter(base, [], frames.get('reader'))).toBe(expected);
  });

  it('sends nothing to the only writer of a turn, and the update as it came to the others', () => {
    const { a } = setup();
    const { frames } = relay([{ update: a, from: 'alice' }], ['alice', 'bob']);
    expect(frames.has('alice')).toBe(false);
    expect(frames.get('bob')).toEqual([a]);
  });

  it('splits a very busy turn into frames of at most maxMerged updates, in order', () => {
    const { base, a, b, c } = setup();
    const frames: Uint8Array[] = [];
    relayBatch(
      [a, b, c].map((update) => ({ update, from: 'writer' as string | null })).concat([{ update: a, from: null }]),
      ['reader'],
      (u) => u,
      (_peer, frame) => frames.push(frame),
      Y.mergeUpdates,
      2,
    );
    expect(frames.map(writersIn)).toEqual([[10, 20], [10, 30]]);
    expect(textAfter(base, [], frames)).toBe(textAfter(base, [a, b, c]));
  });

  it('sends nothing for an empty batch', () => {
    expect(relay([], ['alice']).frames.size).toBe(0);
  });
});

describe('TurnBatch', () => {
  it('hands over everything added in one turn once, after the turn', async () => {
    const flushed: number[][] = [];
    const batch = new TurnBatch<number>((items) => flushed.push(items));
    batch.add(1);
    batch.add(2);
    expect(flushed).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual([[1, 2]]);
    batch.add(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual([[1, 2], [3]]);
  });

  it('flushes early on demand, and not again at the end of the turn', async () => {
    const flushed: number[][] = [];
    const batch = new TurnBatch<number>((items) => flushed.push(items));
    batch.add(1);
    batch.flushNow();
    expect(flushed).toEqual([[1]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual([[1]]);
  });

  it('drops what is pending on clear', async () => {
    const flushed: number[][] = [];
    const batch = new TurnBatch<number>((items) => flushed.push(items));
    batch.add(1);
    batch.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual([]);
  });
});
