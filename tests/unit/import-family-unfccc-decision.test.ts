// A UNFCCC draft decision in negotiation: the ADP's draft decision -/CP.21 of 6 November 2015
// (fixtures/family-cop21-draft-decision.{md,txt}, sources in fixtures/family-sources.yaml). Its shape:
// an italic opening formula, unnumbered preambular paragraphs, lettered and roman sections, italic
// sub-headings, Option blocks offering runs of paragraphs that restart at 6, inserted paragraphs
// 9bis and 19bis..19quinquies, and a list (a)..(n) where (i) comes right after (h).
import { describe, it, expect } from 'vitest';
import { outlineOf } from '../../shared/src/export/outline.ts';
import { fixture, load } from './import-helpers.ts';

const OPERATIVE = [
  '1', '2', '3', '4', '5',
  '6', '7', '8', '9', '9bis', // Option I
  '6', '7', '8', '9', '10', // Option 2
  '6', '7', '8', '9', '10', // Option 3
  '11', '12', '13', '14', '15', '16', '17', '18',
  '19', '19bis', '19ter', '19quater', '19quinquies', // Option 1 (paras 19-19quinquies)
  '20', '21', '22', '23', '24', '25', '26', '27', '28',
];

describe.each([
  ['family-cop21-draft-decision.md', 'markdown'],
  ['family-cop21-draft-decision.txt', 'text'],
] as const)('import: UNFCCC draft decision -/CP.21 (%s)', (name, format) => {
  const doc = load(fixture(name), format);
  const outline = outlineOf(doc.pm, doc.report);

  it('is a resolution-style text whose title comes from the first line', () => {
    expect(outline.numberingStyle).toBe('resolution');
    expect(outline.title).toBe('Draft Decision on workstreams 1 and 2 of the Ad Hoc Working Group on the Durban Platform for Enhanced Action');
  });

  it('reads the opening formula and the five preambular paragraphs after it, "Also recalling" included', () => {
    const head = outline.paragraphs.slice(0, 6);
    expect(head.map((p) => [p.label, p.kind])).toEqual([[null, 'text'], ...Array(5).fill([null, 'pp'])]);
    expect(head[0].text).toBe('The Conference of the Parties,');
    expect(head.slice(1).map((p) => p.text.split(' ').slice(0, 2).join(' '))).toEqual([
      'Recalling decision', 'Also recalling', 'Welcoming the', 'Recognizing that', 'Emphasizing the',
    ]);
  });

  it('sets the opening participle of each preambular paragraph in italics, "Also recalling" whole', () => {
    const pps = doc.labels.filter((l) => l.node.attrs.kind === 'pp').map((l) => l.node.firstChild!);
    expect(pps.map((n) => [n.text, n.marks.map((m) => m.type.name)])).toEqual(
      ['Recalling', 'Also recalling', 'Welcoming', 'Recognizing', 'Emphasizing'].map((t) => [t, ['italic']]),
    );
  });

  it('keeps every operative label as typed: 9bis, the restarts at 6 inside Options 2 and 3, 19bis to 19quinquies', () => {
    const ops = outline.paragraphs.filter((p) => p.kind === 'op');
    expect(ops.map((p) => p.label)).toEqual(OPERATIVE);
    expect(ops.filter((p) => p.fixed).map((p) => p.label)).toEqual(['9bis', '6', '6', '19bis', '19ter', '19quater', '19quinquies']);
  });

  it('reads the lettered section, the roman sections and the italic sub-headings with the labels typed', () => {
    expect(outline.headings.map((h) => [h.label, h.fixed, h.text.replace(/ \[.*$/, '')])).toEqual([
      ['B', true, 'DRAFT DECISION[^13]'],
      ['I', true, 'ADOPTION OF THE'],
      ['II', false, 'INTENDED NATIONALLY DETERMINED CONTRIBUTIONS'],
      ['III', false, 'DECISIONS TO GIVE EFFECT TO THE AGREEMENT'],
      [null, false, 'GENERAL'],
      [null, false, 'MITIGATION'],
    ]);
    const section = (label: string) => outline.paragraphs.find((p) => p.label === label)!.section;
    expect([section('1'), section('11'), section('22'), section('27')]).toEqual(['I', 'II', 'GENERAL', 'MITIGATION']);
  });

  it('makes Option lines option blocks, each offering the paragraphs under it, and counts none as a paragraph', () => {
    expect(outline.options.map((o) => [o.label, o.section, o.paragraphs])).toEqual([
      ['Option I', 'I', ['6', '7', '8', '9', '9bis']],
      ['Option 2', 'I', ['6', '7', '8', '9', '10']],
      ['Option 3', 'I', ['6', '7', '8', '9', '10']],
      ['Option 1 :', 'II', ['16']], // "16. **Option 1** :" - the marker as typed, before the paragraph it offers
      ['Option 2:', 'II', []],
      ['Option 1', 'II', ['19', '19bis', '19ter', '19quater', '19quinquies']],
      ['Option 2:', 'II', []],
      ['Option 1:', 'II', ['20']],
      ['Option 2:', 'II', []],
      ['Option 3:', 'II', []],
      ['Option 1:', 'MITIGATION', ['25']],
      ['Option 2:', 'MITIGATION', []],
      ['Option 1:', 'MITIGATION', ['28']],
      ['Option 2:', 'MITIGATION', []],
    ]);
    expect(outline.options.filter((o) => o.text).map((o) => o.text.slice(0, 24))).toEqual([
      '(paras 6-9bis):', '(paras 6-9bis):', '(paras 6-9bis):', 'No text.', '(paras 19—19quinqiues):', 'No text;',
      'No such facilitative dia', '[Placeholder on provisio', '[Develop modalities to i', 'No text for adjustment, ',
    ]);
    expect(outline.paragraphs).toHaveLength(48);
    expect(outline.paragraphs.some((p) => /Option \d/.test(p.text.slice(0, 12)))).toBe(false);
    expect(outline.paragraphs.find((p) => p.label === '16')!.text).toMatch(/^\[Requests the SBI/);
  });

  it('letters paragraph 27 from (a) to (n): an (i) right after (h) is a letter, not a nested (i)', () => {
    const p27 = outline.paragraphs.find((p) => p.label === '27')!;
    expect(p27.subparagraphs.map((s) => [s.label, s.level])).toEqual(
      'abcdefghijklmn'.split('').map((l) => [`(${l})`, 1]),
    );
    expect(p27.subparagraphs.every((s) => s.subparagraphs.length === 0)).toBe(true);
  });

  it('reports the option restarts, the brackets left open across subparagraphs and the note cited in a heading', () => {
    // Bracket messages belong to the bracket parser; here only where they are matters.
    const structural = doc.report.filter((r) => !/bracket "[[\]]"/.test(r.message));
    expect(structural.map((r) => [r.line, r.message.split(/[;(]/)[0].trim()])).toEqual([
      [3, 'Brackets or footnote markers in a heading kept as literal text'],
      [17, 'Brackets or footnote markers in a heading kept as literal text'],
      [43, 'Paragraph 6 follows paragraph 9bis'],
      [55, 'Paragraph 6 follows paragraph 10'],
      [146, 'Footnote 13 is cited only in a heading or the title, where notes cannot stand'],
    ]);
    expect(doc.report.filter((r) => /bracket "[[\]]"/.test(r.message)).map((r) => r.line)).toEqual([71, 99, 127, 133, 134, 140]);
  });

  it('keeps the footnotes cited in paragraphs 20 and 24', () => {
    expect(outline.paragraphs.filter((p) => p.footnotes.length).map((p) => [p.label, p.footnotes.map((f) => f.number)])).toEqual([
      ['20', [1]],
      ['24', [2]],
    ]);
  });
});
