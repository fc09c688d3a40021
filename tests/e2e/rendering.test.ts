// Rendering of the sheet with content-visibility: auto on its blocks (styles.css): blocks far from the
// viewport are skipped by the browser, so this checks, on screenshots (pixels read back through a
// canvas), that what the reader must see is painted: the text at the top and after a jump to the
// middle, the status mark in the right margin and a collaborator's caret label above the first line
// (both outside the block's box, where paint containment would clip them), and that skipped blocks
// stay reachable: the caret scrolled into view at the end, select-all, find-in-page, printing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { caretAtEnd, caretIn } from '../helpers/browser.ts';
import { SHOTS_DIR, para, penHolderPages, type PenHolderPages } from './helpers.ts';

let A: Page; // co-facilitator: the reader whose screen is checked
let B: Page; // secretariat: the collaborator whose caret A sees
let errors: string[];
let pages: PenHolderPages;

/** Two animation frames: the browser has decided which blocks are near the viewport and painted them. */
const frames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

interface Box { x: number; y: number; width: number; height: number }

/**
 * Pixels in `box` (viewport coordinates) of a screenshot of the page that differ from the paper
 * (white), and how many of them are coloured (not grey), read back through a canvas in the page.
 */
/**
 * Pixels of `box` in a screenshot: `ink` (not near-white), `colour` (saturated) and, when `near` is
 * given, those within a small distance of that colour (a label's own background, whatever colour of
 * the palette it was given: some of them are dark and barely saturated).
 */
async function inkIn(page: Page, box: Box, file: string, near?: [number, number, number]): Promise<{ ink: number; colour: number; near: number }> {
  const png = await page.screenshot({ path: path.join(SHOTS_DIR, file) });
  return page.evaluate(
    async ({ b64, box, near }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const x = Math.max(0, Math.floor(box.x));
      const y = Math.max(0, Math.floor(box.y));
      const w = Math.max(1, Math.min(img.width - x, Math.ceil(box.width)));
      const h = Math.max(1, Math.min(img.height - y, Math.ceil(box.height)));
      const data = ctx.getImageData(x, y, w, h).data;
      let ink = 0;
      let colour = 0;
      let close = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, bl] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r < 200 || g < 200 || bl < 200) ink++;
        if (Math.max(r, g, bl) - Math.min(r, g, bl) > 60) colour++;
        if (near && Math.abs(r - near[0]) + Math.abs(g - near[1]) + Math.abs(bl - near[2]) < 40) close++;
      }
      return { ink, colour, near: close };
    },
    { b64: png.toString('base64'), box, near },
  );
}

beforeAll(async () => {
  pages = await penHolderPages();
  ({ A, B, errors } = pages);
});

afterAll(async () => {
  await pages?.close();
});

