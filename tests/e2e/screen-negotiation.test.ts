// Screen negotiation and the ways of proposing whole paragraphs, in Chromium against the real server:
// the co-facilitator enters, for a delegation speaking in the room, a new paragraph after 12 and an
// alternative paragraph "12 Alt"; another delegation, at its own seat, co-sponsors the new paragraph.
// Everyone sees the same text; the history records who entered what for whom (docs/design.md §11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { caretAtEnd, openPage, signIn } from '../helpers/browser.ts';
import path from 'node:path';
import { SHOTS_DIR, para, penHolderPages, type PenHolderPages } from './helpers.ts';

let pages: PenHolderPages;
let A: Page; // co-facilitator
let B: Page; // secretariat
let C: Page; // a delegation at its seat
let own: string; // C's delegation id
let speaker: string; // the delegation the co-facilitator enters for

const NEW = 'We welcome the offer of the Government of Brazil to host the next review.';
const ALT = 'We decide to hold the review in 2025 and every ten years thereafter.';

const alternativeBlock = (label: string) => `.ProseMirror p[data-paragraph][data-label="${label}"]`;

/** A block's text as a reader sees the words: without proposer tags, screen-reader text and carets. */
const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.alt-tag, .sr-only, .collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
    return clone.textContent ?? '';
  });

beforeAll(async () => {
  pages = await penHolderPages();
  ({ A, B } = pages);
  C = (await openPage(pages.browser)).page;
  await signIn(C, pages.links.delegation);
  await C.waitForSelector(para(58));
  own = await C.evaluate(async () => (await (await fetch('/api/me')).json()).participant.delegation.id);
  const options = await A.$$eval('[data-screen-delegation] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  speaker = options.find((id) => id !== own)!;
});
afterAll(async () => {
  await pages?.close();
});

describe('screen negotiation', () => {
  it('the co-facilitator enters a new paragraph after 12 for the delegation speaking; it is 13, in brackets, for everyone', async () => {
    const old13 = await textOf(A, para(13));
    await A.selectOption('[data-screen-delegation]', speaker);
    await caretAtEnd(A, para(12));
    const panel = A.locator('[data-panel="screen-entry"]');
    await panel.locator('[data-proposal-text]').fill(NEW);
    await panel.locator('[data-propose="new-paragraph"]').click();
    await panel.locator('[data-proposal-result="ok"]').waitFor();
    for (const page of [A, B, C]) {
      await expect.poll(() => textOf(page, para(13)), { timeout: 10_000 }).toBe(NEW);
      expect(await page.getAttribute(`${para(13)} [data-bracket-alt]`, 'data-proposer')).toBe(speaker);
      expect(await textOf(page, para(14))).toBe(old13);
    }
  });

  it('and an alternative paragraph, shown as "12 Alt" right after 12', async () => {
    await caretAtEnd(A, para(12));
    const panel = A.locator('[data-panel="screen-entry"]');
    await panel.locator('[data-proposal-text]').fill(ALT);
    await panel.locator('[data-propose="paragraph-alternative"]').click();
    await panel.locator('[data-proposal-result="ok"]').waitFor();
    for (const page of [A, B, C]) {
      await expect.poll(() => textOf(page, alternativeBlock('12 Alt')), { timeout: 10_000 }).toBe(ALT);
      // 12, 12 Alt, then the new paragraph (13): the alternative sits with the paragraph it replaces.
      const order = await page.$$eval('.ProseMirror p[data-paragraph][data-label]', (ps) => ps.map((p) => p.getAttribute('data-label')));
      expect(order.slice(order.indexOf('12'), order.indexOf('12') + 3)).toEqual(['12', '12 Alt', '13']);
    }
    await A.locator(para(12)).scrollIntoViewIfNeeded();
    await A.screenshot({ path: path.join(SHOTS_DIR, 'e2e-screen-entry.png') });
  });

  it('another delegation co-sponsors the new paragraph from its own seat', async () => {
    await C.click(`${para(13)} [data-bracket-alt]`);
    const panel = C.locator('[data-panel="proposals"]');
    await expect.poll(() => panel.locator('[data-propose="cosponsor"]').isEnabled(), { timeout: 5_000 }).toBe(true);
    await panel.locator('[data-propose="cosponsor"]').click();
    await panel.locator('[data-proposal-result="ok"]').waitFor();
    await expect.poll(() => B.getAttribute(`${para(13)} [data-bracket-alt]`, 'data-cosponsors'), { timeout: 10_000 }).toBe(JSON.stringify([own]));
  });

  it('the history says who entered it, and for whom', async () => {
    const documentId = new URL(A.url()).pathname.split('/')[2];
    const history = await A.evaluate(async (id) => (await fetch(`/api/documents/${id}/history?limit=5`)).json(), documentId);
    const entries = history as { participant: { role: string; delegation: { id: string } | null } }[];
    expect(entries.some((e) => e.participant.role === 'cofacilitator' && e.participant.delegation?.id === speaker)).toBe(true);
  });
});
