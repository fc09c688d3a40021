// Launches Debian's Chromium for browser tests through playwright-core (no bundled browsers).
// playwright's launch() gives each browser a fresh temporary profile (user-data-dir) and every
// newContext() its own storage, so two contexts behave like two people on two machines.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PENHOLDER_CHROMIUM ?? '/usr/bin/chromium';

// The flags the server's PDF renderer launches Chromium with (this machine's closed network needs the
// background-networking ones), so the tests' browser and the server's are started alike.
export { CHROMIUM_ARGS } from '../../server/src/export/pdf.ts';
import { CHROMIUM_ARGS } from '../../server/src/export/pdf.ts';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set PENHOLDER_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (own cookies, localStorage) with a page; browser console errors are collected. */
export async function openPage(
  browser: Browser,
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return { context, page, errors };
}

/**
 * Signs the page's context in by opening a personal access link: the server sets the session
 * cookie and redirects to the negotiation's document; resolves once the editor shows the text.
 */
export async function signIn(page: Page, link: string, opts: { timeout?: number } = {}): Promise<void> {
  await page.goto(link);
  await page.waitForURL(/\/d\/[^/?#]+$/, { timeout: opts.timeout ?? 15_000 });
  await page.waitForSelector('.ProseMirror p[data-paragraph][data-label]', { timeout: opts.timeout ?? 15_000 });
}

/**
 * Selects `text` inside the element matched by `selector` (first occurrence in one text node) with a
 * DOM range, as a mouse drag would; ProseMirror picks it up on selectionchange.
 */
export async function selectText(page: Page, selector: string, text: string): Promise<void> {
  await focusEditor(page, selector);
  const ok = await page.evaluate(
    ({ selector, text }) => {
      const root = document.querySelector(selector);
      if (!root) return false;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + text.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return true;
      }
      return false;
    },
    { selector, text },
  );
  if (!ok) throw new Error(`text "${text}" not found in ${selector}`);
  // let ProseMirror read the DOM selection (selectionchange is asynchronous)
  await page.waitForFunction((t) => window.getSelection()?.toString() === t, text);
  await settleSelection(page);
}

/** Puts the caret at the end of the element's last text (a click there, then End). */
export async function caretAtEnd(page: Page, selector: string): Promise<void> {
  await focusEditor(page, selector);
  await page.evaluate((selector) => {
    const root = document.querySelector(selector)!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.parentElement?.closest('[contenteditable="false"]') === null) last = n;
    const sel = window.getSelection()!;
    const range = document.createRange();
    range.setStart(last!, last!.textContent!.length);
    sel.removeAllRanges();
    sel.addRange(range);
  }, selector);
  await settleSelection(page);
}

/**
 * Puts the caret inside the element's first text (at `at`, default the middle), as a click there
 * would; works in read-only editors too (ProseMirror reads the DOM selection).
 */
export async function caretIn(page: Page, selector: string, at?: number): Promise<void> {
  await focusEditor(page, selector);
  await page.evaluate(
    ({ selector, at }) => {
      const root = document.querySelector(selector);
      if (!root) throw new Error(`no ${selector}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let text: Node | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.textContent && n.parentElement?.closest('[contenteditable="false"]:not(.ProseMirror)') == null) {
          text = n;
          break;
        }
      }
      if (!text) throw new Error(`no text in ${selector}`);
      const offset = at ?? Math.floor(text.textContent!.length / 2);
      const range = document.createRange();
      range.setStart(text, offset);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    },
    { selector, at },
  );
  await settleSelection(page);
}

/**
 * Focuses the editor holding `selector` (every role's editor is contenteditable) and lets
 * ProseMirror's focus handling finish: it may put its own selection back into the DOM shortly
 * after focus, which would undo a selection set too early.
 */
async function focusEditor(page: Page, selector: string): Promise<void> {
  const focused = await page.evaluate((selector) => {
    const editor = document.querySelector(selector)?.closest('[contenteditable="true"]') as HTMLElement | null;
    if (!editor || editor.contains(document.activeElement)) return false;
    editor.focus();
    return true;
  }, selector);
  if (focused) await page.waitForTimeout(60);
}

/**
 * Waits until ProseMirror's selection is the DOM selection (it reads it on selectionchange, which
 * is asynchronous). Where the two legitimately differ (a drawn caret beside a bracket), gives up
 * quietly after a short while.
 */
async function settleSelection(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const dom = document.querySelector('.ProseMirror') as
          | (HTMLElement & {
              editor?: { view: { posAtDOM(n: Node, o: number): number; state: { selection: { anchor: number; head: number } } } };
            })
          | null;
        const view = dom?.editor?.view;
        const sel = window.getSelection();
        if (!view || !sel?.anchorNode || !sel.focusNode) return false;
        try {
          const anchor = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
          const head = view.posAtDOM(sel.focusNode, sel.focusOffset);
          return view.state.selection.anchor === anchor && view.state.selection.head === head;
        } catch {
          return false;
        }
      },
      undefined,
      { timeout: 1000 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(20);
}

/** The editor's selection as ProseMirror positions (TipTap keeps the editor on its element). */
export async function editorSelection(page: Page): Promise<{ from: number; to: number; empty: boolean }> {
  return page.evaluate(() => {
    const dom = document.querySelector('.ProseMirror') as HTMLElement & { editor: { state: { selection: { from: number; to: number; empty: boolean } } } };
    const { from, to, empty } = dom.editor.state.selection;
    return { from, to, empty };
  });
}

/**
 * How many Yjs items this browser itself wrote into its copy of the document (0: it never made a
 * change, so it never sent one to the server).
 */
export async function ownYjsItems(page: Page): Promise<number> {
  return page.evaluate(() => {
    type YDocLike = { clientID: number; store: { clients: Map<number, unknown[]> } };
    const dom = document.querySelector('.ProseMirror') as HTMLElement & {
      editor: { extensionManager: { extensions: Array<{ name: string; options: { document?: YDocLike } }> } };
    };
    const collab = dom.editor.extensionManager.extensions.find((e) => e.name === 'collaboration');
    const ydoc = collab?.options.document;
    if (!ydoc) throw new Error('no Y.Doc on the editor');
    return ydoc.store.clients.get(ydoc.clientID)?.length ?? 0;
  });
}
