/**
 * Importer for UN drafts as plain text or Markdown (text extracted from PDF or Word, or typed).
 *
 *   source -> lines (hygiene, binary check, pages) -> page furniture out -> plain-digit notes at
 *             page feet read -> footnote lines taken out -> words hyphenated across lines joined
 *          -> heading block (front)
 *          -> body walk (headings, pp/op/text, subparagraphs, options, page-break joins, labels as typed)
 *          -> fixed labels: only the typed labels derivation would not give (numbering/labels.ts)
 *          -> inline content (emphasis, footnotes at their citation, literal brackets -> groups)
 *          -> brackets left unbalanced paired across paragraphs and reported (unbalanced.ts)
 *
 * Nothing is dropped silently: whatever could not be placed is in `report` with its source line.
 */
import type { JSONContent } from '@tiptap/core';
import { structureBrackets } from '../brackets/literal.ts';
import { BracketLedger } from './unbalanced.ts';
import { docFromJSON } from '../schema/schema.ts';
import { NUMBERING_STYLES, type DocJSON, type FrontMatter } from '../model/types.ts';
import { readLines, unwrapMarkup } from './lines.ts';
import { extractFootnotes, readPageFootnotes, FootnoteBank, CITATION, citationKey } from './footnotes.ts';
import { joinHyphenatedLines, removePageFurniture, vocabularyOf } from './extraction.ts';
import { readFront } from './front.ts';
import { walk, type Block } from './structure.ts';
import { fixedLabels, type LabelItem } from '../numbering/labels.ts';
import { inlineRuns, italicisePrefix, parseEmphasis, restoreShielded, type InlineContext } from './inline.ts';
import { deletedBlockNode, docNode, frontNode, headingNode, optionNode, paragraphNode, subparagraphNode } from './build.ts';
import { readsAsDeleted } from '../schema/deletedBlock.ts';
import { Report, type ImportOptions, type ImportResult, type ImportFormat } from './types.ts';

export type { ImportOptions, ImportResult, ImportProblem, ImportFormat } from './types.ts';

/** Import format from a file name: .txt/.text -> text, .md/.markdown -> markdown, else null. */
export function formatFromFilename(name: string): ImportFormat | null {
  const ext = /\.([^.\/\\]+)$/.exec(name.trim())?.[1]?.toLowerCase();
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  return null;
}

export function importDocument(source: string, options: ImportOptions): ImportResult {
  const report = new Report();
  const format: ImportFormat = options?.format === 'markdown' ? 'markdown' : 'text';
  const fallbackTitle = options?.title?.trim() || 'Untitled';
  const lines = readLines(source, report);
  if (!lines) {
    const doc = docNode(frontNode(fallbackTitle, { symbol: '', date: '', stage: '', numberingStyle: 'outcome' }), []);
    return { doc, report: report.problems };
  }

  // Extraction artefacts first (page furniture, plain-digit notes at page feet, hyphenation), so
  // that what follows sees the text as it was written.
  const vocabulary = vocabularyOf(lines);
  const clean = readPageFootnotes(removePageFurniture(lines, report), report, vocabulary);
  const { body: noteless, defs } = extractFootnotes(clean, report, vocabulary);
  const withFront = joinHyphenatedLines(noteless, report, vocabulary);
  const front = readFront(withFront, format);
  for (const u of front.unplaced) report.add(u.line, u.why, u.text);
  const indents = indentsOf(source);
  const structure = walk(withFront.slice(front.consumed), format, report, (line) => indents[line - 1] ?? 0);
  const asked = options?.numberingStyle;
  const numberingStyle = asked && NUMBERING_STYLES.includes(asked) ? asked : structure.numberingStyle;
  if (asked && asked !== numberingStyle) report.add(0, `Unknown numbering style "${String(asked)}"; using ${numberingStyle}`, String(asked));
  // Typed labels are judged against the style the source was written in: a number that style would
  // derive anyway is not fixed, so choosing another style renumbers the text in that style, and only
  // labels no style derives (`12 bis`, a restart) stay as typed.
  const labels = fixedLabels(structure.blocks.map(labelItem), structure.numberingStyle);

  const footnotes = new FootnoteBank(defs);
  const ledger = new BracketLedger(withFront);
  const citedInHeadings = new Set<string>();
  for (const l of front.titleLines) {
    ledger.addText(l.text, [l.line]);
    for (const m of l.text.matchAll(CITATION)) citedInHeadings.add(citationKey(m));
  }
  const content = structure.blocks.map((b, i) =>
    blockNode(b, labels[i] ?? null, { format, footnotes, report, line: b.lines[0], ledger, citedInHeadings }),
  );
  ledger.report(report);
  for (const d of footnotes.unused()) {
    const where = citedInHeadings.has(d.key) ? 'is cited only in a heading or the title, where notes cannot stand' : 'is not cited anywhere';
    report.add(d.line, `Footnote ${d.key} ${where}; its text was not placed`, d.text);
  }

  const foundTitle = front.titleLines.map((l) => l.text).join(' ');
  let title = foundTitle || fallbackTitle;
  if (options?.title?.trim()) {
    title = options.title.trim();
    if (foundTitle && foundTitle !== title) report.add(front.titleLines[0].line, 'Title line replaced by the title given', foundTitle);
  } else if (!foundTitle) report.add(0, `No title found; using "${title}"`);

  const symbol = front.symbol || symbolFor(front.resolutionNumber, structure.authority);
  for (const r of front.rewritten) {
    if (r.field === 'stage') report.add(r.line, `Stage "${r.text}" recorded as "${r.value}"`, r.text);
    else if (front.symbol) report.add(r.line, `"${r.text}" in the heading dropped; the symbol ${front.symbol} is given`, r.text);
    else report.add(r.line, `"${r.text}" read as part of the symbol ${symbol}`, r.text);
  }
  if (front.symbol && front.resolutionNumber) {
    report.add(front.resolutionLine, `Resolution number ${front.resolutionNumber} not used; the symbol ${front.symbol} is given`, front.resolutionNumber);
  }

  const fm: FrontMatter = {
    symbol,
    date: front.date || structure.closingDate,
    stage: front.stage,
    numberingStyle,
  };
  const doc: DocJSON = docNode(frontNode(title, fm), content);
  try {
    docFromJSON(doc);
  } catch (e) {
    // A bug in the importer, not in the input; say so rather than hand back an invalid document.
    report.add(0, `Imported document failed schema validation: ${(e as Error).message}`);
  }
  return { doc, report: [...report.problems].sort((a, b) => a.line - b.line), detectedStyle: structure.numberingStyle };
}

