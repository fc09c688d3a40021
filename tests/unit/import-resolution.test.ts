import { describe, it, expect } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { fixture, load, blocks, footnotesIn } from './import-helpers.ts';
import { renderInlineMarkdown } from '../../shared/src/brackets/literal.ts';

const doc = load(fixture('ecosoc-2010-2.md'), 'markdown');
const all = blocks(doc.pm);
const paragraphs = all.filter((b) => b.type.name === 'paragraph');
const pps = paragraphs.filter((b) => b.attrs.kind === 'pp');

function italicTexts(node: PMNode): string[] {
  const out: string[] = [];
  node.forEach((c) => {
    if (c.isText && c.marks.some((m) => m.type.name === 'italic')) out.push(c.text!);
  });
  return out;
}

describe('import: ECOSOC resolution 2010/2 (resolution style)', () => {
  it('reports nothing unplaced, and says that "Resolution" went into the symbol', () => {
    expect(doc.report).toEqual([{ line: 3, message: '"Resolution" read as part of the symbol E/RES/2010/2', text: 'Resolution' }]);
  });

  it('reads the heading block', () => {
    const front = doc.pm.firstChild!;
    expect(front.textContent).toBe(
      'Assessment of the progress made in the implementation of and follow-up to the outcomes of the World Summit on the Information Society',
    );
    expect(front.attrs.symbol).toBe('E/RES/2010/2');
    expect(front.attrs.numberingStyle).toBe('resolution');
    expect(front.attrs.date).toBe('19 July 2010');
  });

  it('keeps the authority line as running text, before seven unnumbered preambular paragraphs', () => {
    expect(paragraphs[0].attrs.kind).toBe('text');
    expect(paragraphs[0].textContent).toBe('The Economic and Social Council,');
    expect(pps).toHaveLength(7);
    expect(paragraphs.slice(1, 8)).toEqual(pps);
    const pplabels = doc.labels.filter((l) => l.node.attrs.kind === 'pp').map((l) => l.label);
    expect(pplabels).toEqual(Array(7).fill(null));
  });

  it('italicises the opening participle phrase of preambular paragraphs', () => {
    expect(pps.map((p) => italicTexts(p)[0])).toEqual([
      'Recalling',
      'Recalling also',
      'Recalling further',
      'Recalling',
      'Taking note with satisfaction',
      'Taking note',
      'Expressing its appreciation',
    ]);
    expect(pps[4].textContent).toMatch(/^Taking note with satisfaction of the report/);
  });

  it('numbers operative paragraphs 1 to 38 and keeps their italic verbs', () => {
    const ops = doc.labels.filter((l) => l.node.type.name === 'paragraph' && l.node.attrs.kind === 'op');
    expect(ops.map((l) => l.label)).toEqual(Array.from({ length: 38 }, (_, i) => String(i + 1)));
    expect(italicTexts(doc.paragraph('1'))[0]).toBe('Notes');
    expect(italicTexts(doc.paragraph('10'))[0]).toBe('Notes with dissatisfaction');
    expect(italicTexts(doc.paragraph('20'))[0]).toBe('Reaffirms also');
    expect(doc.paragraph('1').textContent).toMatch(/^Notes the ongoing implementation/);
    expect(renderInlineMarkdown(doc.paragraph('19'))).toMatch(/^\*Reaffirms\* the principles enunciated/);
  });

  it('finds the four unnumbered headings of the operative part', () => {
    const headings = doc.labels.filter((l) => l.node.type.name === 'sectionHeading');
    expect(headings.map((h) => [h.label, h.node.textContent])).toEqual([
      [null, 'Taking stock: reviewing the implementation of the outcomes of the World Summit on the Information Society'],
      [null, 'Internet governance'],
      [null, 'Internet Governance Forum'],
      [null, 'The road ahead'],
    ]);
    const sectionOf = (label: string) => doc.labels.find((l) => l.label === label && l.node.type.name === 'paragraph')!.section;
    expect(sectionOf('1')).toMatch(/^Taking stock/);
    expect(sectionOf('18')).toMatch(/^Taking stock/);
    expect(sectionOf('19')).toBe('Internet governance');
    expect(sectionOf('25')).toBe('Internet Governance Forum');
    expect(sectionOf('31')).toBe('The road ahead');
  });

  it('gives subparagraphs (a) to (e) under paragraph 20', () => {
    const i20 = doc.labels.findIndex((l) => l.label === '20' && l.node.type.name === 'paragraph');
    const subs = doc.labels.slice(i20 + 1, i20 + 6);
    expect(subs.map((s) => [s.node.type.name, s.label])).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((x) => ['subparagraph', `(${x})`]),
    );
    expect(subs[0].node.textContent).toMatch(/^Policy authority for Internet-related public policy issues/);
    expect(subs[4].node.textContent).toMatch(/^International organizations have had/);
    expect(doc.labels[i20 + 6].label).toBe('21');
  });

  it('places nine footnotes where they are cited', () => {
    const where = all.flatMap((b) => footnotesIn(b).map((text) => ({ b, text })));
    expect(where).toHaveLength(9);
    const label = (b: PMNode) => doc.labels.find((l) => l.node === b)!;
    expect(where.map(({ b }) => (b.attrs.kind === 'pp' ? `pp${pps.indexOf(b) + 1}` : label(b).label))).toEqual([
      'pp1', 'pp5', 'pp6', '3', '20', '23', '25', '31', '35',
    ]);
    expect(where[0].text).toBe('See A/C.2/59/3, annex, and A/60/687. The outcome documents are also available from www.itu.int/WSIS/index.html.');
    expect(where[1].text).toBe('A/65/64-E/2010/12.');
    expect(where[4].text).toBe('See A/60/687.');
    // The footnote sits at the marker, not at the end of the paragraph.
    expect(doc.text(doc.paragraph('20'))).toContain('Tunis Agenda for the Information Society,{See A/60/687.} which states');
    expect(doc.text(doc.paragraph('3'))).toContain('international levels,{A/65/64-E/2010/12.} including the steps');
    // Footnote 7 keeps the italics of the publication title.
    let italicInNote = '';
    where[6].b.descendants((n) => {
      if (n.type.name === 'footnote') italicInNote = italicTexts(n).join('');
      return true;
    });
    expect(italicInNote).toBe('Official Records of the Economic and Social Council, 2010, Supplement No. 11');
    // No note text is left standing as a paragraph of its own.
    expect(paragraphs.some((p) => /^(See |A\/65|E\/CN)/.test(p.textContent))).toBe(false);
  });

  it('rejoins paragraphs 12 and 33 split across page breaks', () => {
    expect(doc.text(doc.paragraph('12'))).toContain('in areas such as government, business, health and education, and also expresses concern');
    expect(doc.text(doc.paragraph('12'))).toMatch(/highly-indebted poor countries;$/);
    expect(doc.text(doc.paragraph('33'))).toContain('the development of an inclusive, development-orientated and people-centred information society');
    expect(doc.text(doc.paragraph('33'))).toMatch(/minimize the digital divide;$/);
  });

  it('keeps the closing lines as running text', () => {
    const tail = paragraphs.slice(-2);
    expect(tail.map((p) => [p.attrs.kind, p.textContent])).toEqual([
      ['text', '39th plenary meeting'],
      ['text', '19 July 2010'],
    ]);
    expect(tail.map((p) => renderInlineMarkdown(p))).toEqual(['*39th plenary meeting*', '*19 July 2010*']);
  });
});

describe('import: ECOSOC 2010/2 renders back to its source', () => {
  it('gives back every operative and sub paragraph line exactly (Markdown, footnotes as superscripts)', () => {
    const source = fixture('ecosoc-2010-2.md').split('\n');
    const sup = (n: number) => Array.from(String(n), (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('');
    let fn = 0;
    const render = (b: PMNode) => renderInlineMarkdown(b, { footnote: () => sup(++fn) });
    const rendered = doc.labels.map((l) => ({ label: l.label, kind: l.node.attrs.kind, md: render(l.node) }));
    for (const r of rendered.filter((r) => r.kind === 'op' && !['12', '33'].includes(r.label!))) {
      expect(source).toContain(`${r.label}. ${r.md}`);
    }
    for (const r of rendered.filter((r) => r.label?.startsWith('('))) expect(source).toContain(`${r.label} ${r.md}`);
    // Preambular paragraphs differ only by the italics UN style adds to the opening phrase.
    for (const r of rendered.filter((r) => r.kind === 'pp')) expect(source).toContain(r.md.replace(/^\*([^*]+)\*/, '$1'));
  });
});
