// Who may do what, seen from the browser: each participant signs in by a personal access link; a
// delegation proposes through the proposals panel and the co-facilitator sees it bracketed, coloured
// and attributed, and resolves it; the observer cannot change anything; a revoked participant is
// told so; participant-controlled names stay text. Real server, Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../helpers/server.ts';
import { caretIn, editorSelection, launchBrowser, openPage, ownYjsItems, selectText, signIn } from '../helpers/browser.ts';
import { apiAs, demoLinks, ensureClientBuilt, onHost, SHOTS_DIR, type DemoLinks } from './helpers.ts';

let server: ServerProcess;
let browser: Browser;
let links: DemoLinks;
let negotiationId: string;
let documentId: string;
let cofac: Page;
let eu: Page;
const errors: string[] = [];

const para = (n: number) => `.ProseMirror p[data-paragraph][data-label="${n}"]`;

/** Text of an element without collaborators' carets and drawn carets. */
function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
    return clone.textContent ?? '';
  });
}

/** A word of 7+ letters from the paragraph's own text (outside brackets and others' carets). */
function wordIn(page: Page, n: number): Promise<string> {
  return page.$eval(para(n), (p) => {
    const clone = p.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.bracket-group, .footnote, .collaboration-carets__caret, .drawn-caret').forEach((c) => c.replaceWith(' '));
    return (clone.textContent ?? '').split(/[^A-Za-z]+/).find((w) => w.length >= 7)!;
  });
}

/** Alternatives of the groups in a paragraph: text, proposer id, tooltip, and the group's name tag. */
function attributedGroups(page: Page, n: number) {
  return page.$$eval(`${para(n)} .bracket-group`, (groups) =>
    groups.map((g) => {
      // collaborators' carets (every role's caret is shown) are not text
      const textOf = (el: Element) => {
        const clone = el.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('.collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
        return clone.textContent ?? '';
      };
      return {
      tag: g.getAttribute('data-by-names'),
      // the short names in the attribution tags after the alternatives
      after: Array.from(g.querySelectorAll(':scope > .alt-tag .tag-name')).map((t) => t.textContent).join(' '),
      alts: Array.from(g.children)
        .filter((c) => c.classList.contains('bracket-alt'))
        .map((a) => ({
          text: textOf(a),
          proposer: a.getAttribute('data-proposer'),
          title: a.getAttribute('title'),
          tinted: a.classList.contains('by-delegation'),
        })),
      };
    }),
  );
}

/**
 * Everything a person might try to change a read-only text with, at the caret in `selector`:
 * typing, Backspace, Delete, Enter, cut, paste (keys and a clipboard event), drop, formatting,
 * undo, an editing command, and IME composition (through the DevTools protocol, as an input method
 * would).
 */
async function tryToEdit(page: Page, selector: string): Promise<void> {
  await caretIn(page, selector, 3);
  await page.keyboard.type('typed here');
  for (const key of ['Backspace', 'Delete', 'Enter', 'Shift+Enter', 'Control+b', 'Control+i', 'Control+z', 'Control+y', 'Control+Shift+b', 'Control+Alt+b', 'Control+Shift+a', 'Control+Alt+a', 'Control+Shift+x'])
    await page.keyboard.press(key);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Control+x');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Backspace');
  await page.evaluate(() => {
    const dom = document.querySelector('.ProseMirror')!;
    const data = new DataTransfer();
    data.setData('text/plain', 'PASTED');
    data.setData('text/html', '<p>PASTED</p>');
    dom.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    dom.dispatchEvent(new ClipboardEvent('cut', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true }));
    const target = window.getSelection()!.anchorNode!.parentElement!;
    const rect = target.getBoundingClientRect();
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, clientX: rect.left + 2, clientY: rect.top + 2, bubbles: true, cancelable: true }));
    document.execCommand('insertText', false, 'EXEC');
    document.execCommand('bold');
    document.execCommand('delete');
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'ą', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: 'ąę', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: 'ąę' });
  await cdp.detach();
  await page.waitForTimeout(500);
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

