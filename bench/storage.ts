// `npm run bench -- --only storage`: the embedded SQLite store under concurrent appends, in process.
// ROOMS documents each append one small update at a time, the next in the turn after the last is
// stored (as a room's durable appender chains its batches), for a few seconds. Printed: appends stored per
// second, the commits they took (the write thread's groups: several appends per fsync under load),
// the time from asking to stored, and how late a 1-ms timer on the event loop ran meanwhile. Before
// the writes moved to their own thread (docs/design.md §26), every commit's fsync blocked the event
// loop: the timer's worst delay was a commit's; now it is whatever else the process does.
// Figures, no targets: the fan-out and the comparison (bench/compare.ts) carry those.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteStore } from '../server/src/storage/sqliteStore.ts';
import { stats, type Row } from './lib.ts';

const ROOMS = 20;

export async function runStorage({ quick }: { quick: boolean }): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-bench-storage-'));
  const store = new SqliteStore(dir);
  try {
    await store.createNegotiation({
      negotiation: { id: 'bench', title: 'Storage bench' },
      delegations: [],
      documents: Array.from({ length: ROOMS }, (_, i) => ({
        id: `doc-${i}`,
        title: `Document ${i}`,
        numberingStyle: 'outcome' as const,
        initialUpdate: new Uint8Array([0]),
        origin: 'bench',
      })),
    });
    const durationMs = quick ? 2_000 : 6_000;
    const latencies: number[] = [];
    const lateness: number[] = [];
    let expected = performance.now() + 1;
    const timer = setInterval(() => {
      const now = performance.now();
      lateness.push(Math.max(0, now - expected));
      expected = now + 1;
    }, 1);
    const before = store.writeStats;
    const started = performance.now();
    const update = new Uint8Array(60).fill(7);
    await Promise.all(
      Array.from({ length: ROOMS }, async (_, i) => {
        while (performance.now() - started < durationMs) {
          const t0 = performance.now();
          await store.appendUpdates(`doc-${i}`, [{ update, origin: 'bench', attribution: { participantId: 'p', role: 'cofacilitator', delegationId: null, blocks: ['p1'] } }]);
          latencies.push(performance.now() - t0);
          // The next batch comes in a later turn, as in a room (which reads frames between them).
          await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    const elapsed = performance.now() - started;
    clearInterval(timer);
    const after = store.writeStats;
    const commits = after.groups - before.groups;
    const loop = stats(lateness);
    return [
      {
        suite: 'storage',
        name: `SQLite: ${ROOMS} rooms appending at once, append -> stored`,
        stats: stats(latencies),
        note: `${Math.round((latencies.length / elapsed) * 1000)} appends/s in ${commits} commits (${(latencies.length / Math.max(1, commits)).toFixed(1)} per fsync)`,
      },
      {
        suite: 'storage',
        name: 'SQLite: the same, how late a 1-ms timer ran on the event loop',
        stats: loop,
        note: `worst ${loop.max.toFixed(1)} ms`,
      },
    ];
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
