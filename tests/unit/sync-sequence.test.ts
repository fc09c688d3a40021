// Which stored batches a room holds (server/src/sync/sequence.ts): every stored batch is a link
// (previousSeq, lastSeq] in the document's chain; `known` advances only along unbroken links, and a
// link that starts beyond it is a gap that gapUpto() says how far to read the log to close.
import { describe, expect, it } from 'vitest';
import { SequenceFollower } from '../../server/src/sync/sequence.ts';

describe('SequenceFollower', () => {
  it('starts from what the room loaded', () => {
    const f = new SequenceFollower(12);
    expect(f.known).toBe(12);
    expect(f.gapUpto()).toBeNull();
  });

  it('advances along links that arrive in order', () => {
    const f = new SequenceFollower(5);
    f.hold(5, 7);
    expect(f.known).toBe(7);
    f.hold(7, 8);
    f.hold(8, 12);
    expect(f.known).toBe(12);
    expect(f.gapUpto()).toBeNull();
  });

  it('holds back a link that starts beyond what is known, and closes the gap when the missing link arrives', () => {
    const f = new SequenceFollower(5);
    f.hold(7, 9); // (5, 7] is missing: another instance's batch still on its way, or lost
    expect(f.known).toBe(5);
    expect(f.gapUpto()).toBe(7);
    f.hold(5, 7);
    expect(f.known).toBe(9);
    expect(f.gapUpto()).toBeNull();
  });

  it('reads far enough to close every gap at once: gapUpto is the start of the farthest held link', () => {
    const f = new SequenceFollower(0);
    f.hold(3, 4);
    f.hold(6, 8);
    expect(f.known).toBe(0);
    expect(f.gapUpto()).toBe(6);
    // the log read (0, 6] is held as one link (what Room.catchUp records)
    f.hold(0, 6);
    expect(f.known).toBe(8);
    expect(f.gapUpto()).toBeNull();
  });

  it('closes gaps one by one when the missing links arrive in any order', () => {
    const f = new SequenceFollower(0);
    f.hold(6, 8);
    f.hold(3, 4);
    f.hold(4, 6);
    expect(f.known).toBe(0);
    expect(f.gapUpto()).toBe(6);
    f.hold(0, 3);
    expect(f.known).toBe(8);
    expect(f.gapUpto()).toBeNull();
  });

  it('ignores links it already holds (an early bus message for a batch the load already read)', () => {
    const f = new SequenceFollower(10);
    f.hold(4, 6);
    f.hold(8, 10);
    expect(f.known).toBe(10);
    expect(f.gapUpto()).toBeNull();
    f.hold(10, 11);
    f.hold(10, 11); // the same batch twice
    expect(f.known).toBe(11);
    expect(f.gapUpto()).toBeNull();
  });

  it('extends what is held with a link that starts inside the held range', () => {
    const f = new SequenceFollower(5);
    f.hold(3, 8); // overlaps (3, 5], which is held, and brings (5, 8]
    expect(f.known).toBe(8);
    expect(f.gapUpto()).toBeNull();
  });

  it('follows a waiting link once what is held reaches inside it', () => {
    const f = new SequenceFollower(0);
    f.hold(4, 10); // waits: (0, 4] is missing
    expect(f.gapUpto()).toBe(4);
    f.hold(0, 6); // a catch-up read that went past the waiting link's start
    expect(f.known).toBe(10);
    expect(f.gapUpto()).toBeNull();
  });

  it('keeps the longer of two links from the same point', () => {
    const f = new SequenceFollower(5);
    f.hold(7, 12);
    f.hold(7, 9);
    f.hold(5, 7);
    expect(f.known).toBe(12);
  });

  it('never moves back', () => {
    const f = new SequenceFollower(20);
    f.hold(2, 3);
    f.hold(19, 20);
    expect(f.known).toBe(20);
    f.hold(25, 30);
    f.hold(0, 21);
    expect(f.known).toBe(21);
    expect(f.gapUpto()).toBe(25);
  });
});
