// Browser benchmarks: Debian's Chromium (headless, through playwright-core, flags as the e2e tests use
// them) against the real server (child process, temporary data directory, 127.0.0.1) and a production
// build of the client in dist/bench-client (rebuilt when client/ or shared/src changed since). Not
// dist/client: a build made from inside vitest (tests/e2e/helpers.ts) inherits NODE_ENV=test and
// bundles React's development build, which is slower than what `npm start` serves.
//
//  - open: navigation -> the editor shows the demo zero draft's paragraph 58 (co-facilitator), and
//    the large generated document (300 paragraphs, 2,000 bracket groups) in full;
//  - typing in the large document as co-facilitator, selection moves (arrow keys, clicks) as a
//    delegation (read-only editor; its proposals panel recomputes on each selection change), and
//    Enter (paragraph split) as co-facilitator.
//
// Per input, a page script (PROBE below) measures from the event's timeStamp:
//   "-> first frame": the first animation frame after the DOM (or the selection) changed, taken after
//     that frame's rendering (a message posted from requestAnimationFrame runs once style, layout and
//     paint of the frame are done); this is the brief's "keydown to the next frame after the change";
//   "-> settled": the same, for the frame after the input's LAST DOM change (deferred React renders of
//     the side panels included), within the gap before the next input;
//   "input task": the end of the task that handled the event (all synchronous work: ProseMirror,
//     plugins, the Yjs binding), independent of frame alignment.
// The Event Timing API (PerformanceObserver 'event', durationThreshold 16) is read alongside for the
// time spent in event handlers (processingStart..End); its durations are not used, because headless
// Chromium resolves "next paint" late (entries of one typing run all end at the same moment).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../tests/helpers/server.ts';
import { launchBrowser, chromiumAvailable, CHROMIUM_PATH } from '../tests/helpers/browser.ts';
import { onHost } from '../tests/e2e/helpers.ts';
import { execFileSync } from 'node:child_process';
import { SqliteStore } from '../server/src/storage/sqliteStore.ts';
import { issueParticipant } from '../server/src/access/links.ts';
import { yUpdateFromDocJSON } from '../shared/src/collab/ydoc.ts';
import { largeDocumentJSON, DELEGATIONS } from './fixtures/largeDocument.ts';
import { sleep, stats, topSelfTime, type Row, type Target } from './lib.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
// Not under .tmp/: express.static refuses paths with a dot-directory in them. With --profile, an
// unminified build, so that profiles name functions.
const clientDir = (unminified: boolean) => path.join(repoRoot, unminified ? 'dist/bench-client-unminified' : 'dist/bench-client');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** A production build of the client in CLIENT_DIR, unless one newer than the sources is there. */
function ensureBenchClient(unminified: boolean): boolean {
  const CLIENT_DIR = clientDir(unminified);
  const index = path.join(CLIENT_DIR, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'client')),
    newestMtime(path.join(repoRoot, 'shared/src')),
    newestMtime(path.join(repoRoot, 'vite.config.ts')),
  );
  if (built > sources) return false;
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', CLIENT_DIR, '--emptyOutDir', '--logLevel', 'warn', ...(unminified ? ['--minify', 'false'] : [])],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  return true;
}

/** Whether dist/client (what the e2e tests and `npm start` serve) bundles React's development build. */
function distIsDevelopmentBuild(): boolean {
  const dir = path.join(repoRoot, 'dist/client/assets');
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir).some((f) => f.endsWith('.js') && fs.readFileSync(path.join(dir, f), 'utf8').includes('Download the React DevTools'));
}
const OPEN_TARGET: Target = { ms: 1000, on: 'median', label: 'DESIGN §4: opens in the browser < 1 s' };
const FRAME_TARGET: Target = { ms: 16, on: 'p95', label: 'DESIGN §4: within one frame (16 ms)' };

interface InputMark {
  kind: string;
  key: string;
  start: number;
  inputTask: number;
  firstChange: number;
  firstPaint: number;
  lastChange: number;
  settledPaint: number;
  changes: number;
}

interface EventEntry {
  name: string;
  startTime: number;
  duration: number;
  processingStart: number;
  processingEnd: number;
}

