// Export by format and kind: the one table the server, the client's Export menu and the CLI read.
//
// Kinds: the clean draft (numbered, brackets literal, no attribution), the compilation text (each
// alternative followed by its proposers and positions, a provenance table at the end), and the
// redline between two states (exportRedline). Formats: text, Markdown, JSON, Word, HTML, PDF and
// Akoma Ntoso. The clean draft's text, Markdown and JSON keep their own exporters (text.ts,
// markdown.ts, outline.ts: they re-import exactly); everything else renders the export model
// (model.ts) built once from the document or the Redline.
//
// PDF is HTML printed by Chromium, which lives on the server (server/src/export/pdf.ts): here a PDF
// export returns the HTML it is made from, with `printToPdf: true`, and the server prints it.
import type { Node as PMNode } from '@tiptap/pm/model';
import { exportText } from './text.ts';
import { exportMarkdown } from './markdown.ts';
import { outlineOf } from './outline.ts';
import { modelOfDocument, modelOfRedline, type DelegationNames, type ExportModel, type LabelMap } from './model.ts';
import { labelMapLines, renderModelMarkdown, renderModelText } from './plain.ts';
import { renderHtml } from './html.ts';
import { renderDocx } from './docx.ts';
import { renderAkn } from './akn.ts';
import type { Redline } from '../revisions/redline.ts';

export * from './formats.ts';
import { EXPORT_FORMATS, type DocumentExportKind, type ExportFormat, type TextFormat } from './formats.ts';

/** The export format a file name asks for: .txt .md .json .docx .html .pdf .akn.xml (or .xml); else null. */
export function exportFormatFromFilename(name: string): ExportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.akn.xml') || lower.endsWith('.xml')) return 'akn';
  const ext = lower.split('.').pop();
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'json') return 'json';
  if (ext === 'docx') return 'docx';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'pdf') return 'pdf';
  return null;
}

/** The clean draft as text, Markdown or the JSON outline (synchronous; the CLI's `convert`). */
export function exportDocument(doc: PMNode, format: TextFormat, report: unknown[] = []): string {
  switch (format) {
    case 'text':
      return exportText(doc);
    case 'markdown':
      return exportMarkdown(doc);
    case 'json':
      return JSON.stringify(outlineOf(doc, report), null, 2) + '\n';
  }
}

export interface ExportOptions {
  format: ExportFormat;
  kind?: DocumentExportKind;
  /** Delegation names for the compilation text (ids print as themselves otherwise). */
  delegationName?: DelegationNames;
  /** The export's date-time, ISO (Akoma Ntoso's Manifestation date); defaults to now. */
  now?: string;
  /** Exporting a revision that renumbered: its old-to-new label map, printed after the text. */
  labelMap?: LabelMap;
}

export interface ExportOutput {
  body: string | Uint8Array;
  mime: string;
  extension: string;
  /** Set for PDF: `body` is the HTML to print; the server turns it into the PDF. */
  printToPdf?: boolean;
}

async function renderModel(model: ExportModel, format: Exclude<ExportFormat, TextFormat> | TextFormat, now?: string): Promise<ExportOutput> {
  const info = EXPORT_FORMATS[format];
  const out = (body: string | Uint8Array): ExportOutput => ({ body, mime: info.mime, extension: info.extension });
  switch (format) {
    case 'text':
      return out(renderModelText(model));
    case 'markdown':
      return out(renderModelMarkdown(model));
    case 'json':
      return out(JSON.stringify(model, null, 2) + '\n');
    case 'html':
      return out(renderHtml(model));
    case 'pdf':
      return { ...out(renderHtml(model)), printToPdf: true };
    case 'docx':
      return out(await renderDocx(model));
    case 'akn':
      return out(renderAkn(model, { now }));
  }
}

/** A document as one file of the given format and kind. */
export async function exportFile(doc: PMNode, options: ExportOptions): Promise<ExportOutput> {
  const kind = options.kind ?? 'clean';
  const { format } = options;
  if (kind === 'clean' && (format === 'text' || format === 'markdown' || format === 'json')) {
    const info = EXPORT_FORMATS[format];
    const map = options.labelMap?.entries.length ? options.labelMap : undefined;
    let body: string;
    if (!map) body = exportDocument(doc, format);
    else if (format === 'json') body = JSON.stringify({ ...outlineOf(doc), labelMap: map }, null, 2) + '\n';
    else body = `${exportDocument(doc, format).replace(/\n+$/, '')}\n\n${labelMapLines(map, format).join('\n').replace(/\n+$/, '')}\n`;
    return { body, mime: info.mime, extension: info.extension };
  }
  return renderModel(modelOfDocument(doc, { kind, delegationName: options.delegationName, labelMap: options.labelMap }), format, options.now);
}

/**
 * A redline in any format: Word with real tracked changes, HTML (and the HTML a PDF is printed
 * from), text and Markdown with marked changes, Akoma Ntoso with ins/del, JSON (the Redline itself).
 */
export async function exportRedline(redline: Redline, format: ExportFormat, options: { now?: string } = {}): Promise<ExportOutput> {
  if (format === 'json') {
    const info = EXPORT_FORMATS.json;
    return { body: JSON.stringify(redline, null, 2) + '\n', mime: info.mime, extension: info.extension };
  }
  return renderModel(modelOfRedline(redline), format, options.now);
}

/** A file name from the symbol (or the title) and the kind: `A-70-L.4-compilation.docx`. */
export function exportFileName(
  symbolOrTitle: string,
  kind: DocumentExportKind | 'redline',
  format: ExportFormat,
  /** Which revision(s): "Rev.1", "Zero draft to Rev.1"; kept whole while a long title is shortened. */
  revision = '',
): string {
  const safe = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\w.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
  const stem = safe(symbolOrTitle).slice(0, 80).replace(/[-.]+$/, '') || 'document';
  const which = revision ? `-${safe(revision).slice(0, 60)}` : '';
  const suffix = kind === 'clean' ? '' : `-${kind}`;
  return `${stem}${which}${suffix}.${EXPORT_FORMATS[format].extension}`;
}
