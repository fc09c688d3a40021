// `npm run bench -- --only compare [--quick]`: Penholder side by side with the two reference Yjs
// servers and a floor, under the same load, printed as one markdown table with ratios.
//
//   relay        a bare ws relay, no Yjs (bench/compare/servers/relay.mjs): the floor
//   y-websocket  @y/websocket-server 0.1.1, in memory (servers/ywebsocket.mjs)
//   Hocuspocus   @hocuspocus/server 4.7.0, defaults, in memory (servers/hocuspocus.mjs)
//   Penholder    the BUILT server (dist/server/main.js, scripts/build-server.mjs) with its permission
//                checks and durable SQLite writes (synchronous=FULL) on; references in memory.
//
// Each server is its own process, started and stopped in turn; the load comes from WORKERS forked
// processes (bench/compare/worker.ts), each holding many stock clients with awareness (the
// y-websocket provider; @hocuspocus/provider for Hocuspocus, which speaks its own protocol). Every
// edit is one character typed into a paragraph, followed by a caret move in the awareness.
// Server CPU is read from /proc/PID/stat, memory is the server's VmRSS (/proc/PID/status) read right
// after a full collection, and the JS heap + external bytes it still holds (every server runs with
// --expose-gc and the same observer, compare/gcProbe.mjs, which collects and reports on SIGUSR2):
// the same readings for every server, whatever it runs. Workers report their own CPU, so a step where a
// worker sat near 100% of a core is marked as limited by the load generator, not the server.
//
// Known limits: on 2 cores the workers and the server share the machine, so above ~1,000 edits/s the
// load generator is the limit (the table says where); latency is measured on one clock (epoch ms in
// every process), exact to well under a millisecond. Penholder runs with PENHOLDER_MESSAGE_RATE
// raised to 1000 frames/s per connection: at the top ramp steps a writer sends 128 frames/s (edit +
// caret), over the production budget of 100/s, and the ramp measures throughput, not the budget.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { cpuMs, rssKiB, sleep, stats } from './lib.ts';
import { seedDocuments, smallUpdates, zeroDraftUpdate } from './sync.ts';
import { issueParticipant } from '../server/src/access/links.ts';
import type { ClientTarget, FromWorker, ServerKind, ToWorker } from './compare/messages.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const KINDS: ServerKind[] = ['relay', 'y-websocket', 'hocuspocus', 'penholder'];
const LABEL: Record<ServerKind, string> = { relay: 'bare relay (floor)', 'y-websocket': 'y-websocket', hocuspocus: 'Hocuspocus', penholder: 'Penholder' };
const WORKERS = 4;
const HELD_P95_MS = 50;
const NOT_RUN = 'not run (--servers)';
const FANOUT_ROOM = 'fanout';
// Each scenario that types has a room of its own, holding only the zero draft when it starts, as the
// references' rooms do (they drop a document when its last client leaves; Penholder keeps it). Typing
// in the fan-out room first would leave the ramp a document with the 400 writers of the scenarios
// before it, and Yjs spends time in proportion to a document's writers on every update it applies
// (its state vector is copied and walked per transaction: 27 us per update at 50 writers, 94 at 450,
// 505 at 2,000, on the server and on every client alike), which the references' fresh rooms never pay.
const ALL_TYPING_ROOM = 'all-typing';
const RAMP_ROOM = 'ramp';
const LARGE_ROOM = 'large';
/** Edits per second per client at each ramp step: doubling, with a step between the doublings from 8/s
 *  on, where servers break (a doubling alone left "held 16/s" for a server that held 23/s as for one
 *  that barely held 16/s). */
const RAMP_STEPS = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64];

// --- servers -----------------------------------------------------------------------------------------

