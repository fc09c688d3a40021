// The proposals panel in Chromium, played out on paragraph 37 of the WSIS+10 zero draft (the IGF
// mandate: "another five years"): the European Union proposes ten, the Group of 77 fifteen and
// objects to ten; the co-facilitator's panel lists the group with its proposers and counts, keyboard
// next moves the editor to it, the EU comments on its alternative and the G77 sees it live, and the
// co-facilitator resolves the comment. Attribution reads as tags; a proposed deletion shows the text
// it would delete, struck through; an insertion after a word is set apart by a space; nothing runs
// past the text column at 1024 px or 1280x800 (screenshots in .tmp/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { caretIn, launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { apiAs, demoLinks, ensureClientBuilt, onHost, para, SHOTS_DIR, type DemoLinks } from './helpers.ts';

let server: ServerProcess;
let browser: Browser;
let links: DemoLinks;
let g77Link: string;
let documentId: string;
let cofac: Page;
let eu: Page;
let g77: Page;
const errors: string[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  server = await startServerProcess();
  links = demoLinks(server);
  const me = await apiAs(server.httpUrl, links.secretariat, 'GET', '/api/me');
  const negotiationId = me.body.participant.negotiationId as string;
  const negotiations = await apiAs(server.httpUrl, links.secretariat, 'GET', '/api/negotiations');
  documentId = negotiations.body[0].documents[0].id;
  const issued = await apiAs(server.httpUrl, links.secretariat, 'POST', `/api/negotiations/${negotiationId}/participants`, {
    role: 'delegation',
    name: 'G77 delegate',
    delegationId: 'g77',
  });
  expect(issued.status).toBe(201);
  g77Link = onHost(issued.body.link, server.httpUrl);
  browser = await launchBrowser();
  cofac = (await openPage(browser, { viewport: { width: 1024, height: 768 } })).page;
  eu = (await openPage(browser)).page;
  g77 = (await openPage(browser)).page;
  for (const [who, page] of [['cofac', cofac], ['eu', eu], ['g77', g77]] as const) page.on('pageerror', (e) => errors.push(`${who}: ${e}`));
  await Promise.all([signIn(cofac, links.cofacilitator), signIn(eu, links.delegation), signIn(g77, g77Link)]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const operate = (link: string, op: unknown) => apiAs(server.httpUrl, link, 'POST', `/api/documents/${documentId}/operations`, op);

/** Where `needle` stands in the block labelled `label`, as ProseMirror counts in the block's content. */
function locate(page: Page, label: string, needle: string) {
  return page.evaluate(
    ({ label, needle }) => {
      type N = { attrs: Record<string, unknown>; isText: boolean; text?: string; descendants(f: (n: N, pos: number) => boolean | void): void; nodeSize: number; textBetween(from: number, to: number): string };
      const dom = document.querySelector(`.ProseMirror p[data-paragraph][data-label="${label}"]`) as HTMLElement;
      const view = (document.querySelector('.ProseMirror') as HTMLElement & { editor: { view: { posAtDOM(n: Node, o: number): number; state: { doc: { resolve(p: number): { before(d: number): number; node(d: number): N } } } } } }).editor.view;
      const $p = view.state.doc.resolve(view.posAtDOM(dom, 0));
      const block = $p.node(1);
      let at = -1;
      block.descendants((n, pos) => {
        if (at >= 0) return false;
        if (n.isText && n.text!.includes(needle)) at = pos + n.text!.indexOf(needle);
        return true;
      });
      // the block's text before the needle: what an insertion there sends as `expected`
      return { blockId: String(block.attrs.id), at, textBefore: at >= 0 ? block.textBetween(0, at) : '' };
    },
    { label, needle },
  );
}

/** The group in paragraph 37 with alternative "ten", as the co-facilitator's page shows it. */
const groupOf37 = (page: Page) =>
  page.$$eval(`${para(37)} .bracket-group`, (groups) =>
    groups
      .map((g) => ({
        id: g.getAttribute('data-id'),
        alts: Array.from(g.querySelectorAll(':scope > .bracket-alt')).map((a) => ({
          id: a.getAttribute('data-id'),
          proposer: a.getAttribute('data-proposer'),
          text: a.textContent,
          title: a.getAttribute('title'),
        })),
        tags: Array.from(g.querySelectorAll(':scope > .alt-tag')).map((t) => ({ text: t.querySelector('[aria-hidden]')?.textContent, title: t.getAttribute('title'), spoken: t.querySelector('.sr-only')?.textContent })),
      }))
      .find((g) => g.alts.some((a) => a.text === 'ten')),
  );

const countOf = (page: Page, what: string) => page.textContent(`[data-list-counts] [data-count="${what}"]`).then(Number);

describe('paragraph 37: five, ten or fifteen years', () => {
  let groupsBefore: number;
  let blockId: string;
  let tenId: string;

  it('two delegations propose and take positions through the server', async () => {
    await cofac.waitForSelector('[data-panel="proposals-list"] [data-list-counts]');
    groupsBefore = await countOf(cofac, 'groups');
    const five = await locate(cofac, '37', 'five years');
    blockId = five.blockId;
    expect(five.at).toBeGreaterThan(0);
    const r1 = await operate(links.delegation, { type: 'propose-replacement', blockId, from: five.at, to: five.at + 4, expected: 'five', text: 'ten' });
    expect(r1.status).toBe(200);
    await expect.poll(() => groupOf37(cofac), { timeout: 10_000 }).toBeTruthy();
    const group = (await groupOf37(cofac))!;
    tenId = group.alts[1].id!;
    expect((await operate(g77Link, { type: 'propose-alternative', groupId: group.id, text: 'fifteen' })).status).toBe(200);
    expect((await operate(g77Link, { type: 'position', altId: tenId, position: 'object' })).status).toBe(200);
    expect((await operate(links.delegation, { type: 'position', altId: tenId, position: 'support' })).status).toBe(200);
  });

  it('the text shows a compact tag per alternative: short name on its colour, positions as counts, names on hover', async () => {
    await expect.poll(() => groupOf37(cofac).then((g) => g?.alts.map((a) => a.text)), { timeout: 10_000 }).toEqual(['five', 'ten', 'fifteen']);
    await expect.poll(() => groupOf37(cofac).then((g) => g?.tags.map((t) => t.text)), { timeout: 10_000 }).toEqual(['EU+1 −1', 'G77']);
    const group = (await groupOf37(cofac))!;
    expect(group.tags[0].title).toBe('Proposed by European Union. Supported by European Union. Objected to by Group of 77 and China.');
    expect(group.tags[0].spoken).toContain('Objected to by Group of 77 and China');
    const colours = await cofac.$$eval(`${para(37)} .alt-tag .tag-name`, (names) => names.map((n) => getComputedStyle(n).backgroundColor));
    expect(new Set(colours).size).toBe(2);
  });

  it("the co-facilitator's panel lists the group under paragraph 37 with proposers and counts, live", async () => {
    await expect.poll(() => countOf(cofac, 'groups'), { timeout: 10_000 }).toBe(groupsBefore + 1);
    const item = `[data-proposal-items] [data-group-id] [data-alt-id="${tenId}"]`;
    await cofac.waitForSelector(item);
    const row = () =>
      cofac.$eval(`[data-proposal-items] ul:has([data-alt-id="${tenId}"])`, (ul) => ({
      state: ul.getAttribute('data-group-state'),
      alts: Array.from(ul.children).map((li) => ({
        text: li.querySelector('.alt-text')?.textContent,
        proposer: li.getAttribute('data-proposer'),
        tag: li.querySelector('.delegation-tag [aria-hidden]')?.textContent ?? null,
        positions: li.querySelector('[data-positions]')?.getAttribute('data-positions') ?? null,
      })),
      label: ul.closest('li[data-item-label]')?.getAttribute('data-item-label'),
    }));
    // polled: the list is derived again a moment after each change, and the positions came last
    await expect.poll(row, { timeout: 10_000 }).toEqual({
      state: 'contested',
      label: '37',
      alts: [
        { text: '[five]', proposer: '', tag: null, positions: null },
        { text: '[ten]', proposer: 'eu', tag: 'EU', positions: '+1 −1' },
        { text: '[fifteen]', proposer: 'g77', tag: 'G77', positions: null },
      ],
    });
    // the legend names the colours
    await cofac.click('[data-legend] summary');
    expect(await cofac.textContent('[data-legend]')).toContain('Group of 77 and China');
  });

  it('keyboard next (]) in the list moves the editor to the group and highlights it', async () => {
    await cofac.selectOption('[data-list-filter="delegation"]', 'g77');
    await cofac.evaluate(() => window.scrollTo(0, 0));
    await cofac.focus('[data-proposal-items]');
    await cofac.keyboard.press(']');
    await cofac.waitForSelector(`${para(37)} .bracket-group.group-highlight`);
    const inView = await cofac.$eval(`${para(37)} .bracket-group.group-highlight`, (g) => {
      const r = g.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    const caretIn37 = await cofac.evaluate(() => {
      const view = (document.querySelector('.ProseMirror') as HTMLElement & { editor: { state: { selection: { $from: { parent: { type: { name: string } } } } } } }).editor;
      return view.state.selection.$from.parent.type.name;
    });
    expect(caretIn37).toBe('bracketAlt');
    // the pen-holders' panel now offers to resolve that very group
    await cofac.waitForSelector('[data-panel="penholder"] [data-resolve-keep="2"]');
    expect(await cofac.textContent('[data-list-position]')).toBe('1 of 1');
    // the list keeps the focus, so [ and ] go on walking
    expect(await cofac.evaluate(() => document.activeElement?.hasAttribute('data-proposal-items'))).toBe(true);
    await cofac.selectOption('[data-list-filter="delegation"]', '');
    await cofac.focus('[data-proposal-items]');
    await cofac.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => cofac.textContent('[data-list-position]')).not.toMatch(/^1 of /);
  });

  it('the EU comments on its alternative; the G77 sees it live, attributed by the server', async () => {
    const altItem = `[data-proposal-items] li[data-item-key]:has([data-alt-id="${tenId}"])`;
    await eu.click(altItem);
    const box = `[data-comments-for="${blockId}#${tenId}"]`;
    await eu.click(`${box} [data-comment-add]`);
    await eu.fill(`${box} [data-comment-text-input]`, 'Ten years gives the IGF the predictability it needs.');
    await eu.click(`${box} [data-comment-send]`);
    // the badge appears in the G77's list without choosing anything
    await g77.waitForSelector(`[data-proposal-items] [data-alt-id="${tenId}"] [data-comment-count="1"]`, { timeout: 10_000 });
    expect(await countOf(g77, 'comments')).toBe(1);
    await g77.click(altItem);
    await g77.waitForSelector(`${box} [data-comment-text]`);
    expect(await g77.textContent(`${box} [data-comment-text]`)).toBe('Ten years gives the IGF the predictability it needs.');
    expect(await g77.textContent(`${box} [data-comment-author]`)).toContain('European Union');
    // delegations cannot resolve
    expect(await g77.$(`${box} [data-comment-resolve]`)).toBeNull();
  });

  it('the co-facilitator resolves the comment; the EU sees it resolved', async () => {
    const altItem = `[data-proposal-items] li[data-item-key]:has([data-alt-id="${tenId}"])`;
    await cofac.click(altItem);
    const box = `[data-comments-for="${blockId}#${tenId}"]`;
    await cofac.click(`${box} [data-comment-resolve="resolve"]`);
    await eu.waitForSelector(`${box} [data-thread][data-resolved="yes"]`, { timeout: 10_000 });
    expect(await eu.textContent(`${box} [data-resolved-note]`)).toMatch(/^Resolved by /);
    await expect.poll(() => countOf(eu, 'comments')).toBe(0);
  });

  it('a delegation comments on a paragraph without brackets, at its caret; the paragraph joins the list', async () => {
    await caretIn(g77, para(36), 3);
    // The button may still name the paragraph of the caret's last place for a frame (panels follow the
    // editor on its own clock): wait for it to name paragraph 36.
    await expect.poll(() => g77.textContent('[data-comment-caret]'), { timeout: 10_000 }).toBe('Comment on paragraph 36 (at the caret)');
    await g77.click('[data-comment-caret]');
    await g77.fill('.comment-at-caret [data-comment-text-input]', 'A legal framework is premature.');
    await g77.click('.comment-at-caret [data-comment-send]');
    const item = '[data-proposal-items] li[data-item-label="36"]';
    await cofac.waitForSelector(`${item} [data-comment-count="1"]`, { timeout: 10_000 });
    await cofac.click(item);
    const p36 = await locate(cofac, '36', 'We note');
    expect(await cofac.textContent(`[data-comments-for="${p36.blockId}"] [data-comment-text]`)).toBe('A legal framework is premature.');
    // an observer reads the comment and is offered no way to write one
    const observer = (await openPage(browser)).page;
    await signIn(observer, links.observer);
    await observer.click(item);
    expect(await observer.textContent(`[data-comments-for="${p36.blockId}"] [data-comment-text]`)).toBe('A legal framework is premature.');
    await caretIn(observer, para(36), 3);
    await observer.waitForTimeout(300);
    expect(await observer.$$('[data-comment-caret], [data-comment-add], [data-comment-reply], [data-comment-resolve]')).toHaveLength(0);
    await observer.close();
  });

  it('a proposed deletion shows the words it would delete, struck through; an insertion after a word gets its space', async () => {
    const target = await locate(cofac, '37', 'with its current mandate');
    expect((await operate(links.delegation, { type: 'propose-deletion', blockId: target.blockId, from: target.at, to: target.at + 24, expected: 'with its current mandate' })).status).toBe(200);
    // positions are counted in the text as the page has it: wait for the deletion to arrive first
    await cofac.waitForSelector(`${para(37)} .alt-deletes`, { timeout: 10_000 });
    const after = await locate(cofac, '37', 'Forum outcomes');
    expect((await operate(g77Link, { type: 'propose-insertion', blockId: after.blockId, at: after.at + 'Forum outcomes'.length, expected: `${after.textBefore}Forum outcomes`, text: 'and working modalities' })).status).toBe(200);
    const struck = await cofac.$eval(`${para(37)} .alt-deletes`, (d) => ({ text: d.textContent, line: getComputedStyle(d).textDecorationLine, inAlt: !!d.closest('.bracket-alt') }));
    expect(struck).toEqual({ text: 'with its current mandate', line: 'line-through', inAlt: true });
    await expect
      .poll(() => cofac.$eval(para(37), (p) => {
        const clone = p.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('.alt-tag, .alt-deletes, .collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
        return clone.textContent ?? '';
      }), { timeout: 10_000 })
      .toContain('Forum outcomes and working modalities and participation');
    const exported = await apiAs(server.httpUrl, links.cofacilitator, 'GET', `/api/documents/${documentId}/export?format=text&kind=clean`);
    expect(String(exported.body)).toContain('Forum outcomes [and working modalities] and participation');
  });

  it('nothing runs past the text column at 1024x768 or 1280x800', async () => {
    for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 800 }]) {
      await cofac.setViewportSize(viewport);
      await cofac.locator(para(37)).scrollIntoViewIfNeeded();
      const overflow = await cofac.evaluate((sel) => {
        const p = document.querySelector(sel)!;
        const sheet = document.querySelector('.sheet')!.getBoundingClientRect();
        const out = Array.from(p.querySelectorAll('.alt-tag, .bracket-alt, .alt-deletes')).filter((el) => {
          const r = el.getBoundingClientRect();
          return r.right > sheet.right + 0.5 || r.left < sheet.left - 0.5;
        });
        return { page: document.documentElement.scrollWidth - window.innerWidth, outside: out.length };
      }, para(37));
      expect(overflow).toEqual({ page: 0, outside: 0 });
      await cofac.screenshot({ path: path.join(SHOTS_DIR, `proposals-panel-${viewport.width}x${viewport.height}.png`) });
    }
    // a delegation's view on a 13-inch laptop: its proposals panel and the list side by side with the text
    await eu.setViewportSize({ width: 1280, height: 800 });
    await eu.locator(para(37)).scrollIntoViewIfNeeded();
    expect(await eu.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await eu.screenshot({ path: path.join(SHOTS_DIR, 'proposals-panel-delegation-1280x800.png') });
    expect(errors).toEqual([]);
  });
});
