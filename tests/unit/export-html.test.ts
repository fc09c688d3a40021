// HTML export: self-contained, A4, the UN heading block, hanging labels, footnotes linked, the
// compilation's provenance table; and the file names the endpoint gives.
import { describe, expect, it } from 'vitest';
import { exportFile, exportFileName } from '../../shared/src/export/index.ts';
import { DELEGATION_NAMES, ecosoc, zeroDraftWithProposals } from './export-helpers.ts';

describe('ECOSOC resolution 2010/2 as HTML', async () => {
  const html = String((await exportFile(ecosoc().pm, { format: 'html' })).body);

  it('is self-contained and sized for A4', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/);
  });

  it('opens with the symbol, the date and the title', () => {
    expect(html).toContain('<header class="un-heading">\n<div class="symbol">E/RES/2010/2</div>\n<div class="date">19 July 2010</div>\n</header>');
    expect(html).toContain('<h1 class="title">Assessment of the progress made');
  });

  it('hangs labels, keeps italics and links footnotes', () => {
    expect(html).toMatch(/<div class="block paragraph" data-kind="op" id="[^"]+"><span class="label">1\.<\/span><span class="text"><em>/);
    expect(html).toMatch(/<div class="block subparagraph" data-kind="" id="[^"]+"><span class="label">\(a\)<\/span>/);
    expect(html).toContain('<sup class="fn"><a href="#fn1" id="fnref1">1</a></sup>');
    expect(html).toMatch(/<li id="fn1" value="1">See A\/C\.2\/59\/3, annex, and A\/60\/687\./);
  });
});

describe('the compilation as HTML', () => {
  it('greys attributions and ends with the provenance table', async () => {
    const html = String((await exportFile(zeroDraftWithProposals().doc, { format: 'html', kind: 'compilation', delegationName: DELEGATION_NAMES })).body);
    expect(html).toContain('unforeseen [ten]<span class="attribution">{EU, CELAC}</span> [fifteen]<span class="attribution">{Group of 77 and China; opposed: Russian Federation}</span>');
    expect(html).toContain('<tr><td>7</td><td>[ten]<br>[fifteen] (Group of 77 and China)</td><td>Group of 77 and China</td><td>EU, CELAC</td><td>Russian Federation</td></tr>');
  });
});

describe('export file names', () => {
  it('come from the symbol or title and the kind, safe in a header', () => {
    expect(exportFileName('A/70/L.33', 'clean', 'docx')).toBe('A-70-L.33.docx');
    expect(exportFileName('A/70/L.33', 'compilation', 'pdf')).toBe('A-70-L.33-compilation.pdf');
    expect(exportFileName("Négociation \"2027\" d'Océan", 'redline', 'akn')).toBe('Negociation-2027-d-Ocean-redline.akn.xml');
    expect(exportFileName('///', 'clean', 'text')).toBe('document.txt');
  });
});