interface RunningServer {
  kind: ServerKind;
  child: ChildProcess;
  port: number;
  /** Where writers and readers connect, for room `room`. */
  writer: (room: string) => ClientTarget;
  reader: (room: string) => ClientTarget;
  /** The room every client of the fan-out scenarios joins. */
  room: string;
  largeRoom: string;
  docRooms: string[];
  dataDir?: string;
  /** The server's memory right after a full collection (compare/gcProbe.mjs). */
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

interface Memory {
  /** VmRSS (/proc/PID/status). */
  rssKiB: number;
  /** What the JavaScript heap and its external buffers still hold (process.memoryUsage heapUsed + external). */
  retainedKiB: number;
}

/** Documents Penholder must hold before it starts (the references get them from a client). */
interface Seeds {
  zeroDraft: Uint8Array;
  large: Uint8Array;
  largeUpdates: Uint8Array[];
}

async function startServer(kind: ServerKind, seeds: Seeds, docs: number): Promise<RunningServer> {
  let dataDir: string | undefined;
  let token = '';
  const docRooms = Array.from({ length: docs }, (_, i) => `doc-${i}`);
  let command: string[];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: '0', HOST: '127.0.0.1' };
  let readerToken = '';
  if (kind === 'penholder') {
    const seeded = await seedDocuments([FANOUT_ROOM, ALL_TYPING_ROOM, RAMP_ROOM, ...docRooms, LARGE_ROOM], seeds.zeroDraft);
    dataDir = seeded.dataDir;
    token = seeded.token;
    // Readers are delegations (most seats in a room read and may not type), writers co-facilitators.
    readerToken = new URL(
      (await issueParticipant(seeded.store, { negotiationId: 'bench-negotiation', role: 'delegation', delegationId: 'eu' }, 'http://localhost')).link,
    ).searchParams.get('token')!;
    // The large document: its 50,000 small updates in the store's log, as after a day of typing
    // (the room compacts the long tail into a snapshot when it first loads). One append: one transaction.
    await seeded.store.appendUpdates(LARGE_ROOM, seeds.largeUpdates.map((update) => ({ update, origin: 'bench', attribution: null })));
    await seeded.store.close();
    command = ['dist/server/main.js'];
    Object.assign(env, { PENHOLDER_DATA_DIR: dataDir, PENHOLDER_QUIET: '1', PENHOLDER_NO_DEMO: '1', PENHOLDER_MESSAGE_RATE: '1000', PENHOLDER_MESSAGE_BURST: '3000' });
  } else {
    command = [`bench/compare/servers/${kind === 'y-websocket' ? 'ywebsocket' : kind}.mjs`];
  }
  // Every server gets the same observer (compare/gcProbe.mjs: a full collection, then a reading, on
  // SIGUSR2) and the same extra node flags (PENHOLDER_COMPARE_NODE_FLAGS, e.g. `--cpu-prof
  // --cpu-prof-dir=.tmp/prof` to profile each server under the whole run).
  const flags = (process.env.PENHOLDER_COMPARE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', './bench/compare/gcProbe.mjs', ...command], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening (\d+)/.exec(out) ?? /Penholder is running: open http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`${kind} exited:\n${out}`)));
  });
  await sleep(300);
  const memory = async (): Promise<Memory> => {
    const from = out.length;
    child.kill('SIGUSR2');
    const until = performance.now() + 10_000;
    let line: string | undefined;
    while (!(line = out.slice(from).split('\n').find((l) => l.startsWith('compare-memory ') && l.endsWith('}')))) {
      if (performance.now() > until) throw new Error(`${kind}: no memory reading`);
      await sleep(20);
    }
    const m = JSON.parse(line.slice('compare-memory '.length)) as { heapUsed: number; external: number };
    return { rssKiB: rssKiB(child.pid!), retainedKiB: (m.heapUsed + m.external) / 1024 };
  };
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    // A server stuck in a long synchronous task cannot handle SIGTERM: give it 5 s, then SIGKILL.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  if (kind === 'penholder') {
    const target = (t: string) => (room: string) => ({ url: `ws://127.0.0.1:${port}/sync`, room, params: { token: t } });
    return { kind, child, port, room: FANOUT_ROOM, writer: target(token), reader: target(readerToken), largeRoom: LARGE_ROOM, docRooms, dataDir, memory, stop };
  }
  const target = (room: string) => ({ url: `ws://127.0.0.1:${port}`, room, params: {} });
  return { kind, child, port, room: FANOUT_ROOM, writer: target, reader: target, largeRoom: LARGE_ROOM, docRooms, memory, stop };
}

// --- workers -----------------------------------------------------------------------------------------

