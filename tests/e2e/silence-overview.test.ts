// The silence procedure and the overview, in Chromium: the co-facilitator puts two paragraphs under
// silence with a short deadline; a delegation breaks silence on one of them with a reason, which the
// co-facilitator sees; at the deadline the server agrees the other one; the overview page shows it
// agreed under silence, and who broke silence on the other and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { caretIn, openPage, signIn } from '../helpers/browser.ts';
import { SHOTS_DIR, para, penHolderPages, type PenHolderPages } from './helpers.ts';

let pages: PenHolderPages;
let A: Page; // co-facilitator
let C: Page; // delegation (European Union)
let first: number;
let second: number;

const DEADLINE_S = 25;
const REASON = 'The European Union needs to consult its member States on this paragraph.';

beforeAll(async () => {
  pages = await penHolderPages();
  A = pages.A;
  C = (await openPage(pages.browser)).page;
  C.on('pageerror', (e) => pages.errors.push(`C: ${e}`));
  await signIn(C, pages.links.delegation);
  await C.waitForSelector(para(58));
  // two consecutive numbered paragraphs without bracket groups, not agreed yet
  const labels = await A.$$eval('.ProseMirror p[data-paragraph][data-label]', (ps) =>
    ps.map((p) => ({ label: Number(p.getAttribute('data-label')), clean: !p.querySelector('[data-bracket-group]') && p.getAttribute('data-status') !== 'agreed' })),
  );
  const at = labels.findIndex((l, i) => l.clean && labels[i + 1]?.clean && labels[i + 1]!.label === l.label + 1);
  if (at < 0) throw new Error('the demo text has no two consecutive paragraphs without brackets');
  first = labels[at]!.label;
  second = first + 1;
});
afterAll(async () => {
  await pages?.close();
});

describe('silence and the overview', () => {
  it('the co-facilitator puts two paragraphs under silence until a deadline', async () => {
    // select from the start of the first paragraph to the end of the second
    await caretIn(A, para(first));
    await A.evaluate(
      ([p1, p2]) => {
        type View = { posAtDOM(n: Node, o: number): number };
        const root = document.querySelector('.ProseMirror') as HTMLElement & { editor: { view: View; commands: { setTextSelection(r: { from: number; to: number }): boolean } } };
        const a = document.querySelector(p1)!;
        const b = document.querySelector(p2)!;
        const from = root.editor.view.posAtDOM(a, 0);
        const to = root.editor.view.posAtDOM(b, b.childNodes.length);
        root.editor.commands.setTextSelection({ from, to });
      },
      [para(first), para(second)],
    );
    await expect.poll(() => A.textContent('[data-silence-scope] option[value="paragraph"]'), { timeout: 5_000 }).toBe(`paragraphs ${first}, ${second}`);
    const deadline = await A.evaluate((s) => {
      const d = new Date(Date.now() + s * 1000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    }, DEADLINE_S);
    await A.fill('[data-silence-deadline]', deadline);
    await A.click('[data-silence-open]');
    await expect.poll(() => A.textContent('[data-silence-result]'), { timeout: 10_000 }).toBe('Put under silence.');
    await A.waitForSelector('[data-panel="silence"] [data-silence]');
  });

  it('a delegation sees the banner on a paragraph under silence and breaks silence with a reason', async () => {
    await caretIn(C, para(second));
    await C.waitForSelector('[data-silence-banner]', { timeout: 10_000 });
    expect(await C.textContent('[data-silence-banner]')).toContain(`Paragraph ${second} is under silence`);
    await C.click('[data-silence-break-open]');
    // a reason is required
    expect(await C.isDisabled('[data-silence-break-send]')).toBe(true);
    await C.fill('[data-silence-reason]', REASON);
    await C.click('[data-silence-break-send]');
    await expect.poll(() => C.textContent('[data-silence-result]'), { timeout: 10_000 }).toBe('Silence broken; everyone sees your reason.');
    await C.screenshot({ path: path.join(SHOTS_DIR, 'e2e-silence-break.png') });
    // shown to all: the co-facilitator's panel names the delegation and the reason
    await expect
      .poll(() => A.textContent('[data-panel="silence"] [data-silence-break]'), { timeout: 10_000 })
      .toBe(`European Union broke silence on paragraph ${second}: “${REASON}”`);
  });

  it('at the deadline the unbroken paragraph is agreed, the broken one is not', async () => {
    await expect.poll(() => A.getAttribute(para(first), 'data-status'), { timeout: (DEADLINE_S + 20) * 1000, interval: 1000 }).toBe('agreed');
    await expect.poll(() => C.getAttribute(para(first), 'data-status'), { timeout: 10_000 }).toBe('agreed');
    expect(await A.getAttribute(para(second), 'data-status')).not.toBe('agreed');
    await A.waitForSelector('[data-panel="silence"] >> text=No text is under silence.');
  }, (DEADLINE_S + 40) * 1000);

  it('the overview shows it agreed under silence, and who broke silence on the other and why', async () => {
    const documentPath = new URL(C.url()).pathname;
    await C.goto(new URL(`${documentPath}/overview`, C.url()).toString());
    await C.waitForSelector('[data-overview-silence] [data-silence-agreed]', { timeout: 15_000 });
    expect(await C.textContent('[data-silence-agreed]')).toBe(
      `Agreed under silence: paragraph ${first}; not agreed: paragraph ${second} (silence broken by European Union)`,
    );
    expect(await C.textContent('[data-overview-silence] [data-silence-break]')).toContain(`European Union broke silence on paragraph ${second}`);
    expect(await C.textContent('[data-overview-silence] [data-silence-break]')).toContain(REASON);
    expect(Number(await C.textContent('[data-total="agreed"]'))).toBeGreaterThanOrEqual(1);
    // the charts are drawn (recharts renders SVG)
    expect(await C.$$eval('.overview .chart svg', (svgs) => svgs.length)).toBeGreaterThanOrEqual(2);
    await C.screenshot({ path: path.join(SHOTS_DIR, 'e2e-overview.png'), fullPage: true });
    expect(pages.errors).toEqual([]);
  });
});
