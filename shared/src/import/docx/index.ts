/**
 * Word (.docx) import: the Word document is converted into the Markdown dialect the text importer
 * reads, and that importer builds the document, so structure rules (pp/op, sections, typed labels,
 * brackets) are decided in one place for text and for Word.
 *
 *   bytes -> package.ts (what file is this; unzip with limits; parts by relationship)
 *         -> body.ts (paragraphs, runs, tracked changes accepted, fields, tables, text boxes)
 *            + styles.ts (headings, emphasis, numbering by style) + numbering.ts (Word's labels)
 *            + notes.ts (footnotes, endnotes, comments)
 *         -> markdown.ts (one Markdown paragraph per Word paragraph, a map back to Word paragraphs)
 *         -> importDocument(markdown) -> report lines renamed "Word paragraph N"
 *
 * Pure: takes bytes, no DOM, no Node APIs (runs in the browser bundle too). Input that is not a
 * readable Word document throws ImportError (errors.ts); everything read approximately or left out
 * of a readable document is in the report, `line` being the Word paragraph number (0: the whole
 * document) and the message starting with "Word paragraph N:".
 */
import { importDocument } from '../index.ts';
import { ImportError } from '../errors.ts';
import type { ImportProblem, ImportResult } from '../types.ts';
import type { NumberingStyle } from '../../model/types.ts';
import { openPackage } from './package.ts';
import { Styles } from './styles.ts';
import { Numbering } from './numbering.ts';
import { plainText, walkBody, type Location, type TrackedChange, type WordParagraph } from './body.ts';
import { descendantsW, textOf, type XElement } from './xml.ts';
import { readComments, readNotes, type Note } from './notes.ts';
import { toMarkdown, type MarkdownSource } from './markdown.ts';

export type { MarkdownSource, SourcePosition } from './markdown.ts';

export { ImportError } from '../errors.ts';
export type { ImportErrorCode } from '../errors.ts';

export interface DocxOptions {
  /** Title to use instead of the one found at the head of the document. */
  title?: string;
  /** Numbering style to use instead of the one detected (labels are derived with it). */
  numberingStyle?: NumberingStyle;
}

/**
 * The Markdown a Word document converts to, with the Word paragraph of each Markdown line: what
 * importDocx hands the text importer, for debugging a conversion (or a `convert` command).
 */
export function docxToMarkdown(bytes: Uint8Array): MarkdownSource {
  return readWord(bytes).md;
}

function readWord(bytes: Uint8Array) {
  const pkg = openPackage(bytes);
  const styles = new Styles(pkg.styles);
  const numbering = pkg.numbering ? new Numbering(pkg.numbering, (styleId) => styles.numbering(styleId)?.numId ?? null) : null;
  const body = walkBody(pkg.document, styles, numbering);
  const footnotes = readNotes(pkg.footnotes, 'footnote', styles);
  const endnotes = readNotes(pkg.endnotes, 'endnote', styles);
  const notes = new Map<string, Note>([...footnotes.notes, ...endnotes.notes]);
  const comments = readComments(pkg.comments);
  if (!body.paragraphs.some((p) => plainText(p.inlines).trim())) {
    throw new ImportError('empty', 'The Word document has no text to import.');
  }
  const symbol = headerSymbol(pkg.firstPageHeader, body.paragraphs);
  return { body, footnotes, endnotes, comments, symbol, md: toMarkdown(body.paragraphs, notes, symbol ? [symbol] : []) };
}

// A document symbol as front.ts reads one (A/70/L.33, E/RES/2010/2).
const SYMBOL_TOKEN = /^[A-Z]{1,2}\/(?:[A-Z0-9.()-]+\/)*[A-Z0-9.()-]+$/;

/**
 * UN mastheads often keep the symbol in the first page's header, which is not body text. When the
 * header holds a symbol the opening paragraphs do not, it is read ahead of the body, where the text
 * importer takes it as the document's symbol (and it is reported).
 */
function headerSymbol(header: XElement | null, paragraphs: WordParagraph[]): string | null {
  if (!header) return null;
  const tokens = descendantsW(header, 'p').flatMap((p) => descendantsW(p, 't').map(textOf).join('').split(/\s+/));
  const symbol = tokens.find((t) => SYMBOL_TOKEN.test(t));
  if (!symbol) return null;
  const opening = paragraphs.slice(0, 20).map((p) => plainText(p.inlines)).join('\n');
  return opening.includes(symbol) ? null : symbol;
}

