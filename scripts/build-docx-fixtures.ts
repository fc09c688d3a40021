// Builds the Word fixtures in fixtures/docx/ with the `docx` library, from the repository's drafts:
//
//   wsis10-zero-draft.docx  the WSIS+10 zero draft (fixtures/wsis10-zero-draft.txt): paragraphs 1-58
//                           numbered by ONE automatic Word list, continuous across headings and
//                           across Word sections (one per top-level heading); headings in Heading 1/2
//                           styles numbered by a second automatic list (1., 1.1); no typed numbers.
//   ecosoc-2010-2.docx      ECOSOC resolution 2010/2 (fixtures/ecosoc-2010-2.md): Word footnotes,
//                           italic opening words, subparagraphs (a)-(e) as an automatic lettered
//                           list, section headings in the Heading 1 style, typed operative numbers.
//   tracked-changes.docx    paragraphs 16-17 of the zero draft with tracked insertions and
//                           deletions and two comments by invented reviewers (the edits and comments
//                           are made up for the test; the base text is the zero draft's).
//
// The drafts are read with the text importer, then written out: the text is the draft's, the Word
// structure is what a secretariat's Word file would have. Run: npx tsx scripts/build-docx-fixtures.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JSONContent } from '@tiptap/core';
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import { importDocument } from '../shared/src/import/index.ts';
import { docFromJSON } from '../shared/src/schema/schema.ts';
import { labelBlocks } from '../shared/src/numbering/labels.ts';
import { renderInlineLiteral } from '../shared/src/brackets/literal.ts';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(fileURLToPath(new URL(path, root)), 'utf8');
const outDir = fileURLToPath(new URL('fixtures/docx/', root));

interface Plan {
  /** Automatic numbering for numbered paragraphs (else the label is typed). */
  autoParagraphs: boolean;
  /** Automatic numbering for numbered headings (else typed). */
  autoHeadings: boolean;
  /** A Word section per top-level heading. */
  sectionPerHeading: boolean;
  /** Lines of the heading block above the title, as plain paragraphs. */
  frontLines: string[];
  /** Lines below the title (stage...). */
  afterTitle: string[];
}

const NUMBERING = {
  config: [
    { reference: 'paragraphs', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] },
    {
      reference: 'headings',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', alignment: AlignmentType.START },
      ],
    },
    { reference: 'letters', levels: [{ level: 0, format: LevelFormat.LOWER_LETTER, text: '(%1)', alignment: AlignmentType.START }] },
  ],
};

/** Inline JSON -> Word runs (footnotes become Word footnotes, numbered in order). */
function runs(content: JSONContent[] | undefined, footnotes: Record<string, { children: Paragraph[] }>): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of content ?? []) {
    if (node.type === 'text') {
      const marks = new Set((node.marks ?? []).map((m) => m.type));
      out.push(new TextRun({ text: node.text ?? '', italics: marks.has('italic'), bold: marks.has('bold') }));
    } else if (node.type === 'footnote') {
      const id = Object.keys(footnotes).length + 1;
      footnotes[id] = { children: [new Paragraph({ children: runs(node.content, footnotes) })] };
      out.push(new FootnoteReferenceRun(id));
    } else if (node.type === 'bracketGroup') {
      // Brackets are literal characters in Word.
      const pm = docFromJSON({ type: 'doc', content: [{ type: 'front', content: [{ type: 'docTitle' }] }, { type: 'paragraph', content: [node] }] });
      out.push(new TextRun(renderInlineLiteral(pm.child(1))));
    } else out.push(...runs(node.content, footnotes));
  }
  return out;
}

async function fromDraft(source: string, format: 'text' | 'markdown', plan: Plan): Promise<Buffer> {
  const { doc } = importDocument(source, { format });
  const pm = docFromJSON(doc);
  const labels = new Map(labelBlocks(pm).map((l) => [l.node.attrs.id as string, l.label]));
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const sections: Paragraph[][] = [[]];
  const add = (p: Paragraph) => sections[sections.length - 1].push(p);
  for (const line of plan.frontLines) add(new Paragraph(line));
  add(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(pm.firstChild!.textContent)] }));
  for (const line of plan.afterTitle) add(new Paragraph(line));
  let sub = 0;
  for (const block of (doc.content ?? []).slice(1)) {
    const label = labels.get(block.attrs?.id) ?? null;
    const typed = (text: string | null) => (text ? [new TextRun(`${text} `)] : []);
    if (block.type === 'sectionHeading') {
      const level = Number(block.attrs?.level);
      if (plan.sectionPerHeading && level === 1 && sections[sections.length - 1].length && label) sections.push([]);
      const auto = plan.autoHeadings && label;
      add(
        new Paragraph({
          heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          numbering: auto ? { reference: 'headings', level: level - 1 } : undefined,
          children: [...(auto ? [] : typed(label && level === 1 ? `${label}.` : label)), ...runs(block.content, footnotes)],
        }),
      );
    } else if (block.type === 'subparagraph') {
      add(new Paragraph({ numbering: { reference: 'letters', level: 0, instance: sub }, children: runs(block.content, footnotes) }));
    } else {
      sub++;
      const auto = plan.autoParagraphs && label;
      add(
        new Paragraph({
          numbering: auto ? { reference: 'paragraphs', level: 0 } : undefined,
          children: [...(auto ? [] : typed(label ? `${label}.` : null)), ...runs(block.content, footnotes)],
        }),
      );
    }
  }
  const docxSections: ISectionOptions[] = sections.map((children) => ({ children }));
  return Packer.toBuffer(new Document({ numbering: NUMBERING, footnotes, sections: docxSections }));
}