/** Installed in every page before its own scripts (page.addInitScript). */
export function PROBE(openTarget: { selector: string; minChildren?: number }) {
  type Mark = InputMark;
  type Bench = { marks: Mark[]; current: Mark | null; events: EventEntry[]; open: { found: number; painted: number } | null };
  const bench: Bench = { marks: [], current: null, events: [], open: null };
  (window as unknown as { __bench: Bench }).__bench = bench;
  const afterFrame = (then: (rafAt: number, painted: number) => void) =>
    requestAnimationFrame(() => {
      const rafAt = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => then(rafAt, performance.now());
      ch.port2.postMessage(0);
    });

  // --- open: when the target first exists, and the frame after it ---------------------------------
  const openReady = () => {
    const el = document.querySelector(openTarget.selector);
    return !!el && (openTarget.minChildren === undefined || el.childElementCount >= openTarget.minChildren);
  };
  const watchOpen = new MutationObserver(() => {
    if (bench.open || !openReady()) return;
    bench.open = { found: performance.timeOrigin + performance.now(), painted: 0 };
    watchOpen.disconnect();
    afterFrame((_raf, painted) => (bench.open!.painted = performance.timeOrigin + painted));
  });
  watchOpen.observe(document, { childList: true, subtree: true });

  // --- inputs ---------------------------------------------------------------------------------------
  const start = (kind: string, e: Event & { key?: string }) => {
    const mark: Mark = {
      kind,
      key: e.key ?? '',
      start: e.timeStamp,
      inputTask: 0,
      firstChange: 0,
      firstPaint: 0,
      lastChange: 0,
      settledPaint: 0,
      changes: 0,
    };
    bench.marks.push(mark);
    bench.current = mark;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => (mark.inputTask = performance.now());
    ch.port2.postMessage(0);
  };
  addEventListener('keydown', (e) => start('key', e), true);
  addEventListener('mousedown', (e) => start('click', e), true);

  let framePending = false;
  const changed = () => {
    const mark = bench.current;
    if (!mark) return;
    const now = performance.now();
    if (!mark.firstChange) mark.firstChange = now;
    mark.lastChange = now;
    mark.changes++;
    if (framePending) return;
    framePending = true;
    afterFrame((rafAt, painted) => {
      framePending = false;
      if (!mark.firstPaint) mark.firstPaint = painted;
      if (mark.lastChange <= rafAt) mark.settledPaint = painted;
    });
  };
  const mo = new MutationObserver(changed);
  mo.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  document.addEventListener('selectionchange', changed);

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[]) {
        bench.events.push({ name: e.name, startTime: e.startTime, duration: e.duration, processingStart: e.processingStart, processingEnd: e.processingEnd });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  } catch {
    /* no Event Timing */
  }
}

// --- the large document in the server's store -------------------------------------------------------

interface LargeSeat {
  documentId: string;
  blocks: number;
  cofacilitator: string;
  delegation: string;
}

/** Adds a negotiation holding the large generated document (its delegations included) and two links. */
export async function seedLargeDocument(server: ServerProcess): Promise<LargeSeat> {
  const json = largeDocumentJSON();
  const store = new SqliteStore(server.dataDir); // WAL: the running server sees it
  try {
    const negotiationId = 'bench-large';
    const documentId = 'bench-large-doc';
    (await store.createNegotiation({
      negotiation: { id: negotiationId, title: 'Benchmark: large document' },
      delegations: DELEGATIONS.map((id) => ({ id, name: id.toUpperCase(), kind: 'group' as const })),
      documents: [{ id: documentId, title: 'Large generated draft', numberingStyle: 'outcome', initialUpdate: yUpdateFromDocJSON(json), origin: 'import' }],
    }));
    const link = async (role: string, delegationId?: string) =>
      (await issueParticipant(store, { negotiationId, role, name: `Bench ${role}`, delegationId }, server.httpUrl)).link;
    return { documentId, blocks: json.content?.length ?? 0, cofacilitator: await link('cofacilitator'), delegation: await link('delegation', 'eu') };
  } finally {
    await store.close();
  }
}

// --- helpers -----------------------------------------------------------------------------------------