describe('the sheet, rendered near the viewport only', () => {
  it('skips blocks far from the viewport (what makes typing cheap)', async () => {
    await A.evaluate(() => window.scrollTo(0, 0));
    await frames(A);
    const cv = await A.$eval(para(1), (p) => getComputedStyle(p).contentVisibility);
    expect(cv).toBe('auto');
    // the content of paragraph 58 (its bracket group), far below, is not rendered while the top is shown
    expect(await A.$eval(`${para(58)} .bracket-group`, (g) => g.checkVisibility({ contentVisibilityAuto: true }))).toBe(false);
  });

  it('paints the text at the top of the draft and after a jump to the middle', async () => {
    // from the middle back to the top: the case of the blank screenshot (taken before the frame
    // in which the browser renders the blocks that came near the viewport)
    await A.locator(para(40)).scrollIntoViewIfNeeded();
    await A.evaluate(() => window.scrollTo(0, 0));
    await frames(A);
    const top = await A.$eval(para(1), (p) => p.getBoundingClientRect().toJSON() as Box);
    expect((await inkIn(A, top, 'e2e-render-top.png')).ink).toBeGreaterThan(500);
    await A.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await frames(A);
    const visible = await A.$$eval('.ProseMirror > p[data-paragraph]', (ps) =>
      ps.map((p) => p.getBoundingClientRect()).filter((r) => r.top > 120 && r.bottom < innerHeight).map((r) => r.toJSON() as Box),
    );
    expect(visible.length).toBeGreaterThan(0);
    expect((await inkIn(A, visible[0]!, 'e2e-render-middle.png')).ink).toBeGreaterThan(500);
  });

  it('shows the status mark in the right margin, outside the paragraph', async () => {
    const n = 12;
    await A.click(para(n));
    await A.selectOption('[data-status-select]', 'agreed');
    await expect.poll(() => A.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    await A.locator(para(n)).scrollIntoViewIfNeeded();
    await frames(A);
    const box = await A.$eval(para(n), (p) => {
      const r = p.getBoundingClientRect();
      return { x: r.right + 2, y: r.top, width: 80, height: 24 };
    });
    // '● agreed' in green, beyond the paragraph's right edge
    expect((await inkIn(A, box, 'e2e-render-status.png')).colour).toBeGreaterThan(30);
  });

  it("shows a collaborator's caret label above the first line of a paragraph that was off-screen", async () => {
    const n = 45;
    await A.evaluate(() => window.scrollTo(0, 0));
    await frames(A);
    await caretIn(B, para(n), 0.02);
    await B.keyboard.type('x');
    await A.waitForSelector(`${para(n)} .collaboration-carets__label`, { state: 'attached', timeout: 10_000 });
    await A.locator(para(n)).scrollIntoViewIfNeeded();
    await A.evaluate((sel) => window.scrollBy(0, document.querySelector(sel)!.getBoundingClientRect().top - 300), para(n));
    await frames(A);
    // Presence is relayed in batches, so the caret may be redrawn once more: measure it once it stays put.
    const measureLabel = () => A.$eval(`${para(n)} .collaboration-carets__label`, (l) => l.getBoundingClientRect().toJSON() as Box);
    let label = await measureLabel();
    for (let tries = 0; tries < 20; tries++) {
      await A.waitForTimeout(100);
      const again = await measureLabel();
      if (JSON.stringify(again) === JSON.stringify(label)) break;
      label = again;
    }
    const block = await A.$eval(para(n), (p) => p.getBoundingClientRect().top);
    expect(label.y).toBeLessThan(block); // the label sticks out above the paragraph's box...
    // ...and is painted in its own colour (the participant's, from the palette: it varies between runs)
    const background = await A.$eval(`${para(n)} .collaboration-carets__label`, (l) => getComputedStyle(l).backgroundColor);
    const rgb = background.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number];
    expect((await inkIn(A, label, 'e2e-render-remote-caret.png', rgb)).near).toBeGreaterThan(label.width * label.height * 0.3);
  });

  it('scrolls the caret into view at the end of the document, and selects and finds across skipped blocks', async () => {
    await A.evaluate(() => window.scrollTo(0, 0));
    await frames(A);
    const last = await A.$$eval('.ProseMirror > p', (ps) => ps.length);
    await caretAtEnd(A, '.ProseMirror > p:last-child');
    await A.keyboard.type('z');
    await frames(A);
    const r = await A.$eval('.ProseMirror > p:last-child', (p) => p.getBoundingClientRect().toJSON() as Box);
    expect(r.y).toBeLessThan(900);
    expect(r.y + r.height).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(50);
    // select-all reaches every block's text, rendered or not
    await A.evaluate(() => window.scrollTo(0, 0));
    await frames(A);
    const p58 = await A.$eval(para(58), (p) => (p.textContent ?? '').slice(0, 30));
    await A.click(para(1));
    await A.keyboard.press('Control+a');
    await expect.poll(() => A.evaluate(() => window.getSelection()?.toString() ?? '')).toContain(p58);
    // find-in-page finds text in a block far below and brings it into view
    await A.click(para(1));
    await A.evaluate(() => window.scrollTo(0, 0));
    await frames(A);
    const found = await A.evaluate((text) => (window as unknown as { find: (s: string) => boolean }).find(text), p58);
    expect(found).toBe(true);
    await frames(A);
    const p58Box = await A.$eval(para(58), (p) => p.getBoundingClientRect().toJSON() as Box);
    expect(p58Box.y).toBeLessThan(900);
    expect((await inkIn(A, p58Box, 'e2e-render-found.png')).ink).toBeGreaterThan(500);
  });

  it('prints every block', async () => {
    await A.emulateMedia({ media: 'print' });
    expect(await A.$eval(para(58), (p) => getComputedStyle(p).contentVisibility)).toBe('visible');
    await A.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });
});
