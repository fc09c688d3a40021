// Word paragraphs -> the Markdown dialect `importDocument(..., { format: 'markdown' })` reads, so the
// text importer decides the structure (pp/op, sections, subparagraphs, brackets) for Word exactly
// as it does for text, and every improvement to it serves Word too.
//
//   Title style            -> `# text`                (the importer's title line)
//   Heading N style        -> `#`×(N+1) + ` 1.1 text`  (levels are relative for the importer)
//   automatic number       -> the label as Word shows it: `12. text`, `(a) text`
//   bold / italic          -> `**b**` / `*i*` (delimiters kept off whitespace so they pair)
//   footnote / endnote     -> `[^n]` at the citation, `[^n]: text` at the end
//   typed notes            -> superscript numbers as `<sup>n</sup>` (see manualNoteKeys)
//   text                   -> `\`, `*`, `_` escaped; brackets stay literal (they are structure)
//
// One Word paragraph is one Markdown line, blank lines between, and `lines` maps every Markdown
// line back to its Word paragraph, so report entries can name "Word paragraph 12".
// Known limits (text importer behaviour, not worked around here): literal `[^1]`, superscript
// digits (¹) or `<sup>1</sup>` typed in Word text are read as footnote citations, and literal
// Markdown link syntax `[text](url)` is unwrapped to `text (url)` (reported: `markup`).
import { plainText, type Inline, type WordParagraph } from './body.ts';
import type { Note } from './notes.ts';

export type SourcePosition =
  | { kind: 'paragraph'; paragraph: number }
  | { kind: 'header' }
  | { kind: 'note'; note: Note; number: number; citedIn: number };

export interface MarkdownSource {
  source: string;
  /** 1-based Markdown line -> where it came from in the Word document. */
  lines: Map<number, SourcePosition>;
  /** Emphasis that could not be written exactly (adjacent, differently marked spans). */
  simplified: Array<{ paragraph: number; text: string }>;
  /** Notes cited twice or never. */
  uncited: Note[];
  /** Word text the text importer reads as markup (see the module comment), for the report. */
  markup: Array<{ paragraph: number; message: string; text: string }>;
}

/** Labels the importer recognises, in its shape: decimal `12.`, letters `(a)`; others as shown. */
export function labelForImport(label: { text: string; format: string }): string {
  const t = label.text.trim();
  if (label.format === 'decimal' && /^\(?\d+[.)]?$/.test(t)) return `${t.replace(/\D/g, '')}.`;
  if (label.format === 'lowerLetter' && /^\(?[a-z]+[.)]?$/.test(t)) return `(${t.replace(/[^a-z]/g, '')})`;
  return t;
}

