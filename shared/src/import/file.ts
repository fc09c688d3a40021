// One door for every draft a person brings: bytes and a file name in, an imported document (with its
// report) out, or an ImportError saying why not. The command line, the HTTP upload and the browser's
// preview all come through here, so a file is judged the same way wherever it is opened.
//
// The content decides over the name where they disagree in a way that matters: a zip is read as Word
// whatever it is called, and a PDF, an RTF or an old binary .doc is refused by its magic number with
// the way out (save as .docx or text), not parsed as text.
import { importDocument } from './index.ts';
import { importDocx } from './docx/index.ts';
import { isBinaryDocument } from './docx/package.ts';
import { ImportError } from './errors.ts';
import type { ImportProblem, ImportResult } from './types.ts';
import type { NumberingStyle } from '../model/types.ts';
import { NUMBERING_STYLES } from '../model/types.ts';

import { IMPORT_EXTENSIONS, uploadProblem } from './limits.ts';

export type SourceKind = 'docx' | 'text' | 'markdown';

export interface FileImportOptions {
  /** Title to use instead of the one found in the file. */
  title?: string;
  /** Numbering style to use instead of the one detected. */
  numberingStyle?: NumberingStyle;
}

export interface FileImportResult extends ImportResult {
  kind: SourceKind;
  /** The numbering style the file was read as having, before any override. */
  detectedStyle: NumberingStyle;
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

function extensionOf(filename: string): string {
  return /\.([^.\/\\]+)$/.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
}

/**
 * Which reader takes the bytes: any binary office or print format (a zip, an OLE compound file, PDF,
 * RTF) or a .docx/.doc name goes to the Word reader, which reads a .docx and names what anything else
 * is (import/docx/package.ts); .txt and .md to the text importer; anything else is refused here.
 */
export function sourceKindOf(filename: string, bytes: Uint8Array): SourceKind {
  const ext = extensionOf(filename);
  if (isBinaryDocument(bytes)) return 'docx';
  if (ext === 'docx' || ext === 'doc') return 'docx';
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  throw new ImportError('unsupported', `${filename}: unknown format (Penholder reads ${IMPORT_EXTENSIONS.join(', ')})`);
}

/**
 * Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Word's "Unicode text"), else
 * Windows-1252, which is what older Word and Notepad save; that last guess is reported.
 */
export function decodeText(bytes: Uint8Array): { text: string; problems: ImportProblem[] } {
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), problems: [] };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), problems: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), problems: [] };
  } catch {
    return {
      text: decodeWindows1252(bytes),
      problems: [{ line: 0, message: 'The file is not UTF-8; it was read as Windows-1252 (Western European). Check accented letters.', text: '' }],
    };
  }
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F (curly quotes, dashes, the euro sign); some
// TextDecoder builds (Node's among them) decode 'windows-1252' as Latin-1, so the range is mapped
// here from the WHATWG encoding table. Five bytes are undefined there and stay as C1 controls.
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk.map((b) => b));
  }
  return out.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function detectedStyleOf(result: ImportResult): NumberingStyle {
  const style = result.doc.content?.[0]?.attrs?.numberingStyle;
  return (NUMBERING_STYLES as readonly unknown[]).includes(style) ? (style as NumberingStyle) : 'outcome';
}


/** Counts the paragraphs with text in an imported document's JSON. */
function paragraphCount(result: ImportResult): number {
  const hasText = (node: { text?: string; content?: unknown[] }): boolean =>
    Boolean(node.text?.trim()) || (node.content ?? []).some((c) => hasText(c as { text?: string; content?: unknown[] }));
  return (result.doc.content ?? []).filter((b) => (b.type === 'paragraph' || b.type === 'subparagraph') && hasText(b)).length;
}

/**
 * Imports a draft file. Throws ImportError when the file cannot be read as a draft at all (wrong
 * format, damaged, encrypted, too large, or no paragraph in it); otherwise returns the document and
 * the report of what could not be placed.
 */
export function importFile(bytes: Uint8Array, filename: string, options: FileImportOptions = {}): FileImportResult {
  const problem = uploadProblem(filename, bytes.byteLength);
  if (problem) throw new ImportError(bytes.byteLength === 0 ? 'empty' : 'too-large', problem);
  const kind = sourceKindOf(filename, bytes);
  let result: ImportResult;
  if (kind === 'docx') {
    try {
      result = importDocx(bytes, { title: options.title, numberingStyle: options.numberingStyle });
    } catch (error) {
      if (error instanceof ImportError) throw new ImportError(error.code, `${filename}: ${error.message}`);
      throw error;
    }
  } else {
    const { text, problems } = decodeText(bytes);
    result = importDocument(text, { format: kind, title: options.title, numberingStyle: options.numberingStyle });
    result = { ...result, report: [...problems, ...result.report] };
  }
  if (paragraphCount(result) === 0) {
    const reasons = result.report.map((p) => `\n  line ${p.line}: ${p.message}`).join('');
    throw new ImportError('not-a-draft', `${filename}: no paragraphs found; this does not look like a draft${reasons}`);
  }
  // Both readers apply a chosen style themselves (labels are derived with it) and say what they detected.
  const detectedStyle = result.detectedStyle ?? detectedStyleOf(result);
  return { ...result, kind, detectedStyle };
}
