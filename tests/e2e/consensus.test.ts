// Agreed text stays agreed, in Chromium: the co-facilitator marks a paragraph agreed, typing in it
// says why and changes nothing (for them, for the secretariat, and the tab is not reset), reopening
// lets the typing through; a paragraph with open brackets cannot be marked agreed; a copy of a
// bracketed paragraph puts the literal brackets on text/plain; a delegation typing in the text is
// pointed to the proposals panel, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { caretAtEnd, openPage, signIn } from '../helpers/browser.ts';
import path from 'node:path';
import { SHOTS_DIR, para, penHolderPages, type PenHolderPages } from './helpers.ts';

let pages: PenHolderPages;
let A: Page;
let B: Page;

beforeAll(async () => {
  pages = await penHolderPages();
  ({ A, B } = pages);
  A.on('websocket', () => void socketsOfA++);
});
afterAll(async () => {
  await pages?.close();
});

/** The paragraph's text without collaborators' caret labels. */
const textOf = (page: Page, n: number) =>
  page.$eval(para(n), (p) => {
    const clone = p.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
    return clone.textContent ?? '';
  });

/** WebSockets the co-facilitator's page opened since the start: a refused update closes the sync
 *  connection (4403) and the page opens a new one. */
let socketsOfA = 0;
const connections = async (_page: Page) => socketsOfA;

