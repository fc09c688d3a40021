// Character accounting: the importer never drops or alters text silently (issue 2). Every
// non-whitespace character of the source must be found again, as a multiset, in
//   - the imported document: title, symbol, date, stage, and every block's literal text with its
//     footnotes (bracket groups rendered as their brackets), or
//   - the `text` of a report entry, or
//   - a structural marker the importer replaced by structure, read off the source line by line:
//     paragraph and heading numbers, subparagraph letters, a list marker followed by real content,
//     footnote markers (citations and note lines), Markdown heading hashes, emphasis delimiters,
//     backslash escapes and link syntax, and the dots of typed labels ("9bis.", "I.", "Article 4.");
//   - the labels as the document shows them (derived or fixed as typed: "12 bis", "I", "Option 1:").
// Letters are compared case-insensitively (the stage "Zero Draft" is recorded as "Zero draft").
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Node as PMNode } from '@tiptap/pm/model';
import { formatFromFilename, type ImportFormat } from '../../shared/src/import/index.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { load } from './import-helpers.ts';
import { labelBlocks } from '../../shared/src/numbering/labels.ts';

type Bag = Map<string, number>;

function bag(s: string): Bag {
  const b: Bag = new Map();
  for (const ch of Array.from(s.toLowerCase())) if (!/\s/u.test(ch)) b.set(ch, (b.get(ch) ?? 0) + 1);
  return b;
}

function addTo(b: Bag, s: string): void {
  for (const [ch, n] of bag(s)) b.set(ch, (b.get(ch) ?? 0) + n);
}

/** a - b, floored at zero. */
function minus(a: Bag, b: Bag): Bag {
  const out: Bag = new Map();
  for (const [ch, n] of a) {
    const left = n - (b.get(ch) ?? 0);
    if (left > 0) out.set(ch, left);
  }
  return out;
}

const CITATION = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<sup>\s*\d+\s*<\/sup>|\[\^[^\]\s]+\]:?/gu;

/** Characters of one source line that the importer may turn into structure instead of text. */
export function structuralMarkers(line: string, format: ImportFormat): string {
  let t = line.replace(/[\t\u00A0]/g, ' ').trim();
  const out: string[] = [];
  const take = (re: RegExp) => {
    const m = re.exec(t);
    if (!m) return false;
    out.push(m[0]);
    t = t.slice(m[0].length);
    return true;
  };
  if (format === 'markdown' && take(/^#{1,6}\s+/)) {
    const close = /\s#+$/.exec(t);
    if (close) out.push(close[0]);
  }
  // A list marker counts only when real content (a letter or digit) follows it.
  take(/^(?:[-•–·▪]|\*(?=\s))\s+(?=.*[\p{L}\p{N}])/u);
  take(/^\d{1,3}(?:\.\d{1,3})*\.?(?=\s)/) ||
    take(/^\(?[a-z]{1,2}\)(?=\s)/) ||
    take(/^\d{1,3}(?:\.\d{1,3})*\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|alt)\.?(?=\s)/i) ||
    take(/^\([ivxl]{1,6}\)(?=\s)/) ||
    take(/^(?:[IVXL]{1,6}|[A-Z])\.(?=\s|\p{Lu})/u);
  for (const m of t.matchAll(CITATION)) out.push(m[0]);
  for (const m of t.matchAll(/<\/?sup>/g)) out.push(m[0]);
  // "A/70/L.33 · 16 December 2015 · Rev.2": the separators of our own exports' identity line.
  for (const m of t.matchAll(/\s·\s/g)) out.push(m[0]);
  if (format === 'markdown') {
    for (const m of t.matchAll(/[*_\\]/g)) out.push(m[0]);
    for (const m of t.matchAll(/\[([^\]]*)\]\((\S+?)\)/g)) out.push(m[1] && m[1].replace(/\\(.)/g, '$1') !== m[2] ? '[]' : '[]()' + m[2]);
    for (const m of t.matchAll(/<((?:https?|mailto):[^>\s]+)>/g)) out.push('<>' + m[1]);
  }
  return out.join('');
}

export interface Accounting {
  /** Source characters found nowhere: not in the document, not in the report, not structure. */
  missing: Record<string, number>;
}

export function account(source: string, format: ImportFormat): Accounting {
  const doc = load(source, format);
  const found: Bag = new Map();
  const front = doc.pm.firstChild!;
  addTo(found, front.textContent);
  for (const key of ['symbol', 'date', 'stage'] as const) addTo(found, String(front.attrs[key] ?? ''));
  doc.pm.forEach((block: PMNode, _o: number, i: number) => {
    if (i > 0) addTo(found, renderInlineLiteral(block, { footnote: (fn) => ` ${fn.textContent} ` }));
  });
  for (const p of doc.report) addTo(found, p.text);
  for (const l of labelBlocks(doc.pm)) if (l.label) addTo(found, l.label);

  const structure: Bag = new Map();
  for (const line of source.split(/\r\n?|\n/)) addTo(structure, structuralMarkers(line, format));

  const missing = minus(minus(bag(source), structure), found);
  return { missing: Object.fromEntries(missing) };
}

const root = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const fixtureDir = root('../../fixtures/');
const seedDir = '/work/shared/seeds/';
const listed = (dir: string) => {
  try {
    return readdirSync(dir).filter((f) => formatFromFilename(f)).map((f) => dir + f);
  } catch {
    return [];
  }
};
const sources = [...listed(fixtureDir), ...listed(seedDir).filter((f) => f.endsWith('.txt'))];

