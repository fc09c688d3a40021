// "Exact" (docs/design.md §8): an unedited import exported in any format gives back every word of
// the text, in order, and adds nothing but numbers (PDF page numbers, footnote markers). Each format
// is read back the way a delegate's tools would read it: Word through Penholder's own Word reader,
// PDF through pdftotext (poppler-utils), Akoma Ntoso through an XML parser (saxes), HTML with its
// tags stripped, Markdown and text as they are. The reference is the clean text export, which
// re-imports exactly (tests/unit/export-roundtrip.test.ts).
//
// Words are runs of letters or of decimal digits (a footnote marker printed against its word stays
// apart from it); brackets count as words, so a lost or added bracket fails.
// Punctuation and spacing are not compared here (the text and Word round trips compare them).
// Footnote texts are endnotes in text, HTML and PDF and are compared there in place; Akoma Ntoso
// keeps them inline (authorialNote), so they are moved to the end before comparing; Word keeps them
// as real footnotes, which its reader brings back as footnotes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import type { Node as PMNode } from '@tiptap/pm/model';
import { exportFile } from '../../shared/src/export/index.ts';
import { exportText } from '../../shared/src/export/text.ts';
import { importFile } from '../../shared/src/import/file.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { largeDocumentJSON } from '../../bench/fixtures/largeDocument.ts';
import { pdfRenderer } from '../../server/src/export/pdf.ts';
import { fixture, load } from '../unit/import-helpers.ts';
import { planLabelFreeze } from '../../shared/src/revisions/labelFreeze.ts';
import { placeholderFor } from '../../shared/src/schema/deletedBlock.ts';

const words = (text: string): string[] => text.match(/\p{L}+|\p{Nd}+|[[\]]/gu) ?? [];

/**
 * Walks `got` once: every expected word must come, in order; whatever else `got` holds is returned
 * as added. Greedy matching decides "is a subsequence" exactly.
 */
function compare(expected: string[], got: string[]): { missing: string[]; added: string[] } {
  const added: string[] = [];
  let i = 0;
  for (const w of got) {
    if (i < expected.length && w === expected[i]) i++;
    else added.push(w);
  }
  return { missing: expected.slice(i, i + 12), added };
}

/**
 * The heading block (symbol, date, stage, title) is laid out differently by each format (Word and
 * HTML put the symbol at the right, above the title; HTML repeats the title in <title>), so the text
 * is compared from the first block on, and the heading block's words may appear anywhere.
 */
function expectExact(expected: Expected, got: string[], allowNumbers: boolean): void {
  const { missing, added } = compare(expected.body, got);
  expect(missing, 'words missing or out of order (first ones shown)').toEqual([]);
  const extra = added.filter((w) => !(allowNumbers && /^\d+$/.test(w)) && !expected.front.has(w));
  expect(extra.slice(0, 20), 'words added').toEqual([]);
}

interface Expected {
  body: string[];
  front: Set<string>;
}

function expectedWords(doc: PMNode): Expected {
  const all = words(exportText(doc));
  const fm = doc.firstChild!;
  const front = words([fm.attrs.symbol, fm.attrs.date, fm.textContent, fm.attrs.stage].map((v) => String(v ?? '')).join(' '));
  // The text export prints the heading block first: its words are exactly the first ones.
  expect(all.slice(0, front.length).sort()).toEqual([...front].sort());
  return { body: all.slice(front.length), front: new Set(front) };
}

const html = (source: string) =>
  source
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Text of an Akoma Ntoso file: body first, authorial notes after, metadata left out. */
function aknText(xml: string): string {
  const body: string[] = [];
  const notes: string[] = [];
  let inMeta = 0;
  let inNote = 0;
  const parser = new SaxesParser();
  parser.on('opentag', (t) => {
    if (t.name === 'meta') inMeta++;
    if (t.name === 'authorialNote') {
      inNote++;
      notes.push(' ');
    }
  });
  parser.on('closetag', (t) => {
    if (t.name === 'meta') inMeta--;
    if (t.name === 'authorialNote') inNote--;
  });
  parser.on('text', (text) => {
    if (inMeta) return;
    (inNote ? notes : body).push(text, ' ');
  });
  parser.write(xml).close();
  return body.join('') + ' ' + notes.join('');
}