/** "2010/2" from an ECOSOC resolution -> E/RES/2010/2; from the General Assembly -> A/RES/...; else as is. */
function symbolFor(number: string, authority: string): string {
  if (!number) return '';
  if (/economic and social council/i.test(authority)) return `E/RES/${number}`;
  if (/general assembly/i.test(authority)) return `A/RES/${number}`;
  if (/security council/i.test(authority)) return `S/RES/${number}`;
  return number;
}

/** Leading spaces of every source line (tabs count four), for Markdown nesting. */
function indentsOf(source: string): number[] {
  return source
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .map((raw) => (/^[ \t]*/.exec(raw)?.[0] ?? '').replace(/\t/g, '    ').length);
}

/** What label derivation sees of a block, with the label the source typed. */
function labelItem(b: Block): LabelItem & { typed: string | null } {
  const base = { label: null, typed: b.typed, numbered: false, kind: 'text' as const, level: 1, text: '' };
  switch (b.type) {
    case 'heading':
      return { ...base, type: 'heading', level: b.level, numbered: b.numbered, text: b.text };
    case 'paragraph':
      return { ...base, type: 'paragraph', kind: b.kind };
    case 'sub':
      return { ...base, type: 'sub', level: b.level };
    case 'option':
      return { ...base, type: 'option' };
  }
}

type BlockContext = InlineContext & { ledger: BracketLedger; citedInHeadings: Set<string> };

function blockNode(b: Block, label: string | null, ctx: BlockContext): JSONContent {
  if (b.type === 'heading') {
    ctx.ledger.addText(unwrapMarkup(b.text, ctx.format), b.lines);
    return headingNode(b.level, b.numbered || b.typed !== null, headingContent(b.text, ctx), label);
  }
  if ((b.type === 'paragraph' || b.type === 'sub') && b.typed !== null && readsAsDeleted(unwrapMarkup(b.text, ctx.format))) {
    // "12. [Deleted]": the paragraph's placeholder, keeping its label as typed (schema/deletedBlock.ts)
    ctx.report.add(ctx.line, `${b.type === 'sub' ? 'Subparagraph' : 'Paragraph'} ${b.typed} read as deleted; it keeps its label`, b.text);
    return b.type === 'sub' ? deletedBlockNode('subparagraph', b.typed, 'text', b.level) : deletedBlockNode('paragraph', b.typed, b.kind);
  }
  reportUnwrapped(b.text, ctx);
  let runs = inlineRuns(unwrapMarkup(b.text, ctx.format), ctx);
  if (b.type === 'paragraph' && b.participle) runs = italicisePrefix(runs, b.participle);
  // Brackets left unbalanced here are reported by the ledger, which pairs them across paragraphs
  // and names their lines; structureBrackets' own per-paragraph messages would say less.
  const { content } = structureBrackets(runs);
  ctx.ledger.addContent(content, b.lines);
  restoreShielded(content);
  if (b.type === 'option') return optionNode(b.typed, content);
  return b.type === 'sub' ? subparagraphNode(content, b.level, label) : paragraphNode(b.kind, content, label);
}

/** Headings hold marked text only: brackets and footnote markers stay literal (and are reported). */
function headingContent(text: string, ctx: BlockContext): JSONContent[] {
  if (/[[\]]/.test(text) || new RegExp(CITATION.source, 'u').test(text)) {
    ctx.report.add(ctx.line, 'Brackets or footnote markers in a heading kept as literal text', text);
  }
  // A note cited only in a heading cannot stand there (headings hold text only): noted here, said
  // when the unused notes are reported (a paragraph may still cite the same number).
  for (const m of text.matchAll(CITATION)) ctx.citedInHeadings.add(citationKey(m));
  reportUnwrapped(text, ctx);
  const plain = unwrapMarkup(text, ctx.format);
  const runs = ctx.format === 'markdown' ? parseEmphasis(plain) : [{ text: plain }];
  return runs
    .filter((r) => r.text)
    .map((r) => (r.marks?.length ? { type: 'text', text: r.text, marks: r.marks } : { type: 'text', text: r.text }));
}


/** `2<sup>nd</sup>` becomes `2nd`: the tags are removed, and the report says so. */
function reportUnwrapped(text: string, ctx: InlineContext): void {
  for (const m of text.matchAll(/<sup>\s*\D[^<]*?\s*<\/sup>/g)) {
    ctx.report.add(ctx.line, 'Superscript markup removed; the text is kept on the line', m[0]);
  }
}
