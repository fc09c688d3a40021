// Walks the body lines in order and decides what each one is: a section heading, a paragraph
// (pp, op or running text), a subparagraph, the continuation of a page-broken paragraph, or an
// artefact. Headings and paragraphs both may carry numbers; the deciding test is the sequence:
// "2. Internet Governance" is a heading because it is short, unpunctuated and 2 follows heading 1,
// whereas paragraph numbers run 1..58 on their own. Source labels are checked and kept as typed
// (`typed`); index.ts then fixes on a block only the labels derivation would not give
// (numbering/labels.ts `fixedLabels`), so "12 bis", "I." and a restart at 6 inside "Option 2" survive
// while a plain 1..N draft stays fully derived.
//
// The family of texts read here: outcome documents (numbered pp and op), resolutions and UNFCCC
// decisions (an opening formula such as "The General Assembly," or "*The Conference of the
// Parties,*", unnumbered pp, numbered op, roman and lettered sections), treaty texts ("The Parties
// to this Agreement,", "Have agreed as follows:", "Article N" with paragraphs numbered from 1 in
// each Article), and negotiating texts (Option markers, 9bis paragraphs, nested (i) subparagraphs).
// Every unnumbered line between the opening formula and the first operative paragraph or heading is
// a preambular paragraph, whatever word it opens with.
// An Option marker on a numbered paragraph's own line ("16. Option 1: ...") becomes an option block
// before that paragraph, which keeps its number.
// Known limits: Markdown nested lists are read as subparagraphs only under a paragraph (two levels);
// heading levels deeper than two are flattened to two; a bracketed heading ("[Article 3bis]") stays an
// unnumbered heading with its brackets as text; "Alt 1" markers are not read as options.
import type { ImportFormat, SourceLine } from './types.ts';
import { Report } from './types.ts';
import type { NumberingStyle, ParagraphKind } from '../model/types.ts';
import { classifyLine, endsWithPunctuation, plainOf, startsLowercase, stripListMarker } from './lines.ts';
import { continuesParagraph, endsMidPhrase, join } from './paragraphs.ts';
import { DATE_LINE, PREAMBLE_LINE, AGREED_LINE, isFormula } from './front.ts';
import { operativeVerbLength, participlePhraseLength } from './participles.ts';
import { articleHeading, letterHeading, optionMarker, prefixedLabel, romanHeading, subLabel, suffixedNumber } from './typedLabels.ts';
import { fromRoman, subparagraphLetter, toRoman } from '../numbering/labels.ts';

interface BlockBase {
  text: string;
  /** Source lines, first one first (a page-broken paragraph has several). */
  lines: number[];
}
export interface HeadingBlock extends BlockBase {
  type: 'heading';
  level: 1 | 2;
  numbered: boolean;
  /** Label as typed ("2", "1.1", "I", "A", "Article 4"), null when unnumbered. */
  typed: string | null;
}
export interface ParagraphBlock extends BlockBase {
  type: 'paragraph';
  kind: ParagraphKind;
  numbered: boolean;
  /** Length of an opening participle phrase to italicise (resolution-style pp), else 0. */
  participle: number;
  role?: 'authority' | 'closing';
  /** Label as typed ("12", "9bis", "3.3alt"), null when unnumbered. */
  typed: string | null;
}
export interface SubBlock extends BlockBase {
  type: 'sub';
  level: 1 | 2;
  /** "(a)", "(iv)"; null for a Markdown nested list item, whose numbers are list markup. */
  typed: string | null;
}
export interface OptionBlock extends BlockBase {
  type: 'option';
  /** The marker as typed: "Option 1:", "Option I". */
  typed: string;
}
export type Block = HeadingBlock | ParagraphBlock | SubBlock | OptionBlock;

export interface Structure {
  blocks: Block[];
  numberingStyle: NumberingStyle;
  /** The date of a closing "39th plenary meeting / 19 July 2010", if any. */
  closingDate: string;
  /** Saw "The Economic and Social Council," or similar: the organ, for the symbol prefix. */
  authority: string;
}

const CLOSING_LINE = /^\d+(?:st|nd|rd|th)\s+plenary meeting$/i;

export function headingLike(plain: string): boolean {
  return (
    /^[\p{Lu}\d]/u.test(plain) &&
    !endsWithPunctuation(plain) &&
    plain.length <= 160 &&
    plain.split(/\s+/).length <= 20
  );
}

