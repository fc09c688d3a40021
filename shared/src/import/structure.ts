// Walks the body lines in order and decides what each one is: a section heading, a paragraph
// (pp, op or running text), a subparagraph, the continuation of a page-broken paragraph, or an
// artefact. Headings and paragraphs both may carry numbers; the deciding test is the sequence:
// "2. Internet Governance" is a heading because it is short, unpunctuated and 2 follows heading 1,
// whereas paragraph numbers run 1..58 on their own. Source numbers are checked, then dropped:
// numbers are derived from the structure (numbering/).
import type { ImportFormat, SourceLine } from './types.ts';
import { Report } from './types.ts';
import type { NumberingStyle, ParagraphKind } from '../model/types.ts';
import { classifyLine, endsWithPunctuation, plainOf, startsLowercase } from './lines.ts';
import { continuesParagraph, endsMidPhrase, join } from './paragraphs.ts';
import { AUTHORITY_LINE, DATE_LINE, PREAMBLE_LINE } from './front.ts';
import { participlePhraseLength } from './participles.ts';

interface BlockBase {
  text: string;
  /** Source lines, first one first (a page-broken paragraph has several). */
  lines: number[];
}
export interface HeadingBlock extends BlockBase {
  type: 'heading';
  level: 1 | 2;
  numbered: boolean;
}
export interface ParagraphBlock extends BlockBase {
  type: 'paragraph';
  kind: ParagraphKind;
  numbered: boolean;
  /** Length of an opening participle phrase to italicise (resolution-style pp), else 0. */
  participle: number;
  role?: 'authority' | 'closing';
}
export interface SubBlock extends BlockBase {
  type: 'sub';
}
export type Block = HeadingBlock | ParagraphBlock | SubBlock;

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

/** Heading numbers that may come next after `last`: 2 after 1.3, 1.4 after 1.3, 2.1 after 2. */
function fitsHeading(n: number[], last: number[]): boolean {
  const top = last[0] ?? 0;
  if (n.length === 1) return n[0] === top + 1;
  if (n.length === 2 && n[0] === top) return n[1] === (last.length > 1 ? last[1] + 1 : 1);
  return false;
}

export function walk(lines: SourceLine[], format: ImportFormat, report: Report): Structure {
  const blocks: Block[] = [];
  let lastHeading: number[] = [];
  let lastPara = 0;
  let lastLetter = '';
  let inPreamble = false;
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

  const heading = (l: SourceLine, text: string, level: number, numbered: boolean) => {
    if (level > 2) report.add(l.line, `Heading level ${level} is deeper than the two levels supported; kept as a subsection`, l.text);
    blocks.push({ type: 'heading', level: level > 1 ? 2 : 1, numbered, text, lines: [l.line] });
    lastLetter = '';
    if (PREAMBLE_LINE.test(plainOf(text, format))) inPreamble = true;
    else {
      inPreamble = false;
      seenSectionHeading = true;
    }
  };
  const paragraph = (l: SourceLine, p: Omit<ParagraphBlock, 'type' | 'lines'>) => {
    blocks.push({ type: 'paragraph', lines: [l.line], ...p });
    lastLetter = '';
    if (p.kind === 'op') seenOp = true;
    if (p.kind === 'pp') p.numbered ? numberedPP++ : unnumberedPP++;
  };
  const numberedHeading = (l: SourceLine, n: number[], body: string) => {
    if (!fitsHeading(n, lastHeading)) {
      report.add(l.line, `Heading number ${n.join('.')} does not follow ${lastHeading.join('.') || 'the start'}; numbers are derived from the order`, l.text);
    }
    lastHeading = n;
    heading(l, body, n.length, true);
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
      if (inner) numberedHeading(l, inner[1].split('.').map(Number), inner[2]);
      else heading(l, c.body, c.level - minHashes + 1, false);
      return;
    }

    if (c.kind === 'numbered') {
      const n = c.number;
      const plain = plainOf(c.body, format);
      if (n.length > 1 || (headingLike(plain) && fitsHeading(n, lastHeading) && !continuedBelow())) {
        numberedHeading(l, n, c.body);
        return;
      }
      if (n[0] !== lastPara + 1) {
        report.add(l.line, `Paragraph ${n[0]} follows paragraph ${lastPara}; numbers are derived from the order, check nothing is missing or misplaced`, l.text.slice(0, 80));
      }
      lastPara = n[0];
      const pp = inPreamble || (!seenSectionHeading && !seenOp && unnumberedPP === 0 && participlePhraseLength(plain) > 0);
      paragraph(l, { kind: pp ? 'pp' : 'op', numbered: true, participle: 0, text: c.body });
      return;
    }

    if (c.kind === 'sub') {
      const expected = lastLetter ? String.fromCharCode(lastLetter.charCodeAt(0) + 1) : 'a';
      if (c.letter !== expected) report.add(l.line, `Subparagraph (${c.letter}) where (${expected}) was expected; letters are derived from the order`, l.text.slice(0, 80));
      if (!prev || prev.type === 'heading') report.add(l.line, 'Subparagraph without a paragraph above it', l.text.slice(0, 80));
      blocks.push({ type: 'sub', text: c.body, lines: [l.line] });
      lastLetter = c.letter;
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
    if (AUTHORITY_LINE.test(plain)) {
      authority ||= plain.replace(/^The\s+|,$/g, '');
      paragraph(l, { kind: 'text', numbered: false, participle: 0, role: 'authority', text: body });
      return;
    }
    const joinable =
      prev &&
      ((prev.type === 'paragraph' && !prev.role) || prev.type === 'sub' || (prev.type === 'heading' && startsLowercase(plain)));
    if (joinable && continuesParagraph(prev, l, body, format)) {
      join(prev, l, body);
      return;
    }
    if (headingLike(plain) && !continuedBelow()) {
      heading(l, body, 1, false);
      return;
    }
    const phrase = participlePhraseLength(plain);
    if (phrase && !seenOp && !seenSectionHeading) {
      // Italicise only when the source did not mark it already.
      const marked = format === 'markdown' && /^[*_]/.test(body);
      paragraph(l, { kind: 'pp', numbered: false, participle: marked ? 0 : phrase, text: body });
      return;
    }
    if (lastPara > 0) report.add(l.line, 'Unnumbered paragraph among numbered ones kept as running text', l.text.slice(0, 80));
    paragraph(l, { kind: 'text', numbered: false, participle: 0, text: body });
  });

  let numberingStyle: NumberingStyle;
  if (numberedPP > 0) numberingStyle = 'outcome';
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
function balanceEmphasis(prev: ParagraphBlock, text: string): string {
  const singles = (s: string) => (s.replace(/\\\*/g, '').replace(/\*\*/g, '').match(/\*/g) ?? []).length;
  if (singles(prev.text) % 2 === 1 && prev.text.startsWith('*') && text.endsWith('*') && singles(text) % 2 === 1) {
    prev.text += '*';
    return '*' + text;
  }
  return text;
}
