import { describe, it, expect } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { importDocument, formatFromFilename } from '../../shared/src/import/index.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { fixture, load, blocks, footnotesIn } from './import-helpers.ts';
import { groupTexts } from '../helpers/docs.ts';


describe('formatFromFilename', () => {
  it('maps extensions', () => {
    expect(formatFromFilename('draft.txt')).toBe('text');
    expect(formatFromFilename('draft.TEXT')).toBe('text');
    expect(formatFromFilename('res.md')).toBe('markdown');
    expect(formatFromFilename('my.draft.markdown')).toBe('markdown');
    expect(formatFromFilename('draft.docx')).toBeNull();
    expect(formatFromFilename('README')).toBeNull();
  });
});

describe('import: broken input', () => {
  it.each([
    ['empty', ''],
    ['blank lines', '\n \n\t\n'],
    ['binary garbage', '\u0000\u0001PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000!\u0000\u00ff\u00fe'],
    ['undecodable', '\uFFFD\uFFFD\uFFFD\uFFFD abc \uFFFD\uFFFD'],
  ])('%s input gives a valid empty document and a clear report', (_name, source) => {
    const result = importDocument(source, { format: 'text', title: 'My draft' });
    expect(() => docFromJSON(result.doc)).not.toThrow();
    expect(result.report).toHaveLength(1);
    expect(result.report[0].line).toBe(0);
    expect(result.report[0].message).toMatch(/empty|binary|not text/i);
    expect(docFromJSON(result.doc).firstChild!.textContent).toBe('My draft');
  });

  it('does not crash on a non-string', () => {
    const result = importDocument(undefined as unknown as string, { format: 'markdown' });
    expect(() => docFromJSON(result.doc)).not.toThrow();
    expect(result.report[0].message).toMatch(/not text/);
  });

  it('takes pdftotext form feeds as page breaks, not as binary', () => {
    const doc = load('T\n\n1. We recognise the evolution of ICT and business\n\f\nmodels, and growth.\n\n2. We agree.', 'text');
    expect(doc.report).toEqual([]);
    expect(doc.text(doc.paragraph('1'))).toBe('We recognise the evolution of ICT and business models, and growth.');
  });

  it('handles CRLF line endings and a BOM', () => {
    const src = '\uFEFFTitle\r\n\r\nPreamble\r\n\r\n1. Recalling something,\r\n\r\n1. ICT\r\n\r\n2. We decide.\r\n';
    const doc = load(src, 'text');
    expect(doc.report).toEqual([]);
    expect(doc.pm.firstChild!.textContent).toBe('Title');
    expect(doc.labels.map((l) => [l.label, l.node.textContent])).toEqual([
      [null, 'Preamble'],
      ['1', 'Recalling something,'],
      ['1', 'ICT'],
      ['2', 'We decide.'],
    ]);
  });
});

