// What the Word importer reads, feature by feature, on small packages written as Word writes them.
import { describe, it, expect } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docxToMarkdown, importDocx } from '../../shared/src/import/docx/index.ts';
import { Numbering } from '../../shared/src/import/docx/numbering.ts';
import { parseXml } from '../../shared/src/import/docx/xml.ts';
import { labelForImport } from '../../shared/src/import/docx/markdown.ts';
import { HEADING_STYLES, W_NS, loadDocx, messages, numPr, numberingXml, p, r, style, wordPackage } from './import-docx-helpers.ts';

const TITLE = p(r('Draft outcome document of the review'), style('Title'));
const blocksText = (doc: ReturnType<typeof loadDocx>) => doc.labels.map((l) => doc.text(l.node));

/** Labels Word shows for a sequence of (numId, level) paragraphs. */
function labels(numbering: string, refs: Array<[number, number]>): string[] {
  const n = new Numbering(parseXml(new TextEncoder().encode(`<w:numbering xmlns:w="${W_NS}">${numbering}</w:numbering>`), 'numbering.xml'));
  return refs.map(([numId, ilvl]) => n.next({ numId: String(numId), ilvl })?.text ?? '?');
}

describe("Word's automatic numbering (numbering.xml)", () => {
  it('shows each level in its format and label text, deeper levels restarting under a new parent', () => {
    const numbering = numberingXml([['decimal', '%1.'], ['lowerLetter', '(%2)'], ['lowerRoman', '(%3)']]);
    expect(labels(numbering, [[1, 0], [1, 1], [1, 1], [1, 2], [1, 2], [1, 0], [1, 1]])).toEqual(['1.', '(a)', '(b)', '(i)', '(ii)', '2.', '(a)']);
  });

  it('starts at the level start value and formats roman, capital and zero-padded numbers', () => {
    expect(labels(numberingXml([['upperRoman', '%1.', 4]]), [[1, 0], [1, 0]])).toEqual(['IV.', 'V.']);
    expect(labels(numberingXml([['upperLetter', '%1.', 26]]), [[1, 0], [1, 0]])).toEqual(['Z.', 'AA.']);
    expect(labels(numberingXml([['decimalZero', '%1', 9]]), [[1, 0], [1, 0]])).toEqual(['09', '10']);
  });

  it('writes multi-level labels (%1.%2), and isLgl shows every level as decimal', () => {
    expect(labels(numberingXml([['decimal', '%1.'], ['decimal', '%1.%2']]), [[1, 0], [1, 1], [1, 1], [1, 0], [1, 1]])).toEqual(['1.', '1.1', '1.2', '2.', '2.1']);
    const legal = '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
    expect(labels(legal, [[1, 0], [1, 0], [1, 1]])).toEqual(['I.', 'II.', '2.1']);
  });

  it('continues one list across instances of one definition, and restarts where an instance says startOverride', () => {
    const numbering = numberingXml([['decimal', '%1.']], [1, 2, 3], { 3: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' });
    expect(labels(numbering, [[1, 0], [1, 0], [2, 0], [3, 0], [3, 0], [1, 0]])).toEqual(['1.', '2.', '3.', '1.', '2.', '3.']);
  });

  it('hands the importer labels in the shape it reads: 12. and (a)', () => {
    expect(labelForImport({ text: '12)', format: 'decimal' })).toBe('12.');
    expect(labelForImport({ text: '12', format: 'decimal' })).toBe('12.');
    expect(labelForImport({ text: 'a)', format: 'lowerLetter' })).toBe('(a)');
    expect(labelForImport({ text: 'Article 3', format: 'decimal' })).toBe('Article 3');
    expect(labelForImport({ text: 'IV.', format: 'upperRoman' })).toBe('IV.');
  });
});

describe('paragraph numbers and subparagraphs in a Word document', () => {
  const numbering = numberingXml([['decimal', '%1.'], ['lowerLetter', '%2)']]);

  it('numbers paragraphs from Word lists and makes lettered items subparagraphs', () => {
    const doc = loadDocx(
      wordPackage(
        TITLE +
          p(r('We recognize the following:'), numPr(1)) +
          p(r('Bridging the digital divide;'), numPr(1, 1)) +
          p(r('Enhanced cooperation.'), numPr(1, 1)) +
          p(r('We decide to hold a review in 2025.'), numPr(1)),
        { numbering, styles: HEADING_STYLES },
      ),
    );
    expect(doc.labels.map((l) => [l.node.type.name, l.label])).toEqual([
      ['paragraph', '1'],
      ['subparagraph', '(a)'],
      ['subparagraph', '(b)'],
      ['paragraph', '2'],
    ]);
    expect(doc.text(doc.paragraph('2'))).toBe('We decide to hold a review in 2025.');
  });

  it('reads numbering attached to a paragraph style, and a direct numId 0 switches it off', () => {
    const styles = HEADING_STYLES + `<w:style w:type="paragraph" w:styleId="Para"><w:name w:val="UN Para"/><w:pPr>${numPr(1)}</w:pPr></w:style>`;
    const doc = loadDocx(
      wordPackage(
        TITLE +
          p(r('We recognize the role of all stakeholders.'), style('Para')) +
          p(r('We reaffirm the outcomes of the Summit.'), style('Para')) +
          p(r('Running text outside the list.'), style('Para') + '<w:numPr><w:numId w:val="0"/></w:numPr>'),
        { numbering, styles },
      ),
    );
    expect(doc.labels.map((l) => l.label)).toEqual(['1', '2', null]);
  });

  it('takes typed labels as the text importer does when Word numbering is absent', () => {
    const doc = loadDocx(wordPackage(TITLE + p(r('1.\tWe recognize the role of all stakeholders.')) + p(r('2.\tWe decide to continue.'))));
    expect(doc.labels.map((l) => l.label)).toEqual(['1', '2']);
    expect(doc.text(doc.paragraph('1'))).toBe('We recognize the role of all stakeholders.');
  });

  it('says so when an empty paragraph takes a Word number (the numbers after it shift)', () => {
    const result = importDocx(wordPackage(TITLE + p(r('We note the report.'), numPr(1)) + p('', numPr(1)) + p(r('We decide.'), numPr(1)), { numbering }));
    expect(result.report).toContainEqual({ line: 3, message: 'Word paragraph 3: Empty paragraph numbered "2." in Word; it is left out, so the numbers after it are one lower here', text: '2.' });
  });
});

describe('headings and the title', () => {
  it('reads the Title style as the title and Heading 1/2 styles (or styles based on them) as section headings', () => {
    const styles = HEADING_STYLES + '<w:style w:type="paragraph" w:styleId="UNSection"><w:name w:val="UN Section"/><w:basedOn w:val="Heading1"/></w:style>';
    const doc = loadDocx(
      wordPackage(
        TITLE +
          p(r('Preamble'), style('Heading1')) +
          p(r('Recalling its resolution 70/125 of 16 December 2015,')) +
          p(r('Implementation'), style('UNSection')) +
          p(r('Follow-up'), style('Heading2')) +
          p(r('1. Decides to hold a high-level meeting.')),
        { styles },
      ),
    );
    expect(doc.pm.firstChild!.textContent).toBe('Draft outcome document of the review');
    const headings = doc.labels.filter((l) => l.node.type.name === 'sectionHeading').map((l) => [l.node.textContent, l.node.attrs.level]);
    expect(headings).toEqual([['Preamble', 1], ['Implementation', 1], ['Follow-up', 2]]);
  });

  it('numbers headings from their Word list (1., 1.1) without making them paragraphs', () => {
    const numbering = numberingXml([['decimal', '%1.'], ['decimal', '%1.%2']]);
    const doc = loadDocx(
      wordPackage(TITLE + p(r('Internet Governance'), style('Heading1') + numPr(1)) + p(r('Enhanced Cooperation'), style('Heading2') + numPr(1, 1)) + p(r('1. We recognise the general agreement.')), {
        numbering,
        styles: HEADING_STYLES,
      }),
    );
    const headings = doc.labels.filter((l) => l.node.type.name === 'sectionHeading').map((l) => [l.label, l.node.textContent]);
    expect(headings).toEqual([['1', 'Internet Governance'], ['1.1', 'Enhanced Cooperation']]);
  });

  it('reads an outline level set on the paragraph itself, and level 9 as body text', () => {
    const doc = loadDocx(
      wordPackage(TITLE + p(r('Follow-up and review'), '<w:outlineLvl w:val="0"/>') + p(r('1. We recall the review.')) + p(r('2. We note the implementation.'), style('Heading1') + '<w:outlineLvl w:val="9"/>') + p(r('3. We decide.')), { styles: HEADING_STYLES }),
    );
    expect(doc.labels.map((l) => [l.node.type.name, l.node.textContent])).toEqual([
      ['sectionHeading', 'Follow-up and review'],
      ['paragraph', 'We recall the review.'],
      ['paragraph', 'We note the implementation.'],
      ['paragraph', 'We decide.'],
    ]);
  });

  it('reads a heading broken over two lines as one heading', () => {
    const doc = loadDocx(wordPackage(TITLE + p(r('Building confidence and security') + '<w:r><w:br/></w:r>' + r('in the use of ICTs'), style('Heading1')) + p(r('1. We decide.')), { styles: HEADING_STYLES }));
    expect(doc.labels[0].node.textContent).toBe('Building confidence and security in the use of ICTs');
  });

  it('uses the title given instead of the Title paragraph, and reports it', () => {
    const result = importDocx(wordPackage(TITLE + p(r('1. We decide.'))), { title: 'WSIS+10 outcome' });
    expect(result.doc.content?.[0].content?.[0].content?.[0].text).toBe('WSIS+10 outcome');
    expect(result.report).toContainEqual(expect.objectContaining({ line: 1, message: expect.stringMatching(/^Word paragraph 1: Title line replaced/) }));
  });
});

describe('text runs', () => {
  const one = (inner: string, parts = {}) => {
    const doc = loadDocx(wordPackage(TITLE + p(inner), { styles: HEADING_STYLES, ...parts }));
    return { doc, para: doc.pm.child(1) };
  };
  const marksOf = (node: import('@tiptap/pm/model').Node) => {
    const out: Array<[string, string[]]> = [];
    node.descendants((n) => {
      if (n.isText) out.push([n.text!, n.marks.map((m) => m.type.name).sort()]);
      return true;
    });
    return out;
  };

  it('keeps italics and bold, direct or from a character style, and lets a run switch them off', () => {
    const styles = HEADING_STYLES + '<w:style w:type="character" w:styleId="Emph"><w:name w:val="Emphasis"/><w:rPr><w:i/></w:rPr></w:style>';
    const { para } = one(r('1. ') + r('Notes', '<w:i/>') + r(' the ') + r('report', '<w:rStyle w:val="Emph"/>') + r(' of ') + r('the', '<w:rStyle w:val="Emph"/><w:i w:val="0"/>') + r(' Secretary-General', '<w:b/>'), { styles });
    expect(marksOf(para)).toEqual([
      ['Notes', ['italic']],
      [' the ', []],
      ['report', ['italic']],
      [' of the ', []],
      ['Secretary-General', ['bold']],
    ]);
  });

  it('reads a typed label inside bold or italics as the label (new proposals are often all bold)', () => {
    const doc = loadDocx(wordPackage(TITLE + p(r('1. We decide.')) + p(r('2. We also decide to act.', '<w:b/>')) + p(r('(a) ', '<w:i/>') + r('Policy authority;'))));
    expect(doc.labels.map((l) => [l.label, doc.text(l.node)])).toEqual([
      ['1', 'We decide.'],
      ['2', 'We also decide to act.'],
      ['(a)', 'Policy authority;'],
    ]);
    expect(marksOf(doc.paragraph('2'))).toEqual([['We also decide to act.', ['bold']]]);
    expect(docxToMarkdown(wordPackage(p(r('12 bis We decide.', '<w:b/>')) + p(r('Article 3 The Parties shall act.', '<w:i/>')))).source).toBe(
      '12 bis **We decide.**\n\nArticle 3 *The Parties shall act.*\n',
    );
  });

  it('keeps emphasis against emphasis: bold italic directly followed by italic', () => {
    const { para } = one(r('1. ') + r('Decides', '<w:b/><w:i/>') + r('also', '<w:i/>') + r(' to act.'));
    expect(marksOf(para)).toEqual([
      ['Decides', ['bold', 'italic']],
      ['also', ['italic']],
      [' to act.', []],
    ]);
  });

  it('keeps literal asterisks and underscores as text', () => {
    const { doc, para } = one(r('1. The file E_2010_2 lists *all* items \\ here.'));
    expect(doc.text(para)).toBe('The file E_2010_2 lists *all* items \\ here.');
  });

  it('keeps a paragraph that starts with # or [^1]: as text, not as a heading or a footnote', () => {
    const doc = loadDocx(wordPackage(TITLE + p(r('1. We decide.')) + p(r('# of States: 193.')) + p(r('[^1]: is how Markdown writes notes.'))));
    expect(doc.labels.map((l) => doc.text(l.node))).toEqual(['We decide.', '# of States: 193.', '[^1]: is how Markdown writes notes.']);
  });

  it('reports text the importer reads as a Markdown link, since its brackets are lost', () => {
    const { doc } = one(r('1. The Parties [shall](should) act.'));
    expect(doc.report).toContainEqual({ line: 2, message: 'Word paragraph 2: Text in the form of a Markdown link, "[text](target)", is read as a link: its brackets are not kept as negotiation brackets', text: '[shall](should)' });
  });

  it('reads brackets split across runs and across emphasis as one bracket group', () => {
    const { doc, para } = one(r('1. We welcome the [World') + r(' Summit] [High', '<w:i/>') + r(' Level Meeting].'));
    expect(doc.text(para)).toBe('We welcome the [World Summit] [High Level Meeting].');
    const groups: string[][] = [];
    para.descendants((n) => {
      if (n.type.name === 'bracketGroup') groups.push(Array.from({ length: n.childCount }, (_, i) => n.child(i).textContent));
      return true;
    });
    expect(groups).toEqual([['World Summit', 'High Level Meeting']]);
  });

  it('reads a tab as a space, a non-breaking hyphen as U+2011, and a line break as a soft wrap (reported)', () => {
    const { doc, para } = one(r('1. We') + '<w:r><w:tab/></w:r>' + r('note') + '<w:r><w:br/></w:r>' + r('multi') + '<w:r><w:noBreakHyphen/></w:r>' + r('stakeholder cooperation.'));
    expect(doc.text(para)).toBe('We note multi\u2011stakeholder cooperation.');
    expect(messages(doc)).toContain(
      'Word paragraph 2: Line break inside a paragraph: the next line is read as a line of text (joined to the paragraph unless it starts a paragraph, subparagraph or closing line)',
    );
  });

  it('reads closing lines kept in one Word paragraph with a line break as the two closing lines', () => {
    const doc = loadDocx(
      wordPackage(
        p(r('Resolution 2010/2')) + p(r('The Economic and Social Council,')) + p(r('1. ') + r('Notes', '<w:i/>') + r(' the report.')) + p(r('39th plenary meeting', '<w:i/>') + '<w:r><w:br/></w:r>' + r('19 July 2010', '<w:i/>')),
      ),
    );
    expect(doc.pm.firstChild!.attrs.date).toBe('19 July 2010');
    expect(blocksText(doc)).toEqual(['The Economic and Social Council,', 'Notes the report.', '39th plenary meeting', '19 July 2010']);
  });

  it('keeps the text of hyperlinks, smart tags and content controls', () => {
    const { doc, para } = one(
      r('1. See ') +
        '<w:hyperlink r:id="rId9"><w:r><w:t>the WSIS site</w:t></w:r></w:hyperlink>' +
        r(' and ') +
        '<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>Geneva</w:t></w:r></w:smartTag>' +
        r(' on ') +
        '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>19 July 2010</w:t></w:r></w:sdtContent></w:sdt>' +
        r('.'),
    );
    expect(doc.text(para)).toBe('See the WSIS site and Geneva on 19 July 2010.');
  });

  it('keeps a field\'s displayed result, not its instruction, and reports the field', () => {
    const field = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref123 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>12</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
    const { doc, para } = one(r('1. As stated in paragraph ') + field + r(' and on page ') + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>' + r('.'));
    expect(doc.text(para)).toBe('As stated in paragraph 12 and on page 3.');
    expect(messages(doc)).toEqual(expect.arrayContaining(['Word paragraph 2: Field REF: its displayed result is kept as text', 'Word paragraph 2: Field PAGE: its displayed result is kept as text']));
  });

  it('leaves hidden text out and says so', () => {
    const { doc, para } = one(r('1. We decide.') + r(' Secret note.', '<w:vanish/>'));
    expect(doc.text(para)).toBe('We decide.');
    expect(doc.report).toContainEqual({ line: 2, message: 'Word paragraph 2: Hidden text left out', text: ' Secret note.' });
  });

  it('reports images, and imports a text box once (not its fallback copy) after its paragraph', () => {
    const box = (t: string) => `<w:txbxContent>${p(r(t))}</w:txbxContent>`;
    const drawing =
      '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>' +
      box('Boxed text.') +
      '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>' +
      box('Boxed text.') +
      '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>';
    const image = '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData/></a:graphic></wp:inline></w:drawing></w:r>';
    const doc = loadDocx(wordPackage(TITLE + p(r('1. We decide.') + drawing + image) + p(r('2. We note.'))));
    const texts = doc.labels.map((l) => doc.text(l.node));
    expect(texts.filter((t) => t === 'Boxed text.')).toHaveLength(1);
    expect(texts.indexOf('Boxed text.')).toBe(texts.indexOf('We decide.') + 1);
    expect(messages(doc)).toEqual(expect.arrayContaining(['Word paragraph 2: Text box: its text is imported as paragraphs after this one', 'Word paragraph 2: Image or drawing not imported']));
  });

  it('keeps the text of tables cell by cell and reports the table', () => {
    const cell = (t: string) => `<w:tc>${p(r(t))}</w:tc>`;
    const table = `<w:tbl><w:tr>${cell('Action line')}${cell('Facilitator')}</w:tr><w:tr>${cell('C1')}${cell('ECOSOC')}</w:tr></w:tbl>`;
    const doc = loadDocx(wordPackage(TITLE + p(r('1. We decide.')) + table + p(r('2. We note.'))));
    expect(doc.labels.map((l) => doc.text(l.node))).toEqual(['We decide.', 'Action line', 'Facilitator', 'C1', 'ECOSOC', 'We note.']);
    expect(messages(doc)).toContain('Word paragraph 3: Table of 2 row(s) and 2 column(s): its text is imported as paragraphs, cell by cell, row by row');
  });
});

describe('footnotes and endnotes', () => {
  const notes = (kind: 'footnote' | 'endnote', body: string) =>
    `<w:${kind} w:type="separator" w:id="-1">${p('<w:r><w:separator/></w:r>')}</w:${kind}><w:${kind} w:type="continuationSeparator" w:id="0">${p('<w:r><w:continuationSeparator/></w:r>')}</w:${kind}>${body}`;

  it('attaches footnote text at its reference, italics kept', () => {
    const footnotes = notes('footnote', `<w:footnote w:id="1">${p(`<w:r><w:footnoteRef/></w:r>${r(' See ')}${r('Official Records', '<w:i/>')}${r(', Supplement No. 11.')}`)}</w:footnote>`);
    const doc = loadDocx(wordPackage(TITLE + p(r('1. Takes note of the deliberations,') + '<w:r><w:footnoteReference w:id="1"/></w:r>' + r(' held in 2009;')), { footnotes }));
    expect(doc.text(doc.paragraph('1'))).toBe('Takes note of the deliberations,{See Official Records, Supplement No. 11.} held in 2009;');
    let italic = '';
    doc.paragraph('1').descendants((n) => {
      if (n.isText && n.marks.some((m) => m.type.name === 'italic')) italic += n.text;
      return true;
    });
    expect(italic).toBe('Official Records');
  });

  it('imports endnotes as footnotes, and says so', () => {
    const endnotes = notes('endnote', `<w:endnote w:id="1">${p(r('A/60/687.'))}</w:endnote>`);
    const doc = loadDocx(wordPackage(TITLE + p(r('1. Recalls the Tunis Agenda') + '<w:r><w:endnoteReference w:id="1"/></w:r>' + r('.')), { endnotes }));
    expect(doc.text(doc.paragraph('1'))).toBe('Recalls the Tunis Agenda{A/60/687.}.');
    expect(messages(doc)).toContain('1 endnote(s) imported as footnotes');
  });

  it('reports a footnote no reference cites', () => {
    const footnotes = notes('footnote', `<w:footnote w:id="5">${p(r('Orphan note.'))}</w:footnote>`);
    const result = importDocx(wordPackage(TITLE + p(r('1. We decide.')), { footnotes }));
    expect(result.report).toContainEqual({ line: 0, message: 'Word footnote 5 is not cited in the text; not imported', text: 'Orphan note.' });
  });
});

describe('tracked changes and comments', () => {
  const ins = (t: string, author = 'Delegation A') => `<w:ins w:id="1" w:author="${author}" w:date="2015-11-02T09:00:00Z">${r(t)}</w:ins>`;
  const del = (t: string, author = 'Delegation B') => `<w:del w:id="2" w:author="${author}" w:date="2015-11-02T09:30:00Z"><w:r><w:delText xml:space="preserve">${t}</w:delText></w:r></w:del>`;

  it('imports the text as accepted: insertions kept, deletions left out, moves at their destination', () => {
    const moveFrom = '<w:moveFrom w:id="3" w:author="Chair"><w:r><w:t xml:space="preserve"> in 2025</w:t></w:r></w:moveFrom>';
    const moveTo = '<w:moveTo w:id="4" w:author="Chair"><w:r><w:t xml:space="preserve">In 2025, </w:t></w:r></w:moveTo>';
    const doc = loadDocx(wordPackage(TITLE + p(r('1. ') + moveTo + r('We decide to ') + del('convene') + ins('hold') + r(' a meeting') + moveFrom + r('.'))));
    expect(doc.text(doc.paragraph('1'))).toBe('In 2025, We decide to hold a meeting.');
    expect(messages(doc)).toEqual([
      'Word paragraph 2: Tracked move accepted (text kept here), by Chair: "In 2025, "',
      'Word paragraph 2: Tracked deletion accepted (text left out), by Delegation B (2015-11-02T09:30:00Z): "convene"',
      'Word paragraph 2: Tracked insertion accepted, by Delegation A (2015-11-02T09:00:00Z): "hold"',
      'Word paragraph 2: Tracked move accepted (text left out here), by Chair: " in 2025"',
    ]);
  });

  it('joins a paragraph whose break was deleted with the next one, which keeps its number', () => {
    const numbering = numberingXml([['decimal', '%1.']]);
    const deletedMark = `${numPr(1)}<w:rPr><w:del w:id="7" w:author="Chair" w:date="2015-11-02T10:00:00Z"/></w:rPr>`;
    const doc = loadDocx(wordPackage(TITLE + p(del('We note the report.'), deletedMark) + p(r('We decide.'), numPr(1)) + p(r('We conclude.'), numPr(1)), { numbering }));
    expect(doc.labels.map((l) => [l.label, doc.text(l.node)])).toEqual([['1', 'We decide.'], ['2', 'We conclude.']]);
    expect(messages(doc)).toContain('Word paragraph 2: Tracked deletion of a paragraph break accepted: joined with the next paragraph, by Chair (2015-11-02T10:00:00Z)');
  });

  it('reports comments, anchored or not, and comments that are nowhere in the text', () => {
    const comments =
      '<w:comment w:id="0" w:author="Co-facilitator" w:date="2015-11-02T11:00:00Z">' + p(r('Agreed ad ref.')) + '</w:comment>' +
      '<w:comment w:id="1" w:author="G77">' + p(r('Point comment.')) + '</w:comment>' +
      '<w:comment w:id="2" w:author="EU">' + p(r('Lost comment.')) + '</w:comment>';
    const body = TITLE + p(r('1. We ') + '<w:commentRangeStart w:id="0"/>' + r('reaffirm the outcomes') + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>' + r('.') + '<w:r><w:commentReference w:id="1"/></w:r>');
    const result = importDocx(wordPackage(body, { comments }));
    expect(messages(result)).toEqual([
      'Comment by EU with no place in the text, not imported: "Lost comment."',
      'Word paragraph 2: Comment by Co-facilitator (2015-11-02T11:00:00Z) on "reaffirm the outcomes", not imported: "Agreed ad ref."',
      'Word paragraph 2: Comment by G77, not imported: "Point comment."',
    ]);
  });

  it('sums up formatting changes per author instead of dropping them', () => {
    const changed = (t: string) => r(t, '<w:i/><w:rPrChange w:id="9" w:author="Secretariat"><w:rPr/></w:rPrChange>');
    const result = importDocx(wordPackage(TITLE + p(r('1. ') + changed('Notes') + r(' the report; ') + changed('also'))));
    expect(messages(result)).toEqual(['Word paragraph 2: 2 tracked formatting change(s) by Secretariat; the formatting as changed is kept (bold and italic only)']);
  });
});

describe('source positions', () => {
  it('names the Word paragraph of a text importer problem, counting empty paragraphs and table cells', () => {
    const table = `<w:tbl><w:tr><w:tc>${p(r('Cell'))}</w:tc></w:tr></w:tbl>`;
    const result = importDocx(wordPackage(TITLE + p('') + p(r('1. We decide.')) + table + p(r('3. We note.'))));
    // The text importer's own wording may change; where it points must not.
    expect(result.report).toContainEqual(expect.objectContaining({ line: 5, message: expect.stringMatching(/^Word paragraph 5: Paragraph 3 follows paragraph 1/) }));
  });

  it('reads Strict OOXML namespaces like Transitional ones', () => {
    const bytes = wordPackage(TITLE + p(r('1. We decide.')));
    const files = unzipSync(bytes);
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']).replace(W_NS, 'http://purl.oclc.org/ooxml/wordprocessingml/main'));
    const doc = loadDocx(zipSync(files));
    expect(doc.text(doc.paragraph('1'))).toBe('We decide.');
  });
});

describe('structures around the text', () => {
  it('reads table rows and cells wrapped in content controls, and leaves out a deleted row (reported)', () => {
    const cell = (t: string) => `<w:tc>${p(r(t))}</w:tc>`;
    const deletedRow = `<w:tr><w:trPr><w:del w:id="5" w:author="Secretariat"/></w:trPr>${cell('Old row')}</w:tr>`;
    const table = `<w:tbl><w:sdt><w:sdtContent><w:tr>${cell('First')}<w:sdt><w:sdtContent>${cell('Second')}</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt>${deletedRow}</w:tbl>`;
    const doc = loadDocx(wordPackage(p(r('1. We decide.')) + table));
    expect(doc.labels.map((l) => doc.text(l.node))).toEqual(['We decide.', 'First', 'Second']);
    expect(messages(doc)).toContain('Word paragraph 4: Tracked deletion accepted (text left out), by Secretariat: "Old row"');
  });

  it('leaves out a generated table of contents, and says so', () => {
    const toc =
      p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r('Preamble 1')) +
      p(r('Implementation 2') + '<w:r><w:fldChar w:fldCharType="end"/></w:r>');
    const doc = loadDocx(wordPackage(toc + p(r('1. We decide.'))));
    expect(doc.labels.map((l) => doc.text(l.node))).toEqual(['We decide.']);
    expect(messages(doc)).toContain('Word paragraph 2: Field TOC (a generated table of contents or index) left out');
  });

  it('numbers a list made from a list style (numStyleLink) with the style definition\'s levels', () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="UNList"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="UNList"/></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>';
    const styles = `<w:style w:type="numbering" w:styleId="UNList"><w:name w:val="UN list"/><w:pPr>${numPr(1)}</w:pPr></w:style>`;
    const doc = loadDocx(wordPackage(p(r('We note the report.'), numPr(2)) + p(r('Policy authority;'), numPr(2, 1)) + p(r('We decide.'), numPr(2)), { numbering, styles }));
    expect(doc.labels.map((l) => l.label)).toEqual(['1', '(a)', '2']);
  });

  it('says that page headers and footers are not imported', () => {
    const sectPr = '<w:sectPr><w:headerReference w:type="default" r:id="rId7"/></w:sectPr>';
    const result = importDocx(wordPackage(p(r('1. We decide.')) + sectPr));
    expect(result.report).toContainEqual({ line: 0, message: 'Page headers and footers are not imported (check them for the symbol and date of the document)', text: '' });
  });

  it('reports a comment made inside a footnote at the paragraph citing the footnote', () => {
    const footnotes = `<w:footnote w:id="1">${p('<w:commentRangeStart w:id="0"/>' + r('A/60/687.') + '<w:commentRangeEnd w:id="0"/>')}</w:footnote>`;
    const comments = `<w:comment w:id="0" w:author="Editor">${p(r('Check the symbol.'))}</w:comment>`;
    const result = importDocx(wordPackage(p(r('Title of the draft')) + p(r('1. Recalls the Tunis Agenda') + '<w:r><w:footnoteReference w:id="1"/></w:r>' + r('.')), { footnotes, comments }));
    expect(messages(result)).toContain('Word footnote 1 (cited in Word paragraph 2): Comment by Editor on "A/60/687.", not imported: "Check the symbol."');
  });
});

describe('the conversion itself', () => {
  it('hands the text importer one Markdown line per Word paragraph, with the Word paragraph of each line', () => {
    const footnotes = `<w:footnote w:id="1">${p(r('A/60/687.'))}</w:footnote>`;
    const numbering = numberingXml([['decimal', '%1.'], ['lowerLetter', '(%2)']]);
    const md = docxToMarkdown(
      wordPackage(
        TITLE + p('') + p(r('Internet governance'), style('Heading1')) + p(r('Reaffirms', '<w:i/>') + r(' paragraph 35 of the Tunis Agenda,') + '<w:r><w:footnoteReference w:id="1"/></w:r>' + r(' that:'), numPr(1)) + p(r('Policy authority is the sovereign right of States;'), numPr(1, 1)),
        { styles: HEADING_STYLES, numbering, footnotes },
      ),
    );
    expect(md.source).toBe(
      [
        '# Draft outcome document of the review',
        '## Internet governance',
        '1. *Reaffirms* paragraph 35 of the Tunis Agenda,[^1] that:',
        '(a) Policy authority is the sovereign right of States;',
        '[^1]: A/60/687.',
      ].join('\n\n') + '\n',
    );
    expect([...md.lines]).toEqual([
      [1, { kind: 'paragraph', paragraph: 1 }],
      [3, { kind: 'paragraph', paragraph: 3 }],
      [5, { kind: 'paragraph', paragraph: 4 }],
      [7, { kind: 'paragraph', paragraph: 5 }],
      [9, expect.objectContaining({ kind: 'note', number: 1, citedIn: 4 })],
    ]);
  });

  it('uses nothing but portable code: no Node module is imported by the Word importer', () => {
    const dir = fileURLToPath(new URL('../../shared/src/import/docx/', import.meta.url));
    const sources = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8'));
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => !i.startsWith('.') && !['fflate', 'saxes'].includes(i))).toEqual([]);
    }
  });
});

