// Loaded into the soak's server process (NODE_OPTIONS=--import=...): prints the process's memory
// every PENHOLDER_PROBE_MS as one `penholder-memory {json}` line on stdout, which bench/soak.ts reads.
// Not part of the server: the soak measures the unmodified server with this one observer added.
// NODE_OPTIONS loads it into worker threads too (the SQLite store's write thread): it samples only
// on the main thread, whose heap is the server's (a thread's heapUsed is its own isolate's).
import { isMainThread } from 'node:worker_threads';

const every = Number(process.env.PENHOLDER_PROBE_MS || 10_000);
const sample = () => {
  const m = process.memoryUsage();
  process.stdout.write(`penholder-memory ${JSON.stringify({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
};
if (isMainThread) setInterval(sample, every).unref();
