// One door for every draft file: bytes and a name in, a document or a clear refusal out.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeText, importFile, sourceKindOf } from '../../shared/src/import/file.ts';
import { ImportError } from '../../shared/src/import/errors.ts';
import { MAX_IMPORT_BYTES, uploadProblem } from '../../shared/src/import/limits.ts';
import { importCounts } from '../../shared/src/import/summary.ts';
import { importPreview } from '../../shared/src/import/preview.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { labelBlocks } from '../../shared/src/numbering/labels.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const bytes = (s: string) => new TextEncoder().encode(s);
const DRAFT = 'Draft decision\n\nThe Conference,\n\n1. Decides to meet again;\n\n2. Requests the secretariat to report.\n';

function refusal(run: () => unknown): ImportError {
  try {
    run();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('what kind of file it is', () => {
  it('takes text and Markdown by their extension', () => {
    expect(sourceKindOf('draft.txt', bytes('x'))).toBe('text');
    expect(sourceKindOf('Draft.MD', bytes('x'))).toBe('markdown');
  });

  it('sends any zip, OLE, PDF or RTF file to the Word reader whatever its name, and .docx/.doc names too', () => {
    expect(sourceKindOf('draft.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('docx');
    expect(sourceKindOf('draft.txt', bytes('%PDF-1.7 ...'))).toBe('docx');
    expect(sourceKindOf('draft.doc', bytes('text'))).toBe('docx');
    expect(refusal(() => sourceKindOf('draft.pages', bytes('text'))).message).toMatch(/unknown format \(Penholder reads \.docx, \.txt, \.md\)/);
  });

  it('refuses password-protected and old binary Word files, PDF, RTF and non-zip .docx, naming the file and the way out', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const encrypted = new Uint8Array([...ole, ...Array.from('EncryptedPackage').flatMap((c) => [c.charCodeAt(0), 0])]);
    const cases: [Uint8Array, string, string, RegExp][] = [
      [encrypted, 'draft.docx', 'encrypted', /^draft\.docx: The Word document is password-protected\..*remove the password/],
      [ole, 'draft.doc', 'unsupported', /^draft\.doc: This is a legacy Word 97-2003 \(\.doc\) file.*save it as a Word Document \(\.docx\)/],
      [bytes('%PDF-1.7 ...'), 'draft.txt', 'unsupported', /^draft\.txt: This is a PDF file/],
      [bytes('{\\rtf1 ...'), 'draft.rtf', 'unsupported', /^draft\.rtf: This is a Rich Text \(\.rtf\) file/],
      [bytes('hello'), 'draft.docx', 'not-word', /^draft\.docx: This file is not a Word document/],
    ];
    for (const [input, name, code, message] of cases) {
      const error = refusal(() => importFile(input, name));
      expect(error.code, name).toBe(code);
      expect(error.message).toMatch(message);
    }
  });
});

describe('decoding text', () => {
  it('reads UTF-8 with or without a byte-order mark', () => {
    expect(decodeText(bytes('\uFEFFRéaffirme')).text).toBe('Réaffirme');
    expect(decodeText(bytes('Réaffirme')).problems).toEqual([]);
  });

  it("reads Word's 'Unicode text' (UTF-16 with a byte-order mark), both byte orders", () => {
    const le = new Uint8Array([0xff, 0xfe, 0x52, 0x00, 0xe9, 0x00]);
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x52, 0x00, 0xe9]);
    expect(decodeText(le).text).toBe('Ré');
    expect(decodeText(be).text).toBe('Ré');
  });

  it('falls back to Windows-1252 for text that is not UTF-8, and reports the guess', () => {
    const latin = new Uint8Array([0x52, 0xe9, 0x61, 0x66, 0x66, 0x69, 0x72, 0x6d, 0x65, 0x20, 0x93, 0x78, 0x94]);
    const { text, problems } = decodeText(latin);
    expect(text).toBe('Réaffirme “x”');
    expect(problems).toEqual([expect.objectContaining({ line: 0, message: expect.stringMatching(/not UTF-8.*Windows-1252/) })]);
  });
});

describe('importing a file', () => {
  it('imports the zero draft from its bytes, with the style it detected', () => {
    const result = importFile(fixture('wsis10-zero-draft.txt'), 'wsis10-zero-draft.txt');
    expect(result.kind).toBe('text');
    expect(result.detectedStyle).toBe('outcome');
    expect(importCounts(docFromJSON(result.doc))).toMatchObject({ paragraphs: 58, bracketGroups: 1, deepestNesting: 1 });
  });

  it('applies a numbering style chosen over the detected one, and still says what was detected', () => {
    const result = importFile(fixture('ecosoc-2010-2.md'), 'ecosoc.md', { numberingStyle: 'outcome' });
    expect(result.detectedStyle).toBe('resolution');
    expect(result.doc.content?.[0]?.attrs?.numberingStyle).toBe('outcome');
  });

  it('detects the treaty style of the Paris Agreement, and numbers it continuously when outcome style is chosen', () => {
    const treaty = importFile(fixture('family-paris-agreement.md'), 'paris.md');
    expect(treaty.detectedStyle).toBe('treaty');
    const chosen = importFile(fixture('family-paris-agreement.md'), 'paris.md', { numberingStyle: 'outcome' });
    expect(chosen.detectedStyle).toBe('treaty');
    expect(chosen.doc.content?.[0]?.attrs?.numberingStyle).toBe('outcome');
    const labels = (r: typeof treaty) => importPreview(r, 'paris.md').sample.map((line) => line.split(' ')[0]);
    expect(labels(treaty)).not.toEqual(labels(chosen));
  });

  it('applies a chosen style to a Word file too, and says what it detected', () => {
    const word = importFile(fixture('docx/ecosoc-2010-2.docx'), 'ecosoc.docx', { numberingStyle: 'outcome' });
    expect(word.detectedStyle).toBe('resolution');
    expect(word.doc.content?.[0]?.attrs?.numberingStyle).toBe('outcome');
    expect(importPreview(word, 'ecosoc.docx').sample[0]).toMatch(/^1\. Recalling the outcome documents/);
    // Renumbered in the chosen style: the first operative paragraph follows the seven preambular ones.
    const labels = labelBlocks(docFromJSON(word.doc)).filter((b) => b.node.type.name === 'paragraph' && b.label).map((b) => b.label);
    expect(labels.slice(0, 9)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('refuses empty and oversized files before reading them', () => {
    expect(refusal(() => importFile(new Uint8Array(), 'x.txt')).code).toBe('empty');
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
    const error = refusal(() => importFile(big, 'big.txt'));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('big.txt is 10.0 MB; the limit is 10 MB');
    expect(uploadProblem('ok.txt', 2048)).toBeNull();
  });

  it('refuses a readable file with no paragraph of a draft in it, with the reasons', () => {
    const error = refusal(() => importFile(new Uint8Array([0, 159, 146, 150, 0, 1, 2, 255, 254]), 'garbage.txt'));
    expect(error.code).toBe('not-a-draft');
    expect(error.message).toMatch(/garbage\.txt: no paragraphs found; this does not look like a draft\n  line 0: /);
  });

  it('imports a minimal decision written by hand', () => {
    const result = importFile(bytes(DRAFT), 'decision.txt');
    expect(importCounts(docFromJSON(result.doc)).paragraphs).toBeGreaterThanOrEqual(2);
  });
});

describe('the import preview', () => {
  it('gives title, style, counts, the first labelled paragraphs and the report', () => {
    const imported = importFile(fixture('ecosoc-2010-2.md'), 'ecosoc-2010-2.md');
    const preview = importPreview(imported, 'ecosoc-2010-2.md');
    expect(preview.title).toMatch(/^Assessment of the progress made/);
    expect(preview.kind).toBe('markdown');
    expect(preview.numberingStyle).toBe('resolution');
    expect(preview.counts).toEqual({ paragraphs: 48, headings: 4, subparagraphs: 5, footnotes: 9, bracketGroups: 0, deepestNesting: 0 });
    expect(preview.sample[0]).toMatch(/^1\. Notes the ongoing implementation/);
    expect(preview.sample.every((line) => line.length <= 160)).toBe(true);
    expect(preview.report.length).toBeGreaterThan(0);
    expect(preview.report).toEqual(imported.report);
  });
});