describe('emphasis survives the Markdown round', () => {
  // Deterministic pseudo-random runs: letters, spaces, punctuation and Markdown's own characters,
  // each run bold, italic, both or neither, in any order and with no space between runs.
  function* runs(seed: number): Generator<Array<{ text: string; bold: boolean; italic: boolean }>> {
    let s = seed;
    const rand = (n: number) => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
    const alphabet = 'abcde fgh,.;:*_\\\'"-[]';
    for (let c = 0; c < 150; c++) {
      yield Array.from({ length: 1 + rand(6) }, () => ({
        text: Array.from({ length: 1 + rand(7) }, () => alphabet[rand(alphabet.length)]).join(''),
        bold: rand(3) === 0,
        italic: rand(2) === 0,
      }));
    }
  }

  // Balanced brackets become groups (no text node), unbalanced ones stay text: their characters
  // come back in the text either way, and the marks are compared on the other characters.
  it('keeps every character, and the bold and italic of every non-space character unless the report says otherwise', () => {
    let checked = 0;
    for (const rs of runs(7)) {
      const xml = p(r('1. Xx ') + rs.map((x) => r(x.text, `${x.bold ? '<w:b/>' : ''}${x.italic ? '<w:i/>' : ''}`)).join('') + r(' end.'));
      const doc = loadDocx(wordPackage(xml));
      const para = doc.pm.child(1);
      const source = 'Xx ' + rs.map((x) => x.text).join('') + ' end.';
      expect(doc.text(para)).toBe(source);
      if (doc.report.some((m) => /could not be kept/.test(m.message))) continue;
      const expected: string[] = [];
      for (const x of rs) for (const ch of x.text) if (!/[\s[\]]/.test(ch)) expected.push(`${ch}${x.bold ? 'B' : ''}${x.italic ? 'I' : ''}`);
      const actual: string[] = [];
      para.descendants((n) => {
        if (!n.isText) return true;
        const names = n.marks.map((m) => m.type.name);
        for (const ch of n.text!) if (!/[\s[\]]/.test(ch)) actual.push(`${ch}${names.includes('bold') ? 'B' : ''}${names.includes('italic') ? 'I' : ''}`);
        return true;
      });
      expect(actual.slice(2, -4).join(' ')).toBe(expected.join(' '));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('footnotes typed by hand (Word files converted from PDF)', () => {
  const sup = (t: string) => r(t, '<w:vertAlign w:val="superscript"/>');

  it('pairs superscript numbers with the paragraphs that start with them; other superscript digits stay text', () => {
    const doc = loadDocx(
      wordPackage(
        TITLE +
          p(r('1. Recalls the Tunis Agenda for the Information Society,') + sup('1') + r(' which covers 5 km') + sup('2') + r(' of cable;')) +
          p(sup('1') + r(' A/60/687.')) +
          p(r('2. Decides to continue.')),
      ),
    );
    expect(doc.text(doc.paragraph('1'))).toBe('Recalls the Tunis Agenda for the Information Society,{A/60/687.} which covers 5 km2 of cable;');
    expect(doc.labels.map((l) => l.label)).toEqual(['1', '2']);
  });

  it('leaves superscript numbers alone when the document has Word footnotes', () => {
    const footnotes = `<w:footnote w:id="1">${p(r('A/60/687.'))}</w:footnote>`;
    const doc = loadDocx(wordPackage(TITLE + p(r('1. Recalls the Agenda') + '<w:r><w:footnoteReference w:id="1"/></w:r>' + r(', 10') + sup('6') + r(' users;')) + p(sup('6') + r(' users counted in 2015.')), { footnotes }));
    expect(doc.text(doc.paragraph('1'))).toBe('Recalls the Agenda{A/60/687.}, 106 users;');
  });
});

describe('numbering restarts (lvlRestart)', () => {
  it('a level with lvlRestart 0 never restarts; the default restarts under each new parent', () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
    expect(labels(numbering, [[1, 0], [1, 1], [1, 1], [1, 0], [1, 1]])).toEqual(['I.', '1.', '2.', 'II.', '3.']);
  });
});

describe('the first page header', () => {
  const HEADER_NS =
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  /** A package whose first section shows `headerText` on its first page (titlePg), and `laterText` after. */
  function withHeaders(body: string, headerText: string, laterText: string): Uint8Array {
    const sectPr = '<w:sectPr><w:headerReference w:type="first" r:id="rIdH1"/><w:headerReference w:type="default" r:id="rIdH2"/><w:titlePg/></w:sectPr>';
    const files = unzipSync(wordPackage(body + sectPr));
    const header = (t: string) => strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:hdr ${HEADER_NS}>${p(r(t))}</w:hdr>`);
    files['word/header1.xml'] = header(headerText);
    files['word/header2.xml'] = header(laterText);
    files['word/_rels/document.xml.rels'] = strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>' +
        '<Relationship Id="rIdH2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>',
    );
    return zipSync(files);
  }
  const body = p(r('Draft resolution on information and communications technologies for development')) + p(r('The General Assembly,')) + p(r('1. Decides to continue.'));

  it('takes the symbol of a UN masthead from the first page header, and says so', () => {
    const result = importDocx(withHeaders(body, 'United Nations\tA/70/L.33\tGeneral Assembly', 'A/70/L.33/Rev.9'));
    expect(result.doc.content?.[0].attrs?.symbol).toBe('A/70/L.33');
    expect(messages(result)).toContain("Symbol A/70/L.33 read from the first page's header (it is not in the text)");
  });

  it('leaves the header alone when the text already gives the symbol', () => {
    const result = importDocx(withHeaders(p(r('A/70/L.33')) + body, 'A/70/L.33', ''));
    expect(result.doc.content?.[0].attrs?.symbol).toBe('A/70/L.33');
    expect(messages(result).filter((m) => /header/.test(m))).toEqual(['Page headers and footers are not imported (check them for the symbol and date of the document)']);
  });
});
