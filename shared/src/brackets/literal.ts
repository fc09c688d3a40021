/**
 * Literal brackets <-> bracket structure.
 *
 * `structureBrackets` turns `[`...`]` typed or imported as characters into bracketGroup/bracketAlt
 * JSON (see schema/bracketNodes.ts); `renderInlineLiteral` walks the structure back into characters.
 * The pair is built so that, for any plain-text input s, balanced or not,
 *   renderInlineLiteral(structureBrackets([{ text: s }])) === s
 * which is what lets an export of an imported document give back the source brackets exactly
 * (unmatched brackets stay characters; `looseBrackets` below finds them for the report).
 *
 * Grouping rule: bracketed spans separated only by whitespace are alternatives of ONE group
 * (`[World Summit] [High Level Meeting]`). The group stores the whitespace between its alternatives
 * as `separator`; a group has one separator, so a span whose gap differs from the group's first gap
 * starts a new group (`[a] [b]  [c]` is group(a, b), two spaces, group(c)). That keeps the round trip
 * exact instead of normalising spacing the room never agreed to.
 */
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode, Mark as PMMark } from '@tiptap/pm/model';
import { newId } from '../schema/ids.ts';

export interface MarkJSON {
  type: string;
  attrs?: Record<string, unknown>;
}

/** A run of text sharing the same marks. */
export interface TextRun {
  text: string;
  marks?: MarkJSON[];
}

/** Input item: a text run, or an already-built inline node (a footnote, say) passed through as is. */
export type InlineInput = TextRun | JSONContent;

export interface StructureResult {
  content: JSONContent[];
  problems: string[];
}

type Token =
  | { kind: 'char'; ch: string; marks: MarkJSON[] }
  | { kind: 'node'; node: JSONContent };

function isTextRun(item: InlineInput): item is TextRun {
  const t = (item as JSONContent).type;
  return typeof (item as TextRun).text === 'string' && (t === undefined || t === 'text');
}

function tokenize(runs: InlineInput[]): Token[] {
  const tokens: Token[] = [];
  for (const run of runs) {
    if (isTextRun(run)) {
      const marks = run.marks ?? [];
      // Array.from splits by code point, so astral characters never get cut in two.
      for (const ch of Array.from(run.text)) tokens.push({ kind: 'char', ch, marks });
    } else {
      tokens.push({ kind: 'node', node: run as JSONContent });
    }
  }
  return tokens;
}

function sameMarks(a: MarkJSON[], b: MarkJSON[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const key = (m: MarkJSON) => m.type + JSON.stringify(m.attrs ?? {});
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.every((k, i) => k === kb[i]);
}

function context(tokens: Token[], at: number): string {
  const from = Math.max(0, at - 20);
  const to = Math.min(tokens.length, at + 20);
  let s = '';
  for (let i = from; i < to; i++) s += tokens[i].kind === 'char' ? (tokens[i] as { ch: string }).ch : '…';
  return s;
}

/** Matches `[` with `]`; returns the partner index of each matched bracket, -1 elsewhere. */
function matchBrackets(tokens: Token[], problems: string[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'char') return;
    if (t.ch === '[') open.push(i);
    else if (t.ch === ']') {
      const o = open.pop();
      if (o === undefined) {
        problems.push(`Unmatched closing bracket "]" kept as text near "${context(tokens, i)}"`);
      } else {
        match[o] = i;
        match[i] = o;
      }
    }
  });
  for (const o of open) {
    problems.push(`Unmatched opening bracket "[" kept as text near "${context(tokens, o)}"`);
  }
  return match;
}

function isSpaceToken(t: Token | undefined): boolean {
  return !!t && t.kind === 'char' && /^\s$/u.test(t.ch);
}