describe('an agreed paragraph in the editor', () => {
  const n = 12;
  let before: string;

  it('the co-facilitator marks it agreed; both see it marked', async () => {
    before = await textOf(A, n);
    await caretAtEnd(A, para(n));
    await A.selectOption('[data-status-select]', 'agreed');
    for (const page of [A, B]) await expect.poll(() => page.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    // visibly marked: tinted, unlike an open paragraph
    const tint = (m: number) => A.$eval(para(m), (p) => getComputedStyle(p).backgroundColor);
    expect(await tint(n)).not.toBe(await tint(n + 1));
    await A.waitForSelector('[data-panel="penholder"] [data-reopen]');
  });

  it('typing in it shows the reason and changes nothing, for anyone, without resetting the tab', async () => {
    const opened = await connections(A);
    await caretAtEnd(A, para(n));
    await A.keyboard.type(' extra words');
    await A.keyboard.press('Enter');
    await A.keyboard.press('Backspace');
    await A.waitForSelector('[data-editor-notice="locked"]');
    expect(await A.textContent('[data-editor-notice="locked"]')).toContain(`Paragraph ${n} is agreed; a co-facilitator can reopen it`);
    await A.screenshot({ path: path.join(SHOTS_DIR, 'e2e-agreed-locked.png') });
    await new Promise((r) => setTimeout(r, 500));
    expect(await textOf(A, n)).toBe(before);
    expect(await textOf(B, n)).toBe(before);
    expect(await A.$$eval('.ProseMirror p[data-paragraph][data-label]', (ps) => ps.length)).toBe(58);
    expect(await connections(A)).toBe(opened);
  });

  it('reopened, the same typing is accepted and reaches the secretariat', async () => {
    await A.click('[data-panel="penholder"] [data-reopen]');
    for (const page of [A, B]) await expect.poll(() => page.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('negotiating');
    await caretAtEnd(A, para(n));
    await A.keyboard.type(' Reopened.');
    await expect.poll(() => textOf(B, n), { timeout: 10_000 }).toBe(before + ' Reopened.');
  });

  it("agreed again by the secretariat, the co-facilitator's undo of their typing there is refused with the reason", async () => {
    const opened = await connections(A);
    await caretAtEnd(B, para(n)); // a programmatic caret: a click can miss a paragraph whose box is still being laid out (content-visibility)
    await B.selectOption('[data-status-select]', 'agreed');
    await expect.poll(() => A.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    await A.evaluate(() => document.querySelector<HTMLElement>('[data-editor-notice] button')?.click());
    await caretAtEnd(A, para(n));
    await A.keyboard.press('Control+z');
    await A.waitForSelector('[data-editor-notice="locked"]');
    expect(await A.textContent('[data-editor-notice="locked"]')).toContain(`Paragraph ${n} is agreed; a co-facilitator can reopen it`);
    await new Promise((r) => setTimeout(r, 500));
    for (const page of [A, B]) expect(await textOf(page, n)).toBe(before + ' Reopened.');
    expect(await connections(A)).toBe(opened);
  });

  it('a paragraph with open brackets cannot be marked agreed: the panel says why', async () => {
    await caretAtEnd(A, para(58));
    await A.selectOption('[data-status-select]', 'agreed');
    await A.waitForSelector('[data-status-refusal]');
    expect(await A.textContent('[data-status-refusal]')).toBe(
      'Paragraph 58 still has 1 open bracket group: resolve it before marking it agreed',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await B.getAttribute(para(58), 'data-status')).toBe('negotiating');
  });
});

describe('copy', () => {
  it('puts the literal brackets of a bracketed paragraph on text/plain', async () => {
    await caretAtEnd(A, para(58));
    // select from "We agree" to the end of the paragraph, across the group
    await A.evaluate((selector) => {
      const root = document.querySelector(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      for (let t = walker.nextNode(); t; t = walker.nextNode()) if (!t.parentElement?.closest('[contenteditable="false"]')) texts.push(t as Text);
      const start = texts.find((t) => t.data.includes('We agree to hold a'))!;
      const end = texts[texts.length - 1]!;
      const range = document.createRange();
      range.setStart(start, start.data.indexOf('We agree'));
      range.setEnd(end, end.data.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    }, para(58));
    await A.waitForFunction(() => window.getSelection()?.toString().includes('discuss such issues'));
    await A.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const copied = await A.evaluate(() => {
      const data = new DataTransfer();
      const event = new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true });
      document.querySelector('.ProseMirror')!.dispatchEvent(event);
      return data.getData('text/plain');
    });
    expect(copied).toBe('We agree to hold a [World Summit] [High Level Meeting] on the Information Society in 202X in order to discuss such issues.');
  });
});

describe('paste', () => {
  it('plain text with literal brackets becomes a group, as typing does', async () => {
    const m = 5;
    await caretAtEnd(A, para(m));
    await A.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', ' for another [five] [ten] [fifteen] years');
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const groups = (page: Page) =>
      page.$$eval(`${para(m)} > .bracket-group`, (gs) => gs.map((g) => Array.from(g.querySelectorAll(':scope > .bracket-alt')).map((a) => a.textContent)));
    for (const page of [A, B]) await expect.poll(() => groups(page), { timeout: 10_000 }).toEqual([['five', 'ten', 'fifteen']]);
    expect(await textOf(B, m)).toMatch(/ for another fivetenfifteen years$/); // the brackets are drawn, not characters
  });
});

describe('a delegation', () => {
  let page: Page;
  let closeContext: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openPage(pages.browser);
    page = opened.page;
    closeContext = () => opened.context.close();
    page.on('pageerror', (e) => pages.errors.push(`delegation: ${e}`));
    await signIn(page, pages.links.delegation);
    await page.waitForSelector(para(5));
  });
  afterAll(async () => {
    await closeContext?.();
  });

  it('typing in the text is pointed to the proposals panel, once, and the text is unchanged', async () => {
    const before = await textOf(page, 7);
    await caretAtEnd(page, para(7));
    await page.keyboard.type('abc');
    await page.waitForSelector('[data-editor-notice="propose"]');
    expect(await page.textContent('[data-editor-notice="propose"]')).toContain('Proposals panel');
    // dismissed, it does not come back with the next keystrokes
    await page.click('[data-editor-notice="propose"] button');
    await page.keyboard.type('def');
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.$('[data-editor-notice]')).toBeNull();
    expect(await textOf(page, 7)).toBe(before);
  });

  it('proposing in an agreed paragraph is refused with the reason', async () => {
    const n = 12; // agreed again above
    await expect.poll(() => page.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    await caretAtEnd(page, para(n));
    await page.fill('[data-proposal-text]', 'and more');
    expect(await page.getAttribute('button[data-propose="insert"]', 'title')).toBe(`Paragraph ${n} is agreed; a co-facilitator can reopen it`);
    expect(await page.isDisabled('button[data-propose="insert"]')).toBe(true);
  });

  it('a proposal while the room is offline says so and sends nothing', async () => {
    await caretAtEnd(page, para(7));
    await page.fill('[data-proposal-text]', 'and in all regions');
    await pages.server.stop();
    await page.waitForSelector('[data-proposal-offline]', { timeout: 15_000 });
    await page.click('button[data-propose="insert"]');
    await page.waitForSelector('[data-proposal-result="offline"]');
    expect(await page.textContent('[data-proposal-result="offline"]')).toBe(
      'The room is offline: nothing was sent. Try again once the connection is back.',
    );
    expect(await page.inputValue('[data-proposal-text]')).toBe('and in all regions');
  });
});

it('no page raised a script error', () => {
  expect(pages.errors).toEqual([]);
});
