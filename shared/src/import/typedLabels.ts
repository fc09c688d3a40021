// Labels as negotiators type them, recognised on one line: "9bis.", "12 ter", "3.3alt", decimal
// paragraph labels ("3.3 Parties shall..."), roman and lettered section headings ("I. Adoption",
// "A. Mitigation"), "Article 4", "Option 1:" / "**Option 2:** No text", and subparagraphs up to
// "(viii)". lines.ts knows the plain shapes ("12.", "(a)", "2.1 Heading"); these are the shapes
// of the wider family of negotiated texts (UNFCCC decisions and agreements, treaty drafts,
// compilation texts). Each recogniser returns the label as typed, without its trailing dot, and
// the rest of the line; whether the line is then a heading or a paragraph is structure.ts's call.
import type { ImportFormat } from './types.ts';
import { fromRoman } from '../numbering/labels.ts';

/** Latin suffixes of inserted paragraphs, and "alt" for whole-paragraph alternatives. */
const SUFFIX = '(?:bis|ter|quater|quinquies|quinqu?ies|sexies|septies|octies|novies|nonies|decies|alt(?:\\.?\\s?\\d+)?)';

export interface TypedLabel {
  label: string;
  body: string;
}

/** "9bis. text", "12 ter text", "12 Alt. text", "3.3bis text", "3.3 text": a paragraph label with a suffix or decimals. */
export function suffixedNumber(t: string): (TypedLabel & { number: number[]; suffix: string }) | null {
  const m = new RegExp(`^(\\d{1,3}(?:\\.\\d{1,3})*)(\\s?${SUFFIX})?\\.?\\s+(\\S.*)$`, 'i').exec(t);
  if (!m) return null;
  const number = m[1].split('.').map(Number);
  const suffix = m[2] ?? '';
  if (!suffix && number.length < 2) return null;
  return { label: m[1] + suffix, number, suffix, body: m[3] };
}

/** "PP2bis Recalling ...", "OP4. Decides ...": labels of compilation texts that name the part. */
export function prefixedLabel(t: string): (TypedLabel & { part: 'pp' | 'op' }) | null {
  const m = new RegExp(`^((PP|OP|Pp|Op)\\s?\\d{1,3}(?:\\s?${SUFFIX})?)\\.?\\s+(\\S.*)$`).exec(t);
  if (!m) return null;
  return { label: m[1], part: m[2].toLowerCase() === 'pp' ? 'pp' : 'op', body: m[3] };
}

/** "Article 4", "Article 2 *(purpose)*", "ARTICLE 3bis": an Article heading of a treaty text. */
export function articleHeading(t: string): (TypedLabel & { number: number }) | null {
  const m = new RegExp(`^(article\\s+(\\d{1,3})(?:\\s?${SUFFIX})?)\\.?(?:\\s+(.*))?$`, 'i').exec(t);
  if (!m) return null;
  return { label: m[1], number: Number(m[2]), body: m[3] ?? '' };
}

/** "I. Adoption", "IV.Title" (extraction drops the space): a roman section number. */
export function romanHeading(t: string): TypedLabel | null {
  const m = /^([IVXL]{1,6})\.\s*(\S.*)$/.exec(t);
  if (!m || !fromRoman(m[1])) return null;
  if (!/^\s/.test(t.slice(m[1].length + 1)) && !/^[*_]*\p{Lu}/u.test(m[2])) return null;
  return { label: m[1], body: m[2] };
}

/** "A. Mitigation": a lettered section heading. */
export function letterHeading(t: string): TypedLabel | null {
  const m = /^([A-Z])\.\s+(\S.*)$/.exec(t);
  return m ? { label: m[1], body: m[2] } : null;
}

const EMPHASIS = '(?:\\*\\*|__|\\*|_)?';

/**
 * "Option 1:", "Option (a):", "Option I", "**Option 2:** No text", "**Option 1** :": an option
 * marker. The label keeps the marker as typed (its colon too, so it prints back the same); the rest
 * of the line is the option's own text.
 */
export function optionMarker(t: string, format: ImportFormat): TypedLabel | null {
  const e = format === 'markdown' ? EMPHASIS : '';
  // Footnote citations on the marker ("Option 1[^6][^7]:") move to the start of the option's text.
  const cites = '((?:\\[\\^[^\\]\\s]+\\]|<sup>\\s*\\d+\\s*<\\/sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)';
  const m = new RegExp(
    `^(${e})(Option\\s+(?:\\d{1,2}|[IVX]{1,4}|[A-Z]|\\([a-z0-9]{1,3}\\)))${cites}(\\s*:)?(${e})(\\s*:)?${e}(?:\\s+|$)(.*)$`,
    'u',
  ).exec(t);
  if (!m) return null;
  const label = m[2] + (m[4] ?? '') + (m[6] ?? '');
  const body = [m[3], m[7].trim()].filter(Boolean).join(' ');
  // A marker ends with a colon, stands alone, is set in bold, or is followed by a note "(paras 6-9)";
  // "Option 1 would require ..." at the start of a line is a sentence.
  const marked = label.endsWith(':') || body === '' || /^[*_]*\(/.test(m[7]) || (m[1] !== '' && m[1] === m[5]);
  return marked ? { label, body } : null;
}

/** "(a)", "(iv)", "b)": a subparagraph label; `token` is what stands between the brackets. */
export function subLabel(t: string): (TypedLabel & { token: string }) | null {
  // "(a)bis", "(a bis)": an inserted subparagraph keeps its label as typed.
  const inserted = new RegExp(`^(\\(([a-z]{1,2})\\)\\s?${SUFFIX}|\\(([a-z]{1,2})\\s?${SUFFIX}\\))\\.?\\s+(.*)$`).exec(t);
  if (inserted) return { token: inserted[2] ?? inserted[3], label: inserted[1], body: inserted[4] };
  const m = /^\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(.*)$|^([a-z])\)\s+(.*)$/.exec(t);
  if (!m) return null;
  const token = m[1] ?? m[3];
  // "b)" is the same label as "(b)", written the short way.
  return { token, label: `(${token})`, body: m[2] ?? m[4] };
}

/** Roman numerals that are also the letter expected next after `last` ("i" after "h"). */
export function isRomanToken(token: string): boolean {
  return fromRoman(token) > 0;
}
