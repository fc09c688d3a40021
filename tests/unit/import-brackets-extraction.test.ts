// Text-extraction artefacts (pdftotext output): page furniture, plain-digit footnotes at the foot of
// a page, notes over several lines, words hyphenated across lines. The inputs here are small and
// made for the rule they specify; the real documents are in import-brackets-fixtures.test.ts.
import { describe, it, expect } from 'vitest';
import { findPageFurniture, hyphenJoin, joinHyphenatedLines, vocabularyOf } from '../../shared/src/import/extraction.ts';
import { readLines } from '../../shared/src/import/lines.ts';
import { Report } from '../../shared/src/import/types.ts';
import { blocks, footnotesIn, load } from './import-helpers.ts';

const lines = (s: string) => readLines(s, new Report())!;
const texts = (doc: ReturnType<typeof load>) => blocks(doc.pm).map((b) => doc.text(b));

describe('page furniture', () => {
  const page = (n: number, body: string[]) => [`${n === 1 ? '' : '\f'}FCCC/ADP/2015/1`, `GE.15-02393 (E)`, ...body, '', `${n}`, ''].join('\n');
  const source = [
    'United Nations FCCC/ADP/2015/1\n\nNegotiating text\n\nPreamble\n',
    page(2, ['1. Parties shall [communicate] [submit] their contributions in accordance', 'with the Convention;']),
    page(3, ['2. Parties [shall] [should] report.']),
    '\f*1502393*\n',
  ].join('\n');

  it('finds symbols, job numbers, barcodes and page numbers at the page edges', () => {
    const found = findPageFurniture(lines(source)).map((f) => [f.line.text, f.why.split(' (')[0]]);
    expect(found).toEqual([
      ['FCCC/ADP/2015/1', 'Running page header or footer removed'],
      ['GE.15-02393 (E)', 'Print job number removed'],
      ['2', 'Page number removed'],
      ['FCCC/ADP/2015/1', 'Running page header or footer removed'],
      ['GE.15-02393 (E)', 'Print job number removed'],
      ['3', 'Page number removed'],
      ['*1502393*', 'Print barcode removed'],
    ]);
  });

  it('removes them from the document, reports each with its line, and joins the page-broken paragraph', () => {
    const doc = load(source, 'text');
    // "United Nations FCCC/ADP/2015/1" is the document's symbol (front.ts), so "Negotiating text" is its title.
    expect(doc.pm.firstChild!.textContent).toBe('Negotiating text');
    expect(texts(doc)).toEqual([
      'Preamble',
      'Parties shall [communicate] [submit] their contributions in accordance with the Convention;',
      'Parties [shall] [should] report.',
    ]);
    expect(doc.report.filter((p) => /page furniture/.test(p.message)).map((p) => [p.line, p.text])).toEqual([
      [7, 'FCCC/ADP/2015/1'],
      [8, 'GE.15-02393 (E)'],
      [12, '2'],
      [14, 'FCCC/ADP/2015/1'],
      [15, 'GE.15-02393 (E)'],
      [18, '3'],
      [20, '*1502393*'],
    ]);
    // The first symbol is not furniture: front.ts reads "United Nations FCCC/..." as the symbol.
    expect(doc.pm.firstChild!.attrs.symbol).toBe('FCCC/ADP/2015/1');
  });

  it('takes a line repeated at the top of every page after the first for a running header', () => {
    const src = [
      'Title\n\n1. We agree [a] [b]',
      '\fADP 2-8 - agenda item 3\n2. We decide.\n\n1 of 3',
      '\fADP 2-8 - agenda item 3\n3. We act.\n\n2 of 3',
      '\fADP 2-8 - agenda item 3\n4. We report.',
    ].join('\n');
    const doc = load(src, 'text');
    expect(texts(doc)).toEqual(['We agree [a] [b]', 'We decide.', 'We act.', 'We report.']);
    expect(doc.report.filter((p) => /Running page header/.test(p.message)).map((p) => p.line)).toEqual([4, 8, 12]);
  });

  it('reads General Assembly page numbers (2/15) at page edges, but not a resolution number', () => {
    const src = 'Resolution\n\n2010/2\n\nTitle\n\n1. We decide\n\n2/3\n\fA/70/L.33\n15-21478\nto act.\n\n3/3\n\fA/70/L.33\n2. We act.';
    expect(findPageFurniture(lines(src)).map((f) => f.line.text)).toEqual(['2/3', 'A/70/L.33', '15-21478', '3/3', 'A/70/L.33']);
  });

  it('does not take repeated body text for a header: a line ending like a clause stays', () => {
    const src = 'Title\n\n1. First.\n\fOption 2: No text\n2. Second.\n\fOption 2: No text\n3. Third.\n\fOption 2: No text;\n4. Fourth.';
    expect(findPageFurniture(lines(src)).map((f) => f.line.text)).toEqual(['Option 2: No text', 'Option 2: No text']);
    const clause = 'Title\n\n1. First.\n\fNo text;\n2. Second.\n\fNo text;\n3. Third.';
    expect(findPageFurniture(lines(clause))).toEqual([]);
  });
});

