// PDF from the print-ready HTML export (shared/src/export/html.ts), printed by Debian's Chromium through
// playwright-core: the same engine the browser tests drive, so there is one rendering engine and the
// PDF looks like the HTML. The browser is launched on the first PDF request and reused; each request
// gets its own page (closed afterwards), and a request that takes longer than the timeout fails
// instead of holding the HTTP response. An idle browser is closed after a minute so a quiet server
// does not keep a Chromium process around.
//
// Chromium is found at PENHOLDER_CHROMIUM (default /usr/bin/chromium). When it is missing the export
// answers 503 with the command that installs it (`PdfUnavailable`); nothing is downloaded.
// The launch flags are those of tests/helpers/browser.ts (no sandbox: the server may run as root in a
// container; no GPU, QUIC, background networking, component updates or sync: a print job needs none).
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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
  private idle: NodeJS.Timeout | null = null;
  private busy = 0;
  /** How many times a browser was launched (one, while it stays up). */
  launches = 0;

  private launch(): Promise<Browser> {
    const path = chromiumPath();
    if (!fs.existsSync(path)) throw new PdfUnavailable(`Chromium is needed for PDF export and was not found at ${path}: ${INSTALL_CHROMIUM}`);
    if (!this.browser) {
      this.launches++;
      const launching = chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
      this.browser = launching;
      launching.then(
        (b) => b.on('disconnected', () => void (this.browser === launching && (this.browser = null))),
        () => void (this.browser === launching && (this.browser = null)),
      );
    }
    return this.browser;
  }

  /** Prints self-contained HTML (no network: the page's requests are refused) to an A4 PDF. */
  async render(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (this.idle) clearTimeout(this.idle);
    this.busy++;
    let timer: NodeJS.Timeout | undefined;
    let context: BrowserContext | null = null;
    try {
      const browser = await this.launch();
      context = await browser.newContext({ javaScriptEnabled: false });
      const ctx = context;
      const work = (async () => {
        const page = await ctx.newPage();
        await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
        const pdf = await page.pdf({
          format: 'A4',
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<div></div>',
          footerTemplate:
            '<div style="width:100%;text-align:center;font-size:9pt;font-family:serif"><span class="pageNumber"></span></div>',
        });
        return new Uint8Array(pdf);
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PDF rendering took longer than ${timeoutMs} ms`)), timeoutMs);
      });
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
      await context?.close().catch(() => {});
      if (--this.busy === 0) {
        this.idle = setTimeout(() => void this.close(), IDLE_MS);
        this.idle.unref();
      }
    }
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {});
  }
}

/** The process's renderer (the HTTP export uses it; tests close it). */
export const pdfRenderer = new PdfRenderer();
