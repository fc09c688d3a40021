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
  if (!endsWithPunctuation(plainOf(prev.text, format)) && !line.afterBlank) return true;
  return format === 'markdown' && !line.afterBlank;
}

/** Rejoins the two halves with one space. */
export function join(prev: Joinable, line: SourceLine, body: string): void {
  prev.text = prev.text.trimEnd() + ' ' + body.trimStart();
  prev.lines.push(line.line);
}