export function importDocx(bytes: Uint8Array, options?: DocxOptions): ImportResult {
  const { body, footnotes, endnotes, comments, symbol, md } = readWord(bytes);
  const result = importDocument(md.source, { format: 'markdown', title: options?.title, numberingStyle: options?.numberingStyle });
  const citedIn = citations(md);
  const where = (at: Location): number => (at.part === 'body' ? at.paragraph : citedIn.get(`${at.part}:${at.id}`) ?? 0);
  const label = (at: Location): string => {
    if (at.part === 'body') return at.paragraph ? `Word paragraph ${at.paragraph}` : '';
    const n = citedIn.get(`${at.part}:${at.id}`);
    return `Word ${at.part} ${at.id}${n ? ` (cited in Word paragraph ${n})` : ''}`;
  };

  const report: ImportProblem[] = [];
  const add = (line: number, prefix: string, message: string, text = '') => report.push({ line, message: prefix ? `${prefix}: ${message}` : message, text });

  for (const p of result.report) {
    const pos = md.lines.get(p.line);
    if (!pos) add(p.line === 0 ? 0 : nearestParagraph(md, p.line), '', p.message, p.text);
    else if (pos.kind === 'paragraph') add(pos.paragraph, `Word paragraph ${pos.paragraph}`, p.message, p.text);
    else if (pos.kind === 'header') add(0, 'First page header', p.message, p.text);
    else add(pos.citedIn, `Word ${pos.note.kind} ${pos.note.id} (cited in Word paragraph ${pos.citedIn})`, p.message, p.text);
  }
  for (const f of [...body.findings, ...footnotes.findings, ...endnotes.findings]) add(where(f.at), label(f.at), f.message, f.text);
  reportChanges([...body.changes, ...footnotes.changes, ...endnotes.changes], where, label, add);
  for (const a of [...body.anchors, ...footnotes.anchors, ...endnotes.anchors]) {
    const c = comments.get(a.id);
    if (!c) continue;
    comments.delete(a.id);
    const on = a.text.trim() ? ` on "${a.text.trim()}"` : '';
    add(where(a.at), label(a.at), `Comment by ${c.author}${c.date ? ` (${c.date})` : ''}${on}, not imported: "${c.text}"`, c.text);
  }
  for (const c of comments.values()) add(0, '', `Comment by ${c.author} with no place in the text, not imported: "${c.text}"`, c.text);
  for (const n of md.uncited) add(0, '', `Word ${n.kind} ${n.id} is not cited in the text; not imported`, plainText(n.inlines).trim());
  for (const m of md.markup) add(m.paragraph, `Word paragraph ${m.paragraph}`, m.message, m.text);
  for (const s of md.simplified) add(s.paragraph, `Word paragraph ${s.paragraph}`, 'Bold or italic of a span directly against another differently emphasised span could not be kept; imported plain', s.text);
  if (symbol) add(0, '', `Symbol ${symbol} read from the first page's header (it is not in the text)`, symbol);
  const endnotesCited = [...md.lines.values()].filter((pos) => pos.kind === 'note' && pos.note.kind === 'endnote').length;
  if (endnotesCited) add(0, '', `${endnotesCited} endnote(s) imported as footnotes`);

  return { doc: result.doc, report: report.sort((a, b) => a.line - b.line), detectedStyle: result.detectedStyle };
}

/** Note key -> the Word paragraph citing it. */
function citations(md: MarkdownSource): Map<string, number> {
  const out = new Map<string, number>();
  for (const pos of md.lines.values()) if (pos.kind === 'note') out.set(`${pos.note.kind}:${pos.note.id}`, pos.citedIn);
  return out;
}

/** A report line on a blank Markdown line: the paragraph just above it. */
function nearestParagraph(md: MarkdownSource, line: number): number {
  for (let l = line; l > 0; l--) {
    const pos = md.lines.get(l);
    if (pos) return pos.kind === 'paragraph' ? pos.paragraph : pos.kind === 'note' ? pos.citedIn : 0;
  }
  return 0;
}

const CHANGE_WORDS: Record<TrackedChange['type'], string> = {
  insertion: 'Tracked insertion accepted',
  deletion: 'Tracked deletion accepted (text left out)',
  'move-to': 'Tracked move accepted (text kept here)',
  'move-from': 'Tracked move accepted (text left out here)',
  formatting: 'Tracked formatting change',
  'paragraph-mark': 'Tracked deletion of a paragraph break accepted: joined with the next paragraph',
};

function reportChanges(
  changes: TrackedChange[],
  where: (at: Location) => number,
  label: (at: Location) => string,
  add: (line: number, prefix: string, message: string, text?: string) => void,
): void {
  // Formatting changes are many and carry no words: one line per author.
  const formatting = new Map<string, { count: number; first: TrackedChange }>();
  for (const c of changes) {
    if (c.type === 'formatting') {
      const f = formatting.get(c.author);
      if (f) f.count++;
      else formatting.set(c.author, { count: 1, first: c });
      continue;
    }
    const date = c.date ? ` (${c.date})` : '';
    const quoted = c.text ? `: "${c.text}"` : '';
    add(where(c.at), label(c.at), `${CHANGE_WORDS[c.type]}, by ${c.author}${date}${quoted}`, c.text);
  }
  for (const [author, f] of formatting) {
    add(where(f.first.at), label(f.first.at), `${f.count} tracked formatting change(s) by ${author}; the formatting as changed is kept (bold and italic only)`);
  }
}

