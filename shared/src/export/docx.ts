// Word (.docx) of the export model, with the `docx` library: what delegations take home and quote.
//
// UN layout: A4; a heading block with the symbol at the right (bold), the date under it, the stage in
// italics, a rule; the title in bold; the symbol as the running header from page 2; headings in
// Word's own Heading 1 / Heading 2 styles (so the Navigation pane and a table of contents find
// them); each paragraph with its label hanging in the margin: a hanging indent of 1.5 cm, the
// label, a tab, the text (`12 bis.` and `3.3alt` fit; a longer label pushes the tab to the next
// stop); subparagraph letters hang one step further in; italic and bold runs kept; real Word
// footnotes; the page number centred in the footer. LibreOffice opens the files and reads the
// tracked changes with their authors (tests/integration/exports-libreoffice.test.ts).
//
// Compilation: attributions `{EU, CELAC}` are grey runs after each alternative; the provenance
// table is a Word table after the text.
//
// Redline: real tracked changes, so Word's Review pane lists each delegation as an author:
// every inserted run is a `w:ins` and every deleted run a `w:del` (the library's InsertedTextRun and
// DeletedTextRun, which write `w:author` and `w:date`), with the run's author, or the block's, or
// "Penholder" when the Redline does not know who (Word requires an author). A wholly inserted or
// deleted paragraph also has its paragraph mark tracked (`w:pPr/w:rPr/w:ins|w:del`, the library's
// paragraph `run.insertion|deletion`), so accepting the deletion removes the paragraph itself. Every
// change carries the newer state's date. A moved paragraph is marked with a leading "(moved)" run in
// blue: Word's own move tracking (`w:moveFrom`/`w:moveTo` with range markers) is not offered by the
// library, and writing it by hand was not worth the risk of a file Word repairs. Renumbered labels print
// `12. → 13.` as plain label text. A footnote cited in deleted text keeps its note (Word cannot
// track the deletion of a footnote reference through this library).
import {
  AlignmentType,
  BorderStyle,
  DeletedTextRun,
  Document,
  Footer,
  Header,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { labelMapHeading, type ExportModel, type ModelBlock, type ModelRun } from './model.ts';

const TWIPS_PER_CM = 567;
const LABEL_WIDTH = Math.round(1.5 * TWIPS_PER_CM);
const SUB_STEP = Math.round(1 * TWIPS_PER_CM);
const FONT = 'Times New Roman';
const ATTRIBUTION_COLOR = '595959';
const MOVED_COLOR = '1F4E9E';
const UNKNOWN_AUTHOR = 'Penholder';

interface Tracking {
  nextId: number;
  date: string;
}

function runChildren(runs: ModelRun[], tracking: Tracking, blockAuthor?: string): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const run of runs) {
    if (run.footnote) {
      out.push(new FootnoteReferenceRun(run.footnote));
      continue;
    }
    if (!run.text) continue;
    const style = {
      text: run.text,
      italics: run.italic || undefined,
      bold: run.bold || undefined,
      color: run.attribution ? ATTRIBUTION_COLOR : undefined,
      size: run.attribution ? 20 : undefined,
    };
    if (run.change) {
      const change = { id: tracking.nextId++, author: run.author ?? blockAuthor ?? UNKNOWN_AUTHOR, date: tracking.date };
      out.push(run.change === 'ins' ? new InsertedTextRun({ ...style, ...change }) : new DeletedTextRun({ ...style, ...change }));
    } else out.push(new TextRun(style));
  }
  return out;
}

function blockParagraph(block: ModelBlock, tracking: Tracking): Paragraph {
  const whole = block.change === 'inserted' ? 'insertion' : block.change === 'deleted' ? 'deletion' : null;
  const markRun = whole
    ? { [whole]: { id: tracking.nextId++, author: block.author ?? block.runs.find((r) => r.author)?.author ?? UNKNOWN_AUTHOR, date: tracking.date } }
    : undefined;
  const children: ParagraphChild[] = [];
  if (block.change === 'moved') children.push(new TextRun({ text: '(moved) ', italics: true, color: MOVED_COLOR }));
  if (block.type === 'heading') {
    if (block.label) children.push(new TextRun({ text: `${block.label} ` }));
    children.push(...runChildren(block.runs, tracking, block.author));
    return new Paragraph({
      heading: block.level >= 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1,
      children,
      run: markRun,
    });
  }
  const sub = block.type === 'subparagraph';
  const left = LABEL_WIDTH + (sub ? SUB_STEP : 0);
  const labelled = !!block.label;
  if (labelled) children.unshift(new TextRun({ text: block.label! }), new TextRun({ children: [new Tab()] }));
  children.push(...runChildren(block.runs, tracking, block.author));
  return new Paragraph({
    children,
    alignment: AlignmentType.JUSTIFIED,
    indent: labelled ? { left, hanging: sub ? SUB_STEP : LABEL_WIDTH } : { left: sub ? left : 0 },
    tabStops: labelled ? [{ type: TabStopType.LEFT, position: left }] : undefined,
    spacing: { after: 120 },
    run: markRun,
  });
}

