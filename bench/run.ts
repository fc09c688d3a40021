// `npm run bench [-- --quick]`: prints the figures of DESIGN.md §4 that can be measured without a
// server or a browser, with the target beside each figure that has one. Figures, not tests: nothing
// here fails on a slow machine. The sync server and the browser join once access tokens land.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { checkLargeDocument } from './largeDocument.check.ts';
import { runDomain } from './domain.ts';
import { table, verdict } from './lib.ts';

const quick = process.argv.includes('--quick');
const started = performance.now();

const cpus = os.cpus();
console.log('Penholder benchmarks' + (quick ? ' (--quick)' : ''));
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);

const facts = checkLargeDocument();
console.log(
  `large document: ${facts.paragraphs} paragraphs + ${facts.subparagraphs} subparagraphs, ${facts.headings} headings, ` +
    `${facts.groups} bracket groups (${facts.nestedGroups} nested, depth <= ${facts.maxDepth}), ${facts.alternatives} alternatives ` +
    `(${facts.emptyAlternatives} empty), ${facts.footnotes} footnotes, ${(facts.characters / 1000).toFixed(0)}k characters`,
);
console.log('');

const rows = runDomain({ quick });
console.log(table(rows));
const misses = rows.filter((r) => verdict(r) === 'MISS');
console.log('');
console.log(misses.length ? `${misses.length} figure(s) miss their target: ${misses.map((r) => r.name).join('; ')}` : 'All figures with a target meet it.');
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