class Worker {
  readonly child: ChildProcess;
  private waiters: { type: string; resolve: (m: FromWorker) => void }[] = [];
  onSent: (m: Extract<FromWorker, { type: 'sent' }>) => void = () => {};
  readonly ready: Promise<FromWorker>;

  constructor() {
    this.child = fork(fileURLToPath(new URL('./compare/worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(this.child);
    this.child.once('exit', () => children.delete(this.child));
    this.child.on('message', (m: FromWorker) => {
      if (m.type === 'sent') return this.onSent(m);
      const at = this.waiters.findIndex((w) => w.type === m.type);
      if (at >= 0) this.waiters.splice(at, 1)[0]!.resolve(m);
    });
    this.ready = this.next('ready');
  }

  next<T extends FromWorker['type']>(type: T, timeoutMs = 120_000): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m as Extract<FromWorker, { type: T }>)) });
    });
  }

  ask<T extends FromWorker['type']>(message: ToWorker, reply: T, timeoutMs?: number): Promise<Extract<FromWorker, { type: T }>> {
    const answer = this.next(reply, timeoutMs);
    this.child.send(message);
    return answer;
  }

  cpuMs(): number {
    return cpuMs(this.child.pid!);
  }
}

function startWorkers(): Worker[] {
  const workers = Array.from({ length: WORKERS }, () => new Worker());
  for (const w of workers) w.onSent = (m) => workers.forEach((o) => o !== w && o.child.send({ type: 'sent', records: m.records }));
  return workers;
}

// --- scenarios -----------------------------------------------------------------------------------------

interface LoadResult {
  p50: number;
  p95: number;
  edits: number;
  editsPerSecond: number;
  /** Deliveries measured / deliveries expected ((clients - 1) per edit). */
  delivered: number;
  serverCpuMsPerEdit: number;
  /** The busiest worker's CPU over the window, as a share of one core. */
  workerCpu: number;
}

/** Clients spread over the workers; client i lives in worker i % WORKERS at index floor(i / WORKERS). */
class Room {
  count = 0;
  constructor(
    private readonly server: RunningServer,
    private readonly workers: Worker[],
    private readonly seed: string | null,
  ) {}

  async grow(to: number, isWriter: (i: number) => boolean, room = this.server.room): Promise<void> {
    const byWorker: ClientTarget[][] = this.workers.map(() => []);
    for (let i = this.count; i < to; i++) byWorker[i % WORKERS]!.push(isWriter(i) ? this.server.writer(room) : this.server.reader(room));
    await Promise.all(this.workers.map((w, k) => (byWorker[k]!.length ? w.ask({ type: 'connect', kind: this.server.kind, urls: byWorker[k]!, seed: this.seed }, 'connected') : null)));
    this.count = to;
  }

  /** `writers` client indices type `perSecond` edits each for `durationMs`. */
  async load(writers: number[], perSecond: number, durationMs: number): Promise<LoadResult> {
    await settle(this.server.child.pid!);
    const cpu0 = cpuMs(this.server.child.pid!);
    const wcpu0 = this.workers.map((w) => w.cpuMs());
    const t0 = performance.now();
    await Promise.all(
      this.workers.map((w, k) =>
        w.ask({ type: 'type', writers: writers.filter((i) => i % WORKERS === k).map((i) => Math.floor(i / WORKERS)), perSecond, durationMs }, 'typing'),
      ),
    );
    await sleep(durationMs);
    const windowMs = performance.now() - t0;
    const wcpu = this.workers.map((w, k) => (w.cpuMs() - wcpu0[k]!) / windowMs);
    await sleep(1500); // late deliveries still count
    const cpu = cpuMs(this.server.child.pid!) - cpu0;
    const reports = await Promise.all(this.workers.map((w) => w.ask({ type: 'report' }, 'report')));
    const samples = reports.flatMap((r) => r.samples);
    const edits = reports.reduce((s, r) => s + r.edits, 0);
    const s = samples.length ? stats(samples) : undefined;
    return {
      p50: s?.median ?? NaN,
      p95: s?.p95 ?? NaN,
      edits,
      editsPerSecond: edits / (durationMs / 1000),
      delivered: samples.length / Math.max(1, edits * (this.count - 1)),
      serverCpuMsPerEdit: cpu / Math.max(1, edits),
      workerCpu: Math.max(...wcpu),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ask({ type: 'close' }, 'closed')));
    this.count = 0;
  }
}