export async function newPage(browser: Browser, openTarget: { selector: string; minChildren?: number }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // tsx compiles this file with esbuild's keepNames: functions sent to the page call __name().
  await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  await context.addInitScript(PROBE, openTarget);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

/** Navigates (a sign-in link or a reload) and returns ms from the navigation's start to the frame after the target showed. */
export async function timedOpen(page: Page, go: () => Promise<unknown>, timeout = 30_000): Promise<number> {
  const t0 = Date.now();
  await go();
  await page.waitForFunction(() => (window as any).__bench?.open?.painted > 0, null, { timeout, polling: 20 });
  const open = await page.evaluate(() => (window as any).__bench.open as { found: number; painted: number });
  return open.painted - t0;
}

export async function clearMarks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const b = (window as any).__bench;
    b.marks = [];
    b.current = null;
    b.events = [];
  });
}

export async function readMarks(page: Page): Promise<{ marks: InputMark[]; events: EventEntry[] }> {
  return page.evaluate(() => {
    const b = (window as any).__bench;
    return { marks: b.marks, events: b.events };
  });
}

interface InputFigures {
  firstFrame: number[];
  settled: number[];
  task: number[];
  missing: number;
  /** Per input, the summed handler time of its events (Event Timing processingEnd - processingStart). */
  handlers: number[];
}

export function figures(marks: InputMark[], events: EventEntry[], kinds: string[]): InputFigures {
  const ms = marks.filter((m) => kinds.includes(m.kind) && m.key !== 'Shift');
  const changed = ms.filter((m) => m.firstPaint > 0);
  // One input produces several entries (keydown, keypress, beforeinput, input, keyup; pointerdown,
  // mousedown, ...). Only handler time is used: in headless Chromium the entries' durations (to the
  // next presented frame) run on for seconds, so "event to next paint" is measured by PROBE instead.
  const handlers = new Map<InputMark, number>();
  for (const e of events) {
    const m = ms.find((m) => e.startTime >= m.start - 1 && e.startTime - m.start < 40);
    if (m) handlers.set(m, (handlers.get(m) ?? 0) + (e.processingEnd - e.processingStart));
  }
  return {
    firstFrame: changed.map((m) => m.firstPaint - m.start),
    settled: changed.map((m) => (m.settledPaint || m.firstPaint) - m.start),
    task: ms.filter((m) => m.inputTask > 0).map((m) => m.inputTask - m.start),
    missing: ms.length - changed.length,
    handlers: [...handlers.values()],
  };
}

function inputRows(suite: string, what: string, f: InputFigures, note = ''): Row[] {
  if (!f.firstFrame.length) return [{ suite, name: `${what}: no DOM change seen`, note: `${f.missing} inputs without a change` }];
  return [
    {
      suite,
      name: `${what} -> first frame`,
      stats: stats(f.firstFrame),
      target: FRAME_TARGET,
      note: [
        f.handlers.length ? `event handlers ${stats(f.handlers).median.toFixed(1)} ms median (Event Timing)` : '',
        f.missing ? `${f.missing} inputs changed nothing` : '',
        note,
      ]
        .filter(Boolean)
        .join('; '),
    },
    { suite, name: `${what} -> settled (frame after last DOM change)`, stats: stats(f.settled), note: 'side panels included' },
    { suite, name: `${what}: input task (sync work)`, stats: stats(f.task), note: 'event timeStamp -> end of the task that handled it' },
  ];
}

/** Caret inside the first direct text of `selector` (as a click there would). */
export async function caretInText(page: Page, selector: string, at = 0.5): Promise<void> {
  const ok = await page.evaluate(
    ({ selector, at }) => {
      const root = document.querySelector(selector) as HTMLElement | null;
      if (!root) return false;
      root.scrollIntoView({ block: 'center' });
      (root.closest('[contenteditable="true"]') as HTMLElement | null)?.focus();
      const text = Array.from(root.childNodes).find((n) => n.nodeType === 3 && (n.textContent ?? '').trim().length > 20);
      if (!text) return false;
      const range = document.createRange();
      range.setStart(text, Math.floor(text.textContent!.length * at));
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return true;
    },
    { selector, at },
  );
  if (!ok) throw new Error(`no running text in ${selector}`);
  await sleep(80);
}

/**
 * Labels of numbered paragraphs whose own text (outside brackets) has more than 20 characters, and
 * that are open: agreed and ad ref paragraphs refuse typing (shared/src/consensus/locks.ts).
 */
