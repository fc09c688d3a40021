// The app shell offline (client/src/sw.ts): with the whole network gone (Playwright's
// context.setOffline cuts HTTP and WebSockets alike, for the page and its service worker), a reload
// of /d/<documentId> still boots the app from the service worker's precache, shows the text from the
// browser's copy with both the edits made online and those made offline, says Offline with edits
// waiting, and sends them to a second browser once the network is back.
// The co-facilitator (A) goes offline; the secretariat (B), in another context, stays online.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { caretAtEnd, launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { connectionHeader as header, connectionState as state, demoLinks, ensureClientBuilt, para, paragraphText as textOf, saveStatus, waitingEdits as waiting } from './helpers.ts';

let server: ServerProcess;
let browser: Browser;
let ctxA: BrowserContext;
let A: Page;
let B: Page;
let onlineIdentity: string | null;
let onlineTitle: string | null;
const errors: string[] = [];

const ONLINE_WORD = 'Bilbyword';
const OFFLINE_WORD = 'Quokkaword';
const N = 7;


beforeAll(async () => {
  ensureClientBuilt();
  server = await startServerProcess();
  const links = demoLinks(server);
  browser = await launchBrowser();
  ({ context: ctxA, page: A } = await openPage(browser));
  ({ page: B } = await openPage(browser));
  for (const [page, name] of [
    [A, 'A'],
    [B, 'B'],
  ] as const) {
    page.on('pageerror', (e) => errors.push(`${name}: ${e}`));
    page.on('dialog', (d) => void d.accept());
  }
  await Promise.all([signIn(A, links.cofacilitator), signIn(B, links.secretariat)]);
  await Promise.all([A.waitForSelector(para(N)), B.waitForSelector(para(N))]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('offline reload (the app shell from the service worker)', () => {
  it('the server serves the worker at the root, uncached, and never the API through it', async () => {
    const res = await fetch(`${server.httpUrl}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const body = await res.text();
    expect(body).toContain('index.html'); // the precache list the build injected
    expect(body).not.toContain('self.__WB_MANIFEST');
  });

  it('online, the worker installs and controls the page, and an edit is saved', async () => {
    await A.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    await A.waitForSelector('[data-connection="connected"]', { timeout: 10_000 });
    onlineIdentity = await A.getAttribute('[data-identity]', 'title');
    onlineTitle = await A.textContent('.doc-name');
    expect(onlineTitle).not.toBe('');
    await caretAtEnd(A, para(N));
    await A.keyboard.type(` ${ONLINE_WORD}`);
    await expect.poll(() => saveStatus(A), { timeout: 10_000 }).toBe('saved');
    await expect.poll(() => textOf(B, N), { timeout: 10_000 }).toContain(ONLINE_WORD);
  });

  it('with the network gone, typing waits, and a reload boots from the worker with both edits', async () => {
    await ctxA.setOffline(true);
    await A.waitForSelector('[data-connection="offline"]', { timeout: 10_000 });
    await caretAtEnd(A, para(N));
    await A.keyboard.type(` ${OFFLINE_WORD}`);
    await expect.poll(() => saveStatus(A)).toBe('waiting');
    await A.waitForTimeout(1_200); // IndexedDB and the waiting count settle (the header updates once a second)

    // The network is really gone for this context: the server cannot be asked directly.
    const reachable = await A.evaluate(() =>
      fetch('/api/me', { cache: 'no-store' }).then(
        () => true,
        () => false,
      ),
    );
    expect(reachable).toBe(false);

    const response = await A.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await A.waitForSelector(para(N), { timeout: 15_000 });
    await expect.poll(() => textOf(A, N), { timeout: 10_000 }).toContain(OFFLINE_WORD);
    expect(await textOf(A, N)).toContain(ONLINE_WORD);
    expect(await state(A)).toBe('offline');
    await expect.poll(() => waiting(A), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await header(A)).toMatch(/Offline: \d+ edits? waiting/);
    // the title and identity remembered from the last online start
    expect(await A.getAttribute('[data-identity]', 'title')).toBe(onlineIdentity);
    expect(await A.textContent('.doc-name')).toBe(onlineTitle);
    expect(await textOf(B, N)).not.toContain(OFFLINE_WORD);
  });

  it('back online, the offline edits reach the second browser', async () => {
    await ctxA.setOffline(false);
    await A.waitForSelector('[data-connection="connected"]', { timeout: 20_000 });
    await expect.poll(() => saveStatus(A), { timeout: 15_000 }).toBe('saved');
    await expect.poll(() => textOf(B, N), { timeout: 10_000 }).toContain(OFFLINE_WORD);
    expect(await textOf(B, N)).toContain(ONLINE_WORD);
    expect(errors).toEqual([]);
  });
});
