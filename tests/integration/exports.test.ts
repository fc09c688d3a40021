// Exporting over HTTP: every role may export the clean draft in every format; only roles with the
// exportCompilation capability get the compilation text (403 otherwise); the export reads the live
// document, edits and proposals included; Word, Akoma Ntoso and PDF are read back with independent
// tools (fflate, xmllint, poppler's pdftotext/pdfinfo).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/main.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { pdfRenderer } from '../../server/src/export/pdf.ts';
import { makeDataDir, tokenOf } from '../helpers/server.ts';
import { aknSchemaErrors, unzipDocx } from '../unit/export-helpers.ts';

process.env.PENHOLDER_QUIET = '1';
let server: RunningServer;
let base: string;
let tokens: Record<string, string>;
let documentId: string;

beforeAll(async () => {
  server = await startServer({ ...configFromEnv({}), port: 0, dataDir: makeDataDir(), clientDir: makeDataDir() });
  base = `http://127.0.0.1:${server.port}`;
  tokens = Object.fromEntries(server.demoLinks.map((l) => [l.role, tokenOf(l.link)]));
  documentId = server.demoDocumentId!;
});

afterAll(async () => {
  await pdfRenderer.close();
  await server?.close();
});

const get = (path: string, token: string | null) =>
  fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const exportAs = (token: string, query: string) => get(`/api/documents/${documentId}/export?${query}`, token);
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

function tmpFile(name: string, data: Uint8Array | string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'penholder-export-')), name);
  writeFileSync(file, data);
  return file;
}

describe('GET /api/documents/:id/export, the clean draft', () => {
  it.each(['secretariat', 'cofacilitator', 'delegation', 'observer'])('gives the %s the clean draft as text', async (role) => {
    const res = await exportAs(tokens[role], 'format=text');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="United-Nations-General-Assembly-s-Overall-Review.*\.txt"/);
    const text = await res.text();
    expect(text).toContain('\n58. We recognize that in the preparation of the WSIS review');
    expect(text).toContain('hold a [World Summit] [High Level Meeting] on the Information Society');
  });

  it('exports Markdown and the JSON outline', async () => {
    const md = await (await exportAs(tokens.observer, 'format=markdown')).text();
    expect(md).toMatch(/^# United Nations General Assembly/);
    const outline = await (await exportAs(tokens.observer, 'format=json')).json();
    expect(outline.paragraphs).toHaveLength(58);
  });

  it('exports Word to an observer, with labels, headings and the page number', async () => {
    const res = await exportAs(tokens.observer, 'format=docx&kind=clean');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toMatch(/filename="United-Nations-General-Assembly-s-Overall-Review[^"]*\.docx"/);
    const parts = unzipDocx(await bytes(res));
    expect(parts['word/document.xml']).toMatch(/>58\.<\/w:t><\/w:r><w:r><w:tab\/>/);
    expect(parts['word/document.xml']).toContain('<w:pStyle w:val="Heading1"/>');
    expect(Object.entries(parts).some(([n, xml]) => /footer/.test(n) && /PAGE/.test(xml))).toBe(true);
  });

  it('exports Akoma Ntoso that the OASIS schema accepts', async () => {
    const res = await exportAs(tokens.delegation, 'format=akn');
    expect(res.headers.get('content-type')).toMatch(/^application\/akn\+xml/);
    expect(res.headers.get('content-disposition')).toMatch(/\.akn\.xml"$/);
    expect(aknSchemaErrors(await res.text())).toBe('');
  });

  it('exports print-ready HTML', async () => {
    const res = await exportAs(tokens.observer, 'format=html');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<span class="label">58.</span>');
  });

  it('prints a PDF with Chromium: several A4 pages, paragraph 58 with its brackets, page numbers', async () => {
    const res = await exportAs(tokens.observer, 'format=pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/\.pdf"$/);
    const pdf = await bytes(res);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const file = tmpFile('zero-draft.pdf', pdf);
    const info = execFileSync('pdfinfo', [file]).toString();
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('58. We recognize that in the preparation of the WSIS review');
    expect(text).toContain('hold a [World Summit] [High Level Meeting] on the Information Society');
    // The footer's page numbers: the last page ends with its number.
    const lastPage = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-']).toString().trim();
    expect(lastPage.endsWith(String(pages))).toBe(true);
  }, 60_000);

  it('answers 503 with the install command when Chromium is missing', async () => {
    const before = process.env.PENHOLDER_CHROMIUM;
    process.env.PENHOLDER_CHROMIUM = '/nonexistent/chromium';
    try {
      const res = await exportAs(tokens.observer, 'format=pdf');
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatch(/not found at \/nonexistent\/chromium: apt-get install -y chromium/);
    } finally {
      if (before === undefined) delete process.env.PENHOLDER_CHROMIUM;
      else process.env.PENHOLDER_CHROMIUM = before;
    }
  });

  it('refuses an unknown format or kind, a stranger and an unknown document', async () => {
    const bad = await exportAs(tokens.observer, 'format=rtf');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/format must be one of docx, pdf, html, text, markdown, json, akn/);
    const badKind = await exportAs(tokens.observer, 'format=text&kind=draft');
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).error).toMatch(/kind must be one of clean, compilation/);
    expect((await get(`/api/documents/${documentId}/export`, null)).status).toBe(401);
    expect((await get(`/api/documents/nope/export`, tokens.observer)).status).toBe(404);
  });
});

describe('GET /api/documents/:id/export?kind=compilation', () => {
  beforeAll(async () => {
    // The EU proposes a third alternative in paragraph 58, through the server as a delegation does.
    const outline = await (await exportAs(tokens.observer, 'format=json')).json();
    const group = outline.groups.find((g: { paragraph: string; alternatives: string[] }) => g.paragraph === '58' && g.alternatives.includes('World Summit'));
    const res = await fetch(`${base}/api/documents/${documentId}/operations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.delegation}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'propose-alternative', groupId: group.id, text: 'Conference' }),
    });
    expect(res.status).toBe(200);
  });

  it.each(['delegation', 'observer'])('is refused to the %s (403)', async (role) => {
    for (const format of ['text', 'docx', 'pdf']) {
      const res = await exportAs(tokens[role], `format=${format}&kind=compilation`);
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/may not export the compilation text/);
    }
  });

  it.each(['cofacilitator', 'secretariat'])('names the proposers for the %s, in text and Word', async (role) => {
    const res = await exportAs(tokens[role], 'format=text&kind=compilation');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/-compilation\.txt"$/);
    const text = await res.text();
    expect(text).toContain('hold a [World Summit] [High Level Meeting] [Conference]{European Union} on the Information Society');
    expect(text).toMatch(/Paragraph 58: \[World Summit\]; \[High Level Meeting\]; \[Conference\] \(European Union\)\n  Proposed by: European Union/);
    const docx = unzipDocx(await bytes(await exportAs(tokens[role], 'format=docx&kind=compilation')));
    expect(docx['word/document.xml']).toContain('>{European Union}<');
  });

  it('leaves the clean draft unattributed, proposals included', async () => {
    const text = await (await exportAs(tokens.delegation, 'format=text')).text();
    expect(text).toContain('hold a [World Summit] [High Level Meeting] [Conference] on the Information Society');
    expect(text).not.toContain('European Union');
  });
});
