// Files that are not readable Word documents throw ImportError with a code and a sentence a
// person can act on; hostile files (zip bombs, entity expansion) fail fast without growing memory.
import { describe, it, expect } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { importDocx } from '../../shared/src/import/docx/index.ts';
import { ImportError, type ImportErrorCode } from '../../shared/src/import/errors.ts';
import { LIMITS } from '../../shared/src/import/docx/package.ts';
import { fixtureBytes, p, r, wordPackage } from './import-docx-helpers.ts';

function failure(bytes: Uint8Array): ImportError {
  try {
    importDocx(bytes);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw new Error(`threw something else than ImportError: ${String(e)}`);
  }
  throw new Error('imported without error');
}

function expectFailure(bytes: Uint8Array, code: ImportErrorCode, message: RegExp): void {
  const e = failure(bytes);
  expect(e).toBeInstanceOf(Error);
  expect(e.name).toBe('ImportError');
  expect(e.code).toBe(code);
  expect(e.message).toMatch(message);
}

/** An OLE compound file header, optionally naming a stream (UTF-16LE, as directory entries do). */
function oleFile(stream: string): Uint8Array {
  const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const name = Array.from(stream).flatMap((c) => [c.charCodeAt(0), 0]);
  const bytes = new Uint8Array(2048);
  bytes.set(header, 0);
  bytes.set(name, 1024);
  return bytes;
}

const valid = () => wordPackage(p(r('1. We decide.')));

describe('files that are not Word documents', () => {
  it('an empty file', () => {
    expectFailure(new Uint8Array(0), 'empty', /^The file is empty/);
  });

  it('a password-protected Word file (OLE package holding EncryptedPackage)', () => {
    expectFailure(oleFile('EncryptedPackage'), 'encrypted', /password-protected.*remove the password/);
  });

  it('a legacy Word 97-2003 .doc (OLE without an encrypted package)', () => {
    expectFailure(oleFile('WordDocument'), 'unsupported', /legacy Word 97-2003 \(\.doc\).*save it as a Word Document \(\.docx\)/);
  });

  it('plain text, RTF and PDF', () => {
    expectFailure(strToU8('12. We decide.'), 'not-word', /not a Word document \(\.docx\): it is not a zip package/);
    expectFailure(strToU8('{\\rtf1\\ansi We decide.}'), 'unsupported', /Rich Text \(\.rtf\)/);
    expectFailure(strToU8('%PDF-1.7\n...'), 'unsupported', /PDF file/);
  });

  it('a zip without word/document.xml, and other Office files by name', () => {
    expectFailure(zipSync({ 'notes.txt': strToU8('hello') }), 'not-word', /not a Word document: it has no word\/document\.xml/);
    expectFailure(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }), 'not-word', /Excel workbook/);
    expectFailure(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<x/>') }), 'not-word', /OpenDocument/);
  });

  it('a Word document with no text in it', () => {
    expectFailure(wordPackage(p('') + p(r('   '))), 'empty', /has no text/);
  });
});

describe('damaged Word files', () => {
  it('a zip cut short', () => {
    const bytes = fixtureBytes('docx/ecosoc-2010-2.docx');
    expectFailure(bytes.slice(0, Math.floor(bytes.length / 2)), 'corrupt', /damaged: its zip package cannot be read/);
  });

  it('a document part that is not well-formed XML', () => {
    const files = unzipSync(valid());
    files['word/document.xml'] = strToU8('<w:document xmlns:w="x"><w:body><w:p></w:body>');
    expectFailure(zipSync(files), 'corrupt', /word\/document\.xml is not well-formed XML/);
  });

  it('a part declaring a DTD (the billion-laughs entity expansion) is refused before parsing', () => {
    const files = unzipSync(valid());
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    files['word/document.xml'] = strToU8(`<?xml version="1.0"?>${laughs}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`);
    expectFailure(zipSync(files), 'corrupt', /declares a DTD/);
  });

  it('a part that is not UTF-8', () => {
    const files = unzipSync(valid());
    files['word/document.xml'] = new Uint8Array([0x3c, 0xff, 0xfe, 0x00]);
    expectFailure(zipSync(files), 'corrupt', /not UTF-8/);
  });
});

describe('zip bombs and size limits', () => {
  it('a document part inflating past the limit is refused before it is inflated', () => {
    const huge = new Uint8Array(LIMITS.uncompressedBytes + 1).fill(0x20);
    const files = unzipSync(valid());
    files['word/document.xml'] = huge;
    const bomb = zipSync(files, { level: 1 });
    expect(bomb.length).toBeLessThan(LIMITS.uncompressedBytes / 100);
    expectFailure(bomb, 'too-large', /inflate to more than 50 MB/);
  });

  it('a zip with more entries than any Word document has', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= LIMITS.entries; i++) files[`media/${i}`] = new Uint8Array(0);
    expectFailure(zipSync({ ...unzipSync(valid()), ...files }, { level: 0 }), 'too-large', /more than 10000 zip entries/);
  });

  it('an entry that lies about its size is cut at the declared size (then fails as XML), never grown', () => {
    const bytes = wordPackage(p(r(`1. ${'We decide. '.repeat(500)}`)));
    // Declare 100 bytes for word/document.xml in the central directory.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = strToU8('word/document.xml');
    for (let i = 0; i < bytes.length - 46; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(i + 28, true);
      const entryName = bytes.subarray(i + 46, i + 46 + nameLength);
      if (nameLength === name.length && entryName.every((b, k) => b === name[k])) view.setUint32(i + 24, 100, true);
    }
    expectFailure(bytes, 'corrupt', /word\/document\.xml is not well-formed XML/);
  });

  it('the fixtures stay far below the limits', () => {
    expect(() => importDocx(fixtureBytes('docx/wsis10-zero-draft.docx'))).not.toThrow();
  });
});

describe('damaged but well-formed Word XML', () => {
  // Deterministic mutations of a real fixture: drop empty elements (properties, references, marks)
  // and attributes (ids, values, styles) that the importer reads. Whatever is missing, the import
  // either gives a valid document or throws ImportError: never a crash of another kind.
  it('imports or refuses cleanly when properties, references and attributes are missing', () => {
    const files = unzipSync(fixtureBytes('docx/ecosoc-2010-2.docx'));
    let s = 11;
    const rand = (n: number) => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
    const parts = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/footnotes.xml'];
    let imported = 0;
    for (let round = 0; round < 40; round++) {
      const mutated: Record<string, Uint8Array> = { ...files };
      for (const part of parts) {
        let xml = strFromU8(files[part]);
        const empties = [...xml.matchAll(/<w:[A-Za-z]+(?:\s[^<>]*?)?\/>/g)];
        for (let k = 0; k < 15 && empties.length; k++) {
          const m = empties[rand(empties.length)];
          xml = xml.replace(m[0], '');
        }
        const attrs = [...xml.matchAll(/\sw:(?:val|id|numId|ilvl|abstractNumId|styleId|type)="[^"]*"/g)];
        for (let k = 0; k < 15 && attrs.length; k++) xml = xml.replace(attrs[rand(attrs.length)][0], '');
        mutated[part] = strToU8(xml);
      }
      try {
        const result = importDocx(zipSync(mutated));
        expect(() => docFromJSON(result.doc)).not.toThrow();
        imported++;
      } catch (e) {
        expect(e).toBeInstanceOf(ImportError);
      }
    }
    expect(imported).toBeGreaterThan(20);
  });
});