/**
 * The WSIS+10 zero draft with its numbering fixed and paragraphs 12 and 40 deleted: they print
 * "12. [Deleted]" and "40. [Deleted]" (schema/deletedBlock.ts), and every format must say so.
 */
function withDeletedParagraphs(doc: PMNode): PMNode {
  const { labels } = planLabelFreeze(doc, { renumber: false });
  const byIndex = new Map(labels.map((l) => [l.index, l.label]));
  const blocks: PMNode[] = [];
  doc.forEach((node, _pos, index) => {
    const label = byIndex.get(index);
    const fixed = label ? node.type.create({ ...node.attrs, label }, node.content, node.marks) : node;
    blocks.push(label === '12' || label === '40' ? placeholderFor(fixed)! : fixed);
  });
  const out = doc.type.create(doc.attrs, blocks);
  out.check();
  expect(exportText(out)).toContain('12. [Deleted]\n\n13. ');
  expect(exportText(out)).toContain('40. [Deleted]\n\n41. ');
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'penholder-exact-'));
afterAll(() => pdfRenderer.close());

const documents: [string, () => PMNode][] = [
  ['the WSIS+10 zero draft', () => load(fixture('wsis10-zero-draft.txt'), 'text').pm],
  ['ECOSOC resolution 2010/2', () => load(fixture('ecosoc-2010-2.md'), 'markdown').pm],
  ['the Paris Agreement', () => load(fixture('family-paris-agreement.md'), 'markdown').pm],
  ['the generated 300-paragraph document', () => docFromJSON(largeDocumentJSON())],
  ['the WSIS+10 zero draft with fixed numbering and paragraphs 12 and 40 deleted', () => withDeletedParagraphs(load(fixture('wsis10-zero-draft.txt'), 'text').pm)],
];

describe.each(documents)('%s, exported in every format, read back word by word', (_name, make) => {
  const doc = make();
  const expected = expectedWords(doc);
  const render = async (format: Parameters<typeof exportFile>[1]['format']) => (await exportFile(doc, { format })).body;

  it('has words to compare', () => {
    expect(expected.body.length).toBeGreaterThan(100);
  });

  it('Markdown (footnote references and definitions, [^1], read as the notes they are)', async () => {
    expectExact(expected, words(String(await render('markdown')).replace(/\[\^\d+\]:?/g, ' ')), false);
  });

  it('HTML', async () => {
    expectExact(expected, words(html(String(await render('html')))), true);
  });

  it('Akoma Ntoso, through an XML parser', async () => {
    expectExact(expected, words(aknText(String(await render('akn')))), false);
  });

  it('Word, through the Word reader', async () => {
    const bytes = (await render('docx')) as Uint8Array;
    const back = docFromJSON(importFile(bytes, 'export.docx').doc);
    expectExact(expected, words(exportText(back)), false);
  });

  it('PDF, through pdftotext', async () => {
    const out = await exportFile(doc, { format: 'pdf' });
    const file = join(dir, 'export.pdf');
    writeFileSync(file, await pdfRenderer.render(String(out.body)));
    // -layout keeps each label on its paragraph's line; the default reading order sometimes puts a
    // grid's label after its text, and joins a line broken after a hyphen ("economy-" "wide").
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString();
    expectExact(expected, words(text), true);
  }, 60_000);
});

describe('the comparison itself', () => {
  it('fails on a dropped word, a swapped pair and an added word', () => {
    const expected = words('12. We [decide] to act');
    expect(compare(expected, words('12. We [decide] act'))).toEqual({ missing: ['to', 'act'], added: ['act'] });
    expect(compare(expected, words('12. We [decide] act to')).missing).toEqual(['act']);
    expect(compare(expected, words('12. We [decide] to act now'))).toEqual({ missing: [], added: ['now'] });
    expect(compare(expected, words('12. We decide] to act')).missing).toEqual(['[', 'decide', ']', 'to', 'act']);
  });
});
