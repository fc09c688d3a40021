// A tiny benchmark runner: warm-up, N timed iterations, median / p95 / min in milliseconds.
// Figures are printed, never asserted: benchmarks are not timed tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function stats(samples: readonly number[]): Stats {
  if (!samples.length) throw new Error('no samples');
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const mean = s.reduce((sum, x) => sum + x, 0) / s.length;
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { n: s.length, median, p95: at(0.95), min: s[0], max: s[s.length - 1], mean };
}

export interface MeasureOptions {
  warmup: number;
  iterations: number;
}

/** Times `fn` once per iteration after `warmup` untimed calls. */
export function measure(fn: () => unknown, { warmup, iterations }: MeasureOptions): Stats {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    sink = fn();
    samples.push(performance.now() - t0);
  }
  keep(sink);
  return stats(samples);
}

/** Times one call (for things that only make sense once, like a cold first sync). */
export function once<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

// Stops the optimiser from discarding a result nobody reads.
let blackhole: unknown;
export function keep(value: unknown): void {
  blackhole = value;
}
export function lastKept(): unknown {
  return blackhole;
}

export interface Target {
  /** The figure (median unless `on` says otherwise) must stay under this many ms. */
  ms: number;
  on?: 'median' | 'p95' | 'once';
  /** Where the target comes from, e.g. "DESIGN §4 export < 1 s". */
  label: string;
}

export interface Row {
  suite: string;
  name: string;
  stats?: Stats;
  /** For single measurements (cold runs). */
  onceMs?: number;
  /** Extra figure printed in the notes column (sizes, counts). */
  note?: string;
  target?: Target;
}

export function verdict(row: Row): 'ok' | 'MISS' | '' {
  if (!row.target) return '';
  const figure = figureOf(row, row.target.on ?? (row.stats ? 'median' : 'once'));
  if (figure === undefined) return '';
  return figure < row.target.ms ? 'ok' : 'MISS';
}

function figureOf(row: Row, on: 'median' | 'p95' | 'once'): number | undefined {
  if (on === 'once') return row.onceMs ?? row.stats?.median;
  return row.stats?.[on];
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** A plain-text table, columns padded to their widest cell. */
export function table(rows: Row[]): string {
  const head = ['suite', 'benchmark', 'n', 'median ms', 'p95 ms', 'min ms', 'target', '', 'notes'];
  const cells = rows.map((r) => [
    r.suite,
    r.name,
    r.stats ? String(r.stats.n) : '1',
    r.stats ? fmtMs(r.stats.median) : fmtMs(r.onceMs),
    r.stats ? fmtMs(r.stats.p95) : '',
    r.stats ? fmtMs(r.stats.min) : '',
    r.target ? `< ${fmtMs(r.target.ms)} ms${r.target.on && r.target.on !== 'median' && r.target.on !== 'once' ? ` (${r.target.on})` : ''}` : '',
    verdict(r),
    [r.note, r.target?.label].filter(Boolean).join('; '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (c: string[]) =>
    c.map((x, i) => (i === c.length - 1 ? x : numeric.has(i) ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w, i) => (i === head.length - 1 ? '-'.repeat(Math.max(5, w > 60 ? 60 : w)) : '-'.repeat(w))).join('  '), ...cells.map(line)].join('\n');
}

// --- helpers for the server and browser suites -------------------------------------------------------

/** Resident set size of a process (VmRSS from /proc/<pid>/status), in KiB; 0 where /proc is missing. */
export function rssKiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in ms (from /proc/<pid>/stat; 0 without /proc). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A file of the repository's fixtures/ directory. */
export const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * The functions with the most self time in a V8 CPU profile (Chromium's Profiler.stop or node
 * --cpu-prof), as "12.3 ms  fn (file:line)" lines, idle/program/GC pseudo-frames included.
 */
export function topSelfTime(profile: CpuProfile, limit = 12): string[] {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  const byFrame = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? url.replace(/^.*\/(node_modules\/)?/, '$1').replace(/\?.*$/, '') : '';
    const key = `${functionName || '(anonymous)'}${file ? ` (${file}:${lineNumber + 1})` : ''}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + ms);
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${key}`);
}
