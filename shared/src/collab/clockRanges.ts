// Finding which of a Yjs client's clock ranges holds a clock: the binary search that both the
// server's check of an update's fresh items (server/src/sync/freshItems.ts) and the revisions'
// attribution of text to its authors (shared/src/revisions/attribution.ts) need. Pure.

/**
 * The entry of `sorted` (ascending by start, ranges not overlapping) whose range [start, end) holds
 * `clock`, or undefined.
 */
export function findClockRange<T>(sorted: readonly T[], clock: number, start: (entry: T) => number, end: (entry: T) => number): T | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = sorted[mid]!;
    if (clock < start(entry)) hi = mid - 1;
    else if (clock >= end(entry)) lo = mid + 1;
    else return entry;
  }
  return undefined;
}
