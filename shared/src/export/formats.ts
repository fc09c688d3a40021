// The export formats and kinds as plain data: what the server checks a request against and the
// client's Export menu offers. Kept apart from the renderers so the browser bundle imports no docx.
/** The formats text, Markdown and JSON of the clean draft, which `exportDocument` renders synchronously. */
export type TextFormat = 'text' | 'markdown' | 'json';
export type ExportFormat = TextFormat | 'docx' | 'html' | 'pdf' | 'akn';
/** The kinds a document is exported as (the redline is exported from a Redline, not a document). */
export type DocumentExportKind = 'clean' | 'compilation';

export interface FormatInfo {
  extension: string;
  mime: string;
  /** What the Export menu shows. */
  name: string;
  binary: boolean;
}

export const EXPORT_FORMATS: Record<ExportFormat, FormatInfo> = {
  docx: { extension: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'Word', binary: true },
  pdf: { extension: 'pdf', mime: 'application/pdf', name: 'PDF', binary: true },
  html: { extension: 'html', mime: 'text/html; charset=utf-8', name: 'HTML', binary: false },
  text: { extension: 'txt', mime: 'text/plain; charset=utf-8', name: 'Plain text', binary: false },
  markdown: { extension: 'md', mime: 'text/markdown; charset=utf-8', name: 'Markdown', binary: false },
  json: { extension: 'json', mime: 'application/json; charset=utf-8', name: 'JSON outline', binary: false },
  akn: { extension: 'akn.xml', mime: 'application/akn+xml; charset=utf-8', name: 'Akoma Ntoso XML', binary: false },
};

export const EXPORT_KINDS: Record<DocumentExportKind, { name: string; suffix: string }> = {
  clean: { name: 'Clean draft', suffix: '' },
  compilation: { name: 'Compilation text', suffix: 'compilation' },
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, value);
}

export function isDocumentExportKind(value: unknown): value is DocumentExportKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EXPORT_KINDS, value);
}

