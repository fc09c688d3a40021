// Broadcast batching (server/src/sync/fanout.ts): one frame per peer per turn, at most one merge per
// frame (a writer that lacks several updates gets the shared merge, its own included), and every
// frame brings its peer to the same document.
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
    const merged: Uint8Array[][] = [];
    const frames = new Map<string, Uint8Array[]>();
    let encodes = 0;
    relayBatch(
      [
        { update: a, from: 'alice' },
        { update: b, from: 'bob' },
        { update: c, from: null },
      ],
      ['alice', 'bob', 'reader1', 'reader2'],
      (u) => (encodes++, u),
      (peer, frame) => frames.set(peer, [...(frames.get(peer) ?? []), frame]),
      (updates) => (merged.push(updates), Y.mergeUpdates(updates)),
    );
    expect(frames.get('reader1')).toHaveLength(1);
    expect(frames.get('reader2')![0]).toBe(frames.get('reader1')![0]);
    expect(writersIn(frames.get('reader1')![0]!)).toEqual([10, 20, 30]);
    // Alice and Bob each lack two updates: they get the same shared frame, their own update in it,
    // rather than a merge of their own. One merge, one encode.
    expect(frames.get('alice')![0]).toBe(frames.get('reader1')![0]);
    expect(frames.get('bob')![0]).toBe(frames.get('reader1')![0]);
    expect(merged).toHaveLength(1);
    expect(encodes).toBe(1);
    expect(textAfter(base, [], frames.get('reader1'))).toBe(textAfter(base, [a, b, c]));
    expect(textAfter(base, [a], frames.get('alice'))).toBe(textAfter(base, [a, b, c]));
  });

  it('sends a writer that lacks one update of the turn that update as it came, never its own', () => {
    const { base, a, b, c } = setup();
    const { frames, encodes } = relay(
      [
        { update: a, from: 'alice' },
        { update: b, from: 'bob' },
        { update: c, from: 'alice' },
      ],
      ['alice', 'bob', 'carol', 'reader'],
    );
    expect(frames.get('alice')).toEqual([b]);
    // Bob lacks two (Alice's): the shared merge, his own update in it.
    expect(writersIn(frames.get('bob')![0]!)).toEqual([10, 20, 30]);
    // The shared frame once, Bob's update once for Alice.
    expect(encodes).toBe(2);
    // Everyone ends with the same text.
    const expected = textAfter(base, [a, b, c]);
    expect(textAfter(base, [a, c], frames.get('alice'))).toBe(expected);
    expect(textAfter(base, [b], frames.get('bob'))).toBe(expected);
    expect(textAfter(base, [], frames.get('reader'))).toBe(expected);
  });

  it('encodes the update two writers of a turn each lack once per update, and merges nothing', () => {
    const { a, b } = setup();
    let merges = 0;
    const frames = new Map<string, Uint8Array[]>();
    relayBatch(
      [
        { update: a, from: 'alice' },
        { update: b, from: 'bob' },
      ],
      ['alice', 'bob'],
      (u) => u,
      (peer, frame) => frames.set(peer, [...(frames.get(peer) ?? []), frame]),
      (updates) => (merges++, Y.mergeUpdates(updates)),
    );
    expect(frames.get('alice')).toEqual([b]);
    expect(frames.get('bob')).toEqual([a]);
    expect(merges).toBe(0);
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
