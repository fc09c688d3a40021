import { describe, it, expect } from 'vitest';
import { fixture, load, blocks } from './import-helpers.ts';

const doc = load(fixture('wsis10-zero-draft.txt'), 'text');

describe('import: WSIS+10 zero draft (outcome document style)', () => {
  it('reports nothing unplaced', () => {
    expect(doc.report).toEqual([]);
  });

  it('reads the heading block', () => {
    const front = doc.pm.firstChild!;
    expect(front.textContent).toBe("United Nations General Assembly's Overall Review of the Implementation of WSIS Outcomes");
    expect(front.attrs.stage).toBe('Zero draft');
    expect(front.attrs.numberingStyle).toBe('outcome');
  });

  it('numbers paragraphs 1 to 58 continuously, 1-10 preambular', () => {
    const paras = doc.labels.filter((l) => l.node.type.name === 'paragraph');
    expect(paras.map((l) => l.label)).toEqual(Array.from({ length: 58 }, (_, i) => String(i + 1)));
    expect(paras.slice(0, 10).every((l) => l.node.attrs.kind === 'pp')).toBe(true);
    expect(paras.slice(10).every((l) => l.node.attrs.kind === 'op')).toBe(true);
    expect(doc.text(doc.paragraph('1'))).toMatch(/^Recalling the request in paragraph 111 of the Tunis Agenda/);
    expect(doc.text(doc.paragraph('32'))).toMatch(/^We recognise the general agreement/);
    expect(doc.text(doc.paragraph('45'))).toMatch(/^Strengthening confidence and security/);
  });

  it('gives the Preamble heading and numbered sections 1, 1.1 ... 3 in order', () => {
    const headings = doc.labels.filter((l) => l.node.type.name === 'sectionHeading');
    expect(headings.map((h) => [h.label, h.node.textContent])).toEqual([
      [null, 'Preamble'],
      ['1', 'ICT for Development'],
      ['1.1', 'Bridging the Digital Divide'],
      ['1.2', 'Enabling Environment'],
      ['1.3', 'Financial Mechanisms'],
      ['2', 'Internet Governance'],
      ['2.1', 'Enhanced Cooperation'],
      ['2.2', 'Human rights'],
      ['2.3', 'Building Confidence and Security in the use of ICTs'],
      ['3', 'Implementation and Follow-Up'],
    ]);
  });

  it('places paragraphs under the right sections', () => {
    const section = (label: string) => doc.labels.find((l) => l.label === label && l.node.type.name === 'paragraph')!.section;
    expect(section('10')).toBe('Preamble');
    expect(section('11')).toBe('1');
    expect(section('16')).toBe('1.1');
    expect(section('31')).toBe('1.3');
    expect(section('32')).toBe('2');
    expect(section('40')).toBe('2.2');
    expect(section('58')).toBe('3');
  });

  it('rejoins paragraphs split across page breaks (7, 40, 48)', () => {
    expect(doc.text(doc.paragraph('7'))).toContain('restructured social interaction and business models, contributed to economic growth.');
    expect(doc.text(doc.paragraph('7'))).toMatch(/aspiration in and of itself\.$/);
    expect(doc.text(doc.paragraph('40'))).toContain('a basic human need and the foundation of all social organization, and is central');
    expect(doc.text(doc.paragraph('40'))).toMatch(/the Information Society offers\.$/);
    expect(doc.text(doc.paragraph('48'))).toContain('particularly the political independence, territorial integrity and sovereign equality of states');
    expect(doc.text(doc.paragraph('48'))).toMatch(/human rights and fundamental freedoms\.$/);
    // No stray list marker or number left at the join.
    expect(doc.text(doc.paragraph('48'))).not.toContain('- ');
  });

  it('keeps every paragraph whole: all source characters of the draft are in the document', () => {
    const source = fixture('wsis10-zero-draft.txt');
    const words = (s: string) => s.replace(/^(?:- )?\d+(?:\.\d+)*\.?\s/gm, '').split(/\s+/).filter((w) => w && w !== '-');
    const docText = doc.pm.firstChild!.textContent + ' Zero Draft\n' + blocks(doc.pm).map((b) => doc.text(b)).join('\n');
    expect(words(docText)).toEqual(words(source));
  });

  it('paragraph 58 holds exactly one group: [World Summit] [High Level Meeting]', () => {
    const p58 = doc.paragraph('58');
    const groups: import('@tiptap/pm/model').Node[] = [];
    p58.descendants((n) => {
      if (n.type.name === 'bracketGroup') groups.push(n);
      return true;
    });
    expect(groups).toHaveLength(1);
    const alts: string[] = [];
    groups[0].forEach((alt) => alts.push(alt.textContent));
    expect(alts).toEqual(['World Summit', 'High Level Meeting']);
    expect(groups[0].attrs.separator).toBe(' ');
    expect(doc.text(p58)).toContain('We agree to hold a [World Summit] [High Level Meeting] on the Information Society in 202X');
  });

  it('gives every block an id', () => {
    const ids = blocks(doc.pm).map((b) => b.attrs.id);
    expect(ids.every((id) => typeof id === 'string' && id.length > 3)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
