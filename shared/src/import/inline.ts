// Inline text of one block -> runs for structureBrackets: Markdown emphasis to marks, footnote
// citations to footnote nodes. Brackets are left to structureBrackets, which sees the marked runs,
// so a bracket may open in plain text and close inside italics.
import type { JSONContent } from '@tiptap/core';
import type { InlineInput, TextRun, MarkJSON } from '../brackets/literal.ts';
import { CITATION, citationKey, type FootnoteBank } from './footnotes.ts';
import type { ImportFormat } from './types.ts';
import { newId } from '../schema/ids.ts';
import { unwrapMarkup } from './lines.ts';
import { Report } from './types.ts';

interface Delim {
  index: number; // token index
  ch: '*' | '_';
  n: number;
  canOpen: boolean;
  canClose: boolean;
}

type Tok = { text: string } | { delim: Delim };

/**
 * Markdown emphasis: `*i*`, `_i_`, `**b**`, `__b__`, `***bi***`, backslash escapes. A simplified
 * CommonMark: delimiter runs pair with the nearest open run of the same character and length;
 * anything unpaired stays literal, so text is never lost.
 */
export function parseEmphasis(s: string): TextRun[] {
  const toks: Tok[] = [];
  const delims: Delim[] = [];
  let buf = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; ) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length && /[\\*_[\]`#<>&]/.test(chars[i + 1])) {
      buf += chars[i + 1];
      i += 2;
      continue;
    }
    if (c === '*' || c === '_') {
      let j = i;
      while (j < chars.length && chars[j] === c) j++;
      const prev = chars[i - 1] ?? ' ';
      const next = chars[j] ?? ' ';
      let canOpen = !/\s/u.test(next);
      let canClose = !/\s/u.test(prev);
      if (c === '_') {
        // Intraword underscores (file_name, E_2010) are not emphasis.
        canOpen &&= !/[\p{L}\p{N}]/u.test(prev);
        canClose &&= !/[\p{L}\p{N}]/u.test(next);
      }
      if (buf) toks.push({ text: buf });
      buf = '';
      const d: Delim = { index: toks.length, ch: c, n: j - i, canOpen, canClose };
      toks.push({ delim: d });
      delims.push(d);
      i = j;
      continue;
    }
    buf += c;
    i++;
  }
  if (buf) toks.push({ text: buf });

  const pairOf = new Map<number, number>();
  const stack: Delim[] = [];
  for (const d of delims) {
    if (d.canClose && d.n <= 3) {
      let k = stack.length - 1;
      while (k >= 0 && !(stack[k].ch === d.ch && stack[k].n === d.n)) k--;
      if (k !== -1) {
        pairOf.set(stack[k].index, d.index);
        pairOf.set(d.index, stack[k].index);
        stack.length = k;
        continue;
      }
    }
    if (d.canOpen) stack.push(d);
  }

  const runs: TextRun[] = [];
  const active: MarkJSON[][] = [];
  const marksNow = (): MarkJSON[] => {
    const types = new Set(active.flat().map((m) => m.type));
    return ['bold', 'italic'].filter((t) => types.has(t)).map((type) => ({ type }));
  };
  const push = (text: string) => {
    const marks = marksNow();
    const last = runs[runs.length - 1];
    if (last && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) last.text += text;
    else runs.push(marks.length ? { text, marks } : { text });
  };
  toks.forEach((t, i) => {
    if ('text' in t) return push(t.text);
    const partner = pairOf.get(i);
    if (partner === undefined) return push(t.delim.ch.repeat(t.delim.n));
    if (partner > i) {
      const n = t.delim.n;
      active.push(n === 1 ? [{ type: 'italic' }] : n === 2 ? [{ type: 'bold' }] : [{ type: 'bold' }, { type: 'italic' }]);
    } else active.pop();
  });
  return runs;
}

export interface InlineContext {
  format: ImportFormat;
  footnotes: FootnoteBank;
  report: Report;
  line: number;
}

/** Text of a block -> runs and footnote nodes (brackets still literal). */
export function inlineRuns(text: string, ctx: InlineContext): InlineInput[] {
  const runs = ctx.format === 'markdown' ? parseEmphasis(text) : [{ text }];
  const out: InlineInput[] = [];
  for (const run of runs) {
    let last = 0;
    for (const m of run.text.matchAll(CITATION)) {
      const key = citationKey(m);
      const def = ctx.footnotes.take(key, ctx.line);
      if (!def) {
        ctx.report.add(ctx.line, `Footnote marker ${key} has no footnote text; kept as written`, m[0]);
        // Kept as written means as text: `[^2]` must not become a bracket group, so its brackets
        // are shielded from structureBrackets (restoreShielded puts them back).
        if (m.index! > last) out.push({ ...run, text: run.text.slice(last, m.index) });
        out.push({ ...run, text: shield(m[0]) });
        last = m.index! + m[0].length;
        continue;
      }
      if (m.index! > last) out.push({ ...run, text: run.text.slice(last, m.index) });
      out.push(footnoteNode(def.text, ctx));
      last = m.index! + m[0].length;
    }
    if (last < run.text.length) out.push({ ...run, text: run.text.slice(last) });
  }
  return out;
}

// Stand-ins for `[` and `]` that are text, not negotiation brackets (noncharacters: never in a
// real document, and not brackets to structureBrackets).
const SHIELD_OPEN = '\uFDD0';
const SHIELD_CLOSE = '\uFDD1';

function shield(s: string): string {
  return s.replace(/\[/g, SHIELD_OPEN).replace(/\]/g, SHIELD_CLOSE);
}

export function unshield(s: string): string {
  return s.replace(/\uFDD0/g, '[').replace(/\uFDD1/g, ']');
}

/** Puts shielded brackets back into the text nodes of built content (in place). */
export function restoreShielded(content: JSONContent[]): JSONContent[] {
  for (const node of content) {
    if (typeof node.text === 'string') node.text = unshield(node.text);
    if (node.content) restoreShielded(node.content);
  }
  return content;
}

/** A footnote node; footnotes allow italic only (titles of publications), so bold is dropped. */
export function footnoteNode(source: string, ctx: Pick<InlineContext, 'format'>): JSONContent {
  const text = unwrapMarkup(source, ctx.format);
  const runs = ctx.format === 'markdown' ? parseEmphasis(text) : [{ text }];
  const content: JSONContent[] = runs.map((r) => {
    const italic = r.marks?.some((m) => m.type === 'italic');
    return italic ? { type: 'text', text: r.text, marks: [{ type: 'italic' }] } : { type: 'text', text: r.text };
  });
  return { type: 'footnote', attrs: { id: newId('f') }, content };
}

/** Italicises the first `length` characters (the opening participle phrase of a preambular paragraph). */
export function italicisePrefix(runs: InlineInput[], length: number): InlineInput[] {
  const first = runs[0] as TextRun | undefined;
  if (!first || typeof first.text !== 'string' || first.text.length < length) return runs;
  if (first.marks?.some((m) => m.type === 'italic')) return runs;
  const head: TextRun = { text: first.text.slice(0, length), marks: [...(first.marks ?? []), { type: 'italic' }] };
  const tail: TextRun = { ...first, text: first.text.slice(length) };
  return [head, ...(tail.text ? [tail] : []), ...runs.slice(1)];
}

/** Plain text of runs, for headings and the title where only text may stand. */
export function runsToText(runs: InlineInput[]): string {
  return runs.map((r) => (typeof (r as TextRun).text === 'string' ? (r as TextRun).text : '')).join('');
}