describe('plain-digit footnotes at the foot of a pdftotext page', () => {
  const src = [
    'Title',
    '',
    '1. Decides to adopt the [Paris Agreement]1 and to convene the Co-facilitators2 twice;',
    '2. Pp1 and CO2 and the year 2015 are not markers.',
    '1',
    '',
    'Headings are provisional and only intended to orientate',
    'the reader.',
    '2 The Co-facilitators were appointed in 2015.',
    '',
    '1',
    '\f3. Next page.',
  ].join('\n');

  it('reads the markers and their notes, multi-line notes joined, and reports both', () => {
    const doc = load(src, 'text');
    expect(doc.text(doc.paragraph('1'))).toBe(
      'Decides to adopt the [Paris Agreement]{Headings are provisional and only intended to orientate the reader.} and to convene the Co-facilitators{The Co-facilitators were appointed in 2015.} twice;',
    );
    expect(doc.text(doc.paragraph('2'))).toBe('Pp1 and CO2 and the year 2015 are not markers.');
    expect(doc.report.filter((p) => /plain digits/.test(p.message)).map((p) => [p.line, p.message.split(' after')[0]])).toEqual([
      [3, 'Footnote marker 1 read from plain digits'],
      [3, 'Footnote marker 2 read from plain digits'],
      [5, 'Footnote 1 at the foot of page 1 read from plain digits'],
      [9, 'Footnote 2 at the foot of page 1 read from plain digits'],
    ]);
  });

  it('leaves digits alone when no note block ends the page, or the number is not glued to a word', () => {
    const noNotes = 'Title\n\n1. Parties1 agree.\n\n2\n\f2. Next.';
    expect(load(noNotes, 'text').text(load(noNotes, 'text').paragraph('1'))).toBe('Parties1 agree.');
    const spaced = 'Title\n\n1. Parties agree to article 1 here.\n1\nA note.\n\n1\n\f2. Next.';
    const doc = load(spaced, 'text');
    expect(footnotesIn(doc.paragraph('1'))).toEqual([]);
  });
});

describe('what is not a note block at a page foot (layouts seen in ADP.2015.11.InformalNote and the 4 December compilation)', () => {
  it('rejects a lone number followed by a paragraph with lettered items', () => {
    const src = [
      'Title',
      '',
      '1. Resolves the matter [B. Mitigation]17 as follows:',
      '17',
      '',
      'Resolves to ensure the highest possible mitigation efforts, including by:',
      '(a)',
      '',
      'Urging all Parties to ratify the Doha Amendment;',
      '',
      '2',
      '\f2. Next.',
    ].join('\n');
    const doc = load(src, 'text');
    expect(doc.report.filter((p) => /plain digits/.test(p.message))).toEqual([]);
    expect(footnotesIn(doc.paragraph('1'))).toEqual([]);
  });

  it('does not read a decimal number as a marker', () => {
    const src = 'Title\n\n1. See paragraph 17.13 of the report.\n13\nA note.\n\n2\n\f2. Next.';
    const doc = load(src, 'text');
    expect(doc.text(doc.paragraph('1'))).toBe('See paragraph 17.13 of the report.');
  });
});

describe('superscript footnotes', () => {
  it('reads markers after punctuation and brackets, numbers past 9, and notes over several lines', () => {
    const src = [
      'Title',
      '',
      '1. Decides that [Parties [shall] [should]]¹² communicate;¹³ and that the [ADP]¹⁴ [COP] reports.',
      '',
      '¹² A note that runs over',
      'two lines.',
      '¹³ One line.',
      '¹⁴ Ends here.',
      'And this is body again, not the note.',
    ].join('\n');
    const doc = load(src, 'text');
    expect(footnotesIn(doc.paragraph('1'))).toEqual(['A note that runs over two lines.', 'One line.', 'Ends here.']);
    expect(doc.text(doc.paragraph('1'))).toBe(
      'Decides that [Parties [shall] [should]]{A note that runs over two lines.} communicate;{One line.} and that the [ADP]{Ends here.} [COP] reports.',
    );
    expect(texts(doc)[1]).toBe('And this is body again, not the note.');
  });
});

describe('superscript notes at the foot of a page', () => {
  it('end at the page break: the next page is body again', () => {
    const src = 'Title\n\n1. We decide¹ to act\n\n¹ A note at the foot\nof page one\n\fand continue on page two.';
    const doc = load(src, 'text');
    expect(doc.text(doc.paragraph('1'))).toBe('We decide{A note at the foot of page one} to act and continue on page two.');
  });
});

describe('words hyphenated across lines', () => {
  it('joins a soft hyphen, keeps a compound, and lets the document itself decide first', () => {
    const vocabulary = vocabularyOf(lines('long-term goals and commitments, a re-issued text'));
    expect(hyphenJoin('their commit-', 'ments to', vocabulary)?.word).toBe('commitments');
    expect(hyphenJoin('a long-', 'term goal', vocabulary)?.word).toBe('long-term');
    expect(hyphenJoin('support for capacity-', 'building', new Set())?.word).toBe('capacity-building');
    expect(hyphenJoin('was re-', 'issued', vocabulary)?.word).toBe('re-issued');
    expect(hyphenJoin('the infor-', 'mation society', new Set())?.word).toBe('information');
    expect(hyphenJoin('see 2015-', 'more', new Set())).toBeNull(); // a number, not a word
    expect(hyphenJoin('the ADP -', 'and', new Set())).toBeNull(); // a dash, not a hyphen
    expect(hyphenJoin('a long-', 'Term goal', new Set())).toBeNull(); // the next line does not continue a word
  });

  it('joins them in the document and reports each hyphen removed', () => {
    const src = 'Title\n\n1. Parties shall honour their commit-\nments and pursue long-\nterm and capacity-\nbuilding goals.';
    const doc = load(src, 'text');
    expect(doc.text(doc.paragraph('1'))).toBe('Parties shall honour their commitments and pursue long-term and capacity-building goals.');
    expect(doc.report).toEqual([{ line: 3, message: 'Word hyphenated across lines joined as "commitments"', text: 'commit-ments' }]);
  });

  it('moves the first half down, so the line below still continues the paragraph', () => {
    const report = new Report();
    const out = joinHyphenatedLines(lines('1. We note the infor-\nmation. Then more.'), report);
    expect(out.map((l) => l.text)).toEqual(['1. We note the', 'information. Then more.']);
  });
});