interface ServerFigures {
  startKiB: number;
  fanout50?: LoadResult;
  fanout200?: LoadResult;
  all200?: LoadResult;
  perConnectionKiB?: number;
  perConnectionRetainedKiB?: number;
  ramp: { perClient: number; result: LoadResult }[];
  heldEditsPerSecond?: number;
  rampLimit?: string;
  joinMs?: number;
  /** A join of a room holding the zero draft: the part of a join that does not grow with the document. */
  smallJoinMs?: number;
  joinBytes?: number;
  perDocumentKiB?: number;
  error?: string;
}

/** The scenarios of one server's measurement, in the order they run; `--scenarios=` picks some (for A/B runs of one). */
export const SCENARIOS = ['documents', 'fanout', 'all200', 'ramp', 'join'] as const;
export type Scenario = (typeof SCENARIOS)[number];

async function measureServer(kind: ServerKind, seeds: Seeds, quick: boolean, log: (s: string) => void, scenarios: ReadonlySet<Scenario>): Promise<ServerFigures> {
  const duration = quick ? 4_000 : 10_000;
  const stepMs = quick ? 3_000 : 6_000;
  const docs = quick ? 30 : 100;
  const server = await startServer(kind, seeds, docs);
  const workers = startWorkers();
  await Promise.all(workers.map((w) => w.ready));
  const figures: ServerFigures = { startKiB: (await server.memory()).rssKiB, ramp: [] };
  // Every client starts from the zero draft (the references hold no document until a client brings
  // it; Penholder's copy comes from the same update, so the initial sync is empty everywhere and no
  // server pays a full-document sync step 2 per connection that the others do not).
  const seed = Buffer.from(seeds.zeroDraft).toString('base64');
  try {
    if (kind !== 'relay' && scenarios.has('documents')) {
      // Open documents, first, on the fresh process (later phases leave garbage whose collection would
      // blur the figure): one client each, which brings the zero draft to the references.
      const before = (await server.memory()).rssKiB;
      const docRoom = new Room(server, workers, seed);
      for (let i = 0; i < server.docRooms.length; i++) {
        const w = workers[i % WORKERS]!;
        await w.ask({ type: 'connect', kind, urls: [server.writer(server.docRooms[i]!)], seed }, 'connected');
      }
      await sleep(1500);
      figures.perDocumentKiB = ((await server.memory()).rssKiB - before) / server.docRooms.length;
      await docRoom.close();
      await sleep(1000);
    }
    const isWriter = (i: number) => i % 10 === 0;
    const room = new Room(server, workers, seed);
    if (scenarios.has('fanout')) {
      // The first 20 clients type, at 50 and at 200 clients (as in MEASURED.md); they and every tenth
      // client after them connect as co-facilitators, the rest as delegations (Penholder).
      await room.grow(50, (i) => i < 20 || isWriter(i));
      // Warm-up, not measured: each server's JIT compiles its typing path here (V8's compiler threads
      // count in the process's CPU), not inside the first measured window; the same writers type after.
      await room.load(range(20), 1, quick ? 2_000 : 4_000);
      figures.fanout50 = await room.load(range(20), 1, duration);
      log(`  ${kind}: 50 clients, 20 typing: p95 ${figures.fanout50.p95.toFixed(1)} ms`);
      // Memory per connection: 50 -> 200 clients with nothing typed in between, each reading after a
      // full collection (compare/gcProbe.mjs), so the figure holds what the 150 connections keep, not
      // the garbage of the typing before or whether a collection happened to run between the readings.
      await sleep(1000);
      const fifty = await server.memory();
      await room.grow(200, (i) => i < 20 || isWriter(i));
      await sleep(1000);
      const twoHundred = await server.memory();
      figures.perConnectionKiB = (twoHundred.rssKiB - fifty.rssKiB) / 150;
      figures.perConnectionRetainedKiB = (twoHundred.retainedKiB - fifty.retainedKiB) / 150;
      figures.fanout200 = await room.load(range(20), 1, duration);
      log(`  ${kind}: 200 clients, 20 typing: p95 ${figures.fanout200.p95.toFixed(1)} ms`);
    }
    await room.close();

    if (scenarios.has('all200')) {
      // Everyone types: every client must be a co-facilitator (delegations may not edit text).
      const writersRoom = new Room({ ...server, room: ALL_TYPING_ROOM, reader: server.writer }, workers, seed);
      await writersRoom.grow(200, () => true);
      figures.all200 = await writersRoom.load(range(200), 0.25, duration);
      await writersRoom.close();
    }
    if (figures.all200) log(`  ${kind}: 200 clients all typing: p95 ${figures.all200.p95.toFixed(1)} ms`);

    if (scenarios.has('ramp')) {
      // Ramp: 50 clients all typing, the rate per client stepped up (RAMP_STEPS) until p95 passes 50 ms.
      const rampRoom = new Room({ ...server, room: RAMP_ROOM, reader: server.writer }, workers, seed);
      await rampRoom.grow(50, () => true);
      for (const perClient of RAMP_STEPS) {
        const result = await rampRoom.load(range(50), perClient, stepMs);
        figures.ramp.push({ perClient, result });
        const held = result.p95 <= HELD_P95_MS && result.delivered >= 0.99;
        log(`  ${kind}: ramp ${perClient}/s per client: ${result.editsPerSecond.toFixed(0)} edits/s, p95 ${result.p95.toFixed(1)} ms, delivered ${(result.delivered * 100).toFixed(1)}%, busiest worker ${(result.workerCpu * 100).toFixed(0)}%`);
        if (held) figures.heldEditsPerSecond = result.editsPerSecond;
        if (result.workerCpu >= 0.9) figures.rampLimit = `workers at ${(result.workerCpu * 100).toFixed(0)}% of a core from ${perClient}/s`;
        if (!held) break;
      }
      await rampRoom.close();
    }

    // The relay holds no document: nothing answers a fresh client, nothing is kept per room.
    if (kind === 'relay' || !scenarios.has('join')) return figures;
    // Join: a fresh client to a room holding the large document (loaded: someone is in it).
    const holder = new Room({ ...server, room: server.largeRoom }, workers, kind === 'penholder' ? null : Buffer.from(seeds.large).toString('base64'));
    await holder.grow(1, () => true, server.largeRoom);
    const joins: number[] = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      const j = await workers[1]!.ask({ type: 'join', kind, ...server.writer(server.largeRoom) }, 'joined');
      joins.push(j.ms);
      figures.joinBytes = j.bytes;
    }
    figures.joinMs = stats(joins).median;
    await holder.close();
    // The same join to a room holding only the zero draft: what a join costs before the document's
    // size counts (the WebSocket handshake, the provider's set-up, authentication), so the large
    // join can be set against the encode + apply floor, which has none of that. One of the opened
    // documents, untouched since (not the fan-out room: Penholder keeps everything typed in it,
    // while the references drop a room's document when its last client leaves).
    const smallRoom = server.docRooms[0]!;
    const small = new Room({ ...server, room: smallRoom }, workers, seed);
    await small.grow(1, () => true, smallRoom);
    const smallJoins: number[] = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) smallJoins.push((await workers[1]!.ask({ type: 'join', kind, ...server.writer(smallRoom) }, 'joined')).ms);
    figures.smallJoinMs = stats(smallJoins).median;
    await small.close();

  } catch (err) {
    figures.error = (err as Error).message.split('\n')[0];
    log(`  ${kind}: ${figures.error}`);
  } finally {
    for (const w of workers) w.child.kill();
    await server.stop();
  }
  return figures;
}

