// "Colour by author": the co-facilitator types a word; the secretariat turns the view on and sees
// the word tinted and attributed to the co-facilitator, while untouched text reads as imported.
// Runs the real server and Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { caretAtEnd } from '../helpers/browser.ts';
import { para, penHolderPages, type PenHolderPages } from './helpers.ts';

let A: Page; // co-facilitator
let B: Page; // secretariat
let errors: string[];
let pages: PenHolderPages;

const WORD = 'Quokkaword';

beforeAll(async () => {
  pages = await penHolderPages();
  ({ A, B, errors } = pages);
});

afterAll(async () => {
  await pages?.close();
});

describe('colour by author', () => {
  it('is off by default, and when on shows who wrote each run of text', async () => {
    expect(await B.$$('.by-author')).toHaveLength(0);

    await caretAtEnd(A, para(6));
    await A.keyboard.type(` ${WORD}`);
    await B.waitForFunction(
      ([sel, word]) => document.querySelector(sel)?.textContent?.includes(word) ?? false,
      [para(6), WORD] as const,
      { timeout: 10_000 },
    );
    expect(await B.$$('.by-author')).toHaveLength(0);

    await B.getByLabel('Colour by author').check();
    const typed = `${para(6)} .by-author[data-author="Co-facilitator"]`;
    await B.waitForFunction(
      ([sel, word]) => Array.from(document.querySelectorAll(sel)).some((s) => s.textContent?.includes(word)),
      [typed, WORD] as const,
      { timeout: 10_000 },
    );
    const span = await B.$eval(typed, (s) => ({ text: s.textContent ?? '', style: s.getAttribute('style') ?? '' }));
    expect(span.text).toContain(WORD);
    expect(span.style).toMatch(/background/);

    // untouched text is the import's
    const imported = await B.$$eval(`${para(1)} .by-author`, (spans) => spans.map((s) => s.getAttribute('data-author')));
    expect(imported.length).toBeGreaterThan(0);
    expect(new Set(imported)).toEqual(new Set(['Imported text']));
    // the typed word itself is not the import's
    const importedText = await B.$$eval(`${para(6)} .by-author[data-author="Imported text"]`, (s) =>
      s.map((x) => x.textContent ?? '').join(''),
    );
    expect(importedText).not.toContain(WORD);

    // turning it off removes the colours
    await B.getByLabel('Colour by author').uncheck();
    await B.waitForFunction(() => document.querySelectorAll('.by-author').length === 0, undefined, { timeout: 5_000 });
    expect(errors).toEqual([]);
  });
});
