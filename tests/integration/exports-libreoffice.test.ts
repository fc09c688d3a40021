// LibreOffice as an independent reader of the Word exports: it opens the .docx, lays it out to PDF
// (read back with pdftotext), and reads the redline's tracked changes with their authors (converted to
// flat ODT, where each change is a text:changed-region with its dc:creator).
// Optional: LibreOffice is a large install, so `npm test` does not install it and these tests are
// skipped without it (apt-get install -y --no-install-recommends libreoffice-writer-nogui).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFile, exportRedline } from '../../shared/src/export/index.ts';
import { ecosoc, sampleRedline } from '../unit/export-helpers.ts';

const SOFFICE = '/usr/bin/soffice';
const hasLibreOffice = existsSync(SOFFICE);

/** Converts `name` (written into a fresh directory) with LibreOffice; returns the output's path. */
function convert(name: string, bytes: Uint8Array, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'penholder-lo-'));
  writeFileSync(join(dir, name), bytes);
  // A profile of its own, so a LibreOffice the user has open does not take the job.
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, join(dir, name)], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  return join(dir, name.replace(/\.docx$/, `.${to}`));
}

describe.skipIf(!hasLibreOffice)('Word exports read by LibreOffice', () => {
  it('lays out ECOSOC 2010/2 with its symbol, hanging numbers and footnotes', async () => {
    const docx = (await exportFile(ecosoc().pm, { format: 'docx' })).body as Uint8Array;
    const pdf = convert('ecosoc.docx', docx, 'pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
    expect(pages).toBeGreaterThan(1);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toMatch(/^\s+E\/RES\/2010\/2\n\s+19 July 2010/);
    expect(text).toMatch(/\n1\. {2,}Notes the ongoing implementation of the outcomes of the World Summit/);
    expect(text).toContain('See A/C.2/59/3, annex, and A/60/687.');
  }, 150_000);

  it('finds the redline\'s tracked changes with their authors', async () => {
    const docx = (await exportRedline(sampleRedline(), 'docx')).body as Uint8Array;
    const fodt = readFileSync(convert('redline.docx', docx, 'fodt'), 'utf8');
    const changes = [...fodt.matchAll(/<text:changed-region[^>]*>([\s\S]*?)<\/text:changed-region>/g)].map((m) => ({
      kind: /<text:(insertion|deletion)/.exec(m[1])?.[1],
      author: /<dc:creator>([^<]*)<\/dc:creator>/.exec(m[1])?.[1],
      date: /<dc:date>([^<]*)<\/dc:date>/.exec(m[1])?.[1],
    }));
    expect(changes).toEqual([
      { kind: 'deletion', author: 'European Union', date: '2015-12-01T17:30:00' },
      { kind: 'insertion', author: 'CELAC', date: '2015-12-01T17:30:00' },
      { kind: 'insertion', author: 'Group of 77 and China', date: '2015-12-01T17:30:00' },
      { kind: 'deletion', author: 'Co-facilitator', date: '2015-12-01T17:30:00' },
      { kind: 'insertion', author: 'Russian Federation', date: '2015-12-01T17:30:00' },
    ]);
  }, 150_000);
});