export async function paragraphsWithText(page: Page): Promise<string[]> {
  return page.$$eval('.ProseMirror p[data-paragraph][data-label]', (ps) =>
    ps
      .filter((p) => !['agreed', 'adref'].includes(p.getAttribute('data-status') ?? ''))
      .filter((p) => Array.from(p.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim().length > 20))
      .map((p) => p.getAttribute('data-label')!),
  );
}

/**
 * With --profile: a CPU profile (CDP Profiler) and a trace (the rendering pipeline: style, layout,
 * paint, which a CPU profile only shows as "(program)" or as the DOM call that forced them) of `fn`,
 * saved in .tmp/ and summarised on stderr.
 */
async function profiled<T>(page: Page, name: string, on: boolean, log: (s: string) => void, fn: () => Promise<T>): Promise<T> {
  if (!on) return fn();
  const browser = page.context().browser()!;
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Parameters<typeof topSelfTime>[0] };
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const dir = path.join(repoRoot, '.tmp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `bench-${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    fs.writeFileSync(path.join(dir, `bench-${name}.trace.json`), JSON.stringify(trace));
    log(`  profile ${name} (${path.relative(repoRoot, file)}, .trace.json beside it), top self time:`);
    for (const line of topSelfTime(profile, 15)) log(`    ${line}`);
    log(`  trace ${name}, renderer main thread, by event:`);
    for (const line of traceSummary(trace.traceEvents)) log(`    ${line}`);
    await cdp.detach();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string; elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number }; data?: Record<string, unknown> };
}

