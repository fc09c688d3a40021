// `npx tsx bench/editCpu.ts`: the built server's CPU per edit under one load, for before/after
// comparisons of the sync path that the full comparison (bench/compare.ts) is too noisy for on a
// shared machine. N raw clients (bench/sync.ts RawSyncClient) with presence, which, like the stock
// provider, send back every awareness change they hear, join one room holding the zero draft; the
// first WRITERS (default all) type RATE edits/s each (a character, then a caret move) for DURATION_S seconds (20). Prints the server's CPU (from
// /proc) per edit. SERVER picks the built entry (default dist/server/main.js: run
// `node scripts/build-server.mjs` first; copy a build aside to compare two), FLAGS adds node flags
// (`--cpu-prof --cpu-prof-dir=.tmp/prof`). Each thread's CPU is printed too (the main thread is the
// event loop; V8's platform threads compile and collect; the SQLite write thread). Known limit: every writer is a fresh client, so its first
// edit pays the claim of its Yjs client id, as in the comparison's fresh rooms.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import * as Y from 'yjs';
import { seedDocuments, zeroDraftUpdate, RawSyncClient } from './sync.ts';
import { cpuMs, sleep } from './lib.ts';
import { DOCUMENT_FIELD } from '../shared/src/collab/ydoc.ts';
import { isLockedStatus } from '../shared/src/consensus/locks.ts';

const N = Number(process.env.N ?? 200), WRITERS = Number(process.env.WRITERS ?? N), RATE = Number(process.env.RATE ?? 0.25), SECONDS = Number(process.env.DURATION_S ?? 20);
const { dataDir, token, store } = await seedDocuments(['fanout'], zeroDraftUpdate());
await store.close();
const flags = (process.env.FLAGS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...flags, process.env.SERVER ?? 'dist/server/main.js'], {
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PENHOLDER_DATA_DIR: dataDir, PENHOLDER_QUIET: '1', PENHOLDER_NO_DEMO: '1', PENHOLDER_MESSAGE_RATE: '1000', PENHOLDER_MESSAGE_BURST: '3000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout!.on('data', (d) => (out += d));
while (!/localhost:(\d+)/.test(out)) await sleep(50);
const port = Number(/localhost:(\d+)/.exec(out)![1]);
const url = `ws://127.0.0.1:${port}/sync/fanout?token=${encodeURIComponent(token)}`;
const clients: RawSyncClient[] = [];
for (let i = 0; i < N; i += 20) {
  const group = Array.from({ length: Math.min(20, N - i) }, () => {
    const c = new RawSyncClient(url);
    c.enablePresence({ user: { name: 'x' }, cursor: null });
    return c;
  });
  await Promise.all(group.map((c) => c.synced));
  clients.push(...group);
}
await sleep(2000);
const spotsOf = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD).toArray().flatMap((node, i) =>
  node instanceof Y.XmlElement && !isLockedStatus(node.getAttribute('status')) && node.nodeName === 'paragraph' && node.firstChild instanceof Y.XmlText && node.firstChild.length > 10 ? [i] : []);
let edits = 0;
/** CPU ms (user, system) per thread of the server (/proc/PID/task), to tell the event loop from the
 *  SQLite write thread and V8's platform threads. */
const threadCpu = (): Map<string, [number, number]> => {
  const out = new Map<string, [number, number]>();
  for (const tid of fs.readdirSync(`/proc/${child.pid}/task`)) {
    try {
      const fields = fs.readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      out.set(tid, [Number(fields[11]) * 10, Number(fields[12]) * 10]); // USER_HZ 100
    } catch {
      // the thread ended
    }
  }
  return out;
};
const threads0 = threadCpu();
const cpu0 = cpuMs(child.pid!);
const stopAt = performance.now() + SECONDS * 1000;
const timers: NodeJS.Timeout[] = [];
clients.slice(0, WRITERS).forEach((c, k) => {
  const spots = spotsOf(c.doc);
  const spot = spots[(k * 7) % spots.length]!;
  let n = 0;
  const tick = () => {
    if (performance.now() >= stopAt) return;
    const text = (c.doc.getXmlFragment(DOCUMENT_FIELD).get(spot) as Y.XmlElement).firstChild as Y.XmlText;
    c.doc.transact(() => text.insert(3 + (n % 5), String.fromCharCode(97 + (n % 26))));
    c.awareness!.setLocalStateField('cursor', { anchor: { para: spot, at: 4 + (n % 5) }, head: { para: spot, at: 4 + (n % 5) } });
    n++;
    edits++;
  };
  // writers start at staggered phases, so the load is spread over each interval
  timers.push(setTimeout(() => (tick(), timers.push(setInterval(tick, 1000 / RATE))), (k / WRITERS) * (1000 / RATE)));
});
await sleep(SECONDS * 1000 + 1500);
const cpu = cpuMs(child.pid!) - cpu0;
timers.forEach((t) => clearInterval(t));
for (const [tid, [user, system]] of threadCpu()) {
  const [user0, system0] = threads0.get(tid) ?? [0, 0];
  if (user - user0 + system - system0 > 0) console.log(`  thread ${tid}${tid === String(child.pid) ? ' (main)' : ''}: user ${user - user0} ms, system ${system - system0} ms`);
}
console.log(`edits ${edits}, server CPU ${cpu.toFixed(0)} ms, ${(cpu / edits).toFixed(2)} ms per edit`);
for (const c of clients) c.close();
await sleep(500);
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
