// Word out and back: a draft imported, exported as .docx by Penholder and imported again gives the
// identical outline (paragraphs, labels, headings, subparagraphs, footnotes, brackets), so a Word file
// a delegation takes home and sends back is read as it left.
import { describe, expect, it } from 'vitest';
import { importFile } from '../../shared/src/import/file.ts';
import { exportFile } from '../../shared/src/export/index.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { fixtureBytes, outlineWithoutIds } from './import-docx-helpers.ts';

const FIXTURES = ['docx/wsis10-zero-draft.docx', 'docx/ecosoc-2010-2.docx', 'wsis10-zero-draft.txt', 'ecosoc-2010-2.md'];

describe('a draft exported as Word and imported again', () => {
  it.each(FIXTURES)('%s: .docx -> Penholder -> .docx -> Penholder gives the identical outline', async (name) => {
    const first = importFile(fixtureBytes(name), name);
    const word = await exportFile(docFromJSON(first.doc), { format: 'docx' });
    expect(word.body).toBeInstanceOf(Uint8Array);
    const second = importFile(word.body as Uint8Array, 'exported.docx');
    const before = outlineWithoutIds(first.doc);
    const after = outlineWithoutIds(second.doc) as { paragraphs: unknown[] };
    expect(after.paragraphs.length).toBeGreaterThan(40);
    expect(after).toEqual(before);
  });
});
