// A secretariat starts a negotiation from its own draft in the browser: chooses the file, reads the
// import preview (counts, report, first labels), changes the numbering style, confirms, and lands in
// the new document as its secretariat. A file that is not a draft is refused with the reason and
// nothing is created. Runs the real server and Debian's Chromium.
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { getJSON, startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { demoLinks, ensureClientBuilt, SHOTS_DIR } from './helpers.ts';

// The Word file built from ECOSOC resolution 2010/2 (scripts/build-docx-fixtures.ts): automatic (a)-(e)
// list, Word footnotes, italic opening words.
const DRAFT = path.join(process.cwd(), 'fixtures/docx/ecosoc-2010-2.docx');
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  server = await startServerProcess({ env: { PENHOLDER_QUIET: '1' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
});

describe('starting a negotiation from a Word draft in the browser', () => {
  it('previews, lets the style change, creates and opens the new document as its secretariat', async () => {
    const { page, errors, context } = await openPage(browser);
    await signIn(page, demoLinks(server).secretariat);
    await page.goto(`${server.httpUrl}/`);
    await page.getByRole('link', { name: 'Start a negotiation from a draft…' }).click();
    await page.waitForURL(/\/new$/);

    await page.setInputFiles('input[type=file]', DRAFT);
    const preview = page.getByRole('form', { name: 'Import preview' });
    await preview.waitFor();
    const count = (key: string) => preview.locator(`[data-count="${key}"]`).textContent();
    expect(await count('paragraphs')).toBe('48');
    expect(await count('footnotes')).toBe('9');
    expect(await count('subparagraphs')).toBe('5');
    expect(await preview.getByRole('radio', { name: /Resolution/ }).isChecked()).toBe(true);
    expect(await preview.textContent()).toContain('ecosoc-2010-2.docx · read as Word');
    expect(await preview.locator('.import-sample li').first().textContent()).toMatch(/^1\. Notes the ongoing implementation/);
    expect(await preview.locator('.import-report li').first().textContent()).toMatch(/^line 1 Word paragraph 1: "Resolution" read as part of the symbol E\/RES\/2010\/2/);

    // Outcome style numbers the preamble too: the first label now belongs to a preambular paragraph.
    await preview.getByRole('radio', { name: /Outcome document/ }).check();
    await page.waitForFunction(() => document.querySelector('.import-sample li')?.textContent?.startsWith('1. Recalling') ?? false);
    await fs.promises.mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS_DIR, 'create-negotiation-preview.png'), fullPage: true });

    await preview.getByLabel('Negotiation title').fill('ECOSOC 2011: WSIS follow-up');
    await preview.getByRole('button', { name: 'Create the negotiation' }).click();
    const created = page.getByRole('region', { name: 'Negotiation created' });
    await created.waitFor();
    const link = await created.getByRole('textbox').inputValue();
    expect(link).toMatch(/\/join\?token=[A-Za-z0-9_-]{43}$/);

    await created.getByRole('link', { name: 'Open the document' }).click();
    await page.waitForSelector('.ProseMirror p[data-paragraph][data-label="1"]');
    expect(await page.locator('.ProseMirror p[data-paragraph][data-label="1"]').textContent()).toMatch(/^Recalling the outcome documents/);
    expect(await page.locator('.app-bar').textContent()).toContain('Secretariat');
    // The secretariat may manage the new negotiation: its Participants panel is offered.
    expect(await page.getByRole('button', { name: 'Participants' }).count()).toBe(1);

    // The session now belongs to the new negotiation, which the server lists with its title.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'penholder_session')!;
    const negotiations = await fetch(`${server.httpUrl}/api/negotiations`, { headers: { cookie: `penholder_session=${session.value}` } }).then((r) => r.json());
    expect(negotiations.map((n: { title: string }) => n.title)).toEqual(['ECOSOC 2011: WSIS follow-up']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a file that is not a draft with the reason, and creates nothing', async () => {
    const before = (await getJSON(server, '/api/negotiations')).body.length;
    const { page, context } = await openPage(browser);
    await signIn(page, demoLinks(server).secretariat);
    await page.goto(`${server.httpUrl}/new`);
    await page.setInputFiles('input[type=file]', { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%...') });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/minutes\.pdf: This is a PDF file/);
    expect(await page.getByRole('form', { name: 'Import preview' }).count()).toBe(0);
    expect((await getJSON(server, '/api/negotiations')).body.length).toBe(before);
    await context.close();
  });

  it('is not offered to a co-facilitator', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, demoLinks(server).cofacilitator);
    await page.goto(`${server.httpUrl}/`);
    await page.getByText('Signed in as').waitFor();
    expect(await page.getByRole('link', { name: 'Start a negotiation from a draft…' }).count()).toBe(0);
    await page.goto(`${server.httpUrl}/new`);
    await page.getByText('Only a secretariat starts negotiations.').waitFor();
    await context.close();
  });
});