/** `preface`: lines from outside the body to read first (the symbol from the first page's header). */
export function toMarkdown(paragraphs: WordParagraph[], notes: Map<string, Note>, preface: string[] = []): MarkdownSource {
  const out: string[] = [];
  const lines = new Map<number, SourcePosition>();
  const simplified: MarkdownSource['simplified'] = [];
  const markup: MarkdownSource['markup'] = [];
  const cited: Array<{ note: Note; number: number; citedIn: number }> = [];
  const numberOf = new Map<Note, number>();
  // Line breaks in a Word paragraph give lines of one Markdown paragraph (no blank line between).
  const push = (text: string, pos: SourcePosition, escape: (line: string) => string = (l) => l) => {
    const own = text.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!own.length) return;
    if (out.length) out.push('');
    for (const l of own) {
      out.push(escape(l));
      lines.set(out.length, pos);
    }
  };

  for (const line of preface) push(escapeText(line), { kind: 'header' });
  const manual = manualNoteKeys(paragraphs);
  for (const p of paragraphs) {
    const noteRef = (kind: 'footnote' | 'endnote', id: string): string | null => {
      const note = notes.get(`${kind}:${id}`);
      if (!note || numberOf.has(note)) return null;
      const number = cited.length + 1;
      numberOf.set(note, number);
      cited.push({ note, number, citedIn: p.index });
      return `[^${number}]`;
    };
    const inlines = p.label && !p.label.bullet ? p.inlines : unmarkTypedLabel(p.inlines);
    const body = inlineMarkdown(inlines, noteRef, (text) => simplified.push({ paragraph: p.index, text }), manual).trim();
    if (!body) continue;
    for (const m of plainText(p.inlines).matchAll(LINK_SYNTAX)) {
      markup.push({ paragraph: p.index, message: 'Text in the form of a Markdown link, "[text](target)", is read as a link: its brackets are not kept as negotiation brackets', text: m[0] });
    }
    const label = p.label && !p.label.bullet && p.label.text.trim() ? labelForImport(p.label) + ' ' : '';
    if (p.headingLevel !== null) push(`${'#'.repeat(Math.min(p.headingLevel + 1, 6))} ${label}${oneLine(body)}`, { kind: 'paragraph', paragraph: p.index });
    else push(label + body, { kind: 'paragraph', paragraph: p.index }, escapeLineStart);
  }
  for (const c of cited) {
    const text = inlineMarkdown(c.note.inlines, () => null, (t) => simplified.push({ paragraph: c.citedIn, text: t })).trim();
    push(`[^${c.number}]: ${oneLine(text)}`, { kind: 'note', ...c });
  }
  const uncited = [...notes.values()].filter((n) => !numberOf.has(n) && plainText(n.inlines).trim());
  return { source: out.join('\n') + '\n', lines, simplified, uncited, markup };
}

/**
 * Footnotes typed by hand, as in Word files converted from PDF: superscript numbers in the text and
 * paragraphs that start with a superscript number (the notes, wherever the pages put them). A
 * superscript number becomes a citation `<sup>n</sup>`, which the text importer pairs with its note,
 * only when some paragraph starts with that number and the document has no Word notes (whose
 * numbers would mix with these); other superscript digits (km², 10⁶) stay text.
 */
function manualNoteKeys(paragraphs: WordParagraph[]): Set<string> {
  const keys = new Set<string>();
  if (paragraphs.some((p) => p.inlines.some((i) => i.kind === 'note'))) return keys;
  for (const p of paragraphs) {
    const first = p.inlines.find((i) => i.kind !== 'text' || i.text.trim());
    if (first?.kind === 'text' && first.superscript && /^\s*\d{1,3}\s*$/.test(first.text)) keys.add(first.text.trim());
  }
  return keys;
}

/**
 * A label typed at the start of a paragraph, with the space after it: `12.`, `1.1`, `12 bis`, `(a)`,
 * `(a) bis`, `a)`, `Article 3`, `Option 2` (not `19 July`).
 */
const LATIN = '(?:bis|ter|quater|quinquies|sexies|alt)';
const TYPED_LABEL = new RegExp(
  `^\\s*(?:\\d{1,3}\\.(?:\\d{1,3}(?:\\.\\d{1,3})*\\.?)?|\\d{1,3}\\s*${LATIN}\\.?|\\([a-z]{1,2}\\)(?:\\s*${LATIN})?|[a-z]\\)|(?:Article|Option)\\s+\\d{1,3}[a-z]?[.:]?)[ \\t\\u00A0]+`,
);

/**
 * A typed label inside emphasis (a paragraph in bold, as new proposals often are) would hide it
 * from the text importer (`**12. We decide**` is no numbered line): the label is taken out of the
 * emphasis; the rest of the paragraph keeps it.
 */
function unmarkTypedLabel(inlines: Inline[]): Inline[] {
  const k = inlines.findIndex((i) => i.kind !== 'text' || i.text.trim());
  const first = inlines[k];
  if (!first || first.kind !== 'text' || !(first.bold || first.italic)) return inlines;
  const label = TYPED_LABEL.exec(first.text)?.[0];
  if (!label) return inlines;
  return [...inlines.slice(0, k), { kind: 'text', text: label, bold: false, italic: false }, { ...first, text: first.text.slice(label.length) }, ...inlines.slice(k + 1)];
}

