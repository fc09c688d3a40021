// Offline work that survives a reload, in Chromium, with the sync channel cut by the test
// (tests/helpers/syncCut.ts: a TCP proxy that black-holes open WebSockets and refuses new ones, as a
// lost network does; HTTP keeps flowing so that the page itself can be reloaded, see there why).
// The co-facilitator (A) works offline through the proxy; the secretariat (B) is connected to the
// server directly, stays online and is the "second browser".
// Cases run in order and build on each other: detection, typing offline, reload offline, reconnect
// and attribution, a closed tab, a refused change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { caretAtEnd, launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { startSyncCut, type SyncCut } from '../helpers/syncCut.ts';
import path from 'node:path';
import fs from 'node:fs';
import { SHOTS_DIR, connectionHeader as header, connectionState as state, demoLinks, ensureClientBuilt, para, paragraphText as textOf, saveStatus, waitingEdits as waiting } from './helpers.ts';

let server: ServerProcess;
let net: SyncCut;
let browser: Browser;
let ctxA: BrowserContext;
let A: Page;
let B: Page;
let docUrl: string;
const errors: string[] = [];
const dialogs: string[] = [];

const WORD = 'Wombatword';
const CLOSED_TAB_WORD = 'Numbatword';
const REFUSED_WORD = 'Quollword';


function watch(page: Page, name: string) {
  page.on('pageerror', (e) => errors.push(`${name}: ${e}`));
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
}

beforeAll(async () => {
  ensureClientBuilt();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  server = await startServerProcess();
  net = await startSyncCut({ port: server.port });
  // A goes through the cuttable proxy; B talks to the server directly and stays online throughout.
  const linksA = demoLinks({ links: server.links, httpUrl: net.url });
  const linksB = demoLinks(server);
  browser = await launchBrowser();
  ({ context: ctxA, page: A } = await openPage(browser));
  ({ page: B } = await openPage(browser));
  watch(A, 'A');
  watch(B, 'B');
  await Promise.all([signIn(A, linksA.cofacilitator), signIn(B, linksB.secretariat)]);
  docUrl = A.url();
  await Promise.all([A.waitForSelector(para(12)), B.waitForSelector(para(12))]);
});

afterAll(async () => {
  await browser?.close();
  await net?.close();
  await server?.stop();
});