function build(tokens: Token[], match: Int32Array, from: number, to: number): JSONContent[] {
  const out: JSONContent[] = [];
  let textBuf = '';
  let textMarks: MarkJSON[] = [];
  const flush = () => {
    if (textBuf) {
      const node: JSONContent = { type: 'text', text: textBuf };
      if (textMarks.length) node.marks = textMarks.map((m) => ({ ...m }));
      out.push(node);
    }
    textBuf = '';
  };

  let i = from;
  while (i < to) {
    const t = tokens[i];
    if (t.kind === 'node') {
      flush();
      out.push(t.node);
      i++;
      continue;
    }
    if (t.ch === '[' && match[i] > i && match[i] < to) {
      flush();
      const alts: Array<[number, number]> = [[i, match[i]]];
      let separator: string | null = null;
      let j = match[i] + 1;
      for (;;) {
        let k = j;
        let gap = '';
        while (k < to && isSpaceToken(tokens[k])) gap += (tokens[k] as { ch: string }).ch, k++;
        const next = tokens[k];
        const opensAlt = k < to && next?.kind === 'char' && next.ch === '[' && match[k] > k && match[k] < to;
        if (!opensAlt || (separator !== null && gap !== separator)) break;
        separator ??= gap;
        alts.push([k, match[k]]);
        j = match[k] + 1;
      }
      out.push({
        type: 'bracketGroup',
        attrs: { id: newId('g'), separator: separator ?? ' ' },
        content: alts.map(([a, b]) => {
          const inner = build(tokens, match, a + 1, b);
          const alt: JSONContent = {
            type: 'bracketAlt',
            attrs: { id: newId('a'), proposer: null, supporters: [], objectors: [] },
          };
          if (inner.length) alt.content = inner; // `[]`: an empty alternative has no content
          return alt;
        }),
      });
      i = j;
      continue;
    }
    if (!textBuf || !sameMarks(textMarks, t.marks)) {
      flush();
      textMarks = t.marks;
    }
    textBuf += t.ch;
    i++;
  }
  flush();
  return out;
}

/**
 * Turns literal brackets in a sequence of marked text runs (and pass-through inline nodes) into
 * bracket groups. Unbalanced brackets stay as literal characters and are reported; no text is lost.
 */
export function structureBrackets(runs: InlineInput[]): StructureResult {
  const problems: string[] = [];
  const tokens = tokenize(runs);
  const match = matchBrackets(tokens, problems);
  return { content: build(tokens, match, 0, tokens.length), problems };
}

export interface RenderOptions {
  /** How to render a footnote where it is cited; omitted by default. */
  footnote?: (fn: PMNode) => string;
}

/** Renders inline content as plain characters: text, and bracket groups as literal brackets. */
export function renderInlineLiteral(node: PMNode, opts: RenderOptions = {}): string {
  let out = '';
  node.forEach((child) => {
    if (child.isText) out += child.text ?? '';
    else if (child.type.name === 'bracketGroup') out += renderGroup(child, (alt) => renderInlineLiteral(alt, opts));
    else if (child.type.name === 'footnote') out += opts.footnote ? opts.footnote(child) : '';
    else out += renderInlineLiteral(child, opts);
  });
  return out;
}

function renderGroup(group: PMNode, renderAlt: (alt: PMNode) => string): string {
  const parts: string[] = [];
  group.forEach((alt) => parts.push('[' + renderAlt(alt) + ']'));
  return parts.join(String(group.attrs.separator ?? ' '));
}

// --- Markdown ---------------------------------------------------------------------------------
// Flatten to pieces first, then open and close emphasis with a stack. Bracket characters, separators
// and footnotes are "neutral": they neither open nor close emphasis, so `*x [a] y*` stays one span.

type Piece = { text: string; marks: string[] } | { neutral: string };

const MD_DELIM: Record<string, string> = { bold: '**', italic: '*' };
const MD_ORDER = ['bold', 'italic']; // outermost first when both open at once

function flatten(node: PMNode, opts: RenderOptions, out: Piece[]): void {
  node.forEach((child) => {
    if (child.isText) {
      const marks = child.marks.map((m: PMMark) => m.type.name).filter((n) => n in MD_DELIM);
      out.push({ text: escapeMarkdown(child.text ?? ''), marks });
    } else if (child.type.name === 'bracketGroup') {
      let first = true;
      child.forEach((alt) => {
        if (!first) out.push({ neutral: String(child.attrs.separator ?? ' ') });
        first = false;
        out.push({ neutral: '[' });
        flatten(alt, opts, out);
        out.push({ neutral: ']' });
      });
    } else if (child.type.name === 'footnote') {
      if (opts.footnote) out.push({ neutral: opts.footnote(child) });
    } else flatten(child, opts, out);
  });
}

/**
 * Text is text in Markdown too: emphasis characters, and `<`, `>` and `&` (which Markdown renderers
 * would otherwise pass through as HTML), are backslash-escaped.
 */
