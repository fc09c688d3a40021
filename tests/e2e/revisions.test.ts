// Revisions in the browser: the secretariat freezes the zero draft, the co-facilitator types, the
// secretariat freezes Rev.1 and reads the redline (the typed words underlined and attributed to the
// co-facilitator), then opens the zero draft read-only, as it was. Real server, Debian's Chromium.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { caretAtEnd } from '../helpers/browser.ts';
import { para, penHolderPages, SHOTS_DIR, type PenHolderPages } from './helpers.ts';

let A: Page; // co-facilitator
let B: Page; // secretariat
let pages: PenHolderPages;
const WORDS = 'as amended in Geneva';

beforeAll(async () => {
  pages = await penHolderPages();
  ({ A, B } = pages);
});

afterAll(async () => {
  await pages?.close();
});

async function freeze(page: Page, name: string) {
  const panel = page.locator('[data-panel=revisions]');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await panel.getByLabel('Revision name').fill(name);
  await panel.getByRole('button', { name: `Freeze as ${name}` }).click();
  await panel.locator(`[data-revision="${name}"]`).waitFor();
}

describe('revisions in the browser', () => {
  it('freezes, compares with attribution, and opens a frozen revision read-only', async () => {
    await freeze(B, 'Zero draft');

    await caretAtEnd(A, para(6));
    await A.keyboard.type(` ${WORDS}`);
    await B.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent?.includes(w) ?? false, [para(6), WORDS] as const);
    await freeze(B, 'Rev.1');

    const panel = B.locator('[data-panel=revisions]');
    await panel.getByLabel('Compare from').selectOption({ label: 'Zero draft' });
    await panel.getByLabel('Compare to').selectOption({ label: 'Rev.1' });
    await panel.getByRole('button', { name: 'Show the redline' }).click();
    await B.waitForURL(/\/compare\?from=.+&to=.+/);
    await B.locator('.redline').waitFor();
    expect(await B.locator('.redline-summary').textContent()).toMatch(/^1 paragraph changed\.\s*Co-facilitator/);
    const changed = B.locator('[data-change=changed]');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator('.redline-label').textContent()).toBe('6');
    const inserted = changed.locator('ins');
    expect((await inserted.allTextContents()).join('')).toContain(WORDS);
    expect(await inserted.first().getAttribute('data-author')).toBe('Co-facilitator');
    await changed.scrollIntoViewIfNeeded();
    await B.screenshot({ path: path.join(SHOTS_DIR, 'revisions-redline.png') });

    await B.getByRole('link', { name: 'Back to the live text' }).click();
    await B.locator('[data-panel=revisions] summary').click();
    await B.getByRole('link', { name: 'Zero draft' }).click();
    await B.locator('.revision-banner').waitFor();
    const frozen = B.locator('[aria-label="Revision text"] p[data-label="6"]');
    await frozen.waitFor();
    expect(await frozen.textContent()).not.toContain(WORDS);
    expect(await B.locator('[aria-label="Revision text"]').getAttribute('contenteditable')).toBe('false');
    expect(pages.errors).toEqual([]);
  });

  it('downloads the redline against a revision from the export menu as Word with tracked changes', async () => {
    await B.getByRole('link', { name: 'Back to the live text' }).click();
    await B.locator('[data-export-menu] summary').click();
    const menu = B.locator('[data-export-kind=redline]');
    await menu.getByLabel('Redline against revision').selectOption({ label: 'Zero draft' });
    const [download] = await Promise.all([B.waitForEvent('download'), menu.locator('[data-export="redline:docx"]').click()]);
    expect(download.suggestedFilename()).toMatch(/Zero-draft-to-Live-text-redline\.docx$/);
    const xml = strFromU8(unzipSync(new Uint8Array(await readFile((await download.path())!)))['word/document.xml']!);
    expect(xml).toMatch(/<w:ins [^>]*w:author="Co-facilitator"/);
    expect(xml).toContain(WORDS);
  });
});