describe('import: every source character is accounted for', () => {
  it('finds the fixtures and seeds', () => {
    expect(sources.some((s) => s.endsWith('import-adversarial.txt'))).toBe(true);
    for (const name of [
      'brackets-geneva-2015.txt',
      'brackets-geneva-2015-p28.txt',
      'brackets-adp-4dec-2015.txt',
      'brackets-adp-l6-2015.txt',
      'brackets-decision-nov-2015.md',
      'brackets-decision-nov-2015-superscript.txt',
      'family-cop21-draft-decision.md',
      'family-cop21-draft-decision.txt',
      'family-paris-agreement.md',
      'family-paris-draft-2015-12-04.md',
    ]) {
      expect(sources.some((s) => s.endsWith('/' + name)), name).toBe(true);
    }
    expect(sources.length).toBeGreaterThanOrEqual(18);
  });

  it.each(sources.map((s) => [s.replace(/^.*\/(fixtures|seeds)\//, '$1/'), s]))('%s', (_name, path) => {
    const source = readFileSync(path, 'utf8');
    const format = formatFromFilename(path)!;
    expect(account(source, format).missing).toEqual({});
  });

  it('the adversarial fixture with LF and with CR line endings too', () => {
    const source = readFileSync(fixtureDir + 'import-adversarial.txt', 'utf8');
    expect(source).toContain('\r\n'); // the file itself has CRLF line endings
    expect(account(source.replace(/\r\n/g, '\n'), 'text').missing).toEqual({});
    expect(account(source.replace(/\r\n/g, '\r'), 'text').missing).toEqual({});
    expect(account(source, 'markdown').missing).toEqual({});
  });

  it.each([
    ['a spaced rule', 'Title\n\n1. We decide.\n\n* * *\n\nMore text.'],
    ['dashes only', 'Title\n\n1. We decide.\n\n- -\n\nMore text.'],
    ['a dashed page number', 'Title\n\n1. We decide\n- 12 -\nto act.'],
    ['a lone bullet', 'Title\n\n1. We decide.\n•\n2. We act.'],
    ['control characters', 'Title\n\n1. We de\u0001cide.'],
    ['superscript markup', 'Title\n\n1. The 2<sup>nd</sup> meeting.'],
    ['a resolution heading', 'Resolution\n\n2010/2\n\nA title\n\nThe Economic and Social Council,\n\n1. Decides.'],
    ['a revision stage', 'A title\n\nRevision 2\n\n1. We decide.'],
    ['an identity line', '# A title\n\nResolution 70/1 · 16 December 2015 · Revision 2\n\n1. We decide.'],
    ['a word hyphenated across lines', 'Title\n\n1. We honour our commit-\nments and long-\nterm goals.'],
    ['page furniture', 'A/70/L.33\n\nTitle\n\n1. We decide [a] [b]\n\n2\n\fA/70/L.33\n15-21478 (E) 161215 *1521478*\nto act.\n\n3 of 4'],
    ['a plain-digit note at a page foot', 'Title\n\n1. We decide [a]1 now.\n1\n\nThe note,\nin two lines.\n\n1\n\f2. Next.'],
    ['a bracket spanning paragraphs', 'Title\n\n1. [Option (a): We decide,\n\nOption (b): We act,]\n\n2. Done].'],
  ])('%s', (_name, source) => {
    for (const format of ['text', 'markdown'] as const) expect(account(source, format).missing).toEqual({});
  });
});

describe('import: QA cases', () => {
  it('keeps `* * *` whole and reports it', () => {
    const doc = load('Title\n\n1. We decide.\n\n| table | cell |\n* * *\n \t \nSome trailing running text.', 'text');
    expect(doc.report.map((p) => p.text)).toContain('* * *');
    const texts: string[] = [];
    doc.pm.forEach((b, _o, i) => i > 0 && texts.push(doc.text(b)));
    expect(texts).toEqual(['We decide.', '| table | cell |', 'Some trailing running text.']);
  });

  it('takes a whitespace-only line as a blank line that ends a paragraph', () => {
    const doc = load('Title\n\n1. We decide.\n\nA line without an end\n  \t\u00A0 \nAnother paragraph.', 'text');
    const texts: string[] = [];
    doc.pm.forEach((b, _o, i) => i > 0 && texts.push(doc.text(b)));
    expect(texts).toEqual(['We decide.', 'A line without an end', 'Another paragraph.']);
  });

  it.each(['text', 'markdown'] as const)('keeps a [^n] without a note as written text in %s', (format) => {
    const doc = load('Title\n\n1. We decide that something[^2] happens.', format);
    const p = doc.paragraph('1');
    expect(doc.text(p)).toBe('We decide that something[^2] happens.');
    let groups = 0;
    p.descendants((n) => {
      if (n.type.name === 'bracketGroup') groups++;
      return true;
    });
    expect(groups).toBe(0);
    expect(doc.report).toEqual([{ line: 3, message: 'Footnote marker 2 has no footnote text; kept as written', text: '[^2]' }]);
  });

  it('keeps brackets around a kept [^n] working', () => {
    const doc = load('Title\n\n1. We [decide[^2]] [agree].', 'text');
    expect(doc.text(doc.paragraph('1'))).toBe('We [decide[^2]] [agree].');
    let alts = 0;
    doc.paragraph('1').descendants((n) => {
      if (n.type.name === 'bracketAlt') alts++;
      return true;
    });
    expect(alts).toBe(2);
  });

  it('says where "Resolution" went', () => {
    const doc = load('Resolution\n\n2010/2\n\nA title\n\nThe Economic and Social Council,\n\n1. Decides.', 'text');
    expect(doc.pm.firstChild!.attrs.symbol).toBe('E/RES/2010/2');
    expect(doc.report).toEqual([{ line: 1, message: '"Resolution" read as part of the symbol E/RES/2010/2', text: 'Resolution' }]);
  });
});
