// A Redline (built by hand here, as revisions/compare will build it) rendered in every format:
// insertions and deletions with their authors, whole blocks inserted, deleted and moved, renumbered
// labels `12. → 13.`, and the summary of bracket changes. Word is covered in export-docx.test.ts and
// Akoma Ntoso in export-akn.test.ts.
import { describe, expect, it } from 'vitest';
import { exportRedline, EXPORT_FORMATS } from '../../shared/src/export/index.ts';
import { sampleRedline } from './export-helpers.ts';

const render = async (format: Parameters<typeof exportRedline>[1]) => String((await exportRedline(sampleRedline(), format)).body);

describe('a redline as plain text', async () => {
  const text = await render('text');

  it('marks changes wdiff-style with the author, never with square brackets', () => {
    expect(text).toContain('11. We recognize the need to close the digital divide within {-[ten]-|European Union}{+[fifteen]+|CELAC} years.¹');
    expect(text).toContain('(a) broadband {+and mobile +|Russian Federation}access;');
  });

  it('shows whole blocks inserted, deleted and moved, and renumbering', () => {
    expect(text).toContain('12 bis. {+We call for technology transfer on mutually agreed terms.+|Group of 77 and China}');
    expect(text).toContain('13. {-We note the work of the Internet Governance Forum.-|Co-facilitator}');
    expect(text).toContain('(moved) 12. → 13. We welcome the [World Summit] [High Level Meeting] in 2025.');
  });

  it('names the two states and lists the bracket changes', () => {
    expect(text).toMatch(/^A\/70\/L\.33\n2015-12-01\n\nOutcome document of the high-level meeting\n\nChanges from Rev\.1 to Rev\.2\n/);
    expect(text).toContain('- Brackets added in paragraph 11: [fifteen]');
    expect(text).toContain('- Brackets resolved in paragraph 9: [shall] [should], kept "should"');
    expect(text).toContain('- Renumbered: 12 → 13');
    expect(text).toContain('¹ See resolution 70/1.');
  });
});

describe('a redline as Markdown', async () => {
  const md = await render('markdown');
  it('uses <ins>/<del> with the author as title', () => {
    expect(md).toContain('within <del title="European Union">[ten]</del><ins title="CELAC">[fifteen]</ins> years.[^1]');
    expect(md).toContain('12 bis. <ins title="Group of 77 and China">We call for technology transfer on mutually agreed terms.</ins>');
    expect(md).toContain('[^1]: See resolution 70/1.');
    expect(md).toContain('\n## 1. ICT for Development\n');
  });
});

describe('a redline as HTML', async () => {
  const html = await render('html');
  it('is one self-contained A4 page with <ins>/<del> carrying their authors', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
    expect(html).toContain('<del title="European Union" data-author="European Union">[ten]</del><ins title="CELAC" data-author="CELAC">[fifteen]</ins>');
    expect(html).toMatch(/<div class="block paragraph inserted" data-kind="op" id="p12bis"><span class="label">12 bis\.<\/span><span class="text"><ins title="Group of 77 and China"/);
    expect(html).toMatch(/<div class="block paragraph moved" data-kind="op" id="p12"><span class="label">12\. → 13\.<\/span><span class="text"><span class="moved-mark">\(moved\) <\/span>We welcome/);
    expect(html).toContain('<li>Renumbered: 12 → 13</li>');
  });
});

describe('a redline as JSON and as the HTML a PDF is printed from', () => {
  it('gives the Redline itself as JSON', async () => {
    expect(JSON.parse(await render('json'))).toEqual(sampleRedline());
  });
  it('hands PDF to the server as HTML to print', async () => {
    const out = await exportRedline(sampleRedline(), 'pdf');
    expect(out.printToPdf).toBe(true);
    expect(String(out.body)).toContain('<ins title="CELAC"');
    expect(out.mime).toBe(EXPORT_FORMATS.pdf.mime);
  });
});