/** Two paragraphs of the zero draft with tracked changes and comments. */
async function trackedChanges(): Promise<Buffer> {
  const { doc } = importDocument(read('fixtures/wsis10-zero-draft.txt'), { format: 'text' });
  const pm = docFromJSON(doc);
  const para = (label: string) => {
    const found = labelBlocks(pm).find((l) => l.label === label && l.node.type.name === 'paragraph');
    return renderInlineLiteral(found!.node);
  };
  const p16 = para('16');
  const p17 = para('17');
  const date = '2015-10-01T10:00:00Z';
  // Paragraph 16: "remain" -> "persist" (deletion + insertion), a comment on "digital divides".
  const [before16, after16] = splitOnce(p16, 'remain');
  const [head16, tail16] = splitOnce(before16, 'digital divides');
  // Paragraph 17: a clause inserted, a sentence deleted.
  const lastSentence = ' We appreciate that divides may worsen or change with technological and service innovation, and we call on CSTD, UNESCO, and ITU to regularly analyse the nature of the digital divide.';
  const [keep17] = splitOnce(p17, lastSentence);
  const [a17, b17] = splitOnce(keep17, 'high-speed broadband');
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("United Nations General Assembly's Overall Review of the Implementation of WSIS Outcomes")] }),
    new Paragraph('Zero Draft'),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Bridging the Digital Divide')] }),
    new Paragraph({
      children: [
        new TextRun(`16. ${head16}`),
        new CommentRangeStart(0),
        new TextRun('digital divides'),
        new CommentRangeEnd(0),
        new TextRun({ children: [new CommentReference(0)] }),
        new TextRun(tail16),
        new DeletedTextRun({ text: 'remain', id: 1, author: 'Delegation A', date }),
        new InsertedTextRun({ text: 'persist', id: 2, author: 'Delegation A', date }),
        new TextRun(after16),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun(`17. ${a17}`),
        new InsertedTextRun({ text: 'affordable ', id: 3, author: 'Delegation B', date }),
        new TextRun(`high-speed broadband${b17}`),
        new CommentRangeStart(1),
        new DeletedTextRun({ text: lastSentence, id: 4, author: 'Delegation B', date }),
        new CommentRangeEnd(1),
        new TextRun({ children: [new CommentReference(1)] }),
      ],
    }),
  ];
  return Packer.toBuffer(
    new Document({
      comments: {
        children: [
          { id: 0, author: 'Co-facilitator', date: new Date(date), children: [new Paragraph('Define the divides or refer to paragraph 20.')] },
          { id: 1, author: 'Delegation B', date: new Date(date), children: [new Paragraph('Moved to the follow-up section.')] },
        ],
      },
      sections: [{ children }],
    }),
  );
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  if (i < 0) throw new Error(`"${sep}" not found in "${s.slice(0, 60)}..."`);
  return [s.slice(0, i), s.slice(i + sep.length)];
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const wsis = await fromDraft(read('fixtures/wsis10-zero-draft.txt'), 'text', {
    autoParagraphs: true,
    autoHeadings: true,
    sectionPerHeading: true,
    frontLines: [],
    afterTitle: ['Zero Draft'],
  });
  const ecosoc = await fromDraft(read('fixtures/ecosoc-2010-2.md'), 'markdown', {
    autoParagraphs: false,
    autoHeadings: false,
    sectionPerHeading: false,
    frontLines: ['Resolution', '2010/2'],
    afterTitle: [],
  });
  const files: Array<[string, Buffer]> = [
    ['wsis10-zero-draft.docx', wsis],
    ['ecosoc-2010-2.docx', ecosoc],
    ['tracked-changes.docx', await trackedChanges()],
  ];
  for (const [name, bytes] of files) {
    writeFileSync(outDir + name, bytes);
    console.log(`fixtures/docx/${name}: ${bytes.length} bytes`);
  }
}

await main();
