// The soak's verdict (bench/soakStats.ts): a flat series with GC noise levelled off, a steady leak did
// not, and only the last half counts (warm-up growth is expected).
import { describe, expect, it } from 'vitest';
import { lastHalfTrend, slope, type MemorySample } from '../../bench/soakStats.ts';

const MIB = 1024 * 1024;
const series = (n: number, f: (t: number) => number): MemorySample[] => Array.from({ length: n }, (_, i) => ({ t: i * 10, value: f(i * 10) }));

describe('soak memory trend', () => {
  it('fits the slope of a straight line exactly', () => {
    expect(slope(series(10, (t) => 3 * t + 7))).toBeCloseTo(3, 10);
    expect(slope([{ t: 0, value: 5 }])).toBe(0);
  });

  it('calls a flat series with a GC sawtooth levelled off', () => {
    const trend = lastHalfTrend(series(60, (t) => 80 * MIB + ((t / 10) % 3) * 4 * MIB))!;
    expect(trend.levelled).toBe(true);
    expect(Math.abs(trend.slopeMiBPerMin)).toBeLessThan(0.5);
    expect(trend.n).toBe(30);
  });

  it('ignores warm-up growth in the first half', () => {
    const trend = lastHalfTrend(series(60, (t) => (t < 300 ? 40 * MIB + t * MIB : 340 * MIB)))!;
    expect(trend.levelled).toBe(true);
    expect(trend.meanMiB).toBeCloseTo(340, 5);
  });

  it('calls 2 MiB a minute on a 100 MiB heap still growing', () => {
    const trend = lastHalfTrend(series(60, (t) => 100 * MIB + (t / 60) * 2 * MIB))!;
    expect(trend.slopeMiBPerMin).toBeCloseTo(2, 5);
    expect(trend.levelled).toBe(false);
  });

  it('judges only the growth beyond what the edited document itself adds', () => {
    // 2 MiB a minute, of which the document accounts for 1.8: not a leak
    const grows = series(60, (t) => 100 * MIB + (t / 60) * 2 * MIB);
    const trend = lastHalfTrend(grows, 1.8)!;
    expect(trend.slopeMiBPerMin).toBeCloseTo(2, 5);
    expect(trend.beyondExpectedMiBPerMin).toBeCloseTo(0.2, 5);
    expect(trend.levelled).toBe(true);
    // ... of which it accounts for 0.5: 1.5 MiB a minute unexplained
    expect(lastHalfTrend(grows, 0.5)!.levelled).toBe(false);
  });

  it('says nothing with fewer than four samples', () => {
    expect(lastHalfTrend(series(3, () => MIB))).toBeUndefined();
  });
});
