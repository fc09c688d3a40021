// The PDF renderer on its own: one Chromium for many requests (pages in parallel), a timeout that
// fails the request rather than hanging it.
import { afterAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from '../../server/src/export/pdf.ts';
import { exportFile } from '../../shared/src/export/index.ts';
import { ecosoc } from '../unit/export-helpers.ts';

const renderer = new PdfRenderer();
afterAll(() => renderer.close());

describe('PdfRenderer', () => {
  it('prints several documents at once with one browser', async () => {
    const html = String((await exportFile(ecosoc().pm, { format: 'pdf' })).body);
    const pdfs = await Promise.all([renderer.render(html), renderer.render(html), renderer.render(html)]);
    for (const pdf of pdfs) expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    await renderer.render('<p>again</p>');
    expect(renderer.launches).toBe(1);
  }, 60_000);

  it('fails a job that takes longer than the timeout, and keeps serving', async () => {
    const huge = `<main>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(60_000)}</main>`;
    await expect(renderer.render(huge, { timeoutMs: 50 })).rejects.toThrow(/PDF rendering took longer than 50 ms/);
    const pdf = await renderer.render('<p>still here</p>');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  }, 60_000);
});