/**
 * The title after a section label ("I.", "A.", "C.1"): the label already says heading, so a longer
 * title than headingLike allows is accepted (UNFCCC section titles run to fifty words), still
 * unpunctuated at the end.
 */
function labelledTitle(plain: string): boolean {
  return /^[\p{Lu}\d[(]/u.test(plain) && !endsWithPunctuation(plain) && plain.split(/\s+/).length <= 60;
}

/** Heading numbers that may come next after `last`: 2 after 1.3, 1.4 after 1.3, 2.1 after 2. */
function fitsHeading(n: number[], last: number[]): boolean {
  const top = last[0] ?? 0;
  if (n.length === 1) return n[0] === top + 1;
  if (n.length === 2 && n[0] === top) return n[1] === (last.length > 1 ? last[1] + 1 : 1);
  return false;
}

/** Raw indentation of a source line (Markdown nesting), by 1-based line number. */
export type Indents = (line: number) => number;

export function walk(lines: SourceLine[], format: ImportFormat, report: Report, indentOf: Indents = () => 0): Structure {
  const blocks: Block[] = [];
  let lastHeading: number[] = [];
  let lastPara = 0;
  let lastParaLabel = '';
  let lastLetter = '';
  let lastRoman = '';
  let subIndent = 0;
  let inPreamble = false;
  let afterFormula = false;
  let seenRoman = false;
  let lastLetterHeading = '';
  let articles = 0;
  let agreed = false;
  let seenSectionHeading = false;
  let seenOp = false;
  let numberedPP = 0;
  let unnumberedPP = 0;
  let closingDate = '';
  let authority = '';
  // Markdown heading levels are relative: the shallowest heading in the body is level 1.
  const minHashes = lines.reduce((min, l) => {
    const c = classifyLine(l.text, format);
    return c.kind === 'mdHeading' ? Math.min(min, c.level) : min;
  }, 7);

  const heading = (l: SourceLine, text: string, level: number, numbered: boolean, typed: string | null = null) => {
    if (level > 2) report.add(l.line, `Heading level ${level} is deeper than the two levels supported; kept as a subsection`, l.text);
    blocks.push({ type: 'heading', level: level > 1 ? 2 : 1, numbered, text, lines: [l.line], typed });
    lastLetter = lastRoman = '';
    afterFormula = false;
    if (PREAMBLE_LINE.test(plainOf(text, format))) inPreamble = true;
    else {
      inPreamble = false;
      seenSectionHeading = true;
    }
  };
  const paragraph = (l: SourceLine, p: Omit<ParagraphBlock, 'type' | 'lines' | 'typed'>, typed: string | null = null) => {
    blocks.push({ type: 'paragraph', lines: [l.line], typed, ...p });
    lastLetter = lastRoman = '';
    if (p.kind === 'op') seenOp = true;
    if (p.kind === 'pp') p.numbered ? numberedPP++ : unnumberedPP++;
    if (p.numbered) afterFormula = false;
  };
  const numberedHeading = (l: SourceLine, n: number[], body: string) => {
    if (!fitsHeading(n, lastHeading)) {
      report.add(l.line, `Heading number ${n.join('.')} does not follow ${lastHeading.join('.') || 'the start'}; kept as typed`, l.text);
    }
    lastHeading = n;
    heading(l, body, n.length, true, n.join('.'));
  };
  /** A section heading typed with a roman numeral, a letter or "Article N"; true when the line was one. */
  const labelledHeading = (l: SourceLine, body: string, mdLevel: number | null): boolean => {
    const plain = plainOf(body, format);
    const article = articleHeading(body);
    if (article && (!article.body || headingLike(plainOf(article.body, format)) || /^[*_]*\(/.test(article.body))) {
      articles++;
      lastPara = 0;
      lastParaLabel = '';
      heading(l, article.body, mdLevel ?? 1, true, article.label);
      return true;
    }
    const roman = romanHeading(body);
    // "I." right after "H." is the ninth letter, not section one.
    const letterNext = lastLetterHeading ? String.fromCharCode(lastLetterHeading.charCodeAt(0) + 1) : '';
    if (roman && roman.label !== letterNext && labelledTitle(plainOf(roman.body, format)) && /^[IVXL]/.test(plain)) {
      seenRoman = true;
      lastLetterHeading = '';
      heading(l, roman.body, mdLevel ?? 1, true, roman.label);
      return true;
    }
    const letter = letterHeading(body);
    if (letter && labelledTitle(plainOf(letter.body, format))) {
      heading(l, letter.body, mdLevel ?? (seenRoman ? 2 : 1), true, letter.label);
      lastLetterHeading = letter.label;
      return true;
    }
    // "C.1 Mitigation": a subsection of lettered section C.
    const lettered = /^([A-Z]\.\d{1,2})\.?\s+(\S.*)$/.exec(body);
    if (lettered && labelledTitle(plainOf(lettered[2], format))) {
      heading(l, lettered[2], mdLevel ?? 2, true, lettered[1]);
      return true;
    }
    return false;
  };
  /** A typed paragraph label: checked against the one before, kept as typed. */
  const numberedParagraph = (l: SourceLine, label: string, first: number, body: string, plain: string) => {
    if (first !== lastPara + 1 && !(label !== String(first) && first === lastPara)) {
      report.add(l.line, `Paragraph ${label} follows paragraph ${lastParaLabel || 0}; kept as typed, check nothing is missing or misplaced`, l.text.slice(0, 80));
    }
    lastPara = first;
    lastParaLabel = label;
    // "16. Option 1: Requests ...": the paragraph is the first of the options offered for 16; the
    // marker goes before it as an option block, the paragraph keeps its number and its words.
    const option = optionMarker(body, format);
    if (option && option.body) {
      blocks.push({ type: 'option', typed: option.label, text: '', lines: [l.line] });
      body = option.body;
      plain = plainOf(body, format);
    }
    const pp = inPreamble || (!seenSectionHeading && !seenOp && unnumberedPP === 0 && participlePhraseLength(plain) > 0);
    paragraph(l, { kind: pp ? 'pp' : 'op', numbered: true, participle: 0, text: body }, label);
  };
  /** (a)..(z) under a paragraph, (i), (ii)... under a lettered subparagraph. */
  const subparagraph = (l: SourceLine, token: string, body: string, indent: number, typed = `(${token})`) => {
    if (typed !== `(${token})`) {
      // "(a)bis": inserted after (a), at the level of (a); the letters after it continue from (a).
      blocks.push({ type: 'sub', level: 1, text: body, lines: [l.line], typed });
      lastLetter = token;
      lastRoman = '';
      return;
    }
    const prev = blocks[blocks.length - 1];
    const expectedLetter = lastLetter ? subparagraphLetter(letterIndexOf(lastLetter) + 1) : 'a';
    const expectedRoman = lastRoman ? toRoman(fromRoman(lastRoman) + 1) : 'i';
    const roman = /^[ivx]+$/.test(token) && fromRoman(token) > 0;
    // "(i)" right after "(h)" is a letter; after any other letter, or deeper indented, it opens a second level.
    const deeper = indent > subIndent;
    const second =
      lastLetter !== '' &&
      roman &&
      (deeper || (lastRoman === '' ? token !== expectedLetter : token === expectedRoman || token !== expectedLetter));
    if (second) {
      if (token !== expectedRoman) report.add(l.line, `Subparagraph (${token}) where (${expectedRoman}) was expected; kept as typed`, l.text.slice(0, 80));
      blocks.push({ type: 'sub', level: 2, text: body, lines: [l.line], typed: `(${token})` });
      lastRoman = token;
      return;
    }
    if (token !== expectedLetter) report.add(l.line, `Subparagraph (${token}) where (${expectedLetter}) was expected; kept as typed`, l.text.slice(0, 80));
    if (!prev || prev.type === 'heading') report.add(l.line, 'Subparagraph without a paragraph above it', l.text.slice(0, 80));
    blocks.push({ type: 'sub', level: 1, text: body, lines: [l.line], typed: `(${token})` });
    lastLetter = token;
    lastRoman = '';
    subIndent = indent;
  };

  lines.forEach((l, index) => {
    const c = classifyLine(l.text, format);
    const prev = blocks[blocks.length - 1];
    // A short unpunctuated line whose next line continues it in lowercase is the first half of a
    // page-broken paragraph, not a heading.
    const next = lines[index + 1];
    const continuedBelow = () => {
      if (!next) return false;
      const nc = classifyLine(next.text, format);
      return nc.kind === 'plain' && (startsLowercase(plainOf(nc.body, format)) || (!next.afterBlank && endsMidPhrase(plainOf(l.text, format))));
    };

    if (c.kind === 'artefact') {
      report.add(l.line, 'Stray extraction artefact ignored', l.text);
      return;
    }

    if (c.kind === 'mdHeading') {
      // Inside a Markdown heading a leading number is the heading's own, with or without a dot.
      const inner = /^(\d{1,3}(?:\.\d{1,3})*)\.?\s+(.*)$/.exec(c.body);
      const level = c.level - minHashes + 1;
      if (inner) numberedHeading(l, inner[1].split('.').map(Number), inner[2]);
      else if (!labelledHeading(l, c.body, level)) heading(l, c.body, level, false);
      return;
    }

    const t = stripListMarker(l.text);
    const indent = indentOf(l.line);
    const option = optionMarker(t, format);
    if (option) {
      blocks.push({ type: 'option', typed: option.label, text: option.body, lines: [l.line] });
      lastLetter = lastRoman = '';
      return;
    }
    // A Markdown list nested under a paragraph ("    1. text") is that paragraph's subparagraphs.
    const lastParagraph = lastOf(blocks, (b) => b.type === 'paragraph' || b.type === 'heading');
    if (format === 'markdown' && indent >= 2 && c.kind === 'numbered' && c.number.length === 1 && lastParagraph?.type === 'paragraph') {
      const inSub = lastOf(blocks, (b) => b.type !== 'option')?.type === 'sub';
      const level: 1 | 2 = inSub && indent > subIndent ? 2 : 1;
      if (level === 1) subIndent = indent;
      blocks.push({ type: 'sub', level, text: c.body, lines: [l.line], typed: null });
      return;
    }
    const prefixed = prefixedLabel(t);
    if (prefixed) {
      // "PP2bis Recalling ...", "OP4 Decides ...": compilation texts name the part in the label.
      const kind = prefixed.part === 'pp' ? 'pp' : 'op';
      const marked = format === 'markdown' && /^[*_]/.test(prefixed.body);
      const participle = kind === 'pp' && !marked ? participlePhraseLength(plainOf(prefixed.body, format)) : 0;
      blocks.push({ type: 'paragraph', kind, numbered: true, participle, text: prefixed.body, lines: [l.line], typed: prefixed.label });
      lastLetter = lastRoman = '';
      afterFormula = afterFormula && kind === 'pp';
      if (kind === 'op') seenOp = true;
      return;
    }
    const suffixed = suffixedNumber(t);
    // "30.1 Option (a): ... guidelines for" continued in lowercase below is a paragraph, not heading 30.1.
    if (suffixed && (suffixed.suffix || !headingLike(plainOf(suffixed.body, format)) || continuedBelow())) {
      numberedParagraph(l, suffixed.label, suffixed.number[0], suffixed.body, plainOf(suffixed.body, format));
      return;
    }
    const typedSub = subLabel(t);
    if (typedSub) {
      subparagraph(l, typedSub.token, typedSub.body, indent, typedSub.label);
      return;
    }
    if (c.kind !== 'numbered' && c.kind !== 'sub' && labelledHeading(l, t, null)) return;

    if (c.kind === 'numbered') {
      const n = c.number;
      const plain = plainOf(c.body, format);
      // Inside an Article, "1. **Collective long-term goal**" is paragraph 1 with a title, not a section.
      const inArticle = articles > 0 && n.length === 1;
      if (!inArticle && (n.length > 1 || (headingLike(plain) && fitsHeading(n, lastHeading) && !continuedBelow()))) {
        numberedHeading(l, n, c.body);
        return;
      }
      numberedParagraph(l, String(n[0]), n[0], c.body, plain);
      return;
    }

    if (c.kind === 'sub') {
      subparagraph(l, c.letter, c.body, indent);
      return;
    }

    // Unnumbered line.
    const body = c.body;
    const plain = plainOf(body, format);
    const prevIsClosing = prev?.type === 'paragraph' && prev.role === 'closing';
    if (CLOSING_LINE.test(plain) || (prevIsClosing && DATE_LINE.test(plain))) {
      let text = body;
      if (prevIsClosing && format === 'markdown' && !l.afterBlank) text = balanceEmphasis(prev, text);
      if (DATE_LINE.test(plain)) closingDate ||= plain;
      paragraph(l, { kind: 'text', numbered: false, participle: 0, role: 'closing', text });
      return;
    }
    if (PREAMBLE_LINE.test(plain)) {
      heading(l, body, 1, false);
      return;
    }
    const nextBody = (() => {
      if (!next) return undefined;
      const nc = classifyLine(next.text, format);
      return nc.kind === 'plain' || nc.kind === 'numbered' ? plainOf(nc.body, format) : '';
    })();
    if (isFormula(plain, nextBody)) {
      authority ||= plain.replace(/^The\s+|,$/g, '');
      paragraph(l, { kind: 'text', numbered: false, participle: 0, role: 'authority', text: body });
      afterFormula = true;
      return;
    }
    if (AGREED_LINE.test(plain)) {
      // "Have agreed as follows:" closes a treaty's preamble; it is running text, not a pp.
      agreed = true;
      paragraph(l, { kind: 'text', numbered: false, participle: 0, role: 'authority', text: body });
      afterFormula = false;
      return;
    }
    const joinable =
      prev &&
      ((prev.type === 'paragraph' && !prev.role) ||
        prev.type === 'sub' ||
        (prev.type === 'option' && prev.text !== '') ||
        (prev.type === 'heading' && startsLowercase(plain)));
    if (joinable && continuesParagraph(prev, l, body, format)) {
      join(prev, l, body);
      return;
    }
    // "No text" under a bare "Option 2:" is what the option offers, not a heading.
    const underBareOption = prev?.type === 'option' && prev.text === '';
    // "Article 1" / "Use of terms": the title on the line under an Article number is that Article's.
    if (prev?.type === 'heading' && prev.text === '' && prev.typed && /^article\s/i.test(prev.typed) && headingLike(plain)) {
      join(prev, l, body);
      prev.text = prev.text.trim();
      return;
    }
    // After the opening formula a line opening with a participle is a pp even when unpunctuated.
    const preambular = afterFormula && participlePhraseLength(plain) > 0;
    if (headingLike(plain) && !continuedBelow() && !underBareOption && !preambular) {
      // A Markdown line set wholly in italics ("*GENERAL*") is a sub-heading of the section above.
      const italic = format === 'markdown' && /^(?:\*[^*]+\*|_[^_]+_)$/.test(body);
      heading(l, body, italic && seenSectionHeading ? 2 : 1, false);
      return;
    }
    const phrase = participlePhraseLength(plain);
    if (afterFormula && operativeVerbLength(plain) > 0) {
      // "Decides to ..." unnumbered after the formula: the operative part has begun (a one-paragraph
      // decision); kept as running text, since it carries no number.
      afterFormula = false;
      paragraph(l, { kind: 'text', numbered: false, participle: 0, text: body });
      return;
    }
    if (afterFormula || (phrase && !seenOp && !seenSectionHeading)) {
      // Italicise only when the source did not mark it already.
      const marked = format === 'markdown' && /^[*_]/.test(body);
      paragraph(l, { kind: 'pp', numbered: false, participle: marked ? 0 : phrase, text: body });
      return;
    }
    if (lastPara > 0) report.add(l.line, 'Unnumbered paragraph among numbered ones kept as running text', l.text.slice(0, 80));
    paragraph(l, { kind: 'text', numbered: false, participle: 0, text: body });
  });

  let numberingStyle: NumberingStyle;
  if (articles > 0 || agreed) numberingStyle = 'treaty';
  else if (numberedPP > 0) numberingStyle = 'outcome';
  else if (unnumberedPP > 0 || authority) numberingStyle = 'resolution';
  else numberingStyle = 'outcome';
  if (numberedPP > 0 && unnumberedPP > 0) {
    report.add(0, `Preambular paragraphs are partly numbered (${numberedPP}) and partly not (${unnumberedPP}); using outcome-document numbering`);
  }
  return { blocks, numberingStyle, closingDate, authority };
}

/**
 * Closing lines "*39th plenary meeting" / "19 July 2010*" share one emphasis span across two lines
 * that become two paragraphs; close it on the first and reopen it on the second.
 */
function lastOf(blocks: Block[], test: (b: Block) => boolean): Block | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) if (test(blocks[i])) return blocks[i];
  return undefined;
}

function letterIndexOf(letters: string): number {
  return (letters.length - 1) * 26 + (letters.charCodeAt(0) - 97);
}

function balanceEmphasis(prev: ParagraphBlock, text: string): string {
  const singles = (s: string) => (s.replace(/\\\*/g, '').replace(/\*\*/g, '').match(/\*/g) ?? []).length;
  if (singles(prev.text) % 2 === 1 && prev.text.startsWith('*') && text.endsWith('*') && singles(text) % 2 === 1) {
    prev.text += '*';
    return '*' + text;
  }
  return text;
}
