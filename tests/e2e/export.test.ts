// The Export menu in the document page, in Debian's Chromium against the real server: a
// co-facilitator downloads the clean draft as Word and the compilation text; an observer is not
// offered the compilation and downloads the PDF.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { demoLinks, ensureClientBuilt, para } from './helpers.ts';
import { unzipDocx } from '../unit/export-helpers.ts';

let server: ServerProcess;
let browser: Browser;
let cofac: Page;
let observer: Page;
const errors: string[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  server = await startServerProcess();
  const links = demoLinks(server);
  browser = await launchBrowser();
  cofac = (await openPage(browser)).page;
  observer = (await openPage(browser)).page;
  for (const page of [cofac, observer]) page.on('pageerror', (e) => errors.push(String(e)));
  await Promise.all([signIn(cofac, links.cofacilitator), signIn(observer, links.observer)]);
  await Promise.all([cofac.waitForSelector(para(58)), observer.waitForSelector(para(58))]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function download(page: Page, choice: string): Promise<{ name: string; bytes: Buffer }> {
  await page.click('[data-export-menu] summary');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(`[data-export="${choice}"]`)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(path!) };
}

describe('the Export menu', () => {
  it('gives the co-facilitator the clean draft as Word', async () => {
    const { name, bytes } = await download(cofac, 'clean:docx');
    expect(name).toMatch(/^United-Nations-General-Assembly-s-Overall-Review.*\.docx$/);
    const xml = unzipDocx(new Uint8Array(bytes))['word/document.xml'];
    expect(xml).toMatch(/>58\.<\/w:t><\/w:r><w:r><w:tab\/>/);
  });

  it('closes the menu once the file is saved, and offers the co-facilitator the compilation text', async () => {
    expect(await cofac.$eval('[data-export-menu]', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    const { name, bytes } = await download(cofac, 'compilation:text');
    expect(name).toMatch(/-compilation\.txt$/);
    expect(bytes.toString()).toContain('58. We recognize that in the preparation of the WSIS review');
  });

  it('does not offer the observer the compilation, and prints the PDF', async () => {
    await observer.click('[data-export-menu] summary');
    expect(await observer.locator('[data-export-kind="compilation"]').count()).toBe(0);
    expect(await observer.locator('[data-export-kind="clean"] [data-export]').count()).toBe(7);
    await observer.keyboard.press('Escape');
    expect(await observer.$eval('[data-export-menu]', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    const { name, bytes } = await download(observer, 'clean:pdf');
    expect(name).toMatch(/\.pdf$/);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
  }, 60_000);
});
