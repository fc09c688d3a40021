// Real UNFCCC negotiating texts (fixtures/brackets-*, sources in the .source sidecars): what the
// importer makes of brackets nested deep, brackets spanning paragraphs, footnotes and pdftotext
// artefacts. Each expectation was read off the source document, line numbers included.
import { describe, it, expect } from 'vitest';
import { outlineOf, type Outline } from '../../shared/src/export/outline.ts';
import { fixture, load, type Imported } from './import-helpers.ts';

const deepest = (o: Outline) => (o.groups.length ? Math.max(...o.groups.map((g) => g.depth)) + 1 : 0);
const reported = (doc: Imported, re: RegExp) => doc.report.filter((p) => re.test(p.message));
const spans = (doc: Imported) =>
  reported(doc, /in a later paragraph/).map((p) => [p.line, Number(/closes on line (\d+)/.exec(p.message)![1])]);
const allText = (o: Outline) => [o.title, ...o.headings.map((h) => h.text), ...o.paragraphs.map((p) => p.text)].join('\n');

describe('Geneva negotiating text, pages 1-3 (pdftotext)', () => {
  const doc = load(fixture('brackets-geneva-2015.txt'), 'text');
  const o = outlineOf(doc.pm);
  const para = (start: string) => o.paragraphs.find((p) => p.text.startsWith(start))!;

  it('removes page numbers and the running header, and reports each by line', () => {
    expect(reported(doc, /page furniture/).map((p) => [p.line, p.text])).toEqual([
      [49, '1'],
      [51, 'ADP 2-8 - agenda item 3'],
      [100, '2'],
      [102, 'ADP 2-8 - agenda item 3'],
      [150, '3'],
    ]);
    expect(allText(o)).not.toContain('agenda item 3');
  });

  it('reads the plain-digit note at the foot of page 1, three lines joined, and says it cannot stand in the title', () => {
    expect(reported(doc, /plain digits/).map((p) => [p.line, p.text])).toEqual([
      [11, '1'],
      [40, '1'],
    ]);
    const note = reported(doc, /cited only in a heading or the title/);
    expect(note.map((p) => p.line)).toEqual([40]);
    expect(note[0].text).toMatch(/^\[Headings and subheadings used throughout these elements for a draft negotiating text are provisional and only intended to orientate the reader\.\] \[This negotiating text reflects work in progress, .* agreement, or which provisions should appear in the agreement versus in decisions adopted in Paris or thereafter\.\]$/);
    expect(allText(o)).not.toContain('[Headings and subheadings');
  });

  it('keeps one bracketed preambular paragraph per line, even when one ends in a quotation', () => {
    expect(para('[Being Parties').text).toBe(
      '[Being Parties to the United Nations Framework Convention on Climate Change, hereinafter referred to as “the Convention”]',
    );
    expect(para('[In pursuit').text).toBe('[In pursuit of the [ultimate] objective of the Convention as stated in its Article 2,]');
  });

  it('keeps brackets that span paragraphs as written and reports where each opens and closes', () => {
    expect(para('[Option (a): Being guided').text.endsWith('to progressively enhance the levels of ambition,')).toBe(true);
    // "Option (b):" on its own line is an option block (family branch); its label is not part of its text.
    const b = o.options.find((x) => x.label === 'Option (b):' && x.text.startsWith('In accordance'))!;
    expect(b.text.endsWith('historical responsibility and common but differentiated responsibilities,]')).toBe(true);
    expect(spans(doc)).toEqual([
      [11, 123],
      [12, 69],
      [26, 34],
      [35, 39],
      [82, 92],
      [95, 106],
      [114, 118],
    ]);
    expect(reported(doc, /never closed|no bracket before it/)).toEqual([]);
  });

  it('counts', () => {
    // 42 blocks before options were read: 11 "Option (x):" lines are now option blocks, one of them
    // ("Option 2:" at the end of the "[Option 1: {Placeholder for preamble}" line) split off a paragraph.
    expect([o.paragraphs.length, o.options.length, o.groups.length, deepest(o)]).toEqual([32, 11, 34, 2]);
  });
});

describe('Geneva negotiating text, pages 28-30 (pdftotext)', () => {
  const doc = load(fixture('brackets-geneva-2015-p28.txt'), 'text');
  const o = outlineOf(doc.pm);

  it('places the plain-digit notes 3 and 4 where they are cited, after a colon', () => {
    const cited = o.paragraphs.filter((p) => p.footnotes.length);
    expect(cited.map((p) => [p.text.slice(0, 16), p.footnotes.map((f) => f.text)])).toEqual([
      ['Option (b):¹ The', ['This paragraph was suggested as option to paragraphs 30.1 and 31.1, 31.2.']],
      ['Option (ii):² En', ['This paragraph was suggested as an option for paragraphs 30 and 31.']],
    ]);
    expect(reported(doc, /plain digits/).map((p) => [p.line, p.text])).toEqual([
      [46, '3'],
      [49, '3'],
      [140, '4'],
      [238, '4'],
    ]);
  });

  it('removes the header and page numbers of all three pages', () => {
    expect(reported(doc, /page furniture/).map((p) => [p.line, p.text])).toEqual([
      [53, '28'],
      [55, 'ADP 2-8 - agenda item 3'],
      [136, '29'],
      [138, 'ADP 2-8 - agenda item 3'],
      [242, '30'],
    ]);
  });
});

