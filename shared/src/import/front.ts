// The heading block of a draft: the lines above the body (title, "Zero Draft", "Resolution 2010/2",
// a symbol such as A/70/L.33, a date). The body starts at the first line that can only be body:
// "Preamble", an opening formula ("The General Assembly,", "*The Conference of the Parties,*",
// "The Parties to this Agreement,"), a numbered or lettered paragraph, a typed label of the wider
// family ("9bis.", "Article 1", "I. Introduction", "Option 1:"), or a sentence-like line.
import type { ImportFormat, SourceLine } from './types.ts';
import { classifyLine, endsWithPunctuation, plainOf } from './lines.ts';
import { participlePhraseLength } from './participles.ts';
import { articleHeading, letterHeading, optionMarker, romanHeading, suffixedNumber } from './typedLabels.ts';

export interface FrontInfo {
  titleLines: SourceLine[];
  symbol: string;
  /** "2010/2" when only a resolution number was found; the body decides the organ prefix. */
  resolutionNumber: string;
  /** Source line of the resolution number (0: none). */
  resolutionLine: number;
  date: string;
  stage: string;
  /** Number of source lines consumed. */
  consumed: number;
  /** Lines in the heading area that fit nowhere (artefacts, a second date...), for the report. */
  unplaced: Array<SourceLine & { why: string }>;
  /**
   * Heading text that went into a field in another form ("Resolution" above its number, which
   * becomes part of the symbol; "Revision 2" read as the stage Rev.2): reported, so no word of the
   * source disappears unsaid.
   */
  rewritten: Array<{ line: number; text: string; field: 'symbol' | 'stage'; value: string }>;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
export const DATE_LINE = new RegExp(`^(?:\\d{1,2}(?:[-–]\\d{1,2})?\\s+(?:${MONTHS})\\s+\\d{4}|(?:${MONTHS})\\s+\\d{1,2},\\s+\\d{4})$`, 'i');
const SYMBOL = /^[A-Z]{1,2}\/(?:[A-Z0-9.()-]+\/)*[A-Z0-9.()-]+$/;
const RESOLUTION = /^(?:resolution\s+)?(\d{1,4}\/\d{1,4})$/i;
const STAGE =
  /^(?:zero[- ]draft|first draft|second draft|third draft|revised draft|final draft|draft|rev\.?\s*\d+|revision\s*\d+|advance unedited(?: version)?|draft (?:resolution|decision|outcome document|declaration))$/i;
export const AUTHORITY_LINE = /^The [A-Z][\p{L}\s'’-]{2,80},$/u;
export const PREAMBLE_LINE = /^preamble$/i;
/** The line that closes a treaty's preamble. */
export const AGREED_LINE = /^(?:have|hereby)\s+agreed?\s+as\s+follows\s*:?$/i;

function normaliseStage(s: string): string {
  const rev = /^rev(?:ision)?\.?\s*(\d+)$/i.exec(s);
  if (rev) return `Rev.${rev[1]}`;
  const t = s.replace(/\s+/g, ' ').toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function isBodyStart(l: SourceLine, format: ImportFormat): boolean {
  const plain = plainOf(l.text, format);
  if (PREAMBLE_LINE.test(plain) || AUTHORITY_LINE.test(plain) || AGREED_LINE.test(plain)) return true;
  const c = classifyLine(l.text, format);
  if (c.kind === 'numbered' || c.kind === 'sub') return true;
  if (c.kind === 'plain' && (articleHeading(plain) || suffixedNumber(plain) || romanHeading(plain) || optionMarker(l.text, format))) return true;
  if (c.kind === 'mdHeading') return c.level > 1;
  if (participlePhraseLength(plain) && endsWithPunctuation(plain)) return true;
  // A sentence: ends like one and is longer than any title line.
  return endsWithPunctuation(plain) && plain.split(/\s+/).length > 30;
}

export function readFront(lines: SourceLine[], format: ImportFormat): FrontInfo {
  const info: FrontInfo = { titleLines: [], symbol: '', resolutionNumber: '', resolutionLine: 0, date: '', stage: '', consumed: 0, unplaced: [], rewritten: [] };
  let resolutionWord: SourceLine | null = null;
  const once = (l: SourceLine, field: 'symbol' | 'resolutionNumber' | 'date' | 'stage', value: string, source = value) => {
    if (info[field]) info.unplaced.push({ ...l, why: `A second ${field === 'resolutionNumber' ? 'resolution number' : field} in the heading` });
    else {
      info[field] = value;
      if (field === 'resolutionNumber') info.resolutionLine = l.line;
      if (field === 'resolutionNumber' && /^resolution\s/i.test(source)) {
        info.rewritten.push({ line: l.line, text: source.replace(/\s+\S+$/, ''), field: 'symbol', value });
      }
      // Stage names are normalised ("ZERO DRAFT" -> "Zero draft"); a change of case or spacing
      // is not worth a word, a change of characters ("Revision 2" -> "Rev.2") is.
      if (field === 'stage' && value.replace(/\s+/g, '').toLowerCase() !== source.replace(/\s+/g, '').toLowerCase()) {
        info.rewritten.push({ line: l.line, text: source, field: 'stage', value });
      }
    }
  };
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i];
    const c = classifyLine(l.text, format);
    // The first Markdown heading is the title, unless it is a labelled section ("## I. Adoption").
    const firstHeading =
      c.kind === 'mdHeading' && !info.titleLines.length && !/^\d/.test(c.body) && !articleHeading(c.body) && !romanHeading(c.body) && !letterHeading(c.body);
    if (!firstHeading && isBodyStart(l, format)) break;
    // "B. Draft decision" under a title opens the body; alone at the top it may be the title itself.
    if (info.titleLines.length && c.kind === 'plain' && letterHeading(plainOf(l.text, format))) break;
    const plain = plainOf(c.kind === 'mdHeading' ? c.body : l.text, format).trim();
    // "E/RES/2010/2 · 19 July 2010 · Rev.1": several identity fields on one line (our own exports).
    const parts = plain.split(/\s+[·|]\s+/);
    if (parts.length > 1 && parts.every((p) => RESOLUTION.test(p) || SYMBOL.test(p) || DATE_LINE.test(p) || STAGE.test(p))) {
      for (const p of parts) {
        if (RESOLUTION.test(p)) once(l, 'resolutionNumber', RESOLUTION.exec(p)![1], p);
        else if (SYMBOL.test(p)) once(l, 'symbol', p);
        else if (DATE_LINE.test(p)) once(l, 'date', p);
        else once(l, 'stage', normaliseStage(p), p);
      }
      continue;
    }
    if (c.kind === 'artefact') info.unplaced.push({ ...l, why: 'Stray extraction artefact ignored' });
    else if (/^resolution$/i.test(plain)) resolutionWord = l; // "Resolution" above its number
    else if (RESOLUTION.exec(plain)) once(l, 'resolutionNumber', RESOLUTION.exec(plain)![1], plain);
    else if (SYMBOL.test(plain)) once(l, 'symbol', plain);
    else if (DATE_LINE.test(plain)) once(l, 'date', plain);
    else if (STAGE.test(plain)) once(l, 'stage', normaliseStage(plain), plain);
    else if (!endsWithPunctuation(plain) || c.kind === 'mdHeading') info.titleLines.push({ ...l, text: plain });
    else break;
  }
  info.consumed = i;
  if (resolutionWord && !info.resolutionNumber) info.unplaced.push({ ...(resolutionWord as SourceLine), why: '"Resolution" without a number' });
  else if (resolutionWord) {
    const w = resolutionWord as SourceLine;
    info.rewritten.push({ line: w.line, text: plainOf(w.text, format).trim(), field: 'symbol', value: info.resolutionNumber });
  }
  return info;
}
