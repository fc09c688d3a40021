// Footnotes in extracted text: markers cited in the running text (superscript digits ¹², HTML
// <sup>7</sup>, Markdown [^1]) and note lines that start with the same marker, usually gathered at
// the foot of a page, i.e. somewhere after the citation. The importer moves each note's text into
// a footnote node at its citation, so the note lines themselves are taken out of the line stream.
//
// A note may run over several lines: the lines below a note line belong to it until a blank line,
// another note, a numbered or lettered paragraph, the end of the page, or a line that starts a new
// sentence after one that ended (so a table or paragraph right under a one-line note stays body).
//
// pdftotext prints superscripts as plain digits (`[[Preamble]1`, `Co-facilitators1`) and the notes
// at the foot of the page as `1` on its own line, or `1 Text`. `readPageFootnotes` recognises such a
// block only where it is unambiguous: at the bottom of a page (the source has form feeds), numbered
// in sequence, each number glued to a word of three letters or more, a closing bracket or
// punctuation higher up on the same page. The digits are then rewritten as superscripts, which the
// rest of the pipeline reads, and the report says so. Known limit: a marker glued to a number
// (`20151`, the year 2015 and note 1) is not recognised, nor is a note that continues on the next page.
import type { SourceLine } from './types.ts';
import { Report } from './types.ts';
import { classifyLine } from './lines.ts';
import { hyphenJoin } from './extraction.ts';

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
 * alone on its line (conversion from Word does that), the note's text is the next line. Lines that
 * continue the note (see the module comment) are joined to it with a space.
 */
export function extractFootnotes(
  lines: SourceLine[],
  report: Report = new Report(),
  vocabulary: Set<string> = new Set(),
): { body: SourceLine[]; defs: FootnoteDef[] } {
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
    if (!text && next && !DEFINITION.test(next.text) && (next.page ?? 1) === (l.page ?? 1)) {
      text = next.text;
      i++;
    }
    if (!text) {
      body.push(l); // a lone marker with nothing after it: let the body walker report it
      continue;
    }
    while (i + 1 < lines.length && continuesNote(text, lines[i], lines[i + 1])) {
      text = joinNoteLine(text, lines[i + 1], vocabulary, report);
      i++;
    }
    defs.push({ key: citationKey(m), text, line: l.line, used: false });
  }
  return { body, defs };
}