beforeAll(async () => {
  ensureClientBuilt();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  server = await startServerProcess();
  links = demoLinks(server);
  const me = await apiAs(server.httpUrl, links.secretariat, 'GET', '/api/me');
  negotiationId = me.body.participant.negotiationId;
  const negotiations = await apiAs(server.httpUrl, links.secretariat, 'GET', '/api/negotiations');
  documentId = negotiations.body[0].documents[0].id;
  browser = await launchBrowser();
  const a = await openPage(browser);
  const b = await openPage(browser);
  cofac = a.page;
  eu = b.page;
  cofac.on('pageerror', (e) => errors.push(`cofac: ${e}`));
  eu.on('pageerror', (e) => errors.push(`eu: ${e}`));
  await Promise.all([signIn(cofac, links.cofacilitator), signIn(eu, links.delegation)]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('signing in', () => {
  it('without a link, the app says a personal access link is needed and shows the reason', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${server.httpUrl}/d/${documentId}`);
    await page.waitForSelector('[data-page="sign-in"]');
    expect(await page.textContent('h2')).toBe('You need your personal access link to join this negotiation');
    expect(await page.textContent('[data-sign-in-error]')).toContain('authentication required');
    expect(await page.$$('.ProseMirror')).toHaveLength(0);
    await context.close();
  });

  it('with an invalid token, the server refuses the link and the app still shows the sign-in page', async () => {
    const { context, page } = await openPage(browser);
    const res = await page.goto(`${server.httpUrl}/join?token=${'A'.repeat(43)}`);
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toMatch(/This access link is (not valid|malformed)/);
    await page.goto(`${server.httpUrl}/d/${documentId}?token=nonsense`);
    await page.waitForSelector('[data-page="sign-in"]');
    expect(await page.textContent('[data-sign-in-error]')).toBeTruthy();
    await context.close();
  });

  it('with a link, the header says who you are', async () => {
    // the name, then the role and the delegation only when they say something more
    expect(await cofac.textContent('[data-identity]')).toBe('Co-facilitator');
    expect(await cofac.getAttribute('[data-identity]', 'data-role')).toBe('cofacilitator');
    expect(await eu.textContent('[data-identity-name]')).toBe('European Union');
    expect(await eu.textContent('[data-identity-role]')).toBe('Delegation');
    expect(await eu.$$('[data-identity-delegation]')).toHaveLength(0);
    expect(await eu.getAttribute('[data-identity]', 'title')).toContain('European Union, Delegation, European Union');
    // the co-facilitator edits (toolbar); the delegation reads, and proposes through the panel
    expect(await cofac.$$('.toolbar')).toHaveLength(1);
    expect(await eu.$$('.toolbar')).toHaveLength(0);
    // navigable (a caret, arrow keys) but read-only
    expect(await eu.getAttribute('.ProseMirror', 'contenteditable')).toBe('true');
    expect(await eu.getAttribute('.ProseMirror', 'aria-readonly')).toBe('true');
    expect(await eu.$$('[data-panel="proposals"]')).toHaveLength(1);
    expect(await cofac.$$('[data-panel="penholder"]')).toHaveLength(1);
  });
});

describe('a delegation proposes, the co-facilitator sees it attributed and resolves it', () => {
  const n = 30;
  let word: string;

  it('the delegation selects text and proposes a replacement', async () => {
    word = await wordIn(eu, n);
    expect(word).toBeTruthy();
    await selectText(eu, para(n), word);
    await expect.poll(() => eu.textContent('[data-proposal-context]')).toContain(word);
    await eu.fill('[data-proposal-text]', 'World Conference');
    await eu.click('button[data-propose="replace"]');
    await eu.waitForSelector('[data-proposal-result="ok"]');
    // the proposal comes back through sync, attributed to the delegation
    await expect
      .poll(() => attributedGroups(eu, n), { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ alts: [expect.objectContaining({ text: word, proposer: null }), expect.objectContaining({ text: 'World Conference', proposer: 'eu' })] }));
    await eu.locator(para(n)).scrollIntoViewIfNeeded();
    await eu.screenshot({ path: path.join(SHOTS_DIR, 'e2e-delegation-proposes.png') });
  });

  it("the co-facilitator sees it bracketed, coloured and named after the delegation", async () => {
    await expect.poll(() => attributedGroups(cofac, n), { timeout: 10_000 }).toHaveLength(1);
    const [group] = await attributedGroups(cofac, n);
    expect(group.alts.map((a) => a.text)).toEqual([word, 'World Conference']);
    expect(group.alts[1]).toMatchObject({ proposer: 'eu', tinted: true, title: 'Proposed by European Union.' });
    expect(group.tag).toBe('European Union');
    expect(group.after).toBe('EU');
    // coloured: the alternative's tint is the delegation's colour
    const tint = await cofac.$eval(`${para(n)} .bracket-alt[data-proposer="eu"]`, (a) => (a as HTMLElement).style.getPropertyValue('--by'));
    expect(tint).toMatch(/^\s*#[0-9a-f]{6}$/);
    await cofac.locator(para(n)).scrollIntoViewIfNeeded();
    await cofac.screenshot({ path: path.join(SHOTS_DIR, 'e2e-cofacilitator-sees-proposal.png') });
  });

  it('the filter highlights one delegation and dims the others', async () => {
    await cofac.selectOption('[data-filter-select]', 'eu');
    await cofac.waitForSelector('.ProseMirror.proposal-filter .bracket-alt.by-focus[data-proposer="eu"]');
    await cofac.selectOption('[data-filter-select]', 'g77');
    await cofac.waitForSelector('.ProseMirror.proposal-filter .bracket-alt.by-other[data-proposer="eu"]');
    await cofac.selectOption('[data-filter-select]', '');
    await cofac.waitForSelector('.ProseMirror:not(.proposal-filter)');
  });

  it('the delegation supports its proposal; the co-facilitator sees the position', async () => {
    await caretIn(eu, `${para(n)} .bracket-alt[data-proposer="eu"]`);
    await expect.poll(() => eu.textContent('[data-alt-context]')).toContain('(yours)');
    await eu.click('button[data-propose="support"]');
    await expect
      .poll(() => cofac.getAttribute(`${para(n)} .bracket-alt[data-proposer="eu"]`, 'title'), { timeout: 10_000 })
      .toBe('Proposed by European Union. Supported by European Union.');
  });

  it('the paragraph history names the delegation', async () => {
    const box = (await cofac.locator(para(n)).boundingBox())!;
    await cofac.mouse.click(box.x + 8, box.y + 8); // the number in the margin
    await cofac.waitForSelector('[data-panel="history"] [data-history-entry]', { timeout: 10_000 });
    expect(await cofac.textContent('[data-panel="history"]')).toContain('European Union');
  });

  it('the co-facilitator resolves the group by keeping the proposal', async () => {
    await caretIn(cofac, `${para(n)} .bracket-alt[data-proposer="eu"]`);
    await cofac.waitForSelector('[data-panel="penholder"] [data-resolve-keep="1"]');
    await cofac.click('[data-panel="penholder"] [data-resolve-keep="1"]');
    for (const page of [cofac, eu]) {
      await expect.poll(() => page.$$(`${para(n)} .bracket-group`).then((g) => g.length), { timeout: 10_000 }).toBe(0);
      expect(await textOf(page, para(n))).toContain('World Conference');
      expect(await textOf(page, para(n))).not.toContain(word);
    }
  });

  it('the co-facilitator sets the paragraph status, shown in the margin', async () => {
    await cofac.click(para(n));
    await cofac.selectOption('[data-status-select]', 'adref');
    for (const page of [cofac, eu]) {
      await expect.poll(() => page.getAttribute(para(n), 'data-status'), { timeout: 10_000 }).toBe('adref');
    }
    expect(await eu.$eval(para(n), (p) => getComputedStyle(p, '::after').content)).toContain('ad ref');
  });

  it('the delegation proposes an insertion at the caret, then withdraws it', async () => {
    const m = 31;
    await caretIn(eu, para(m), 0);
    await eu.fill('[data-proposal-text]', 'and in all regions ');
    await eu.click('button[data-propose="insert"]');
    await eu.waitForSelector('[data-proposal-result]');
    expect(await eu.textContent('[data-proposal-result]')).toMatch(/^Sent/);
    await expect.poll(() => attributedGroups(cofac, m).then((gs) => gs.flatMap((g) => g.alts.map((a) => a.text))), { timeout: 10_000 }).toContain(
      'and in all regions ',
    );
    await expect.poll(() => eu.$$(`${para(m)} .bracket-alt[data-proposer="eu"]`).then((a) => a.length), { timeout: 10_000 }).toBe(1);
    await caretIn(eu, `${para(m)} .bracket-alt[data-proposer="eu"]`);
    await expect.poll(() => eu.textContent('[data-alt-context]')).toContain('(yours)');
    await eu.click('button[data-propose="withdraw"]');
    await expect.poll(() => cofac.$$(`${para(m)} .bracket-alt[data-proposer="eu"]`).then((a) => a.length), { timeout: 10_000 }).toBe(0);
  });

  it('the delegation adds an alternative to an existing group, amends it, and objects to another', async () => {
    const m = 58;
    const alts = (page: Page) => attributedGroups(page, m).then((gs) => gs.find((g) => g.alts.some((a) => a.text === 'World Summit'))?.alts ?? []);
    await caretIn(eu, `${para(m)} .bracket-alt`, 2);
    await expect.poll(() => eu.textContent('[data-alt-context]')).toContain('original text');
    await eu.fill('[data-proposal-text]', 'World Forum');
    await eu.click('button[data-propose="alternative"]');
    await expect.poll(() => alts(cofac).then((a) => a.map((x) => [x.text, x.proposer])), { timeout: 10_000 }).toEqual([
      ['World Summit', null],
      ['High Level Meeting', null],
      ['World Forum', 'eu'],
    ]);
    await expect.poll(() => eu.$$(`${para(m)} .bracket-alt[data-proposer="eu"]`).then((a) => a.length), { timeout: 10_000 }).toBe(1);
    await caretIn(eu, `${para(m)} .bracket-alt[data-proposer="eu"]`);
    await eu.fill('[data-proposal-text]', 'World Forum on the Information Society');
    await eu.click('button[data-propose="amend"]');
    await expect.poll(() => alts(cofac).then((a) => a[2]?.text), { timeout: 10_000 }).toBe('World Forum on the Information Society');
    await caretIn(eu, `${para(m)} .bracket-alt`, 2);
    await eu.click('button[data-propose="object"]');
    await expect.poll(() => alts(cofac).then((a) => a[0]?.title), { timeout: 10_000 }).toContain('Objected to by European Union');
    await eu.click('button[data-propose="clear"]');
    await expect.poll(() => alts(cofac).then((a) => a[0]?.title ?? ''), { timeout: 10_000 }).not.toContain('Objected');
  });

  it('the delegation moves with the keyboard, selects with shift+arrows and proposes from the panel', async () => {
    const m = 33;
    const text = await textOf(eu, para(m));
    const first = /^[A-Za-z]+/.exec(text)![0];
    await caretIn(eu, para(m), 0);
    const start = await editorSelection(eu);
    await eu.keyboard.press('ArrowRight');
    await eu.keyboard.press('ArrowRight');
    await expect.poll(() => editorSelection(eu)).toEqual({ from: start.from + 2, to: start.from + 2, empty: true });
    await eu.keyboard.press('End');
    await expect.poll(() => editorSelection(eu).then((s) => s.from)).toBeGreaterThan(start.from + 2);
    await eu.keyboard.press('Home');
    await expect.poll(() => editorSelection(eu).then((s) => s.from)).toBe(start.from);
    await expect.poll(() => eu.textContent('[data-proposal-context]')).toMatch(/^Caret in paragraph 33\.$/);
    for (let i = 0; i < first.length; i++) await eu.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => editorSelection(eu)).toEqual({ from: start.from, to: start.from + first.length, empty: false });
    expect(await eu.evaluate(() => window.getSelection()?.toString())).toBe(first);
    await expect.poll(() => eu.textContent('[data-proposal-context]')).toContain(`“${first}”`);
    await eu.fill('[data-proposal-text]', 'Keyboard proposal');
    await eu.click('button[data-propose="replace"]');
    await eu.waitForSelector('[data-proposal-result="ok"]');
    await expect
      .poll(() => attributedGroups(cofac, m).then((gs) => gs.map((g) => g.alts.map((a) => [a.text, a.proposer]))), { timeout: 10_000 })
      .toContainEqual([
        [first, null],
        ['Keyboard proposal', 'eu'],
      ]);
  });

  it('nothing the delegation types, pastes, cuts, drops or composes changes the text', async () => {
    const m = 34;
    const before = await textOf(eu, para(m));
    await tryToEdit(eu, para(m));
    expect(await textOf(eu, para(m))).toBe(before);
    expect(await eu.$$eval(`${para(m)} strong, ${para(m)} b`, (els) => els.length)).toBe(0);
    expect(await textOf(cofac, para(m))).toBe(before);
    expect(await ownYjsItems(eu)).toBe(0);
    expect(await eu.$$('[data-sync-refused], [data-access-ended]')).toHaveLength(0);
  });

  it("shows the server's refusal when the delegation's view is out of date", async () => {
    const { context, page } = await openPage(browser);
    // hold back what the server sends this browser, so its text goes stale
    let frozen = false;
    await page.routeWebSocket(/\/sync\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        if (!frozen) ws.send(m);
      });
    });
    await signIn(page, links.delegation);
    const m = 35;
    const word = await wordIn(page, m);
    frozen = true;
    await selectText(cofac, para(m), word);
    await cofac.keyboard.type('rewritten');
    await expect.poll(() => textOf(cofac, para(m))).toContain('rewritten');
    await selectText(page, para(m), word);
    await page.fill('[data-proposal-text]', 'something else');
    await page.click('button[data-propose="replace"]');
    await page.waitForSelector('[data-proposal-result="error"]');
    expect(await page.textContent('[data-proposal-result="error"]')).toBe(
      'Refused: the text has changed since you selected it; select it again',
    );
    await context.close();
  });
});

describe('the observer', () => {
  it('reads the text and cannot change it: no toolbar, no proposals, typing does nothing', async () => {
    const { context, page } = await openPage(browser);
    await signIn(page, links.observer);
    expect(await page.textContent('[data-identity]')).toBe('Observer');
    expect(await page.getAttribute('[data-identity]', 'data-role')).toBe('observer');
    expect(await page.getAttribute('.ProseMirror', 'contenteditable')).toBe('true');
    expect(await page.getAttribute('.ProseMirror', 'aria-readonly')).toBe('true');
    expect(await page.$$('.toolbar')).toHaveLength(0);
    expect(await page.$$('[data-panel="proposals"], [data-panel="penholder"]')).toHaveLength(0);
    const before = await textOf(page, para(12));
    await page.click(para(12));
    await page.keyboard.type('typed by the observer');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await tryToEdit(page, para(12));
    expect(await textOf(page, para(12))).toBe(before);
    expect(await textOf(cofac, para(12))).toBe(before);
    expect(await ownYjsItems(page)).toBe(0);
    expect(await page.$$('[data-sync-refused], [data-access-ended]')).toHaveLength(0);
    await page.screenshot({ path: path.join(SHOTS_DIR, 'e2e-observer.png') });
    await context.close();
  });

  it('moves the caret with the arrow keys, Home and End, and selects with shift+arrows', async () => {
    const { context, page } = await openPage(browser);
    await signIn(page, links.observer);
    await caretIn(page, para(14), 0);
    const start = await editorSelection(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => editorSelection(page)).toEqual({ from: start.from + 3, to: start.from + 3, empty: true });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => editorSelection(page).then((s) => s.from)).toBe(start.from + 2);
    await page.keyboard.press('End');
    await expect.poll(() => editorSelection(page).then((s) => s.from)).toBeGreaterThan(start.from + 2);
    await page.keyboard.press('Home');
    await expect.poll(() => editorSelection(page).then((s) => s.from)).toBe(start.from);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => editorSelection(page).then((s) => s.from)).toBeGreaterThan(start.from);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => editorSelection(page).then((s) => s.to - s.from)).toBe(2);
    expect(await page.evaluate(() => window.getSelection()?.toString().length)).toBe(2);
    // the native caret is shown (not transparent)
    expect(await page.$eval('.ProseMirror', (el) => getComputedStyle(el).caretColor)).not.toBe('rgba(0, 0, 0, 0)');
    await context.close();
  });

  it('a change forced into its document is refused: the browser drops it, reloads the text and says why', async () => {
    const { context, page } = await openPage(browser);
    await signIn(page, links.observer);
    const before = await textOf(page, para(13));
    // bypass the read-only editor, as a tampered client would: TipTap keeps the editor on its
    // element; dropping the plugin that refuses local changes lets the change reach Yjs
    await page.evaluate((sel) => {
      const dom = document.querySelector('.ProseMirror') as HTMLElement & { editor: any };
      const editor = dom.editor;
      editor.unregisterPlugin('penholderReadOnly');
      const p = document.querySelector(sel)!;
      const pos = editor.view.posAtDOM(p, 0);
      editor.view.dispatch(editor.state.tr.insertText('FORGED ', pos + 1));
    }, para(13));
    await page.waitForSelector('[data-sync-refused]', { timeout: 10_000 });
    expect(await page.textContent('[data-sync-refused]')).toContain('observers cannot change the document');
    await expect.poll(() => page.$(para(13)).then((el) => (el ? textOf(page, para(13)) : null)), { timeout: 10_000 }).toBe(before);
    expect(await textOf(cofac, para(13))).toBe(before);
    // still connected, on a fresh document
    await page.waitForSelector('[data-connection="connected"]', { timeout: 10_000 });
    await context.close();
  });
});

describe('participants', () => {
  it('the secretariat issues a link in the Participants panel; revoking it ends that browser’s access', async () => {
    const sec = await openPage(browser);
    await signIn(sec.page, links.secretariat);
    await sec.page.click('[data-open-participants]');
    await sec.page.waitForSelector('[data-panel="participants"] .participant-list li');
    await sec.page.selectOption('[data-issue-role]', 'delegation');
    await sec.page.selectOption('[data-issue-delegation]', 'g77');
    await sec.page.fill('[data-issue-name]', 'G77 negotiator');
    // valid for a week
    const week = await sec.page.evaluate(() => {
      const at = new Date(Date.now() + 7 * 86_400_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    });
    await sec.page.fill('[data-issue-expires]', week);
    await sec.page.click('.issue-link button[type="submit"]');
    await sec.page.waitForSelector('[data-issued-link] input');
    const link = onHost(await sec.page.inputValue('[data-issued-link] input'), server.httpUrl);
    expect(await sec.page.textContent('[data-issued-link]')).toContain('valid until');
    await sec.page.click('[data-copy-link]');
    await sec.page.waitForSelector('[data-copy-status="yes"]');
    expect(await sec.page.textContent('[data-copy-status]')).toBe('Copied');
    // the server holds the expiry
    const listed = await apiAs(server.httpUrl, links.secretariat, 'GET', `/api/negotiations/${negotiationId}/participants`);
    const expiresAt = listed.body.find((p: { name: string }) => p.name === 'G77 negotiator')?.expiresAt as string;
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 7 * 86_400_000))).toBeLessThan(5 * 60_000);
    await sec.page.waitForSelector('li[data-status="active"]:has-text("G77 negotiator") [data-expires]');
    await sec.page.screenshot({ path: path.join(SHOTS_DIR, 'e2e-participants.png') });
    expect(link).toMatch(/\/join\?token=/);

    const g77 = await openPage(browser);
    await signIn(g77.page, link);
    expect(await g77.page.textContent('[data-identity-name]')).toBe('G77 negotiator');

    const row = sec.page.locator('li[data-status="active"]', { hasText: 'G77 negotiator' });
    await row.locator('button[data-revoke]').click();
    await sec.page.waitForSelector('li[data-status="revoked"]:has-text("G77 negotiator")');

    await g77.page.waitForSelector('[data-access-ended]', { timeout: 10_000 });
    expect(await g77.page.textContent('[data-access-ended]')).toContain('revoked');
    expect(await g77.page.textContent('[data-access-ended-reason]')).toBe('access revoked');
    await g77.page.screenshot({ path: path.join(SHOTS_DIR, 'e2e-revoked.png') });
    // the link no longer signs anyone in
    const again = await openPage(browser);
    const res = await again.page.goto(link);
    expect(res?.status()).toBe(401);
    await Promise.all([sec.context.close(), g77.context.close(), again.context.close()]);
  });
});

describe('signing out', () => {
  it('ends the session: the sign-in page, and the cookie no longer works', async () => {
    const { context, page } = await openPage(browser);
    await signIn(page, links.observer);
    await page.click('[data-sign-out]');
    await page.waitForSelector('[data-page="sign-in"][data-signed-out]');
    expect(await page.textContent('h2')).toBe('You have signed out');
    expect(await page.$$('.ProseMirror')).toHaveLength(0);
    expect(new URL(page.url()).pathname).toBe('/');
    // the server forgot the session: a reload asks for the link again
    await page.reload();
    await page.waitForSelector('[data-page="sign-in"]');
    expect(await page.textContent('[data-sign-in-error]')).toContain('authentication required');
    await context.close();
  });
});

describe('names participants control are text, never HTML', () => {
  const evil = '<img src=x onerror=window.__pwned=1>Evil';

  it('in the header, presence and attribution', async () => {
    const added = await apiAs(server.httpUrl, links.secretariat, 'POST', `/api/negotiations/${negotiationId}/delegations`, {
      name: evil,
      kind: 'state',
    });
    expect(added.status).toBe(201);
    const delegationId = added.body.delegation.id as string;
    const issued = await apiAs(server.httpUrl, links.secretariat, 'POST', `/api/negotiations/${negotiationId}/participants`, {
      role: 'delegation',
      name: `${evil} delegate`,
      delegationId,
    });
    expect(issued.status).toBe(201);
    const link = onHost(issued.body.link, server.httpUrl);

    const { context, page } = await openPage(browser);
    await signIn(page, link);
    expect(await page.textContent('[data-identity-name]')).toBe(`${evil} delegate`);
    expect(await page.textContent('[data-identity-delegation]')).toBe(evil);

    // presence in the co-facilitator's browser
    await expect
      .poll(() => cofac.$$eval('.presence li', (lis) => lis.map((li) => li.textContent ?? '')), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining(evil));

    // a proposal attributed to it
    const n = 40;
    await caretIn(page, para(n), 0);
    await page.fill('[data-proposal-text]', 'evil words ');
    await page.click('button[data-propose="insert"]');
    await expect
      .poll(() => attributedGroups(cofac, n).then((gs) => gs.map((g) => g.tag)), { timeout: 10_000 })
      .toContainEqual(evil);
    expect(await cofac.getAttribute(`${para(n)} .bracket-alt[data-proposer="${delegationId}"]`, 'title')).toBe(`Proposed by ${evil}.`);
    await cofac.reload();
    await cofac.waitForSelector(para(n));
    await cofac.selectOption('[data-filter-select]', delegationId);
    expect(await cofac.textContent(`[data-filter-select] option[value="${delegationId}"]`)).toBe(evil);

    for (const p of [page, cofac]) {
      expect(await p.$$('img:not(.ProseMirror-separator)')).toHaveLength(0);
      expect(await pwned(p)).toBeUndefined();
    }
    await context.close();
  });

  it('raised no page errors, and the read-only delegation never had a change refused', async () => {
    expect(errors).toEqual([]);
    expect(await eu.$$('[data-sync-refused], [data-access-ended]')).toHaveLength(0);
  });
});
