// The server killed (SIGKILL) while a co-facilitator types in a real browser: after a restart on the
// same database, everything another browser had seen is there, and what the typist wrote while the
// server was down (unacknowledged) arrives when its browser reconnects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, waitUntil, type ServerProcess } from '../helpers/server.ts';
import { launchBrowser, openPage, signIn, caretAtEnd } from '../helpers/browser.ts';
import { ensureClientBuilt, demoLinks } from './helpers.ts';

let server: ServerProcess;
let browser: Browser;
let A: Page; // co-facilitator, typing
let B: Page; // secretariat, watching
const para6 = '.ProseMirror p[data-paragraph][data-label="6"]';

/** The words the test typed into paragraph 6 (carets and labels of collaborators excluded). */
const typed = (page: Page) =>
  page.$eval(para6, (p) => {
    const clone = p.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
    return (clone.textContent ?? '').match(/k\d+/g) ?? [];
  });

beforeAll(async () => {
  ensureClientBuilt();
  server = await startServerProcess();
  browser = await launchBrowser();
  A = (await openPage(browser)).page;
  B = (await openPage(browser)).page;
  const links = demoLinks(server);
  await Promise.all([signIn(A, links.cofacilitator), signIn(B, links.secretariat)]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
});

describe('a server killed mid-edit', () => {
  it('loses nothing relayed, and merges what was typed while it was down', async () => {
    await caretAtEnd(A, para6);
    for (let i = 0; i < 12; i++) await A.keyboard.type(` k${i}`);
    await waitUntil(async () => (await typed(B)).length === 12, 10_000, 'B to see the first words');
    const seenByB = await typed(B);

    const { port, dataDir, tokens } = server;
    await server.stop('SIGKILL');
    await waitUntil(async () => (await A.getAttribute('[data-connection]', 'data-connection')) === 'offline', 10_000, 'A offline');

    // Typing goes on while the server is down: these edits exist only in A's browser.
    for (let i = 12; i < 16; i++) await A.keyboard.type(` k${i}`);
    const typedByA = await typed(A);
    expect(typedByA).toHaveLength(16);

    server = await startServerProcess({ dataDir, tokens, env: { PORT: String(port) } });
    await waitUntil(async () => (await A.getAttribute('[data-connection]', 'data-connection')) === 'connected', 20_000, 'A back');

    // A reader who opens the document now, from the restarted server.
    const C = (await openPage(browser)).page;
    await signIn(C, demoLinks(server).observer);
    await waitUntil(async () => (await typed(C)).length === 16, 15_000, 'the offline words to arrive');
    expect((await typed(C)).slice(0, seenByB.length)).toEqual(seenByB);
    expect(await typed(C)).toEqual(typedByA);
    await waitUntil(async () => (await typed(B)).length === 16, 15_000, 'B to catch up');
  });
});
