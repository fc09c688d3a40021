// Page breaks in extracted text cut paragraphs in two (and footnote lines often land in between).
// A line continues the paragraph above when it starts in lowercase, or when that paragraph has not
// ended (no final punctuation); in Markdown, also when no blank line separates them (a soft wrap).
import type { ImportFormat, SourceLine } from './types.ts';
import { endsWithPunctuation, plainOf, startsLowercase } from './lines.ts';

export interface Joinable {
  text: string;
  lines: number[];
}

export function continuesParagraph(prev: Joinable, line: SourceLine, body: string, format: ImportFormat): boolean {
  const plain = plainOf(body, format);
  if (startsLowercase(plain)) return true;
  if (closedBracketedParagraph(plainOf(prev.text, format), plain)) return false;
  if (!endsWithPunctuation(plainOf(prev.text, format)) && !line.afterBlank) return true;
  return format === 'markdown' && !line.afterBlank;
}

/**
 * Negotiating texts put each bracketed paragraph on its own line with no blank line between
 * (`[Being Parties ... “the Convention”]` then `[In pursuit of the objective ...,]`). A paragraph
 * whose brackets are all closed and that ends in a closing quote and bracket has ended, and a line
 * opening with a bracketed capitalised word starts the next one; otherwise the two bracketed
 * spans would be read as alternatives of one group. Other endings (`,]`, `;]`) already end a
 * paragraph by their punctuation; `[ADP]` / `[SBI]` across a line break stay alternatives.
 */
export function closedBracketedParagraph(prev: string, next: string): boolean {
  return /["'’”»]\]+$/u.test(prev.trimEnd()) && bracketDepth(prev) <= 0 && /^\[+\p{Lu}\p{Ll}/u.test(next);
}

const FUNCTION_WORDS = new Set(
  'a an the of for to in on by with and or nor as at from into under between among including its their his her our that which whose be is are was were shall should will may must not'.split(' '),
);

/**
 * Ends in an article, preposition or conjunction (`... the Durban Platform for`): a line cut by the
 * wrap, never the end of a heading. Extraction wraps long paragraphs with no blank line between, and
 * a short first line would otherwise pass for a heading.
 */
export function endsMidPhrase(text: string): boolean {
  const last = /([\p{L}]+)$/u.exec(text.trimEnd())?.[1];
  return !!last && FUNCTION_WORDS.has(last.toLowerCase());
}

/** Open brackets minus closed ones. */
export function bracketDepth(text: string): number {
  let depth = 0;
  for (const ch of text) if (ch === '[') depth++;
  else if (ch === ']') depth--;
  return depth;
}

/** Rejoins the two halves with one space. */
export function join(prev: Joinable, line: SourceLine, body: string): void {
  prev.text = prev.text.trimEnd() + ' ' + body.trimStart();
  prev.lines.push(line.line);
}