/**
 * Waits until the server is nearly idle (under 10% of a core over 500 ms, at most 20 s), so a
 * scenario does not inherit the backlog of the one before.
 */
async function settle(pid: number): Promise<void> {
  const until = performance.now() + 20_000;
  while (performance.now() < until) {
    const c0 = cpuMs(pid);
    await sleep(500);
    if (cpuMs(pid) - c0 < 50) return;
  }
}

/** Children still running when the controller exits (a failure, ^C, a timeout) are killed with it. */
const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// --- the table -----------------------------------------------------------------------------------------

function encodeApplyFloorMs(update: Uint8Array): number {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const state = Y.encodeStateAsUpdate(doc);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, state);
    times.push(performance.now() - t0);
    fresh.destroy();
  }
  doc.destroy();
  return stats(times).median;
}

const f1 = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !b || Number.isNaN(a) || Number.isNaN(b) ? '-' : `${(a / b).toFixed(2)}x`);

function markdown(figures: Record<ServerKind, ServerFigures>, floorMs: number, largeKiB: number): string {
  const rows: { name: string; value: (f: ServerFigures) => string; key?: (f: ServerFigures) => number | undefined }[] = [
    { name: '50 clients, 20 typing 1/s: p95 edit -> peer, ms', value: (f) => f1(f.fanout50?.p95), key: (f) => f.fanout50?.p95 },
    { name: '50 clients, 20 typing: server CPU ms per edit', value: (f) => f1(f.fanout50?.serverCpuMsPerEdit), key: (f) => f.fanout50?.serverCpuMsPerEdit },
    { name: '200 clients, 20 typing 1/s: p95 edit -> peer, ms', value: (f) => f1(f.fanout200?.p95), key: (f) => f.fanout200?.p95 },
    { name: '200 clients, 20 typing: server CPU ms per edit', value: (f) => f1(f.fanout200?.serverCpuMsPerEdit), key: (f) => f.fanout200?.serverCpuMsPerEdit },
    { name: '200 clients all typing 0.25/s: p95 ms', value: (f) => f1(f.all200?.p95), key: (f) => f.all200?.p95 },
    { name: '200 clients all typing: server CPU ms per edit', value: (f) => f1(f.all200?.serverCpuMsPerEdit), key: (f) => f.all200?.serverCpuMsPerEdit },
    {
      name: `ramp, 50 clients all typing: edits/s held at p95 <= ${HELD_P95_MS} ms`,
      value: (f) => (f.heldEditsPerSecond === undefined ? 'none' : f.heldEditsPerSecond.toFixed(0)) + (f.ramp.length && f.ramp.every((r) => r.result.p95 <= HELD_P95_MS) ? ' (every step held)' : ''),
      key: (f) => f.heldEditsPerSecond,
    },
    {
      name: 'ramp: first step that broke (per client): p95 ms',
      value: (f) => {
        const broke = f.ramp.find((r) => !(r.result.p95 <= HELD_P95_MS && r.result.delivered >= 0.99));
        return broke ? `${broke.perClient}/s: ${f1(broke.result.p95)} (${(broke.result.delivered * 100).toFixed(0)}% delivered)` : '-';
      },
    },
    { name: `join the ${largeKiB.toFixed(0)} KB / 50,000-edit document, ms (encode + apply floor ${floorMs.toFixed(1)} ms)`, value: (f) => f1(f.joinMs), key: (f) => f.joinMs },
    { name: 'join a room holding the zero draft, ms (handshake, provider, authentication)', value: (f) => f1(f.smallJoinMs), key: (f) => f.smallJoinMs },
    {
      name: `join of the large document less the zero draft's, ms: x the floor (${floorMs.toFixed(1)} ms)`,
      value: (f) => (f.joinMs === undefined || f.smallJoinMs === undefined ? '-' : `${f1(f.joinMs - f.smallJoinMs)} (${((f.joinMs - f.smallJoinMs) / floorMs).toFixed(2)}x)`),
      key: (f) => (f.joinMs === undefined || f.smallJoinMs === undefined ? undefined : f.joinMs - f.smallJoinMs),
    },
    { name: 'open zero-draft documents (1 client each): KB per document', value: (f) => f1(f.perDocumentKiB), key: (f) => f.perDocumentKiB },
    { name: 'server memory per connection (50 -> 200 clients, VmRSS after a full GC), KB', value: (f) => f1(f.perConnectionKiB), key: (f) => f.perConnectionKiB },
    { name: 'JS heap + external kept per connection (50 -> 200 clients, after a full GC), KB', value: (f) => f1(f.perConnectionRetainedKiB), key: (f) => f.perConnectionRetainedKiB },
    { name: 'server memory at start, MB (VmRSS after a full GC)', value: (f) => f1(f.startKiB / 1024), key: (f) => f.startKiB },
  ];
  const head = ['scenario', ...KINDS.map((k) => LABEL[k]), 'Penholder / y-websocket', 'Penholder / Hocuspocus'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const cells = KINDS.map((k) => r.value(figures[k]));
    const p = r.key?.(figures.penholder);
    lines.push(`| ${[r.name, ...cells, r.key ? ratio(p, r.key(figures['y-websocket'])) : '', r.key ? ratio(p, r.key(figures.hocuspocus)) : ''].join(' | ')} |`);
  }
  const ramp = ['', '| ramp step (per client) | ' + KINDS.map((k) => LABEL[k]).join(' | ') + ' |', `| --- | ${KINDS.map(() => '---').join(' | ')} |`];
  for (const perClient of RAMP_STEPS) {
    const cells = KINDS.map((k) => {
      const r = figures[k].ramp.find((x) => x.perClient === perClient)?.result;
      return r ? `${r.editsPerSecond.toFixed(0)}/s: p95 ${f1(r.p95)} ms, ${(r.delivered * 100).toFixed(0)}% delivered, ${f1(r.serverCpuMsPerEdit)} CPU ms/edit, busiest worker ${(r.workerCpu * 100).toFixed(0)}%` : '';
    });
    if (cells.some(Boolean)) ramp.push(`| ${perClient}/s | ${cells.join(' | ')} |`);
  }
  const notes = KINDS.map((k) => (figures[k].error ? `- ${LABEL[k]} failed: ${figures[k].error}` : figures[k].rampLimit ? `- ${LABEL[k]}: load generator limit: ${figures[k].rampLimit}` : '')).filter(Boolean);
  return [...lines, ...ramp, '', ...notes].join('\n');
}

