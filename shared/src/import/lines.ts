// Input hygiene and line-level recognition. Everything here looks at one line at a time; decisions
// that need context live elsewhere: page furniture and hyphenation in extraction.ts, page-broken
// joins in paragraphs.ts, headings vs paragraphs in structure.ts. Lines carry their page number
// (form feeds), which those modules use to tell a page's edges.
import type { ImportFormat, SourceLine } from './types.ts';
import { Report } from './types.ts';

/**
 * Normalises line endings and rejects input that is not text. Returns null (with a report entry)
 * when the input is binary or empty, so callers never try to parse garbage.
 */
export function readLines(source: unknown, report: Report): SourceLine[] | null {
  if (typeof source !== 'string') {
    report.add(0, 'Input is not text; nothing imported', String(source).slice(0, 80));
    return null;
  }
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) {
    report.add(0, 'Input is empty; nothing imported');
    return null;
  }
  // Control characters other than tab/newline/form feed (pdftotext marks page breaks with \f), or
  // U+FFFD from a failed decode, mean binary data.
  const bad = text.match(/[\u0000-\u0008\u000B\u000E-\u001F\uFFFD]/g)?.length ?? 0;
  if (text.includes('\u0000') || bad > Math.max(2, text.length * 0.01)) {
    report.add(0, `Input looks binary (${bad} control or undecodable characters); nothing imported`, printable(text));
    return null;
  }
  const out: SourceLine[] = [];
  let afterBlank = true;
  let page = 1;
  text.split('\n').forEach((raw, i) => {
    // A form feed ends a page; text after it on the same line is the next page's first line.
    const feeds = raw.split('\f').length - 1;
    if (feeds && !raw.slice(0, raw.indexOf('\f')).trim()) page += feeds;
    // Form feeds and vertical tabs are whitespace (page breaks); other control characters are not
    // text either, but removing them is reported, with the line they stood on.
    // Unicode noncharacters (U+FDD0-FDEF) are never text, and the bracket parser uses two of them.
    const controls = raw.match(/[\u0000-\u0008\u000E-\u001F\uFDD0-\uFDEF]/g);
    const t = raw.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFDD0-\uFDEF]/g, '').replace(/[\t\u00A0]+/g, ' ').trim();
    if (controls) {
      const codes = controls.map((c) => 'U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
      report.add(i + 1, `${controls.length} control character(s) removed (${[...new Set(codes)].join(', ')}) from "${t.slice(0, 60)}"`, controls.join(''));
    }
    // A line of spaces, tabs or no-break spaces is a blank line like an empty one.
    if (!t) {
      afterBlank = true;
      return;
    }
    out.push({ line: i + 1, text: t, afterBlank, page });
    afterBlank = false;
    if (feeds && raw.slice(0, raw.indexOf('\f')).trim()) page += feeds;
  });
  return out;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7E\u00A0-\u024F]/g, '·').slice(0, 80);
}

/**
 * List markers extraction leaves behind (`- 12.`, `• text`). Markdown `*Notes*` is not a marker, and
 * neither is the first star of `* * *` or the dash of `- -`: a marker is stripped only when real
 * content (a letter or digit) follows it, so a line of marks is never cut short.
 */
const LIST_MARKER = /^(?:[-•–·▪]|\*(?=\s))\s+(?=.*[\p{L}\p{N}])/u;

export function stripListMarker(text: string): string {
  return text.replace(LIST_MARKER, '');
}

/** Removes markdown emphasis delimiters, for tests on a line's words. */
export function plainOf(text: string, format: ImportFormat): string {
  const t = unwrapMarkup(text, format);
  return format === 'markdown' ? t.replace(/\\([\\*_[\]])/g, '$1').replace(/\*+/g, '') : t;
}

/**
 * Markup that carries no structure here: `2<sup>nd</sup>` (numeric <sup> is a footnote marker and
 * stays), and in Markdown links `[text](url)` -> `text (url)` and autolinks `<url>` -> `url`, so a
 * link's brackets are not taken for negotiation brackets.
 */
export function unwrapMarkup(text: string, format: ImportFormat): string {
  let t = text.replace(/<sup>\s*(\D[^<]*?)\s*<\/sup>/g, '$1');
  if (format === 'markdown') {
    t = t
      .replace(/\[([^\]]*)\]\((\S+?)\)/g, (_m, label: string, url: string) => (!label || label.replace(/\\(.)/g, '$1') === url ? url : `${label} (${url})`))
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1');
  }
  return t;
}

export type LineKind =
  | { kind: 'numbered'; number: number[]; body: string }
  | { kind: 'sub'; letter: string; body: string }
  | { kind: 'mdHeading'; level: number; body: string }
  | { kind: 'artefact' }
  | { kind: 'plain'; body: string };

const MULTI_NUMBER = /^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(.*)$/; // 2.1 Heading, 2.1. Heading
const SINGLE_NUMBER = /^(\d{1,3})\.\s+(.*)$/; // 12. Paragraph (the dot tells it from "19 July")
const SUB = /^\(([a-z]{1,2})\)\s+(.*)$|^([a-z])\)\s+(.*)$/;
const MD_HEADING = /^(#{1,6})\s+(.*?)\s*#*$/;
// Extraction leftovers: a lone number such as a page number or the `00` in the WSIS seed, and
// rules (`---`) that conversions leave at page breaks.
// Rules may be spaced (`* * *`, `- - -`).
const ARTEFACT = /^(?:\d{1,3}|-\s*\d{1,3}\s*-|page \d+( of \d+)?|-(?:\s*-){2,}|\*(?:\s*\*){2,}|_(?:\s*_){2,})$/i;

export function classifyLine(text: string, format: ImportFormat): LineKind {
  if (format === 'markdown') {
    const h = MD_HEADING.exec(text);
    if (h) return { kind: 'mdHeading', level: h[1].length, body: h[2] };
  }
  const t = stripListMarker(text);
  // Test the line as written too: the leading dash of a `- 12 -` page number is not a list marker.
  if (ARTEFACT.test(text) || ARTEFACT.test(t)) return { kind: 'artefact' };
  const multi = MULTI_NUMBER.exec(t);
  if (multi) return { kind: 'numbered', number: multi[1].split('.').map(Number), body: multi[2] };
  const single = SINGLE_NUMBER.exec(t);
  if (single) return { kind: 'numbered', number: [Number(single[1])], body: single[2] };
  const sub = SUB.exec(t);
  if (sub) return { kind: 'sub', letter: sub[1] ?? sub[3], body: sub[2] ?? sub[4] };
  return { kind: 'plain', body: t };
}

/** Ends like a finished sentence or clause: . , ; : ! ? possibly followed by quotes or markers. */
export function endsWithPunctuation(text: string): boolean {
  const t = text
    .replace(/(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|<sup>\s*\w+\s*<\/sup>|\[\^[^\]\s]+\])+$/u, '')
    .replace(/[\s*_)\]"'’”»]+$/u, '');
  return /[.,;:!?…]$/.test(t);
}

/** Starts with a lowercase word, possibly after emphasis, quotes or brackets (`[and ...]`). */
export function startsLowercase(text: string): boolean {
  return /^[*_("'“‘[]*\p{Ll}/u.test(text);
}
