// The soak's verdict, as a pure function so it can be checked on made-up series: did memory level off?
// A least-squares slope over the last half of the samples (the first half is warm-up: rooms loading,
// JIT, caches filling) is compared with the level it sits at. "Levelled off" means the last half grows
// by less than 1 % of its mean per minute (or 0.5 MiB/min for small heaps): at that rate a 10-minute
// soak's end state would still be within ~10 % of its middle. A real leak of a few KiB per edit at
// 50 edits/s shows as MiB per minute and fails this; GC sawtooth averages out over the half.
//
// A document being edited grows: every insertion is a Yjs item that stays (deleted text leaves its
// item behind, only its content is collected), so a server holding it grows with it, leak or not. The
// soak measures that growth itself (the stored log replayed into a Y.Doc, bench/soak.ts) and passes
// it as `expectedMiBPerMin`: what the verdict judges is the growth beyond the document's own.

export interface MemorySample {
  /** Seconds since the first sample. */
  t: number;
  /** Bytes. */
  value: number;
}

export interface Trend {
  /** Slope of the last half, in MiB per minute. */
  slopeMiBPerMin: number;
  /** Mean of the last half, MiB. */
  meanMiB: number;
  /** The slope beyond the expected growth (the document's own), MiB per minute. */
  beyondExpectedMiBPerMin: number;
  levelled: boolean;
  /** Samples the slope was fitted on. */
  n: number;
}

const MIB = 1024 * 1024;

/** Least-squares slope (value per unit of t). */
export function slope(points: MemorySample[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.value - mv);
    den += (p.t - mt) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The trend of the last half of a series; undefined with fewer than 4 samples (nothing to say).
 * `expectedMiBPerMin`: growth that is not a leak (the edited document's own, measured), subtracted
 * before the verdict.
 */
export function lastHalfTrend(series: MemorySample[], expectedMiBPerMin = 0): Trend | undefined {
  if (series.length < 4) return undefined;
  const half = series.slice(Math.floor(series.length / 2));
  const slopeMiBPerMin = (slope(half) * 60) / MIB;
  const meanMiB = half.reduce((s, p) => s + p.value, 0) / half.length / MIB;
  const beyondExpectedMiBPerMin = slopeMiBPerMin - expectedMiBPerMin;
  return { slopeMiBPerMin, meanMiB, beyondExpectedMiBPerMin, levelled: beyondExpectedMiBPerMin <= Math.max(0.5, 0.01 * meanMiB), n: half.length };
}

/** The start of the last half of a series (where lastHalfTrend's fit begins). */
export function lastHalfStart<T>(series: readonly T[]): T | undefined {
  return series[Math.floor(series.length / 2)];
}
