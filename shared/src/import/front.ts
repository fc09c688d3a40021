// The heading block of a draft: the lines above the body (title, "Zero Draft", "Resolution 2010/2",
// a symbol such as A/70/L.33, a date). The body starts at the first line that can only be body:
// "Preamble", an opening formula ("The General Assembly,", "*The Conference of the Parties,*",
// "The Parties to this Agreement,"), a numbered or lettered paragraph, a typed label of the wider
// family ("9bis.", "Article 1", "I. Introduction", "Option 1:"), or a sentence-like line.
// The title may run over several blocks of lines in an issued document's heading; in a heading with
// no boilerplate (our own text export) a block after a blank line that sits right above the body is
// body (an unlabelled section heading), not more title.
import type { ImportFormat, SourceLine } from './types.ts';
import { classifyLine, endsWithPunctuation, plainOf } from './lines.ts';
import { operativeVerbLength, participlePhraseLength } from './participles.ts';
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
// A/70/L.33, E/RES/2010/2, FCCC/CP/2015/L.9/Rev.1, FCCC/PA/CMA/2018/3/Add.1: letters, slashes, a digit.
const SYMBOL = /^(?=.*\d)[A-Z]{1,6}\/(?:[A-Za-z0-9.()-]+\/)*[A-Za-z0-9.()-]+$/;
/** "70/125. Outcome document of ...": a resolution number and its title on one line. */
const NUMBERED_TITLE = /^(\d{1,4}\/\d{1,4})\.\s+(\S.*)$/;
/**
 * Lines of a UN or UNFCCC document heading that are neither title nor identity: distribution, original
 * language, organ, session, agenda item, place and dates of the session, job number, barcode, the
 * "Resolution adopted by" line. They are reported, not made part of the title.
 */
const BOILERPLATE = [
  /\bdistr\.?:?\s*(?:general|limited|restricted)\b/i,
  /^(?:proposal|draft (?:resolution|decision) submitted|note|working paper prepared) by the /i,
  /^original:\s*[\p{L}/ ]+$/iu,
  /^(?:united nations|general assembly|economic and social council|security council|conference of the parties|framework convention on climate change|united nations framework convention on climate change)$/i,
  /^[\p{L}-]+(?: [\p{L}-]+)? session\b(?!.*[.;]$)/iu, // not "twenty-first session." ending a sentence
  /^agenda items?\s+[\w().,\s]+$/i,
  /^(?:GE\.)?\d{2}-\d{4,6}\s*\([A-Z]\)/,
  /^\*\d{6,8}\*$/,
  /^resolution adopted by the /i,
  /^\[(?:on the report of|without reference to)\b.*\]$/i,
  new RegExp(`^[\\p{Lu}][\\p{L} .'-]+,\\s+\\d{1,2}\\b.*\\b(?:${'January|February|March|April|May|June|July|August|September|October|November|December'})\\b.*\\d{4}$`, 'u'),
];
const RESOLUTION = /^(?:resolution\s+)?(\d{1,4}\/\d{1,4})$/i;
const STAGE =
  /^(?:zero[- ]draft|first draft|second draft|third draft|revised draft|final draft|draft|rev\.?\s*\d+|revision\s*\d+|advance unedited(?: version)?|draft (?:resolution|decision|outcome document|declaration|conclusions)(?:\s+-?[\w.]*\/[\w.]+)?)$/i;
