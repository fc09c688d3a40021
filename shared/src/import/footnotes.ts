// Footnotes in extracted text: markers cited in the running text (superscript digits ¹², HTML
// <sup>7</sup>, Markdown [^1]) and note lines that start with the same marker, usually gathered at
// the foot of a page, i.e. somewhere after the citation. The importer moves each note's text into
// a footnote node at its citation, so the note lines themselves are taken out of the line stream.
import type { SourceLine } from './types.ts';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function fromSuperscript(s: string): string {
  return Array.from(s, (c) => String(SUPERSCRIPT.indexOf(c))).join('');
}

/** Citation markers inside running text; group 1, 2 or 3 holds the key. */
export const CITATION = /([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|<sup>\s*(\d+)\s*<\/sup>|\[\^([^\]\s]+)\]/gu;

const DEFINITION = /^(?:([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|<sup>\s*(\d+)\s*<\/sup>|\[\^([^\]\s]+)\]:)\s*(.*)$/u;

export function citationKey(m: RegExpExecArray | RegExpMatchArray): string {
  return m[1] ? fromSuperscript(m[1]) : (m[2] ?? m[3]);
}

export interface FootnoteDef {
  key: string;
  text: string;
  line: number;
  used: boolean;
}

/**
 * Splits note lines out of the stream. A note line starts with a marker; when the marker stands
 * alone on its line (conversion from Word does that), the note's text is the next line.
 */
export function extractFootnotes(lines: SourceLine[]): { body: SourceLine[]; defs: FootnoteDef[] } {
  const body: SourceLine[] = [];
  const defs: FootnoteDef[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const m = DEFINITION.exec(l.text);
    if (!m) {
      body.push(l);
      continue;
    }
    let text = m[4].trim();
    const next = lines[i + 1];
    if (!text && next && !DEFINITION.test(next.text)) {
      text = next.text;
      i++;
    }
    if (text) defs.push({ key: citationKey(m), text, line: l.line, used: false });
    else body.push(l); // a lone marker with nothing after it: let the body walker report it
  }
  return { body, defs };
}

/** Hands out note texts to citations: the first unused note with that key at or after the citation. */
export class FootnoteBank {
  constructor(readonly defs: FootnoteDef[]) {}

  take(key: string, citedAt: number): FootnoteDef | null {
    const free = this.defs.filter((d) => !d.used && d.key === key);
    const def = free.find((d) => d.line >= citedAt) ?? free[0] ?? null;
    if (def) def.used = true;
    return def;
  }

  unused(): FootnoteDef[] {
    return this.defs.filter((d) => !d.used);
  }
}
