// `npm run bench [-- --quick] [-- --only domain|storage|sync|browser|cluster|compare]`: prints the figures of DESIGN.md §4,
// with the target beside each figure that has one. Figures, not tests: nothing here fails on a slow
// machine. Suites: domain (in-process, no server), storage (the SQLite store's appends, in process), sync (the real server as a child process, raw
// y-protocols clients), browser (Debian's Chromium against the real server and the built client).
// `--only` takes a comma-separated list; `--profile` writes CPU profiles of the browser suite's
// scenarios to .tmp/ and prints their top functions. `compare` (bench/compare.ts) runs Penholder beside
// y-websocket, Hocuspocus and a bare relay, prints a markdown table and writes it to
// bench/results/compare-<date>.md; `--servers=penholder,relay` limits it to some servers, `--scenarios=ramp,join`
// to some scenarios (documents, fanout, all200, ramp, join; a partial run is written to compare-<date>-partial.md).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { checkLargeDocument } from './largeDocument.check.ts';
import { runDomain, runExports } from './domain.ts';
import { runSync } from './sync.ts';
import { runStorage } from './storage.ts';
import { runBrowser } from './browser.ts';
import { runCompare, SCENARIOS, type Scenario } from './compare.ts';
import { runCluster } from './cluster.ts';
import fs from 'node:fs';
import { table, verdict, type Row } from './lib.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const profile = argv.includes('--profile');
const SUITES = ['domain', 'storage', 'sync', 'browser', 'cluster', 'compare'] as const;
const onlyAt = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
const onlyArg = onlyAt < 0 ? undefined : argv[onlyAt]!.includes('=') ? argv[onlyAt]!.split('=')[1] : argv[onlyAt + 1];
const only = new Set(onlyArg ? onlyArg.split(',') : SUITES);
for (const s of only) if (!(SUITES as readonly string[]).includes(s)) throw new Error(`--only: unknown suite "${s}" (${SUITES.join(', ')})`);
const started = performance.now();

const cpus = os.cpus();
console.log('Penholder benchmarks' + (quick ? ' (--quick)' : '') + (onlyArg ? ` (--only ${onlyArg})` : ''));
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);

const facts = checkLargeDocument();
console.log(
  `large document: ${facts.paragraphs} paragraphs + ${facts.subparagraphs} subparagraphs, ${facts.headings} headings, ` +
    `${facts.groups} bracket groups (${facts.nestedGroups} nested, depth <= ${facts.maxDepth}), ${facts.alternatives} alternatives ` +
    `(${facts.emptyAlternatives} empty), ${facts.footnotes} footnotes, ${(facts.characters / 1000).toFixed(0)}k characters`,
);
console.log('');

const log = (line: string) => console.error(line); // progress on stderr, the table on stdout
const rows: Row[] = [];
const compareFailures: string[] = [];
if (only.has('domain')) {
  log('domain ...');
  rows.push(...runDomain({ quick }));
  rows.push(...(await runExports({ quick })));
}
if (only.has('storage')) {
  log('storage (the SQLite store, in process) ...');
  rows.push(...(await runStorage({ quick })));
}
if (only.has('sync')) {
  log('sync (real server, raw y-protocols clients) ...');
  rows.push(...(await runSync({ quick, log })));
}
if (only.has('cluster')) {
  log('cluster (3 instances on PostgreSQL + Redis, against 1) ...');
  rows.push(...(await runCluster({ quick, log })));
}
if (only.has('browser')) {
  log('browser (Chromium, real server, built client) ...');
  rows.push(...(await runBrowser({ quick, log, profile })));
}
if (rows.length) console.log(table(rows));
if (only.has('compare')) {
  log('compare (relay, y-websocket, Hocuspocus, Penholder; separate processes) ...');
  const serversArg = argv.find((a) => a.startsWith('--servers='))?.split('=')[1];
  const scenariosArg = argv.find((a) => a.startsWith('--scenarios='))?.split('=')[1]?.split(',');
  for (const s of scenariosArg ?? []) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenarios: unknown scenario "${s}" (${SCENARIOS.join(', ')})`);
  const { report, failures } = await runCompare({
    quick,
    log,
    only: serversArg ? (serversArg.split(',') as Parameters<typeof runCompare>[0]['only']) : undefined,
    scenarios: scenariosArg as Scenario[] | undefined,
  });
  console.log('');
  console.log(report);
  const partial = Boolean(serversArg || scenariosArg);
  const file = new URL(`./results/compare-${new Date().toISOString().slice(0, 10)}${quick ? '-quick' : ''}${partial ? '-partial' : ''}.md`, import.meta.url);
  fs.mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  fs.writeFileSync(file, `# Penholder beside y-websocket and Hocuspocus (\`npm run bench -- --only compare${quick ? ' --quick' : ''}\`)\n\n${report}\n`);
  log(`compare: written to ${file.pathname}`);
  compareFailures.push(...failures);
}
const misses = [...rows.filter((r) => verdict(r) === 'MISS').map((r) => r.name), ...compareFailures.map((f) => `compare failed, ${f}`)];
console.log('');
console.log(misses.length ? `${misses.length} figure(s) miss their target: ${misses.join('; ')}` : 'All figures with a target meet it.');
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
