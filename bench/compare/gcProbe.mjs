// Loaded into every compared server's process (node --expose-gc --import bench/compare/gcProbe.mjs,
// bench/compare.ts), whatever server it is, so all are measured the same way: on SIGUSR2 the process
// collects its garbage (two full collections: the second frees what the first's finalizers released)
// and prints one `compare-memory {json}` line with process.memoryUsage(); the controller reads VmRSS
// from /proc right after. Without it a reading taken between two collections counts garbage that
// happens to be uncollected (one server's figure went negative when a collection fell between its
// two readings). Not part of any server: an observer the bench adds to each.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`compare-memory ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`);
});
