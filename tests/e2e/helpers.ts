// Shared set-up for browser tests: a fresh build of the client when sources changed, and the real
// server on a free port with a temporary data directory (it seeds the WSIS+10 demo).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, type Seats, type ServerProcess } from '../helpers/server.ts';
import { launchBrowser, openPage, signIn } from '../helpers/browser.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `vite build` unless dist/client is newer than client/ and shared/src. */
export function ensureClientBuilt(): void {
  const index = path.join(repoRoot, 'dist/client/index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(repoRoot, 'client')), newestMtime(path.join(repoRoot, 'shared/src')));
  if (built > sources) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export const SHOTS_DIR = path.join(repoRoot, '.tmp');

/**
 * The demo access links (server.links, from the start-up lines) on the tests' origin, so that the
 * session cookie and the pages share one host (the server prints http://localhost:PORT).
 */
export function demoLinks(server: Pick<ServerProcess, 'links' | 'httpUrl'>): Seats {
  const { secretariat, cofacilitator, delegation, observer } = server.links;
  if (!secretariat || !cofacilitator || !delegation || !observer) throw new Error('the server printed no demo links');
  return {
    secretariat: onHost(secretariat, server.httpUrl),
    cofacilitator: onHost(cofacilitator, server.httpUrl),
    delegation: onHost(delegation, server.httpUrl),
    observer: onHost(observer, server.httpUrl),
  };
}

export type DemoLinks = Seats;

/** The same link on the tests' origin (http://127.0.0.1:PORT). */
export function onHost(link: string, httpUrl: string): string {
  const u = new URL(link);
  const base = new URL(httpUrl);
  u.protocol = base.protocol;
  u.host = base.host;
  return u.toString();
}

export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** Calls the HTTP API with a participant's link token as bearer credentials. */
export async function apiAs<T = any>(
  httpUrl: string,
  link: string,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(httpUrl + urlPath, {
    method,
    headers: {
      authorization: `Bearer ${tokenOf(link)}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: json as T };
}

/** A numbered paragraph in the editor, by its margin label. */
export const para = (n: number) => `.ProseMirror p[data-paragraph][data-label="${n}"]`;

// The header's connection indicator and save status (client/src/components, data-connection and
// data-save-status), as the offline tests read them.
export const connectionState = (page: Page) => page.getAttribute('[data-connection]', 'data-connection');
export const connectionHeader = (page: Page) => page.textContent('[data-connection]');
export const saveStatus = (page: Page) => page.getAttribute('[data-save-status]', 'data-save-status').catch(() => null);
/** Edits the save status says are waiting to be sent (0 when it shows none). */
export const waitingEdits = async (page: Page) => Number((await page.getAttribute('[data-save-status]', 'data-waiting').catch(() => '0')) ?? 0);
/** Paragraph `n`'s text without the carets drawn inside it. */
export const paragraphText = (page: Page, n: number) =>
  page.$eval(para(n), (p) => {
    const clone = p.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.collaboration-carets__caret, .drawn-caret').forEach((c) => c.remove());
    return clone.textContent ?? '';
  });

export interface PenHolderPages {
  server: ServerProcess;
  browser: Browser;
  links: Seats;
  /** Signed in as the co-facilitator, the demo draft shown. */
  A: Page;
  /** Signed in as the secretariat, the demo draft shown. */
  B: Page;
  /** Uncaught script errors of either page. */
  errors: string[];
  close(): Promise<void>;
}

/** The demo negotiation in two browsers, co-facilitator and secretariat: most editor tests start here. */
export async function penHolderPages(): Promise<PenHolderPages> {
  ensureClientBuilt();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const server = await startServerProcess();
  const links = demoLinks(server);
  const browser = await launchBrowser();
  const A = (await openPage(browser)).page;
  const B = (await openPage(browser)).page;
  const errors: string[] = [];
  A.on('pageerror', (e) => errors.push(`A: ${e}`));
  B.on('pageerror', (e) => errors.push(`B: ${e}`));
  await Promise.all([signIn(A, links.cofacilitator), signIn(B, links.secretariat)]);
  await Promise.all([A.waitForSelector(para(58)), B.waitForSelector(para(58))]);
  return {
    server,
    browser,
    links,
    A,
    B,
    errors,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
