// Treaty texts: the Paris Agreement as adopted (FCCC/CP/2015/L.9/Rev.1, annex) and the draft agreement
// of 4 December 2015 with its options (fixtures/family-paris-*.md, sources in fixtures/family-sources.yaml).
// Their shape: "The Parties to this Agreement," and unnumbered preambular paragraphs, "Have agreed as
// follows:", then Articles whose paragraphs are numbered from 1 again in each Article (treaty style).
import { describe, it, expect } from 'vitest';
import { outlineOf } from '../../shared/src/export/outline.ts';
import { exportDocument } from '../../shared/src/export/index.ts';
import { fixture, load } from './import-helpers.ts';

describe('import: the Paris Agreement (treaty style)', () => {
  const doc = load(fixture('family-paris-agreement.md'), 'markdown');
  const outline = outlineOf(doc.pm, doc.report);
  const inArticle = (n: number) => outline.paragraphs.filter((p) => p.section === `Article ${n}`);

  it('is read as a treaty without a word reported', () => {
    expect(outline.numberingStyle).toBe('treaty');
    expect(outline.title).toBe('Paris Agreement');
    expect(doc.report).toEqual([]);
  });

  it('reads the sixteen unnumbered preambular paragraphs after the opening formula, whatever word opens them', () => {
    const preamble = outline.paragraphs.filter((p) => p.section === 'Preamble');
    expect(preamble.map((p) => p.kind)).toEqual(['text', ...Array(16).fill('pp'), 'text']);
    expect(preamble.every((p) => p.label === null)).toBe(true);
    expect(preamble[0].text).toBe('The Parties to this Agreement,');
    expect(preamble[1].text).toMatch(/^Being Parties to the United Nations/);
    expect(preamble[2].text).toMatch(/^Pursuant to the Durban Platform/);
    expect(preamble[17].text).toBe('Have agreed as follows:');
  });

  it('derives the Article headings and numbers paragraphs from 1 in every Article', () => {
    expect(outline.headings.map((h) => [h.label, h.fixed])).toEqual([
      [null, false], ['Article 1', false], ['Article 2', false], ['Article 3', false], ['Article 4', false], ['Article 5', false],
    ]);
    expect(inArticle(1).map((p) => p.label)).toEqual([null, '1', '2', '3']);
    expect(inArticle(2).map((p) => p.label)).toEqual(['1', '2']);
    expect(inArticle(3).map((p) => [p.label, p.kind])).toEqual([[null, 'text']]);
    expect(inArticle(4).map((p) => p.label)).toEqual(Array.from({ length: 19 }, (_, i) => String(i + 1)));
    expect(inArticle(5).map((p) => p.label)).toEqual(['1', '2']);
    expect(outline.paragraphs.some((p) => p.fixed)).toBe(false);
  });

  it('reads the nested Markdown list of Article 2, paragraph 1 as its subparagraphs (a) to (c)', () => {
    const p = inArticle(2)[0];
    expect(p.subparagraphs.map((s) => [s.label, s.text.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['(a)', 'Holding the'], ['(b)', 'Increasing the'], ['(c)', 'Making finance'],
    ]);
  });

  it('exports Articles as "Article N" headings and paragraphs numbered from 1', () => {
    const text = exportDocument(doc.pm, 'text');
    expect(text).toContain('\nArticle 2\n\n1. This Agreement, in enhancing the implementation');
    expect(text).toContain('\n(a) Holding the increase');
    expect(text).toContain('\nHave agreed as follows:\n\nArticle 1\n');
    expect(exportDocument(doc.pm, 'markdown')).toContain('\n## Article 4\n\n1. In order to achieve');
  });
});

describe('import: the draft agreement of 4 December 2015 (options of whole Articles)', () => {
  const doc = load(fixture('family-paris-draft-2015-12-04.md'), 'markdown');
  const outline = outlineOf(doc.pm, doc.report);

  it('keeps Article 2bis as typed and the italic titles of the Articles as heading text', () => {
    expect(outline.numberingStyle).toBe('treaty');
    expect(outline.headings.map((h) => [h.label, h.fixed, h.text])).toEqual([
      ['Article 1', false, '(definitions)'],
      ['Article 2', false, '(purpose)'],
      ['Article 2bis', true, '(general)'],
    ]);
  });

  it('numbers each Article from 1, Article 2bis too', () => {
    const labels = (section: string) => outline.paragraphs.filter((p) => p.section === section && p.label).map((p) => p.label);
    expect(labels('Article 1')).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    expect(labels('Article 2')).toEqual(['1', '2']);
    expect(labels('Article 2bis')).toEqual(['1', '2', '3', '4']);
  });

  it('offers Option 1 and Option 2 of each Article as option blocks; "No text" is what the option offers', () => {
    expect(outline.options.map((o) => [o.label, o.section, o.text, o.paragraphs.length])).toEqual([
      ['Option 1:', 'Article 2', '', 2],
      ['Option 2:', 'Article 2', 'No text', 0],
      ['Option 1:', 'Article 2bis', '', 5],
      ['Option 2:', 'Article 2bis', '', 1],
    ]);
    const last = outline.paragraphs[outline.paragraphs.length - 1];
    expect([last.kind, last.option, last.text]).toEqual(['text', 'Option 2:', 'No text']);
    expect(outline.headings.some((h) => h.text === 'No text')).toBe(false);
  });

  it('prints the options back as they were typed', () => {
    const md = exportDocument(doc.pm, 'markdown');
    expect(md).toContain('\n## Article 2 *(purpose)*\n\n**Option 1:**\n\n1. The purpose of this Agreement');
    expect(md).toContain('\n**Option 2:** No text\n');
    expect(exportDocument(doc.pm, 'text')).toContain('\nOption 2: No text\n');
  });
});
