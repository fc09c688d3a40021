// PDF from the print-ready HTML export (shared/src/export/html.ts), printed by Debian's Chromium through
// playwright-core: the same engine the browser tests drive, so there is one rendering engine and the
// PDF looks like the HTML. The browser is launched on the first PDF request and reused, with one
// browser context (JavaScript off, offline, every request but data: URLs refused); each request gets
// its own page, closed afterwards, and the next page is opened while nobody waits for it (opening one
// costs 100-300 ms). A request that takes longer than the timeout fails instead of holding the HTTP
// response. An idle browser is closed after a minute so a quiet server does not keep a Chromium
// process around. Page numbers come from the HTML's own CSS (`@page` margin boxes), not Chromium's
// header/footer templates, which lay the document out a second time.
//
// Chromium is found at PENHOLDER_CHROMIUM (default /usr/bin/chromium). When it is missing the export
// answers 503 with the command that installs it (`PdfUnavailable`); nothing is downloaded.
// The launch flags are those of tests/helpers/browser.ts (no sandbox: the server may run as root in a
// container; no GPU, QUIC, background networking, component updates or sync: a print job needs none).
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const INSTALL_CHROMIUM = 'apt-get install -y chromium (or set PENHOLDER_CHROMIUM to a Chromium binary)';

export class PdfUnavailable extends Error {}

export function chromiumPath(): string {
  return process.env.PENHOLDER_CHROMIUM || '/usr/bin/chromium';
}

const IDLE_MS = 60_000;

export interface PdfOptions {
  /** Milliseconds one PDF may take, from opening the page to the last byte. */
  timeoutMs?: number;
}

/** One Chromium for every PDF of this process. */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private context: Promise<BrowserContext> | null = null;
  /** A page opened ahead of the next request. */
  private spare: Promise<Page> | null = null;
  private idle: NodeJS.Timeout | null = null;
  private busy = 0;
  /** How many times a browser was launched (one, while it stays up). */
  launches = 0;

  /** Chromium must be where the configuration says, even while a browser launched earlier still runs. */
  private checkChromium(): string {
    const path = chromiumPath();
    if (!fs.existsSync(path)) throw new PdfUnavailable(`Chromium is needed for PDF export and was not found at ${path}: ${INSTALL_CHROMIUM}`);
    return path;
  }

  private launch(): Promise<Browser> {
    const path = this.checkChromium();
    if (!this.browser) {
      this.launches++;
      const launching = chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
      this.browser = launching;
      this.context = null;
      this.spare = null;
      const forget = () => {
        if (this.browser !== launching) return;
        this.browser = null;
        this.context = null;
        this.spare = null;
      };
      launching.then((b) => b.on('disconnected', forget), forget);
    }
    return this.browser;
  }

  private openContext(): Promise<BrowserContext> {
    if (!this.context) {
      const opening = this.launch().then(async (browser) => {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        return context;
      });
      this.context = opening;
      opening.catch(() => void (this.context === opening && (this.context = null)));
    }
    return this.context;
  }

  private takePage(): Promise<Page> {
    const spare = this.spare;
    this.spare = null;
    return spare ?? this.openContext().then((c) => c.newPage());
  }

  private prepareSpare(): void {
    if (this.spare || !this.browser) return;
    const opening = this.openContext().then((c) => c.newPage());
    opening.catch(() => void (this.spare === opening && (this.spare = null)));
    this.spare = opening;
  }

  /** Prints self-contained HTML (no network: the page's requests are refused) to an A4 PDF. */
  async render(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.checkChromium();
    if (this.idle) clearTimeout(this.idle);
    this.busy++;
    let timer: NodeJS.Timeout | undefined;
    // The page is closed when the job ends, or as soon as it opens if the job has already timed out.
    const job: { page: Page | null; over: boolean } = { page: null, over: false };
    try {
      const work = (async () => {
        const page = await this.takePage();
        job.page = page;
        if (job.over) throw new Error('PDF job abandoned');
        await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return new Uint8Array(pdf);
      })();
      work.catch(() => {}); // a job that loses the race still settles quietly
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PDF rendering took longer than ${timeoutMs} ms`)), timeoutMs);
      });
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
      job.over = true;
      void job.page?.close().catch(() => {});
      if (--this.busy === 0) {
        this.prepareSpare();
        this.idle = setTimeout(() => void this.close(), IDLE_MS);
        this.idle.unref();
      }
    }
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const browser = this.browser;
    this.browser = null;
    this.context = null;
    this.spare = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {});
  }
}

/** The process's renderer (the HTTP export uses it; tests close it). */
export const pdfRenderer = new PdfRenderer();