describe('import: hand-made awkward draft', () => {
  const doc = load(fixture('import-awkward.txt'), 'text');
  const paras = blocks(doc.pm).filter((b) => b.type.name === 'paragraph');

  it('reads a two-line title, symbol, revision and date', () => {
    const front = doc.pm.firstChild!;
    expect(front.textContent).toBe('Draft outcome document of the high-level meeting on the information society');
    expect(front.attrs).toMatchObject({ symbol: 'A/70/L.99', stage: 'Rev.1', date: '12 November 2015', numberingStyle: 'outcome' });
  });

  it('structures nested, empty and adjacent brackets', () => {
    // A footnote between two spans is not whitespace: two groups of one.
    expect(groupTexts(paras[0])).toEqual([['its resolution 70/1'], ['the 2030 Agenda for Sustainable Development']]);
    expect(footnotesIn(paras[0])).toEqual(['A/RES/70/1.']);
    expect(groupTexts(paras[1])).toEqual([['Parties [shall] [should] communicate'], ['shall', 'should'], ['']]);
    expect(doc.text(paras[1])).toBe('[Parties [shall] [should] communicate] their views [] on the review;');
    expect(groupTexts(paras[2])).toEqual([['hold', 'convene']]);
    expect(doc.text(paras[2])).toContain('[hold][convene]');
  });

  it('joins a line that continues an unfinished paragraph even when it starts in uppercase', () => {
    expect(doc.text(paras[2])).toBe(
      'We decide to [hold][convene] a meeting, and to report back to the General Assembly at its seventy-first session.',
    );
  });

  it('reports, by line, everything it could not place or had to guess', () => {
    const byLine = doc.report.map((p) => [p.line, p.message.split(/[;:(]/)[0].trim()]);
    expect(byLine).toEqual([
      [15, 'Stray extraction artefact ignored'],
      [24, 'Heading number 3.1 does not follow 1'],
      [26, 'Unmatched opening bracket "[" kept as text near "We note [an unbalanced brack"'],
      [27, 'Paragraph 6 follows paragraph 4'],
      [27, 'Footnote marker 3 has no footnote text'],
      [31, 'Footnote 9 is not cited anywhere'],
    ]);
    expect(doc.report.find((p) => p.line === 31)!.text).toBe('A note nobody cites.');
    expect(doc.report.find((p) => p.line === 15)!.text).toBe('00');
  });

  it('keeps unbalanced brackets and unknown markers as literal text', () => {
    expect(doc.text(paras[3])).toBe('We note [an unbalanced bracket here.');
    expect(doc.text(paras[4])).toBe('We note the gap in numbering{See above.} and a missing note³.');
  });
});

describe('import: markdown specifics', () => {
  it('reads # headings, [^n] footnotes, bold and italic, and brackets across italic runs', () => {
    const src = [
      '# Draft resolution on ICT',
      '',
      'The General Assembly,',
      '',
      '*Recalling* its resolution 70/125,[^1]',
      '',
      '## Follow-up',
      '',
      '1. *Decides* to **hold** a [*high-level* meeting] [summit] in 2025;',
      '2. *Requests* the Secretary-General',
      'to report back.',
      '',
      '[^1]: See *A/RES/70/125*.',
    ].join('\n');
    const doc = load(src, 'markdown');
    expect(doc.report).toEqual([]);
    expect(doc.pm.firstChild!.textContent).toBe('Draft resolution on ICT');
    expect(doc.pm.firstChild!.attrs.numberingStyle).toBe('resolution');
    expect(doc.pm.firstChild!.attrs.symbol).toBe('');
    const b = blocks(doc.pm);
    expect(b.map((n) => [n.type.name, n.attrs.kind ?? n.attrs.level])).toEqual([
      ['paragraph', 'text'],
      ['paragraph', 'pp'],
      ['sectionHeading', 1],
      ['paragraph', 'op'],
      ['paragraph', 'op'],
    ]);
    // The source italic is kept, not doubled.
    expect(b[1].child(0).text).toBe('Recalling');
    expect(b[1].child(0).marks.map((m) => m.type.name)).toEqual(['italic']);
    expect(footnotesIn(b[1])).toEqual(['See A/RES/70/125.']);
    expect(groupTexts(b[3])).toEqual([['high-level meeting', 'summit']]);
    expect(doc.text(b[3])).toBe('Decides to hold a [high-level meeting] [summit] in 2025;');
    const marks = (n: PMNode) => {
      const out: string[] = [];
      n.descendants((c) => {
        if (c.isText && c.marks.length) out.push(`${c.marks.map((m) => m.type.name).join('+')}:${c.text}`);
        return true;
      });
      return out;
    };
    expect(marks(b[3])).toEqual(['italic:Decides', 'bold:hold', 'italic:high-level']);
    // A soft-wrapped markdown line joins its paragraph.
    expect(doc.text(b[4])).toBe('Requests the Secretary-General to report back.');
  });

  it('unwraps links and ordinal <sup>, takes a note from the line after a lone marker, ignores rules', () => {
    const src = [
      '## **2<sup>nd</sup> preparatory meeting**',
      '',
      'Delegations referred to the [Connect 2020 Agenda](http://itu.int/c2020) and <http://wsis.org>.<sup>3</sup>',
      '',
      '---',
      '',
      '<sup>3</sup>',
      '',
      '[http://itu.int/x.pdf](http://itu.int/x.pdf)',
    ].join('\n');
    const doc = load(src, 'markdown');
    expect(doc.pm.firstChild!.textContent).toBe('2nd preparatory meeting');
    const [p] = blocks(doc.pm);
    expect(doc.text(p)).toBe('Delegations referred to the Connect 2020 Agenda (http://itu.int/c2020) and http://wsis.org.{http://itu.int/x.pdf}');
    expect(groupTexts(p)).toEqual([]);
    expect(doc.report).toEqual([{ line: 5, message: 'Stray extraction artefact ignored', text: '---' }]);
  });

  it('reads identity fields joined on one line and heading numbers without a dot', () => {
    const src = '# A title\n\nA/70/L.33 · 16 December 2015 · Rev.2\n\n## Preamble\n\n1. Recalling x,\n\n## 1 First\n\n### 1.1 Sub\n\n2. We decide.';
    const doc = load(src, 'markdown');
    expect(doc.report).toEqual([]);
    expect(doc.pm.firstChild!.attrs).toMatchObject({ symbol: 'A/70/L.33', date: '16 December 2015', stage: 'Rev.2' });
    expect(doc.pm.firstChild!.textContent).toBe('A title');
    expect(doc.labels.map((l) => [l.label, l.node.textContent])).toEqual([
      [null, 'Preamble'],
      ['1', 'Recalling x,'],
      ['1', 'First'],
      ['1.1', 'Sub'],
      ['2', 'We decide.'],
    ]);
  });

  it('treats asterisks literally in plain text', () => {
    const doc = load('Title\n\n1. *Notes* the report;', 'text');
    expect(doc.text(blocks(doc.pm)[0])).toBe('*Notes* the report;');
  });

  it('reads <sup> footnote markers and a one-line resolution number', () => {
    const src = 'Resolution 70/125\n\nTitle of it\n\nThe General Assembly,\n\nRecalling its work,<sup>12</sup>\n\n1. Decides to act.\n\n<sup>12</sup> A/70/1.';
    const doc = load(src, 'text');
    expect(doc.report).toEqual([{ line: 1, message: '"Resolution" read as part of the symbol A/RES/70/125', text: 'Resolution' }]);
    expect(doc.pm.firstChild!.attrs.symbol).toBe('A/RES/70/125');
    const pp = blocks(doc.pm)[1];
    expect(pp.attrs.kind).toBe('pp');
    expect(footnotesIn(pp)).toEqual(['A/70/1.']);
  });

  it('prefers a given title and reports the replaced line', () => {
    const doc = load('Found title\n\n1. We decide.', 'text', 'Given title');
    expect(doc.pm.firstChild!.textContent).toBe('Given title');
    expect(doc.report).toEqual([{ line: 1, message: 'Title line replaced by the title given', text: 'Found title' }]);
  });

  it('reports subparagraph letters out of order and keeps them', () => {
    const doc = load('T\n\n1. We decide:\n\n(a) one;\n\n(c) two.', 'text');
    expect(blocks(doc.pm).map((b) => b.type.name)).toEqual(['paragraph', 'subparagraph', 'subparagraph']);
    expect(doc.report.map((r) => r.line)).toEqual([7]);
    expect(doc.report[0].message).toMatch(/\(c\) where \(b\) was expected/);
  });

  it('keeps unnumbered running text among numbered paragraphs, with a report', () => {
    const doc = load('T\n\n1. We decide.\n\nSomething said by nobody in particular, as running text.\n\n2. We agree.', 'text');
    const b = blocks(doc.pm);
    expect(b.map((n) => n.attrs.kind)).toEqual(['op', 'text', 'op']);
    expect(doc.report.map((r) => r.line)).toEqual([5]);
  });
});

describe('characters that are never text', () => {
  it('removes Unicode noncharacters and reports them, so they cannot pose as brackets', () => {
    const { doc, report } = importDocument('Preamble\n\n1. We agree \uFDD0to\uFDD1 meet.\n', { format: 'text' });
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/bracketGroup|\uFDD0|\uFDD1/);
    expect(text).toContain('We agree to meet.');
    expect(report.some((p) => p.text === '\uFDD0\uFDD1')).toBe(true);
  });
});