describe('ADP compilation of 4 December 2015, pages 1-3 (pdftotext)', () => {
  const doc = load(fixture('brackets-adp-4dec-2015.txt'), 'text');
  const o = outlineOf(doc.pm);

  it('removes "N of 46" footers and the running header', () => {
    expect(reported(doc, /page furniture/).map((p) => [p.line, p.text])).toEqual([
      [80, '1 of 46'],
      [82, 'ADP 2-12 – Draft agreement and draft decision'],
      [169, '2 of 46'],
      [171, 'ADP 2-12 – Draft agreement and draft decision'],
      [240, '3 of 46'],
    ]);
  });

  it('keeps alternatives wrapped onto the next line in one group', () => {
    const p = o.paragraphs.find((x) => x.text.startsWith('Emphasizing the need to respond'))!;
    expect(p.text).toContain('on the basis of the [best available] [reliable] scientific knowledge');
    expect(o.groups.find((g) => g.paragraph === p.id)!.alternatives).toEqual(['best available', 'reliable']);
  });

  it('nests four levels deep and reports the preamble bracket that closes paragraphs later', () => {
    expect(deepest(o)).toBe(4);
    expect(spans(doc)).toEqual([
      [10, 32],
      [165, 192],
    ]);
    expect(reported(doc, /never closed/).map((p) => p.line)).toEqual([232]);
    expect(reported(doc, /no bracket before it is open/).map((p) => p.line)).toEqual([78, 102, 192]);
  });

  it('counts', () => {
    // Options read as blocks (two "Option I:" paragraphs and two "Option II: No text" headings), and
    // "A. DRAFT AGREEMENT" read as section A: the lines above it ("Draft agreement and draft decision
    // ... Version of 4 December 2015@10.00") are the title of the heading block, no longer one
    // paragraph with "[The Parties to this Agreement,", which is now a paragraph of its own:
    // 65 - 2 paragraphs, 4 options.
    expect([o.paragraphs.length, o.options.length, o.groups.length]).toEqual([63, 4, 109]);
  });
});

describe('draft decision of 6 November 2015: Markdown and the same text with superscript notes', () => {
  const md = load(fixture('brackets-decision-nov-2015.md'), 'markdown');
  const txt = load(fixture('brackets-decision-nov-2015-superscript.txt'), 'text');
  const essentials = (o: Outline) => ({
    paragraphs: o.paragraphs.map((p) => [p.label, p.text, p.footnotes]),
    groups: o.groups.map((g) => [o.paragraphs.findIndex((p) => p.id === g.paragraph || p.label === g.paragraph), g.alternatives, g.depth]),
  });

  it('gives the same paragraphs, groups and footnotes from both shapes', () => {
    expect(essentials(outlineOf(txt.pm))).toEqual(essentials(outlineOf(md.pm)));
  });

  it.each([
    ['markdown', md],
    ['superscript text', txt],
  ] as const)('places notes 14 and 15 after a bracket and after punctuation (%s)', (_name, doc) => {
    const o = outlineOf(doc.pm);
    const cited = o.paragraphs.filter((p) => p.footnotes.length);
    expect(cited.map((p) => p.footnotes)).toEqual([
      [{ number: 1, text: 'This paragraph is similar to paragraph 76 in section IV (workstream 2). Parties may wish to consider whether these paragraphs overlap, and if so whether to reconcile them.' }],
      [{ number: 2, text: 'Available at: .' }],
    ]);
    expect(cited[0].text.endsWith('Article 3, paragraph 6, of the Agreement;]¹')).toBe(true);
    expect(cited[1].text.endsWith('Non-State Actor Zone for Climate Action (NAZCA);²')).toBe(true);
    expect(reported(doc, /cited only in a heading/).map((p) => p.text)).toEqual([
      'The Parties noted that they did not have a complete reading of the decision text and that therefore the discussion of the text in question will be without prejudice to Parties’ positions.',
    ]);
  });

  it('groups alternatives written with emphasis around their brackets', () => {
    const o = outlineOf(md.pm);
    expect(o.groups.map((g) => g.alternatives)).toContainEqual(['Takes note of', 'Welcomes']);
    expect(o.groups.map((g) => g.alternatives)).toContainEqual(['Decides', 'Invites the President of the COP']);
    expect(deepest(o)).toBe(2);
  });
});

describe('FCCC/ADP/2015/L.6 as extracted for the web (no form feeds)', () => {
  const doc = load(fixture('brackets-adp-l6-2015.txt'), 'text');
  const o = outlineOf(doc.pm);

  it('removes the print job number and the symbol repeated atop page 2, and keeps the first symbol', () => {
    expect(reported(doc, /page furniture/).map((p) => [p.line, p.text])).toEqual([
      [1, 'GE.15-21478'],
      [19, 'FCCC/ADP/2015/L.6'],
    ]);
    expect(allText(o)).toContain('United Nations FCCC/ADP/2015/L.6');
    expect(allText(o)).not.toContain('GE.15');
  });

  it('reports the preamble bracket, which closes beyond the excerpt', () => {
    expect(reported(doc, /never closed/).map((p) => p.line)).toEqual([27]);
  });
});
