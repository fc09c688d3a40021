// Brackets left unbalanced inside a paragraph (see brackets/literal.ts, looseBrackets): collected in
// document order over the title, headings and paragraphs, paired across paragraphs, and reported
// one line per bracket with the source line it stands on. Nothing is repaired: the characters stay
// in the document exactly as written, because which paragraphs a bracket spanning paragraphs was
// meant to hold is for the room to say, not the importer.
import type { JSONContent } from '@tiptap/core';
import { looseBrackets, pairLooseBrackets, structureBrackets, type LooseBracket } from '../brackets/literal.ts';
import { unshield } from './inline.ts';
import type { SourceLine } from './types.ts';
import { Report } from './types.ts';

export class BracketLedger {
  private readonly loose: LooseBracket[] = [];
  private readonly unitLines: number[][] = [];
  private readonly textOf = new Map<number, string>();

  constructor(lines: SourceLine[]) {
    for (const l of lines) this.textOf.set(l.line, l.text);
  }

  /** Built paragraph content (before shielded brackets are restored) and its source lines. */
  addContent(content: JSONContent[], lines: number[]): void {
    const unit = this.unitLines.push(lines) - 1;
    this.loose.push(...looseBrackets(content, unit));
  }

  /** Text that stays literal (a heading, a title line): its own pairs are fine, the rest is loose. */
  addText(text: string, lines: number[]): void {
    this.addContent(structureBrackets([{ text }]).content, lines);
  }

  report(report: Report): void {
    const { across, unclosed, unopened } = pairLooseBrackets(this.loose);
    const opening = (b: LooseBracket) => `Unmatched opening bracket "[" kept as text near "${shown(b)}"`;
    const closing = (b: LooseBracket) => `Unmatched closing bracket "]" kept as text near "${shown(b)}"`;
    for (const { open, close } of across) {
      const from = this.lineOf(open);
      const to = this.lineOf(close);
      report.add(from, `${opening(open)}; it closes on line ${to}, in a later paragraph (a bracket group cannot span paragraphs)`, shown(open));
      report.add(to, `${closing(close)}; it closes the bracket opened on line ${from}, in an earlier paragraph`, shown(close));
    }
    for (const b of unclosed) report.add(this.lineOf(b), `${opening(b)}; it is never closed`, shown(b));
    for (const b of unopened) report.add(this.lineOf(b), `${closing(b)}; no bracket before it is open`, shown(b));
  }

  /** The source line holding the bracket: the first of the unit's lines that shows its surroundings. */
  private lineOf(b: LooseBracket): number {
    const lines = this.unitLines[b.unit];
    for (const width of [12, 6, 3, 0]) {
      const probe = unshield(b.context.slice(Math.max(0, b.centre - width), b.centre + 1 + width));
      if (probe.includes('\u2026')) continue; // a footnote stood there: not in the source as such
      const hit = lines.find((n) => (this.textOf.get(n) ?? '').includes(probe));
      if (hit !== undefined) return hit;
    }
    return lines[0];
  }
}

function shown(b: LooseBracket): string {
  return unshield(b.context);
}