function provenanceTable(model: ExportModel): (Paragraph | Table)[] {
  if (!model.provenance.length) return [];
  const cell = (text: string, bold = false) =>
    new TableCell({ children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, size: 20 })] })) });
  const header = new TableRow({
    tableHeader: true,
    children: ['Paragraph', 'Proposals', 'Proposed by', 'Supported by', 'Opposed by'].map((h) => cell(h, true)),
  });
  const rows = model.provenance.map(
    (row) =>
      new TableRow({
        children: [
          cell(row.paragraph),
          cell(row.proposals.map((p) => `[${p.text}]${p.proposer ? ` (${p.proposer})` : ''}`).join('\n')),
          cell(row.proposers.join(', ')),
          cell(row.supporters.join(', ')),
          cell(row.objectors.join(', ')),
        ],
      }),
  );
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Provenance of proposals')] }),
    new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
  ];
}

function labelMapTable(model: ExportModel): (Paragraph | Table)[] {
  if (!model.labelMap) return [];
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 20 })] })] });
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(labelMapHeading(model.labelMap))] }),
    new Table({
      rows: [
        new TableRow({ tableHeader: true, children: [cell('Before', true), cell('Now', true)] }),
        ...model.labelMap.entries.map((e) => new TableRow({ children: [cell(e.from), cell(e.to)] })),
      ],
      width: { size: 50, type: WidthType.PERCENTAGE },
    }),
  ];
}

function headingBlock(model: ExportModel): Paragraph[] {
  const out: Paragraph[] = [];
  if (model.symbol) out.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: model.symbol, bold: true, size: 28 })] }));
  if (model.date) out.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: model.date })] }));
  out.push(
    new Paragraph({
      children: model.stage ? [new TextRun({ text: model.stage, italics: true })] : [],
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: '000000', space: 4 } },
      spacing: { after: 360 },
    }),
  );
  out.push(new Paragraph({ style: 'Title', children: [new TextRun({ text: model.title })] }));
  return out;
}

/** The model as a .docx file's bytes. */
export async function renderDocx(model: ExportModel): Promise<Uint8Array> {
  const tracking: Tracking = { nextId: 1, date: model.redline?.at ?? new Date(0).toISOString() };
  const body: (Paragraph | Table)[] = [...headingBlock(model), ...model.blocks.map((b) => blockParagraph(b, tracking))];
  body.push(...provenanceTable(model), ...labelMapTable(model));
  if (model.redline?.summary.length) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Summary of changes')] }));
    for (const line of model.redline.summary) body.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(line)] }));
  }
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const note of model.footnotes) {
    footnotes[String(note.number)] = { children: [new Paragraph({ children: runChildren(note.runs, tracking) })] };
  }
  const doc = new Document({
    creator: 'Penholder',
    title: [model.symbol, model.title].filter(Boolean).join(' '),
    styles: {
      default: {
        document: { run: { font: FONT, size: 24 } },
        heading1: { run: { font: FONT, size: 24, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 24, bold: true, italics: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        title: { run: { font: FONT, size: 28, bold: true, color: '000000' }, paragraph: { spacing: { after: 240 } } },
      },
    },
    footnotes,
    sections: [
      {
        properties: {
          titlePage: true, // the first page has the heading block instead of the running header
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips
            margin: { top: 1418, bottom: 1418, left: 1247, right: 1247 },
          },
        },
        headers: {
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: model.symbol ? [new TextRun({ text: model.symbol, size: 20 })] : [] })],
          }),
        },
        footers: {
          first: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }),
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }),
        },
        children: body,
      },
    ],
  });
  return Packer.pack(doc, 'uint8array');
}