export const AUTHORITY_LINE = /^The [A-Z][\p{L}\s'’-]{2,80},$/u;
const FORMULA_WITHOUT_COMMA = /^The (?:General Assembly|Economic and Social Council|Security Council|Human Rights Council|Conference of the Parties[\p{L}\s]*|Parties to this [\p{L}]+)$/u;

/**
 * "The General Assembly," opens the body; so does "The General Assembly" without its comma when the
 * next line opens with an operative verb or a participle ("Adopts the following outcome document:").
 */
export function isFormula(plain: string, next: string | undefined): boolean {
  if (AUTHORITY_LINE.test(plain)) return true;
  return FORMULA_WITHOUT_COMMA.test(plain) && next !== undefined && (operativeVerbLength(next) > 0 || participlePhraseLength(next) > 0);
}
export const PREAMBLE_LINE = /^preamble$/i;
/** The line that closes a treaty's preamble. */
export const AGREED_LINE = /^(?:have|hereby)\s+agreed?\s+as\s+follows\s*:?$/i;

function normaliseStage(s: string): string {
  const rev = /^rev(?:ision)?\.?\s*(\d+)$/i.exec(s);
  if (rev) return `Rev.${rev[1]}`;
  if (s.includes('/')) return s.replace(/\s+/g, ' '); // "Draft decision -/CP.21": the symbol keeps its case
  const t = s.replace(/\s+/g, ' ').toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function isBodyStart(l: SourceLine, format: ImportFormat, next?: SourceLine): boolean {
  const plain = plainOf(l.text, format);
  if (PREAMBLE_LINE.test(plain) || isFormula(plain, next && plainOf(next.text, format)) || AGREED_LINE.test(plain)) return true;
  const c = classifyLine(l.text, format);
  if (c.kind === 'numbered' || c.kind === 'sub') return true;
  if (c.kind === 'plain' && (articleHeading(plain) || suffixedNumber(plain) || romanHeading(plain) || optionMarker(l.text, format))) return true;
  if (c.kind === 'mdHeading') return c.level > 1;
  if (participlePhraseLength(plain) && endsWithPunctuation(plain)) return true;
  // A sentence: ends like one and is longer than any title line.
  return endsWithPunctuation(plain) && plain.split(/\s+/).length > 30;
}

/** The line opens the body: what isBodyStart says, or a lettered section ("B. Draft decision") under a title. */
function opensBody(lines: SourceLine[], j: number, format: ImportFormat): boolean {
  const l = lines[j];
  return isBodyStart(l, format, lines[j + 1]) || (classifyLine(l.text, format).kind === 'plain' && !!letterHeading(plainOf(l.text, format)));
}

/**
 * The block of lines that begins at lines[i] (after a blank line under the title) is text wrapped
 * over lines, not title: one of its lines, before the body opens, ends like a sentence.
 */
function wrappedText(lines: SourceLine[], i: number, format: ImportFormat): boolean {
  for (let j = i; j < lines.length && (j === i || !lines[j].afterBlank) && (j === i || !opensBody(lines, j, format)); j++) {
    if (endsWithPunctuation(plainOf(lines[j].text, format))) return true;
  }
  return false;
}

/** The body opens (or the source ends) right after the block of lines that begins at lines[i]. */
function bodyAfterBlock(lines: SourceLine[], i: number, format: ImportFormat): boolean {
  let j = i + 1;
  while (j < lines.length && !lines[j].afterBlank) j++;
  return j >= lines.length || opensBody(lines, j, format);
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
  let titleAcrossBlank = false;
  // Distribution, organ, session lines: the heading of an issued document, whose title may run over
  // several blocks (never our own export, which prints only symbol, date, title and stage).
  let documentHeading = false;
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i];
    const c = classifyLine(l.text, format);
    // The first Markdown heading is the title, unless it is a labelled section ("## I. Adoption").
    const firstHeading =
      c.kind === 'mdHeading' && !info.titleLines.length && !/^\d/.test(c.body) && !articleHeading(c.body) && !romanHeading(c.body) && !letterHeading(c.body);
    if (!firstHeading && isBodyStart(l, format, lines[i + 1])) break;
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
    const numberedTitle = NUMBERED_TITLE.exec(plain);
    const unSymbol = /^United Nations\s+(\S+)$/.exec(plain);
    if (c.kind === 'artefact') info.unplaced.push({ ...l, why: 'Stray extraction artefact ignored' });
    else if (BOILERPLATE.some((re) => re.test(plain))) {
      const date = new RegExp(`(${DATE_LINE.source.slice(1, -1)})$`, 'i').exec(plain);
      if (date && !info.date && /\bdistr/i.test(plain)) info.date = date[1];
      info.unplaced.push({ ...l, why: 'Document heading line (distribution, organ, session, agenda, job number) kept out of the title' });
      documentHeading = true;
    } else if (unSymbol && SYMBOL.test(unSymbol[1])) {
      once(l, 'symbol', unSymbol[1]);
      info.unplaced.push({ ...l, text: 'United Nations', why: 'Document heading line (distribution, organ, session, agenda, job number) kept out of the title' });
      documentHeading = true;
    } else if (numberedTitle && !info.titleLines.length) {
      once(l, 'resolutionNumber', numberedTitle[1], numberedTitle[1]);
      info.rewritten.push({ line: l.line, text: `${numberedTitle[1]}.`, field: 'symbol', value: numberedTitle[1] });
      info.titleLines.push({ ...l, text: numberedTitle[2] });
    } else if (/^resolution$/i.test(plain)) resolutionWord = l; // "Resolution" above its number
    else if (RESOLUTION.exec(plain)) once(l, 'resolutionNumber', RESOLUTION.exec(plain)![1], plain);
    else if (SYMBOL.test(plain)) once(l, 'symbol', plain);
    else if (DATE_LINE.test(plain)) once(l, 'date', plain);
    else if (STAGE.test(plain)) once(l, 'stage', normaliseStage(plain), plain);
    // After a blank line under the title, text wrapped over lines is body. So is a title-like block
    // right above the body when the title was one block (as in our own text export: an unlabelled
    // section heading). A title that runs over several blocks ("Special Committee ..." / "Pitcairn")
    // keeps them when the block is followed by more of the heading, the title has already run over a
    // blank line, or the heading has boilerplate lines (an issued document, not our export). Known
    // limit: two unlabelled headings in a row right under a bare title read as title lines.
    else if (
      info.titleLines.length &&
      l.afterBlank &&
      (wrappedText(lines, i, format) || (!titleAcrossBlank && !documentHeading && bodyAfterBlock(lines, i, format)))
    )
      break;
    else if (!endsWithPunctuation(plain) || c.kind === 'mdHeading') {
      if (info.titleLines.length && l.afterBlank) titleAcrossBlank = true;
      info.titleLines.push({ ...l, text: plain });
    }
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
