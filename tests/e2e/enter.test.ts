// Enter then typing at full speed, in the large generated document (300 paragraphs, 2,000 bracket
// groups, where an Enter costs the most), with a delegation following in a second browser: every
// letter typed right after Enter must land at the start of the new paragraph, in order (issue 12:
// the first letter sometimes landed at the end of the new paragraph). A second pen-holder types a
// letter into the title as each Enter is pressed, so a remote change reaches the y-sync binding
// between the keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { ensureClientBuilt, onHost } from './helpers.ts';
import { seedLargeDocument } from '../../bench/browser.ts';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import { issueParticipant } from '../../server/src/access/links.ts';

let server: ServerProcess;
let browser: Browser;
let page: Page;
let reader: Page;
let other: Page;
const errors: string[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  server = await startServerProcess();
  const large = await seedLargeDocument(server);
  browser = await launchBrowser();
  ({ page } = await openPage(browser));
  ({ page: reader } = await openPage(browser));
  ({ page: other } = await openPage(browser));
  page.on('pageerror', (e) => errors.push(String(e)));
  const store = new SqliteStore(server.dataDir);
  let secretariat: string;
  try {
    secretariat = (await issueParticipant(store, { negotiationId: 'bench-large', role: 'secretariat', name: 'Other pen-holder' }, server.httpUrl)).link;
  } finally {
    await store.close();
  }
  for (const [p, link] of [
    [page, large.cofacilitator],
    [reader, large.delegation],
    [other, secretariat],
  ] as const) {
    await p.goto(onHost(link, server.httpUrl));
    await p.waitForFunction((n) => (document.querySelector('.ProseMirror')?.childElementCount ?? 0) >= n, large.blocks, { timeout: 30_000 });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Split {
  /** Text of the paragraph before the caret, and after it. */
  head: string;
  tail: string;
}

/**
 * Puts the caret inside the first running text (a text node directly in the paragraph, at a word
 * boundary) of the `nth` open numbered paragraph with such text, through ProseMirror, and returns
 * what the split should leave on each side.
 */
async function caretInParagraph(p: Page, nth: number): Promise<Split> {
  const split = await p.evaluate((nth) => {
    type PMNodeLike = {
      type: { name: string };
      attrs: Record<string, unknown>;
      isText: boolean;
      text?: string;
      textContent: string;
      nodeSize: number;
      forEach(f: (n: PMNodeLike, offset: number) => void): void;
    };
    const dom = document.querySelector('.ProseMirror') as HTMLElement & {
      editor: {
        state: { doc: PMNodeLike };
        commands: { setTextSelection(pos: number): boolean; focus(): boolean };
      };
    };
    const editor = dom.editor;
    const candidates: Array<{ pos: number; head: string; tail: string }> = [];
    editor.state.doc.forEach((block, blockPos) => {
      if (block.type.name !== 'paragraph' || ['agreed', 'adref'].includes(String(block.attrs.status))) return;
      let found: { pos: number; head: string; tail: string } | null = null;
      let before = '';
      block.forEach((child, offset) => {
        if (!found && child.isText && child.text!.length > 30) {
          const space = child.text!.indexOf(' ', 10);
          if (space > 0) {
            const at = space + 1;
            found = { pos: blockPos + 1 + offset + at, head: before + child.text!.slice(0, at), tail: block.textContent.slice(before.length + at) };
          }
        }
        before += child.textContent;
      });
      if (found) candidates.push(found);
    });
    const c = candidates[nth % candidates.length]!;
    editor.commands.focus();
    editor.commands.setTextSelection(c.pos);
    return { head: c.head, tail: c.tail };
  }, nth);
  await p.waitForTimeout(120);
  return split;
}

/** The texts of the block holding the caret and of the one before it. */
function aroundCaret(p: Page): Promise<{ previous: string; current: string; offset: number }> {
  return p.evaluate(() => {
    const dom = document.querySelector('.ProseMirror') as HTMLElement & {
      editor: { state: { doc: { child(i: number): { textContent: string } }; selection: { $from: { index(d: number): number; parentOffset: number } } } };
    };
    const { doc, selection } = dom.editor.state;
    const i = selection.$from.index(0);
    return { previous: doc.child(i - 1).textContent, current: doc.child(i).textContent, offset: selection.$from.parentOffset };
  });
}

describe('Enter then typing at full speed (large document)', () => {
  it('puts every letter typed right after Enter at the start of the new paragraph, in order', async () => {
    const ROUNDS = 12;
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { head, tail } = await caretInParagraph(page, 7 + round * 9);
      const word = `Qz${String.fromCharCode(97 + (round % 26))}w`;
      // no pause between the keys, and the next key sent before the browser handled the last: the
      // letters queue up while Enter's work on a large document runs, as when a person types fast
      // and the other pen-holder's change to the title arrives meanwhile (a remote transaction)
      await other.evaluate(() => {
        const dom = document.querySelector('.ProseMirror') as HTMLElement & { editor: { commands: { insertContentAt(pos: number, text: string): boolean } } };
        dom.editor.commands.insertContentAt(3, 'r');
      });
      await Promise.all([page.keyboard.press('Enter'), ...[...word].map((ch) => page.keyboard.press(ch))]);
      await page.waitForTimeout(250);
      const got = await aroundCaret(page);
      if (got.previous.trimEnd() !== head.trimEnd() || got.current !== word + tail || got.offset !== word.length) {
        failures.push(`round ${round}: before ${JSON.stringify(got.previous.slice(-30))}, new paragraph ${JSON.stringify(got.current.slice(0, 40))}…${JSON.stringify(got.current.slice(-20))}, caret at ${got.offset}`);
      }
    }
    // the remote changes did arrive
    await expect.poll(() => page.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.includes('rrrrr'))).toBe(true);
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});

/** The margin labels the DOM shows by top-level block, and those the labels plugin's state holds. */
function shownAndExact(p: Page): Promise<{ shown: (string | null)[]; exact: (string | null)[] }> {
  return p.evaluate(() => {
    type LabelsState = { blocks: Array<{ label: string | null }> };
    const dom = document.querySelector('.ProseMirror') as HTMLElement & {
      editor: { state: { plugins: Array<{ key: string; getState(s: unknown): unknown }> } };
    };
    const state = dom.editor.state;
    const plugin = state.plugins.find((pl) => pl.key.startsWith('penholderLabels'))!;
    const exact = (plugin.getState(state) as LabelsState).blocks.map((b) => b.label);
    const shown = Array.from(dom.children).map((el) => el.getAttribute('data-label'));
    return { shown, exact };
  });
}

describe('margin numbers after an Enter near the top (large document)', () => {
  it('every paragraph shows its new number soon after, also those far below the screen', async () => {
    await caretInParagraph(page, 1);
    const before = await shownAndExact(page);
    expect(before.shown).toEqual(before.exact);
    await page.keyboard.press('Enter');
    // the blocks near the screen at once, the others right after the frame (editor/labels.ts)
    await expect.poll(() => shownAndExact(page).then(({ shown, exact }) => shown.length === exact.length && shown.every((l, i) => l === exact[i])), { timeout: 3_000 }).toBe(true);
    const after = await shownAndExact(page);
    expect(after.exact.length).toBe(before.exact.length + 1);
    // numbers moved by one after the split, down to the last paragraph
    expect(after.exact.at(-1)).not.toBe(before.exact.at(-1));
    expect(errors).toEqual([]);
  });
});
