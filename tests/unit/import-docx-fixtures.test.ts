// Word files of the repository's drafts (built by scripts/build-docx-fixtures.ts) import to exactly
// the document their text twins import to.
import { describe, it, expect } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { importDocument } from '../../shared/src/import/index.ts';
import { importDocx } from '../../shared/src/import/docx/index.ts';
import { fixture } from './import-helpers.ts';
import { fixtureBytes, loadDocx, markdownOf, messages, outlineWithoutIds } from './import-docx-helpers.ts';

const documentXml = (name: string) => strFromU8(unzipSync(fixtureBytes(name))['word/document.xml']);

describe('Word import: WSIS+10 zero draft (automatic numbering)', () => {
  const bytes = fixtureBytes('docx/wsis10-zero-draft.docx');
  const text = importDocument(fixture('wsis10-zero-draft.txt'), { format: 'text' });
  const word = importDocx(bytes);

  it('the Word file numbers its paragraphs and headings automatically: no number is typed', () => {
    const xml = documentXml('docx/wsis10-zero-draft.docx');
    expect(xml).not.toMatch(/<w:t[^>]*>\s*\d+(?:\.\d+)*\.?\s/);
    expect(xml.match(/<w:numPr>/g)?.length).toBe(58 + 9); // 58 paragraphs, 9 numbered headings
    expect(xml.match(/<w:sectPr/g)?.length).toBe(4); // Word sections: front+preamble, 1, 2, 3
  });

  it('gives exactly the outline of its text twin', () => {
    expect(outlineWithoutIds(word.doc)).toEqual(outlineWithoutIds(text.doc));
  });

  it('exports to the same Markdown as its text twin (emphasis included)', () => {
    expect(markdownOf(word.doc)).toBe(markdownOf(text.doc));
  });

  it('numbers paragraphs 1 to 58 across headings and Word sections', () => {
    const doc = loadDocx(bytes);
    const paras = doc.labels.filter((l) => l.node.type.name === 'paragraph');
    expect(paras.map((l) => l.label)).toEqual(Array.from({ length: 58 }, (_, i) => String(i + 1)));
    expect(doc.text(doc.paragraph('32'))).toMatch(/^We recognise the general agreement/);
  });

  it('reports nothing, like its twin', () => {
    expect(word.report).toEqual([]);
  });
});

describe('Word import: ECOSOC resolution 2010/2 (footnotes, italics, lettered list)', () => {
  const bytes = fixtureBytes('docx/ecosoc-2010-2.docx');
  const text = importDocument(fixture('ecosoc-2010-2.md'), { format: 'markdown' });
  const word = importDocx(bytes);

  it('the Word file holds Word footnotes, an automatic lettered list and Heading 1 headings', () => {
    const files = unzipSync(bytes);
    const xml = strFromU8(files['word/document.xml']);
    expect(xml.match(/<w:footnoteReference /g)?.length).toBe(9);
    expect(xml.match(/<w:numPr>/g)?.length).toBe(5);
    expect(xml).not.toMatch(/<w:t[^>]*>\([a-e]\)/);
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)?.length).toBe(4);
    expect(strFromU8(files['word/footnotes.xml'])).toContain('A/65/64-E/2010/12.');
  });

  it('gives exactly the outline of its text twin', () => {
    expect(outlineWithoutIds(word.doc)).toEqual(outlineWithoutIds(text.doc));
  });

  it('keeps the italic opening words (*Notes*, *Recalling*): same Markdown as its twin', () => {
    expect(markdownOf(word.doc)).toBe(markdownOf(text.doc));
    expect(markdownOf(word.doc)).toContain('1. *Notes* the ongoing implementation');
  });

  it('attaches each footnote at its reference', () => {
    const doc = loadDocx(bytes);
    expect(doc.text(doc.paragraph('20'))).toContain('Tunis Agenda for the Information Society,{See A/60/687.} which states');
    const subs = doc.labels.filter((l) => l.node.type.name === 'subparagraph');
    expect(subs.map((s) => s.label)).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)']);
  });

  it('reports what its twin reports, each entry naming its Word paragraph', () => {
    const unprefixed = messages(word).map((m) => m.replace(/^Word paragraph \d+: /, ''));
    expect(unprefixed.sort()).toEqual(text.report.map((p) => p.message).sort());
    for (const p of word.report.filter((p) => p.line > 0)) expect(p.message).toMatch(new RegExp(`^Word paragraph ${p.line}: `));
  });
});

describe('Word import: tracked changes and comments', () => {
  const doc = loadDocx(fixtureBytes('docx/tracked-changes.docx'));

  it('imports the text with the changes accepted', () => {
    // The excerpt's typed numbers are 16 and 17; whether they are kept or renumbered is the text importer's rule.
    const [p16, p17] = doc.labels.filter((l) => l.node.type.name === 'paragraph').map((l) => doc.text(l.node));
    expect(p16).toContain('digital divides persist including within');
    expect(p16).not.toContain('remain');
    expect(p17).toContain('and that affordable high-speed broadband is already an essential enabler of sustainable development.');
    expect(p17).not.toContain('We appreciate that divides');
  });

  it('lists every insertion and deletion with its author and text, at its Word paragraph', () => {
    const changes = doc.report.filter((p) => /Tracked/.test(p.message)).map((p) => [p.line, p.message]);
    expect(changes).toEqual([
      [4, 'Word paragraph 4: Tracked deletion accepted (text left out), by Delegation A (2015-10-01T10:00:00Z): "remain"'],
      [4, 'Word paragraph 4: Tracked insertion accepted, by Delegation A (2015-10-01T10:00:00Z): "persist"'],
      [5, 'Word paragraph 5: Tracked insertion accepted, by Delegation B (2015-10-01T10:00:00Z): "affordable "'],
      [5, expect.stringMatching(/^Word paragraph 5: Tracked deletion accepted \(text left out\), by Delegation B .*: " We appreciate that divides may worsen .* nature of the digital divide\."$/)],
    ]);
  });

  it('lists every comment with its author, the text it is on, and its words', () => {
    const comments = doc.report.filter((p) => /Comment/.test(p.message));
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatchObject({ line: 4, text: 'Define the divides or refer to paragraph 20.' });
    expect(comments[0].message).toMatch(/^Word paragraph 4: Comment by Co-facilitator .* on "digital divides", not imported: "Define the divides or refer to paragraph 20\."$/);
    expect(comments[1].message).toMatch(/Comment by Delegation B .* on "We appreciate that divides .*", not imported: "Moved to the follow-up section\."/);
  });
});