/** Total time per rendering event on the renderer's main thread, with element / layout-object counts. */
function traceSummary(events: TraceEvent[]): string[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return ['(no renderer main thread in the trace)'];
  const totals = new Map<string, { ms: number; n: number; counts: number[] }>();
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
    if (!['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'HitTest', 'ParseHTML', 'EventDispatch', 'FunctionCall', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'Commit', 'UpdateLayer', 'ScrollLayer', 'IntersectionObserverController::computeIntersections'].includes(e.name)) continue;
    const t = totals.get(e.name) ?? { ms: 0, n: 0, counts: [] };
    t.ms += e.dur / 1000;
    t.n++;
    const count = e.args?.elementCount ?? e.args?.beginData?.dirtyObjects;
    if (count !== undefined) t.counts.push(count);
    totals.set(e.name, t);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 10)
    .map(([name, t]) => {
      const c = t.counts.length ? `, ${name === 'Layout' ? 'dirty objects' : 'elements'} median ${stats(t.counts).median}, max ${Math.max(...t.counts)}` : '';
      return `${t.ms.toFixed(1).padStart(8)} ms  ${name} x${t.n} (${(t.ms / t.n).toFixed(2)} ms each${c})`;
    });
}

// --- the suite -----------------------------------------------------------------------------------------

export async function runBrowser({
  quick,
  log = () => {},
  profile = false,
}: {
  quick: boolean;
  log?: (s: string) => void;
  profile?: boolean;
}): Promise<Row[]> {
  if (!chromiumAvailable()) return [{ suite: 'browser', name: 'skipped', note: `no Chromium at ${CHROMIUM_PATH}` }];
  const built = Date.now();
  const CLIENT_DIR = clientDir(profile);
  if (ensureBenchClient(profile)) log(`  client built for production in ${path.relative(repoRoot, CLIENT_DIR)} (${((Date.now() - built) / 1000).toFixed(0)} s)`);

  const rows: Row[] = [];
  if (distIsDevelopmentBuild()) {
    rows.push({
      suite: 'browser',
      name: 'note: dist/client holds a React development build',
      note: `built under NODE_ENV=test (vitest); these figures use a production build in ${path.relative(repoRoot, CLIENT_DIR)}`,
    });
  }
  const server = await startServerProcess({ env: { PENHOLDER_QUIET: '1', PENHOLDER_CLIENT_DIR: CLIENT_DIR } });
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  try {
    const large = await seedLargeDocument(server);
    browser = await launchBrowser();
    const opens = quick ? 3 : 5;
    const keystrokes = quick ? 60 : 200;
    const moves = quick ? 40 : 100;
    const enters = quick ? 10 : 30;

    // --- a) the demo zero draft, paragraph 58 ---------------------------------------------------------
    {
      const cold: number[] = [];
      const warm: number[] = [];
      const link = onHost(server.links.cofacilitator, server.httpUrl);
      for (let i = 0; i < opens; i++) {
        const { context, page, errors } = await newPage(browser, { selector: '.ProseMirror p[data-paragraph][data-label="58"]' });
        contexts.push(context);
        cold.push(await timedOpen(page, () => page.goto(link)));
        warm.push(await timedOpen(page, () => page.reload()));
        pageErrors.push(...errors);
        await context.close();
      }
      rows.push({
        suite: 'browser',
        name: 'open demo zero draft -> paragraph 58 shown (sign-in link, cold cache)',
        stats: stats(cold),
        target: OPEN_TARGET,
        note: 'co-facilitator; /join redirect, app load, /api calls, sync, render',
      });
      rows.push({ suite: 'browser', name: 'open demo zero draft -> paragraph 58 shown (reload, warm cache)', stats: stats(warm), target: OPEN_TARGET });
      log(`  demo open: median ${stats(cold).median.toFixed(0)} ms cold, ${stats(warm).median.toFixed(0)} ms warm`);
    }

    // --- b) the large document: open ------------------------------------------------------------------
    const largeTarget = { selector: '.ProseMirror', minChildren: large.blocks };
    const cofacLink = onHost(large.cofacilitator, server.httpUrl);
    const delegationLink = onHost(large.delegation, server.httpUrl);
    {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < opens; i++) {
        const { context, page, errors } = await newPage(browser, largeTarget);
        contexts.push(context);
        cold.push(await timedOpen(page, () => page.goto(cofacLink)));
        warm.push(
          await (i === 0 ? profiled(page, 'large-open', profile, log, () => timedOpen(page, () => page.reload())) : timedOpen(page, () => page.reload())),
        );
        pageErrors.push(...errors);
        await context.close();
      }
      rows.push({
        suite: 'browser',
        name: `open large doc -> all ${large.blocks} blocks shown (sign-in link, cold cache)`,
        stats: stats(cold),
        target: OPEN_TARGET,
        note: 'co-facilitator; 300 paragraphs, 2,000 groups',
      });
      rows.push({ suite: 'browser', name: 'open large doc (reload, warm cache)', stats: stats(warm), target: OPEN_TARGET });
      log(`  large open: median ${stats(cold).median.toFixed(0)} ms cold, ${stats(warm).median.toFixed(0)} ms warm`);
    }

    // --- b) typing as co-facilitator, c) Enter ----------------------------------------------------------
    {
      const { context, page, errors } = await newPage(browser, largeTarget);
      contexts.push(context);
      await timedOpen(page, () => page.goto(cofacLink));
      await sleep(500);
      const labels = await paragraphsWithText(page);
      const middle = labels[Math.floor(labels.length / 2)]!;
      const sel = `.ProseMirror p[data-paragraph][data-label="${middle}"]`;
      await caretInText(page, sel);
      const text = 'the Parties shall, in accordance with their national circumstances, ';
      // warm-up: a few keys, not counted
      for (const ch of 'xyz') {
        await page.keyboard.type(ch);
        await sleep(80);
      }
      await clearMarks(page);
      await profiled(page, 'typing-cofacilitator', profile, log, async () => {
        for (let i = 0; i < keystrokes; i++) {
          await page.keyboard.type(text[i % text.length]!);
          await sleep(80);
        }
      });
      await sleep(300);
      let { marks, events } = await readMarks(page);
      rows.push(...inputRows('browser', `large doc: keystroke (co-facilitator, paragraph ${middle})`, figures(marks, events, ['key']), `${keystrokes} characters, 80 ms apart`));
      log(`  typing: p95 ${stats(figures(marks, events, ['key']).firstFrame).p95.toFixed(1)} ms to first frame`);

      // Floor of the method: keystrokes into a plain <input> on the same page (same frame clock, same
      // probe), so "-> first frame" above can be read against what an almost free keystroke costs here.
      {
        await page.evaluate(() => {
          const input = document.createElement('input');
          input.id = 'bench-baseline';
          input.style.cssText = 'position:fixed;top:0;left:0;width:200px;z-index:9999';
          document.body.appendChild(input);
          input.focus();
        });
        await sleep(100);
        await clearMarks(page);
        for (let i = 0; i < (quick ? 20 : 40); i++) {
          await page.keyboard.type(text[i % text.length]!);
          await sleep(80);
        }
        await sleep(200);
        ({ marks, events } = await readMarks(page));
        const f = figures(marks, events, ['key']);
        rows.push({
          suite: 'browser',
          name: 'baseline: keystroke into a plain <input>, same page -> first frame',
          stats: stats(f.firstFrame),
          note: `floor of this measurement (waiting for the next frame); input task ${stats(f.task).median.toFixed(1)} ms median`,
        });
        await page.evaluate(() => document.getElementById('bench-baseline')?.remove());
      }

      // Enter: split running text in different paragraphs (labels shift after each split: re-read them).
      const splits: InputMark[] = [];
      const splitEvents: EventEntry[] = [];
      await profiled(page, 'enter-cofacilitator', profile, log, async () => {
        for (let i = 0; i < enters; i++) {
          const now = await paragraphsWithText(page);
          const label = now[Math.floor((now.length * (i + 1)) / (enters + 2))]!;
          await caretInText(page, `.ProseMirror p[data-paragraph][data-label="${label}"]`, 0.4);
          await clearMarks(page);
          await page.keyboard.press('Enter');
          await sleep(250);
          ({ marks, events } = await readMarks(page));
          splits.push(...marks.filter((m) => m.key === 'Enter'));
          splitEvents.push(...events);
        }
      });
      rows.push(...inputRows('browser', 'large doc: Enter, paragraph split (co-facilitator)', figures(splits, splitEvents, ['key']), `${enters} splits`));
      pageErrors.push(...errors);
      await context.close();
    }

    // --- b) delegation: moving the selection in the read-only editor ----------------------------------
    {
      const { context, page, errors } = await newPage(browser, largeTarget);
      contexts.push(context);
      await timedOpen(page, () => page.goto(delegationLink));
      await page.waitForSelector('[data-panel="proposals"]', { timeout: 15_000 });
      await sleep(500);
      const labels = await paragraphsWithText(page);
      const middle = labels[Math.floor(labels.length / 2)]!;
      await caretInText(page, `.ProseMirror p[data-paragraph][data-label="${middle}"]`, 0.2);
      await clearMarks(page);
      const keys = ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
      await profiled(page, 'delegation-arrows', profile, log, async () => {
        for (let i = 0; i < moves; i++) {
          await page.keyboard.press(keys[i % keys.length]!);
          await sleep(100);
        }
      });
      await sleep(300);
      let { marks, events } = await readMarks(page);
      rows.push(...inputRows('browser', 'large doc: arrow key (delegation, read-only)', figures(marks, events, ['key']), `${moves} moves; proposals panel follows`));

      // Clicks into running text of paragraphs around the middle of the document.
      const clicks: InputMark[] = [];
      const clickEvents: EventEntry[] = [];
      const clickCount = Math.round(moves / 2);
      await profiled(page, 'delegation-clicks', profile, log, async () => {
        for (let i = 0; i < clickCount; i++) {
          const label = labels[Math.floor(labels.length * 0.3) + ((i * 7) % Math.floor(labels.length * 0.4))]!;
          const box = await page.evaluate((label) => {
            const p = document.querySelector(`.ProseMirror p[data-paragraph][data-label="${label}"]`)!;
            p.scrollIntoView({ block: 'center' });
            const text = Array.from(p.childNodes).find((n) => n.nodeType === 3 && (n.textContent ?? '').trim().length > 20)!;
            const range = document.createRange();
            range.setStart(text, 5);
            range.setEnd(text, 6);
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }, label);
          await sleep(50);
          await clearMarks(page);
          await page.mouse.click(box.x, box.y);
          await sleep(150);
          ({ marks, events } = await readMarks(page));
          clicks.push(...marks.filter((m) => m.kind === 'click'));
          clickEvents.push(...events);
        }
      });
      rows.push(...inputRows('browser', 'large doc: click in text (delegation, read-only)', figures(clicks, clickEvents, ['click']), `${clickCount} clicks`));
      pageErrors.push(...errors);
      await context.close();
    }
    if (pageErrors.length) {
      rows.push({ suite: 'browser', name: 'page errors', note: [...new Set(pageErrors)].slice(0, 3).join(' | ').slice(0, 300) });
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  return rows;
}