function escapeMarkdown(s: string): string {
  return s.replace(/([\\*_`<>&])/g, '\\$1');
}

/** Like renderInlineLiteral, with italic as `*...*` and bold as `**...**`; brackets stay literal. */
export function renderInlineMarkdown(node: PMNode, opts: RenderOptions = {}): string {
  const pieces: Piece[] = [];
  flatten(node, opts, pieces);
  let out = '';
  const open: string[] = [];
  const close = (downTo: number) => {
    while (open.length > downTo) {
      // Emphasis must hug text: move trailing spaces outside the closing delimiter.
      const m = /\s+$/.exec(out);
      const trail = m ? m[0] : '';
      out = out.slice(0, out.length - trail.length) + MD_DELIM[open.pop()!] + trail;
    }
  };
  // For each piece, the next text piece after it (computed once, so rendering stays linear).
  const nextText: Array<{ text: string; marks: string[] } | undefined> = [];
  for (let i = pieces.length - 1, after: { text: string; marks: string[] } | undefined; i >= 0; i--) {
    nextText[i] = after;
    const p = pieces[i];
    if ('text' in p) after = p;
  }
  pieces.forEach((p, i) => {
    if ('neutral' in p) {
      // Close what the next text does not continue, so `[*Welcomes*]` rather than `[*Welcomes]*`.
      const next = nextText[i];
      const keep = open.findIndex((m) => !next?.marks.includes(m));
      if (keep !== -1) close(keep);
      out += p.neutral;
      return;
    }
    const keep = open.findIndex((m) => !p.marks.includes(m));
    if (keep !== -1) close(keep);
    let text = p.text;
    const toOpen = MD_ORDER.filter((m) => p.marks.includes(m) && !open.includes(m));
    if (toOpen.length) {
      const lead = /^\s*/.exec(text)![0];
      out += lead;
      text = text.slice(lead.length);
      for (const m of toOpen) {
        out += MD_DELIM[m];
        open.push(m);
      }
    }
    out += text;
  });
  close(0);
  return out;
}

// --- Brackets left unbalanced in a paragraph ----------------------------------------------------
// A group lives inside one paragraph (an inline node cannot span blocks), so a bracket that opens in
// one paragraph and closes in a later one stays a literal character in both; so does one that never
// closes or closes nothing. These helpers find those characters in built content and pair them
// across paragraphs, in document order, so the importer can say which is which.

/** Offsets (in the unit's own text) of the brackets left as characters by structureBrackets. */
export interface LooseBracket {
  ch: '[' | ']';
  /** Index of the paragraph (or other unit of text) in document order. */
  unit: number;
  /** The bracket with up to 20 characters before and 19 after, for finding it again in the source. */
  context: string;
  /** Where the bracket stands in `context`. */
  centre: number;
}

/**
 * The literal brackets in built content. Unmatched brackets are always at the top level of a
 * paragraph (a matched pair around an unmatched bracket would have matched it instead), so only
 * top-level text is read; `[` and `]` elsewhere are text by design (shielded, then restored).
 */
export function looseBrackets(content: JSONContent[], unit: number): LooseBracket[] {
  const out: LooseBracket[] = [];
  const flat = content.map(literalOfJSON);
  content.forEach((n, k) => {
    if (n.type !== 'text' || !n.text) return;
    const before = flat.slice(0, k).join('');
    const after = flat.slice(k + 1).join('');
    Array.from(n.text).forEach((ch, i, chars) => {
      if (ch !== '[' && ch !== ']') return;
      const left = (before + chars.slice(0, i).join('')).slice(-20);
      const right = (chars.slice(i + 1).join('') + after).slice(0, 19);
      out.push({ ch, unit, context: left + ch + right, centre: left.length });
    });
  });
  return out;
}

/** Literal characters of built JSON content; a footnote shows as `…` (it has no characters here). */
export function literalOfJSON(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'footnote') return '\u2026';
  const inner = (n: JSONContent) => (n.content ?? []).map(literalOfJSON).join('');
  if (node.type === 'bracketGroup') {
    return (node.content ?? []).map((alt) => '[' + inner(alt) + ']').join(String(node.attrs?.separator ?? ' '));
  }
  return inner(node);
}

export interface LoosePairing {
  /** An opening bracket and the closing bracket in a later paragraph that would close it. */
  across: Array<{ open: LooseBracket; close: LooseBracket }>;
  unclosed: LooseBracket[];
  unopened: LooseBracket[];
}

/** Pairs loose brackets across paragraphs as a reader would: nearest open bracket first. */
export function pairLooseBrackets(brackets: LooseBracket[]): LoosePairing {
  const result: LoosePairing = { across: [], unclosed: [], unopened: [] };
  const open: LooseBracket[] = [];
  for (const b of brackets) {
    if (b.ch === '[') open.push(b);
    else {
      const o = open.pop();
      if (o) result.across.push({ open: o, close: b });
      else result.unopened.push(b);
    }
  }
  result.unclosed.push(...open);
  return result;
}