/** Headings and notes are one line each: their line breaks are spaces. */
function oneLine(text: string): string {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

/** The text importer's link syntax (lines.ts unwrapMarkup). */
const LINK_SYNTAX = /\[[^\]]*\]\(\S+?\)/g;

/**
 * A line that would read as Markdown structure is escaped to stay text: `#` (a heading), `[^1]:`
 * (a footnote definition; the citation inside is then kept as written and reported by the importer).
 */
function escapeLineStart(line: string): string {
  return line.replace(/^#/, '\\#').replace(/^\[\^/, '\\[^');
}

function escapeText(s: string): string {
  return s.replace(/[\\*_]/g, (c) => `\\${c}`);
}

interface Span {
  text: string;
  bold: boolean;
  italic: boolean;
}

/**
 * Runs -> Markdown. Emphasis delimiters must not touch whitespace on their inner side and must not
 * run into another span's delimiters (`***a****b*` does not pair back); such a span is written with
 * `_` when its neighbours allow (`_` does not work inside a word), else written plain (and reported).
 */
export function inlineMarkdown(
  inlines: Inline[],
  noteRef: (kind: 'footnote' | 'endnote', id: string) => string | null,
  simplify: (text: string) => void,
  manualNotes: ReadonlySet<string> = new Set(),
): string {
  // Tokens: marked spans with whitespace moved outside, and raw Markdown (citations).
  type Tok = { span: Span } | { raw: string };
  const toks: Tok[] = [];
  const pushText = (text: string, bold: boolean, italic: boolean) => {
    if (!text) return;
    const last = toks[toks.length - 1];
    if (last && 'span' in last && last.span.bold === bold && last.span.italic === italic) last.span.text += text;
    else toks.push({ span: { text, bold, italic } });
  };
  // A line break closes every emphasis span, so each line's delimiters pair on that line.
  const pieces = inlines.flatMap((i): Inline[] =>
    i.kind === 'text' && i.text.includes('\n') ? i.text.split(/(\n)/).map((text) => ({ ...i, text })) : [i],
  );
  for (const i of pieces) {
    if (i.kind === 'note') {
      const ref = noteRef(i.note, i.id);
      if (ref) toks.push({ raw: ref });
      continue;
    }
    if (i.text === '\n') {
      toks.push({ raw: '\n' });
      continue;
    }
    const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(i.text) ?? [];
    if (i.superscript && manualNotes.has(core)) {
      pushText(lead, false, false);
      toks.push({ raw: `<sup>${core}</sup>` });
      pushText(trail, false, false);
      continue;
    }
    const marked = (i.bold || i.italic) && core.length > 0;
    pushText(lead, false, false);
    pushText(core, marked && i.bold, marked && i.italic);
    pushText(trail, false, false);
  }

  let out = '';
  toks.forEach((t, k) => {
    if ('raw' in t) {
      out += t.raw;
      return;
    }
    const { text, bold, italic } = t.span;
    const n = (bold ? 2 : 0) + (italic ? 1 : 0);
    if (!n) {
      out += escapeText(text);
      return;
    }
    // The character after this span's closing delimiter: a citation's `[`, a plain span's text,
    // or, for a marked span, its opening delimiter if it manages one, else its text. A marked span
    // never opens with the delimiter character this one closed with (it sees it as prevChar).
    const next = toks[k + 1];
    const nextText = !next ? '' : 'raw' in next ? next.raw[0] : escapeText(next.span.text)[0] ?? '';
    const nextMarked = !!next && 'span' in next && (next.span.bold || next.span.italic);
    const prevChar = out.slice(-1);
    const star = '*'.repeat(n);
    if (prevChar !== '*' && (nextMarked || nextText !== '*')) {
      out += star + escapeText(text) + star;
      return;
    }
    const under = '_'.repeat(n);
    const wordChar = /[\p{L}\p{N}]/u;
    if (prevChar !== '_' && !wordChar.test(prevChar) && nextText !== '_' && !wordChar.test(nextText)) {
      out += under + escapeText(text) + under;
      return;
    }
    simplify(text);
    out += escapeText(text);
  });
  return out;
}