describe('offline', () => {
  it('an idle connection stays connected (the server\'s heartbeat), and a silent cut is detected within 5 s', async () => {
    await A.waitForSelector('[data-connection="connected"]');
    expect(await saveStatus(A)).toBe('saved');
    expect(await header(A)).toContain('All changes saved');
    // Nobody types for longer than the client's silence limit: still connected.
    const sockets = net.syncConnections;
    for (let i = 0; i < 12; i++) {
      await A.waitForTimeout(500);
      expect(await state(A)).toBe('connected');
    }
    expect(net.syncConnections).toBe(sockets);

    net.cut();
    const cutAt = Date.now();
    await A.waitForSelector('[data-connection="offline"]', { timeout: 5_000 });
    const detectedIn = Date.now() - cutAt;
    console.log(`offline detected ${detectedIn} ms after the cut`);
    expect(detectedIn).toBeLessThan(5_000);
  });

  it('typing offline shows how many edits wait, and leaving asks first', async () => {
    await caretAtEnd(A, para(6));
    await A.keyboard.type(` ${WORD}`);
    await expect.poll(() => saveStatus(A)).toBe('waiting');
    const n = await waiting(A);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(await header(A)).toContain(`Offline: ${n} ${n === 1 ? 'edit' : 'edits'} waiting`);
    expect(await A.getAttribute('[data-connection]', 'role')).toBe('status');
    expect(await textOf(B, 6)).not.toContain(WORD);
    await A.locator('.app-bar').screenshot({ path: path.join(SHOTS_DIR, 'e2e-offline-waiting.png') });
  });

  it('reloading while offline keeps the text, from the browser\'s copy', async () => {
    await A.waitForTimeout(1_200); // the header shows a new count at most once a second
    const before = await waiting(A);
    dialogs.length = 0;
    await A.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await A.waitForSelector(para(6), { timeout: 15_000 });
    await expect.poll(() => textOf(A, 6), { timeout: 10_000 }).toContain(WORD);
    expect(await state(A)).toBe('offline');
    await expect.poll(() => waiting(A)).toBe(before);
    expect(await textOf(B, 6)).not.toContain(WORD);
  });

  it('on reconnect the edits reach the second browser, attributed to their author', async () => {
    net.restore();
    await A.waitForSelector('[data-connection="connected"]', { timeout: 10_000 });
    await expect.poll(() => saveStatus(A), { timeout: 10_000 }).toBe('saved');
    expect(await header(A)).toContain('All changes saved');
    await expect.poll(() => textOf(B, 6), { timeout: 10_000 }).toContain(WORD);

    // The word was typed before the reload (old Yjs client id) and sent after it (new socket): the
    // server attributes both to the co-facilitator, not to the import nor to anyone else.
    await B.getByLabel('Colour by author').check();
    const typed = `${para(6)} .by-author[data-author="Co-facilitator"]`;
    await B.waitForFunction(
      ([sel, word]) => Array.from(document.querySelectorAll(sel)).some((s) => s.textContent?.includes(word)),
      [typed, WORD] as const,
      { timeout: 10_000 },
    );
    const imported = await B.$$eval(`${para(6)} .by-author[data-author="Imported text"]`, (s) => s.map((x) => x.textContent ?? '').join(''));
    expect(imported).not.toContain(WORD);
    await B.getByLabel('Colour by author').uncheck();
  });

  it("a closed tab's edits arrive when the page is opened again", async () => {
    net.cut();
    await A.waitForSelector('[data-connection="offline"]', { timeout: 5_000 });
    await caretAtEnd(A, para(8));
    await A.keyboard.type(` ${CLOSED_TAB_WORD}`);
    await expect.poll(() => saveStatus(A)).toBe('waiting');
    // IndexedDB writes each change a moment after it is made: a tab killed within that moment loses
    // the last keystrokes (the page asks before closing while edits are unsent; this test skips that).
    await A.waitForTimeout(750);
    await A.close({ runBeforeUnload: false });
    net.restore();
    await B.waitForTimeout(2_000);
    expect(await textOf(B, 8)).not.toContain(CLOSED_TAB_WORD); // the tab is gone: nothing was sent

    A = await ctxA.newPage();
    watch(A, 'A (reopened)');
    await A.goto(docUrl);
    await A.waitForSelector(para(8), { timeout: 15_000 });
    await expect.poll(() => textOf(B, 8), { timeout: 10_000 }).toContain(CLOSED_TAB_WORD);
    await expect.poll(() => saveStatus(A), { timeout: 10_000 }).toBe('saved');
  });

  it('a change the server refuses on reconnect is dropped, from the browser\'s copy too', async () => {
    const n = 12;
    await A.waitForSelector('[data-connection="connected"]', { timeout: 10_000 });
    net.cut();
    await A.waitForSelector('[data-connection="offline"]', { timeout: 5_000 });
    await caretAtEnd(A, para(n));
    await A.keyboard.type(` ${REFUSED_WORD}`);
    await expect.poll(() => saveStatus(A)).toBe('waiting');

    // Meanwhile the secretariat marks the paragraph agreed: A's offline typing there is now refused.
    await caretAtEnd(B, para(n));
    await B.selectOption('[data-status-select]', 'agreed');
    await expect.poll(() => B.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    await expect.poll(() => saveStatus(B), { timeout: 10_000 }).toBe('saved'); // stored by the server

    net.restore();
    await A.waitForSelector('[data-sync-refused]', { timeout: 15_000 });
    await expect.poll(() => A.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    expect(await textOf(A, n)).not.toContain(REFUSED_WORD);
    await expect.poll(() => saveStatus(A), { timeout: 10_000 }).toBe('saved');

    // Reloaded, the page does not bring it back (the browser's copy was deleted with it).
    dialogs.length = 0;
    await A.reload();
    await A.waitForSelector('[data-connection="connected"]', { timeout: 10_000 });
    await A.waitForSelector(para(n));
    await A.waitForTimeout(2_000);
    expect(await textOf(A, n)).not.toContain(REFUSED_WORD);
    expect(await A.$('[data-sync-refused]')).toBeNull();
    expect(await textOf(B, n)).not.toContain(REFUSED_WORD);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("the browser's offline event is acted on at once, without waiting for the silence limit", async () => {
    await A.waitForSelector('[data-connection="connected"]', { timeout: 10_000 });
    net.cut(); // silent: only the event can reveal it this fast
    const at = Date.now();
    await A.evaluate(() => window.dispatchEvent(new Event('offline')));
    await A.waitForSelector('[data-connection="offline"]', { timeout: 3_000 });
    expect(Date.now() - at).toBeLessThan(1_500); // the silence limit is 3.5 s
    net.restore();
    await A.evaluate(() => window.dispatchEvent(new Event('online')));
    await A.waitForSelector('[data-connection="connected"]', { timeout: 5_000 });
    expect(errors).toEqual([]);
  });
});
