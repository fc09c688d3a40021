// Issue 12, "Labels that stay put", in Debian's Chromium against the real server: once a co-facilitator
// has fixed the numbering, deleting paragraph 12 with the keyboard leaves "12. [Deleted]" where it
// stood, 13 keeps its number and words, the other pen-holder sees the same (the server accepted the
// placeholder), the text export prints it, and Ctrl+Z brings the paragraph back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { caretIn } from '../helpers/browser.ts';
import path from 'node:path';
import { SHOTS_DIR, apiAs, para, penHolderPages, type PenHolderPages } from './helpers.ts';

let pages: PenHolderPages;

beforeAll(async () => {
  pages = await penHolderPages();
}, 180_000);

afterAll(async () => {
  await pages?.close();
});

const placeholder = (n: number) => `.ProseMirror p[data-deleted-block][data-label="${n}"]`;

/** The margin label of the paragraph the selection's head is in. */
const headLabel = (page: Page) =>
  page.evaluate(() => {
    const node = getSelection()?.focusNode ?? null;
    const el = node instanceof Element ? node : (node?.parentElement ?? null);
    return el?.closest('p[data-label]')?.getAttribute('data-label') ?? null;
  });

/** A block's text without other people's carets (their name labels sit in the text). */
const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const copy = el.cloneNode(true) as Element;
    copy.querySelectorAll('.collaboration-carets__caret, .collaboration-carets__selection').forEach((c) => c.remove());
    return copy.textContent ?? '';
  });

async function textExport(): Promise<string> {
  const documentId = new URL(pages.A.url()).pathname.split('/')[2];
  const res = await apiAs<string>(pages.server.httpUrl, pages.links.cofacilitator, 'GET', `/api/documents/${documentId}/export?format=text`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('deleting a paragraph once the numbering is fixed', () => {
  it('leaves "12. [Deleted]" and 13 unchanged, in the editor and in the text export; undo restores 12', async () => {
    const { A, B } = pages;
    await A.click('[data-fix-numbering]');
    expect(await (await A.waitForSelector('[data-fix-numbering-result]')).textContent()).toMatch(/^Numbering fixed/);
    await A.waitForSelector(`${para(12)}[data-fixed-label="12"]`);
    const twelve = await textOf(A, para(12));
    const thirteen = await textOf(A, para(13));
    expect(twelve).toContain('We reaffirm that the spread of these technologies');

    // Caret at the start of 12, Shift+Down until the head is in 13, Shift+Home to its start, Delete.
    await caretIn(A, para(12), 0);
    for (let i = 0; i < 40 && (await headLabel(A)) !== '13'; i++) await A.keyboard.press('Shift+ArrowDown');
    expect(await headLabel(A)).toBe('13');
    await A.keyboard.press('Shift+Home');
    await A.keyboard.press('Delete');

    await A.waitForSelector(placeholder(12));
    expect(await A.textContent(placeholder(12))).toBe('[Deleted]');
    expect(await A.getAttribute(placeholder(12), 'contenteditable')).toBe('false');
    await A.locator(placeholder(12)).scrollIntoViewIfNeeded();
    await A.screenshot({ path: path.join(SHOTS_DIR, 'deleted-paragraph.png') });
    expect(await textOf(A, para(13))).toBe(thirteen);
    expect(await A.locator(para(14)).count()).toBe(1);
    expect(await A.locator(`.ProseMirror p[data-label]`).filter({ hasText: 'We reaffirm that the spread' }).count()).toBe(0);

    // The server took it: the other pen-holder's editor shows the same, and so does the export.
    await B.waitForSelector(placeholder(12));
    expect(await textOf(B, para(13))).toBe(thirteen);
    await expect.poll(textExport, { timeout: 10_000 }).toContain(`12. [Deleted]\n\n13. ${thirteen.slice(0, 40)}`);

    await A.keyboard.press('Control+z');
    await A.waitForSelector(`${para(12)}[data-fixed-label="12"]`);
    expect(await textOf(A, para(12))).toBe(twelve);
    expect(await A.locator(placeholder(12)).count()).toBe(0);
    await B.waitForSelector(`${para(12)}[data-fixed-label="12"]`);
    expect(pages.errors).toEqual([]);
  }, 120_000);
});