function continuesNote(sofar: string, last: SourceLine, next: SourceLine): boolean {
  if (next.afterBlank || (next.page ?? 1) !== (last.page ?? 1) || DEFINITION.test(next.text)) return false;
  const kind = classifyLine(next.text, 'text').kind;
  if (kind !== 'plain') return false;
  const ended = /[.;!?]["'’”)\]]*$/u.test(sofar);
  return !ended || /^\p{Ll}/u.test(next.text);
}

function joinNoteLine(sofar: string, next: SourceLine, vocabulary: Set<string>, report: Report): string {
  const h = hyphenJoin(sofar, next.text, vocabulary);
  if (!h) return sofar + ' ' + next.text;
  if (!h.keptHyphen) report.add(next.line, `Word hyphenated across lines joined as "${h.word}"`, h.first + h.second);
  return sofar.slice(0, sofar.length - h.first.length) + h.word + next.text.slice(h.second.length);
}

// --- Plain-digit notes at the foot of a pdftotext page ----------------------------------------------

const NOTE_START = /^(\d{1,3})(?:\s+(\S.*))?$/;
const LABEL_LINE = /^(?:\(?[a-z]{1,4}\)|\d{1,3}\.|[A-Z][a-z]?\d{1,3}|[•▪·–-]\s.*)$/;

function toSuperscript(digits: string): string {
  return Array.from(digits, (d) => SUPERSCRIPT[Number(d)]).join('');
}

/** Where plain digits `n` stand glued, as a footnote marker would, in `text` (from `from` on). */
function plainCitation(text: string, n: number, from = 0): number {
  // After a word of three letters, a closing bracket or quote, or punctuation that does not
  // follow a digit (`17.13` is a number, not paragraph 17 with note 13).
  const re = new RegExp(`(?<=(?:\\p{L}{3}|[\\])”"'’*]|(?<!\\p{N})[.,;:]))${n}(?![\\p{N}\\p{L}])`, 'gu');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : -1;
}

interface PageNote {
  n: number;
  start: number; // index in the page of the note's first line
  end: number; // exclusive
}

/** Parses lines [k, end) of a page as a run of notes numbered from the number on line k. */
function notesFrom(page: SourceLine[], k: number): PageNote[] | null {
  const first = NOTE_START.exec(page[k].text);
  if (!first) return null;
  // `12 February 2015` or `3 of the Convention` is text, not a note: a note line with text needs
  // a blank line above it or a lone number.
  if (first[2] && !page[k].afterBlank) return null;
  const notes: PageNote[] = [];
  let expected = Number(first[1]);
  for (let i = k; i < page.length; i++) {
    const m = NOTE_START.exec(page[i].text);
    if (m && Number(m[1]) === expected && (i === k || !m[2] || page[i].afterBlank || notes.length)) {
      if (notes.length) notes[notes.length - 1].end = i;
      notes.push({ n: expected, start: i, end: page.length });
      expected++;
      continue;
    }
    if (!notes.length) return null;
  }
  for (const note of notes) {
    const lone = !NOTE_START.exec(page[note.start].text)![2];
    // Every note needs text.
    if (lone && note.end - note.start < 2) return null;
    for (let i = note.start + 1; i < note.end; i++) {
      // Note text is one run of lines (after a lone marker, a blank line may come first); list
      // items, lettered or numbered labels and a second paragraph mean body text, not a note.
      if (page[i].afterBlank && !(lone && i === note.start + 1)) return null;
      if (LABEL_LINE.test(page[i].text) || classifyLine(page[i].text, 'text').kind !== 'plain') return null;
    }
  }
  return notes;
}

/**
 * Rewrites pdftotext's plain-digit footnotes as superscript ones (see the module comment): the
 * marker in the body and the note at the foot of the page, whose lines become one note line.
 */
export function readPageFootnotes(lines: SourceLine[], report: Report, vocabulary: Set<string> = new Set()): SourceLine[] {
  if (!lines.some((l) => (l.page ?? 1) > 1)) return lines;
  const out: SourceLine[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length && (lines[j].page ?? 1) === (lines[i].page ?? 1)) j++;
    out.push(...pageWithNotes(lines.slice(i, j), report, vocabulary));
    i = j;
  }
  return out;
}

function pageWithNotes(page: SourceLine[], report: Report, vocabulary: Set<string>): SourceLine[] {
  for (let k = 1; k < page.length; k++) {
    const notes = notesFrom(page, k);
    if (!notes) continue;
    // Each note's number must be cited above, in order.
    const body = page.slice(0, k).map((l) => ({ ...l }));
    const cites: Array<{ row: number; at: number }> = [];
    let row = 0;
    let from = 0;
    for (const note of notes) {
      let at = -1;
      for (; row < body.length; row++, from = 0) {
        at = plainCitation(body[row].text, note.n, from);
        if (at !== -1) break;
      }
      if (at === -1) break;
      cites.push({ row, at });
      from = at + String(note.n).length;
    }
    if (cites.length !== notes.length) continue;
    // Rewrite from the last citation back, so earlier offsets stay valid; report in reading order.
    const said: Array<[number, string, string]> = [];
    for (let c = cites.length - 1; c >= 0; c--) {
      const { row: r, at } = cites[c];
      const n = String(notes[c].n);
      const t = body[r].text;
      body[r].text = t.slice(0, at) + toSuperscript(n) + t.slice(at + n.length);
      said.unshift([body[r].line, `Footnote marker ${n} read from plain digits after "${t.slice(Math.max(0, at - 20), at)}"`, n]);
    }
    for (const [line, message, text] of said) report.add(line, message, text);
    const noteLines: SourceLine[] = notes.map((note) => {
      const head = page[note.start];
      const m = NOTE_START.exec(head.text)!;
      let text = m[2] ?? '';
      for (let x = note.start + 1; x < note.end; x++) text = text ? joinNoteLine(text, page[x], vocabulary, report) : page[x].text;
      report.add(head.line, `Footnote ${m[1]} at the foot of page ${head.page ?? 1} read from plain digits`, m[1]);
      return { ...head, text: `${toSuperscript(m[1])} ${text}`, afterBlank: true };
    });
    return [...body, ...noteLines];
  }
  return page;
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