/** Load average and the busiest other processes: how noisy the machine was during the run. */
function machineLoad(): string {
  const [a, b, c] = os.loadavg();
  let top = '';
  try {
    top = execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers'], { encoding: 'utf8' })
      .split('\n')
      .slice(0, 5)
      .map((l) => l.trim())
      .filter(Boolean)
      .join('; ');
  } catch {
    /* no ps */
  }
  return `load average ${a!.toFixed(2)} / ${b!.toFixed(2)} / ${c!.toFixed(2)} on ${os.cpus().length} cores${top ? ` (busiest: ${top})` : ''}`;
}

/** The markdown report, and the servers whose measurement failed part-way (a server that could not
 *  serve a client is a result to be read, not a figure to be left out silently). */
export async function runCompare({ quick, log = () => {}, only, scenarios = SCENARIOS }: { quick: boolean; log?: (s: string) => void; only?: ServerKind[]; scenarios?: readonly Scenario[] }): Promise<{ report: string; failures: string[] }> {
  const started = performance.now();
  log('compare: building the server (scripts/build-server.mjs) ...');
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: root, stdio: 'inherit' });
  const zeroDraft = zeroDraftUpdate();
  const largeUpdates = smallUpdates(zeroDraft, 50_000);
  const largeDoc = new Y.Doc();
  Y.applyUpdate(largeDoc, zeroDraft);
  for (const u of largeUpdates) Y.applyUpdate(largeDoc, u);
  const large = Y.encodeStateAsUpdate(largeDoc);
  largeDoc.destroy();
  const seeds: Seeds = { zeroDraft, large, largeUpdates };
  const floorMs = encodeApplyFloorMs(large);
  const loadBefore = machineLoad();
  const figures = {} as Record<ServerKind, ServerFigures>;
  for (const kind of KINDS) {
    if (only && !only.includes(kind)) {
      figures[kind] = { startKiB: NaN, ramp: [], error: NOT_RUN };
      continue;
    }
    log(`compare: ${LABEL[kind]} ...`);
    figures[kind] = await measureServer(kind, seeds, quick, log, new Set(scenarios));
  }
  const loadAfter = machineLoad();
  const head = [
    `Compare run ${new Date().toISOString()}${quick ? ' (--quick)' : ''}: ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, node ${process.version}, ${WORKERS} load workers.`,
    `Machine before: ${loadBefore}.`,
    `Machine after: ${loadAfter}.`,
    `Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ];
  const failures = KINDS.filter((k) => figures[k].error && figures[k].error !== NOT_RUN).map((k) => `${LABEL[k]}: ${figures[k].error}`);
  return { report: [...head, markdown(figures, floorMs, large.length / 1024)].join('\n'), failures };
}
