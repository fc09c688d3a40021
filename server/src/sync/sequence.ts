// Which stored updates a room's Y.Doc holds, by sequence number, when other instances append to the
// same document log (docs/design.md, "several servers"). Every stored batch is a link
// (previousSeq, lastSeq] in the document's chain (DocumentLog.appendUpdates returns both; another
// instance's batches arrive with both on the bus). `known` is the highest sequence number up to
// which the doc holds EVERY stored update: it advances only along unbroken links. A link that starts
// beyond `known` means a batch was missed or is still on its way: gapUpto() tells how far to read
// from the log to close it.
//
// `known` is what a snapshot of the doc may be labelled with: the doc holds everything up to it
// (and possibly more, which a snapshot may harmlessly contain: Yjs applies an update once).
// Pure bookkeeping; the room does the reading and applying.
export class SequenceFollower {
  private readonly links = new Map<number, number>();

  constructor(private knownSeq: number) {}

  /** Every stored update up to this sequence number is in the doc. */
  get known(): number {
    return this.knownSeq;
  }

  /** Records that the doc holds the batch (previousSeq, lastSeq]. */
  hold(previousSeq: number, lastSeq: number): void {
    if (lastSeq <= this.knownSeq) return;
    const longer = this.links.get(previousSeq);
    if (longer === undefined || longer < lastSeq) this.links.set(previousSeq, lastSeq);
    this.advance();
  }

  /** How far to read the log to close the gap before a held batch (its previousSeq), or null if none. */
  gapUpto(): number | null {
    let upto: number | null = null;
    for (const previous of this.links.keys()) if (previous > this.knownSeq && (upto === null || previous > upto)) upto = previous;
    return upto;
  }

  /** Follows links that start at or before `known` (a link starting inside what is held extends it too). */
  private advance(): void {
    let moved = true;
    while (moved) {
      moved = false;
      for (const [previous, last] of this.links) {
        if (previous > this.knownSeq) continue;
        this.links.delete(previous);
        if (last > this.knownSeq) {
          this.knownSeq = last;
          moved = true;
        }
      }
    }
  }
}
