// Keyboard and screen-reader users work in the room too: axe-core (the engine behind the browsers'
// accessibility audits) finds no critical or serious violation (WCAG 2.1 A and AA rules) on the editor
// and its panels, for each role, on the overview, nor on the pages around it. Runs in Chromium against the real server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { demoLinks, ensureClientBuilt, para, type DemoLinks } from './helpers.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Critical and serious violations on the page as it is now, one line each (rule, help, first elements). */
async function audit(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations: Violation[] = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

let server: ServerProcess;
let browser: Browser;
let links: DemoLinks;

beforeAll(async () => {
  ensureClientBuilt();
  server = await startServerProcess();
  links = demoLinks(server);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('axe-core finds no critical or serious violation', () => {
  it.each(['cofacilitator', 'secretariat', 'delegation', 'observer'] as const)('in the editor and its panels, as %s', async (role) => {
    const { page } = await openPage(browser);
    await signIn(page, links[role]);
    await page.waitForSelector(para(58));
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it('on the overview page, charts included', async () => {
    const { page } = await openPage(browser);
    await signIn(page, links.delegation);
    await page.waitForSelector(para(58));
    const documentId = new URL(page.url()).pathname.split('/')[2];
    await page.goto(new URL(`/d/${documentId}/overview`, server.httpUrl).href);
    await page.waitForSelector('.recharts-surface');
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it('on the negotiations page and the start-a-negotiation page', async () => {
    const { page } = await openPage(browser);
    await signIn(page, links.secretariat);
    await page.waitForSelector(para(58));
    await page.goto(new URL('/', server.httpUrl).href);
    await page.waitForSelector('main, h1, h2');
    expect(await audit(page)).toEqual([]);
    await page.goto(new URL('/new', server.httpUrl).href);
    await page.waitForSelector('input[type="file"]');
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it('the audit is live: a button without a name is reported', async () => {
    const { page } = await openPage(browser);
    await page.setContent('<html lang="en"><head><title>t</title></head><body><main><button></button></main></body></html>');
    expect((await audit(page)).join('\n')).toMatch(/button-name \(critical\)/);
    await page.close();
  });
});
