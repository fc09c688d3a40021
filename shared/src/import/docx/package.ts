// The Word package: what kind of file the bytes are, and the parts of a .docx, read with limits.
//
// A .docx is a zip (OPC package). Before unzipping, the first bytes tell the other files users
// upload by mistake: a legacy .doc and a password-protected .docx are both OLE compound files
// (magic D0 CF 11 E0), the protected one holding a stream named `EncryptedPackage`.
//
// Zip bombs: only the XML parts the importer reads are inflated (never images or embedded files),
// each entry's declared size is checked before its buffer is allocated, and fflate writes into a
// buffer of exactly that size, so an entry that lies about its size is cut short (and then fails
// as XML) instead of growing. The entry count is capped too, since each entry costs a header read.
import { unzipSync } from 'fflate';
import { ImportError } from '../errors.ts';
import { attr, child, children, childrenW, descendantsW, parseXml, plainAttr, toggle, type XElement } from './xml.ts';

export const LIMITS = {
  /** The file itself. */
  fileBytes: 100 * 1024 * 1024,
  /** Sum of the inflated sizes of the parts read. */
  uncompressedBytes: 50 * 1024 * 1024,
  /** Entries in the zip's central directory. */
  entries: 10_000,
};

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b]; // "PK"
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46]; // "%PDF"
const RTF_START = /^\s*\{\\rtf/;

/**
 * Whether the bytes are a zip, an OLE compound file, a PDF or RTF: files this reader either reads
 * (.docx) or names with the way out (the import door sends them all here, whatever their name).
 */
export function isBinaryDocument(bytes: Uint8Array): boolean {
  return [ZIP_MAGIC, OLE_MAGIC, PDF_MAGIC].some((magic) => startsWith(bytes, magic)) || RTF_START.test(new TextDecoder().decode(bytes.subarray(0, 16)));
}

export interface WordPackage {
  /** Path of the main document part, normally word/document.xml. */
  documentPath: string;
  /** Parsed parts by role; absent parts are null. */
  document: XElement;
  styles: XElement | null;
  numbering: XElement | null;
  footnotes: XElement | null;
  endnotes: XElement | null;
  comments: XElement | null;
  /** The header Word shows on the first page (where UN mastheads put the symbol), if any. */
  firstPageHeader: XElement | null;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** UTF-16LE name of the stream an encrypted OOXML file keeps its package in. */
function containsUtf16(bytes: Uint8Array, word: string): boolean {
  const needle = Array.from(word).flatMap((c) => [c.charCodeAt(0), 0]);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Rejects what is not a zip, naming what it is when the first bytes tell. */
function sniff(bytes: Uint8Array): void {
  if (!bytes || bytes.length === 0) throw new ImportError('empty', 'The file is empty: there is no Word document to import.');
  if (bytes.length > LIMITS.fileBytes) {
    throw new ImportError('too-large', `The file is ${Math.round(bytes.length / 1048576)} MB; Word documents over ${LIMITS.fileBytes / 1048576} MB are not imported.`);
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    if (containsUtf16(bytes, 'EncryptedPackage')) {
      throw new ImportError('encrypted', 'The Word document is password-protected. Open it in Word, remove the password (File > Info > Protect Document), save it and import it again.');
    }
    throw new ImportError('unsupported', 'This is a legacy Word 97-2003 (.doc) file or another Office binary file. Open it in Word and save it as a Word Document (.docx), then import that.');
  }
  if (RTF_START.test(new TextDecoder().decode(bytes.subarray(0, 16)))) {
    throw new ImportError('unsupported', 'This is a Rich Text (.rtf) file. Open it in Word and save it as a Word Document (.docx), then import that.');
  }
  if (startsWith(bytes, PDF_MAGIC)) {
    throw new ImportError('unsupported', 'This is a PDF file, not a Word document. Import the Word original, or the PDF\'s text as a .txt file.');
  }
  if (!startsWith(bytes, ZIP_MAGIC)) {
    throw new ImportError('not-word', 'This file is not a Word document (.docx): it is not a zip package.');
  }
}

/** The XML parts this importer reads, inflated with the limits above. */
function unzipParts(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  const names: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries++;
        names.push(file.name);
        if (entries > LIMITS.entries) {
          throw new ImportError('too-large', `The file holds more than ${LIMITS.entries} zip entries; it is not a Word document this importer will open (a zip bomb, or a damaged file).`);
        }
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        if (file.originalSize > LIMITS.uncompressedBytes || total > LIMITS.uncompressedBytes) {
          throw new ImportError('too-large', `The Word document's text parts inflate to more than ${LIMITS.uncompressedBytes / 1048576} MB; it is not imported (a zip bomb, or a document far larger than any draft).`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('corrupt', 'The Word file is damaged: its zip package cannot be read. Open it in Word (which may offer to repair it), save it and import it again.');
  }
  const out = new Map(Object.entries(files));
  // Keep the names of parts not read, for telling other Office files apart.
  for (const n of names) if (!out.has(n)) out.set(n, new Uint8Array(0));
  return out;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const p of path.replace(/\\/g, '/').split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return normalise(target);
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  return normalise(dir + target);
}

function relsPath(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

interface Relationship {
  id: string;
  /** Type suffix: ".../officeDocument" -> "officeDocument". */
  kind: string;
  path: string;
}

/** Internal relationships of a part. */
function relationshipList(files: Map<string, Uint8Array>, part: string): Relationship[] {
  const path = relsPath(part);
  const bytes = files.get(path);
  if (!bytes?.length) return [];
  const out: Relationship[] = [];
  for (const rel of children(parseXml(bytes, path))) {
    const type = plainAttr(rel, 'Type');
    const target = plainAttr(rel, 'Target');
    if (!type || !target || plainAttr(rel, 'TargetMode') === 'External') continue;
    out.push({ id: plainAttr(rel, 'Id') ?? '', kind: type.slice(type.lastIndexOf('/') + 1), path: resolveTarget(part, target) });
  }
  return out;
}

/** Relationship targets of a part by type suffix, the first of each type. */
function relationships(files: Map<string, Uint8Array>, part: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of relationshipList(files, part)) if (!out.has(r.kind)) out.set(r.kind, r.path);
  return out;
}

/** The first section's first-page header (or its default header when the first page is not different). */
function firstPageHeader(document: XElement, files: Map<string, Uint8Array>, documentPath: string): XElement | null {
  const sectPr = descendantsW(document, 'sectPr')[0];
  if (!sectPr) return null;
  const type = toggle(child(sectPr, 'titlePg')) ? 'first' : 'default';
  const ref = childrenW(sectPr, 'headerReference').find((h) => attr(h, 'type') === type);
  const id = ref ? plainAttr(ref, 'id') : null;
  const rel = relationshipList(files, documentPath).find((r) => r.id === id && r.kind === 'header');
  const bytes = rel ? files.get(rel.path) : undefined;
  return rel && bytes?.length ? parseXml(bytes, rel.path) : null;
}

function notWordReason(names: string[]): string {
  if (names.some((n) => n.startsWith('xl/'))) return 'This is an Excel workbook, not a Word document.';
  if (names.some((n) => n.startsWith('ppt/'))) return 'This is a PowerPoint presentation, not a Word document.';
  if (names.includes('mimetype') && names.includes('content.xml')) {
    return 'This is an OpenDocument file (LibreOffice or OpenOffice). Save it as a Word Document (.docx) and import that.';
  }
  return 'This zip file is not a Word document: it has no word/document.xml.';
}

export function openPackage(bytes: Uint8Array): WordPackage {
  sniff(bytes);
  // XML and relationship parts, minus those that never hold the text (themes, properties, glossary).
  const isXml = (name: string) => /\.(?:xml|rels)$/i.test(name) && !/(?:^|\/)(?:theme|docProps|customXml|glossary|media|embeddings)\//i.test(name);
  const files = unzipParts(bytes, isXml);
  const names = [...files.keys()];
  const root = relationships(files, '');
  let documentPath = root.get('officeDocument') ?? 'word/document.xml';
  if (!files.get(documentPath)?.length) documentPath = 'word/document.xml';
  const documentBytes = files.get(documentPath);
  if (!documentBytes) throw new ImportError('not-word', notWordReason(names));
  const rels = relationships(files, documentPath);
  const dir = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const part = (kind: string, fallback: string): XElement | null => {
    const path = rels.get(kind) ?? dir + fallback;
    const b = files.get(path);
    return b?.length ? parseXml(b, path) : null;
  };
  const document = parseXml(documentBytes, documentPath);
  return {
    documentPath,
    document,
    styles: part('styles', 'styles.xml'),
    numbering: part('numbering', 'numbering.xml'),
    footnotes: part('footnotes', 'footnotes.xml'),
    endnotes: part('endnotes', 'endnotes.xml'),
    comments: part('comments', 'comments.xml'),
    firstPageHeader: firstPageHeader(document, files, documentPath),
  };
}
