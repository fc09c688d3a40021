// Walks the WordprocessingML of the document (and of footnotes and endnotes) into plain records:
// paragraphs of text runs with bold/italic and note citations, in reading order, with their Word
// paragraph number, heading level and automatic number label. Everything the walk leaves out or
// changes is recorded (tracked changes, comments, hidden text, images, fields, tables) so that
// index.ts can say so in the report: nothing is dropped silently.
//
// Reading order: body paragraphs, table cells row by row, text-box paragraphs right after the
// paragraph that anchors them. "Word paragraph N" counts every `w:p` of the document part in
// document order, empty ones and table cells included, which is what stepping through the
// paragraphs in Word gives.
//
// Tracked changes are read as accepted: `w:ins`/`w:moveTo` content kept, `w:del`/`w:moveFrom` left
// out, a deleted paragraph mark joins the paragraph with the next one. Complex fields keep their
// displayed result, not their instruction. `mc:AlternateContent` is read through its first
// `mc:Choice` (the fallback repeats the same content).
import { attr, child, children, descendantsW, isMc, isW, textOf, toggle, type XElement } from './xml.ts';
import { numRefOf, type Emphasis, type NumRef, type Styles } from './styles.ts';
import { SUPPORTED_FORMATS, type Numbering, type NumberLabel } from './numbering.ts';

export type Inline =
  | { kind: 'text'; text: string; bold: boolean; italic: boolean; superscript?: boolean }
  | { kind: 'note'; note: 'footnote' | 'endnote'; id: string };

export interface WordParagraph {
  /** Word paragraph number (1-based, document order); for notes, the note's paragraph within it. */
  index: number;
  styleId: string | null;
  /** 0 Title, 1..9 heading levels, null body text. */
  headingLevel: number | null;
  label: NumberLabel | null;
  inlines: Inline[];
  where: 'body' | 'table' | 'textbox';
}

export type Location = { part: 'body'; paragraph: number } | { part: 'footnote' | 'endnote'; id: string; paragraph: number };

export interface TrackedChange {
  type: 'insertion' | 'deletion' | 'move-to' | 'move-from' | 'formatting' | 'paragraph-mark';
  author: string;
  date: string;
  text: string;
  at: Location;
}

export interface CommentAnchor {
  id: string;
  text: string;
  at: Location;
}

/** Something read approximately or left out, for the report. */
export interface Finding {
  at: Location;
  message: string;
  text: string;
}

export interface WalkResult {
  paragraphs: WordParagraph[];
  changes: TrackedChange[];
  anchors: CommentAnchor[];
  findings: Finding[];
}

type RunStyle = Emphasis & { superscript: boolean };

interface FieldState {
  instr: string;
  inResult: boolean;
  /** A table of contents or index: its result repeats the document's headings, so it is left out. */
  omit: boolean;
}

/** One walk over one story (the body, or one footnote). */
export class StoryWalker {
  readonly paragraphs: WordParagraph[] = [];
  readonly changes: TrackedChange[] = [];
  readonly anchors: CommentAnchor[] = [];
  readonly findings: Finding[] = [];

  private paragraphCount = 0;
  private current: WordParagraph | null = null;
  private currentBase: Emphasis = { bold: false, italic: false };
  private currentWhere: WordParagraph['where'] = 'body';
  /** Text of a paragraph whose mark was deleted, waiting for the next paragraph. */
  private carried: Inline[] = [];
  private pendingTextBoxes: XElement[] = [];
  private readonly openChanges: TrackedChange[] = [];
  private readonly openAnchors = new Map<string, CommentAnchor>();
  private readonly fields: FieldState[] = [];
  private deleted = 0;
  private tableDepth = 0;
  private textBoxDepth = 0;

  constructor(
    private readonly styles: Styles,
    private readonly numbering: Numbering | null,
    private readonly story: { part: 'body' } | { part: 'footnote' | 'endnote'; id: string },
  ) {}

  private here(): Location {
    return this.story.part === 'body'
      ? { part: 'body', paragraph: this.paragraphCount }
      : { part: this.story.part, id: this.story.id, paragraph: this.paragraphCount };
  }

  private find(message: string, text = ''): void {
    this.findings.push({ at: this.here(), message, text });
  }

  /** Block-level content: the body, a table cell, a text box, a footnote. */
  blocks(container: XElement): void {
    for (const el of children(container)) {
      if (isW(el, 'p')) this.paragraph(el);
      else if (isW(el, 'tbl')) this.table(el);
      else if (isW(el, 'sdt')) this.blocks(child(el, 'sdtContent') ?? el);
      else if (isW(el, 'customXml') || isW(el, 'ins') || isW(el, 'moveTo')) this.blocks(el);
      else if (isW(el, 'del') || isW(el, 'moveFrom')) this.trackedBlock(el);
      else if (isMc(el, 'AlternateContent')) this.alternate(el, (c) => this.blocks(c));
      else if (isW(el, 'altChunk')) this.find('Embedded document (altChunk) not imported: open the file in Word and save it, which merges it');
      // sectPr, bookmarks, permissions, proofing marks: layout and editing aids, no text.
    }
  }

  private trackedBlock(el: XElement): void {
    this.deleted++;
    this.blocks(el);
    this.deleted--;
  }

  private alternate(el: XElement, read: (content: XElement) => void): void {
    const choice = children(el).find((c) => isMc(c, 'Choice')) ?? children(el).find((c) => isMc(c, 'Fallback'));
    if (choice) read(choice);
  }

  private table(tbl: XElement): void {
    const rows = wrapped(tbl, 'tr');
    const columns = Math.max(0, ...rows.map((r) => wrapped(r, 'tc').length));
    const first = this.paragraphCount + 1;
    this.tableDepth++;
    for (const row of rows) {
      // A row deleted with tracking on: accepted, it goes (its text is in the report).
      const rowDeleted = child(child(row, 'trPr'), 'del');
      if (rowDeleted) this.deleted++;
      for (const cell of wrapped(row, 'tc')) {
        if (rowDeleted) {
          const change = this.recordChange('deletion', rowDeleted, '');
          change.at = { ...change.at, paragraph: this.paragraphCount + 1 }; // the cell's first paragraph
          this.openChanges.push(change);
        }
        this.blocks(cell);
        if (rowDeleted) this.openChanges.pop();
      }
      if (rowDeleted) this.deleted--;
    }
    this.tableDepth--;
    this.findings.push({
      at: this.story.part === 'body' ? { part: 'body', paragraph: first } : { ...this.here(), paragraph: first },
      message: `Table of ${rows.length} row(s) and ${columns} column(s): its text is imported as paragraphs, cell by cell, row by row`,
      text: '',
    });
  }

  private paragraph(p: XElement): void {
    this.paragraphCount++;
    const pPr = child(p, 'pPr');
    const styleId = attr(child(pPr, 'pStyle'), 'val') ?? this.styles.defaultParagraphStyle;
    // An outline level set on the paragraph itself overrides its style's (9 is body text).
    const directOutline = attr(child(pPr, 'outlineLvl'), 'val');
    const headingLevel = directOutline !== null ? (Number(directOutline) < 9 ? Number(directOutline) + 1 : null) : this.styles.headingLevel(styleId);
    const where = this.textBoxDepth ? 'textbox' : this.tableDepth ? 'table' : 'body';
    const para: WordParagraph = { index: this.paragraphCount, styleId, headingLevel, label: null, inlines: [], where };
    const outer = { current: this.current, base: this.currentBase, where: this.currentWhere };
    this.current = para;
    this.currentWhere = where;
    // A heading's style formatting (bold headings) is layout; body styles' emphasis is kept.
    this.currentBase = headingLevel === null ? this.styles.emphasis(styleId) : this.styles.emphasis(null);
    const markRPr = child(pPr, 'rPr');
    const markChange = child(pPr, 'pPrChange');
    if (markChange) this.recordChange('formatting', markChange, 'paragraph formatting');
    this.inline(p);
    const markDeletion = child(markRPr, 'del') ?? child(markRPr, 'moveFrom');
    const markDeleted = !!markDeletion || this.deleted > 0;
    this.current = outer.current;
    this.currentBase = outer.base;
    this.currentWhere = outer.where;

    para.inlines = [...this.carried, ...para.inlines];
    this.carried = [];
    if (markDeletion && this.deleted === 0) {
      this.changes.push({ type: 'paragraph-mark', author: attr(markDeletion, 'author') ?? 'unknown author', date: attr(markDeletion, 'date') ?? '', text: '', at: this.here() });
    }
    if (markDeleted) {
      // Accepted, the deletion joins this paragraph's remaining text to the next paragraph.
      this.carried = para.inlines;
    } else {
      para.label = this.label(pPr, styleId, para);
      this.paragraphs.push(para);
    }
    const boxes = this.pendingTextBoxes;
    this.pendingTextBoxes = [];
    for (const box of boxes) {
      this.textBoxDepth++;
      this.blocks(box);
      this.textBoxDepth--;
    }
  }

  /** Automatic number of a paragraph: direct numbering, else its style's (Word's precedence). */
  private label(pPr: XElement | null, styleId: string | null, para: WordParagraph): NumberLabel | null {
    if (!this.numbering) return null;
    let ref: NumRef | null | undefined = numRefOf(pPr);
    if (ref === undefined) {
      ref = this.styles.numbering(styleId) ?? (styleId ? this.numbering.styleLinks.get(styleId) : undefined) ?? null;
      const ilvl = attr(child(child(pPr, 'numPr'), 'ilvl'), 'val');
      if (ref && ilvl !== null) ref = { ...ref, ilvl: Number(ilvl) };
    }
    if (!ref) return null;
    if (!this.numbering.has(ref.numId)) {
      this.find(`Numbering ${ref.numId} is not defined in numbering.xml; the paragraph is imported without its number`);
      return null;
    }
    const label = this.numbering.next(ref);
    if (label && !label.bullet && !SUPPORTED_FORMATS.has(label.format)) {
      this.find(`Number format "${label.format}" is not read; shown as decimal "${label.text}"`, label.text);
    }
    if (label && !label.bullet && label.text && !plainText(para.inlines).trim()) {
      this.find(`Empty paragraph numbered "${label.text}" in Word; it is left out, so the numbers after it are one lower here`, label.text);
    }
    return label;
  }

  /** Inline content of a paragraph (and of hyperlinks, content controls, smart tags...). */
  private inline(container: XElement): void {
    for (const el of children(container)) {
      if (isW(el, 'r')) this.run(el);
      else if (isW(el, 'ins') || isW(el, 'moveTo')) this.tracked(el, isW(el, 'ins') ? 'insertion' : 'move-to');
      else if (isW(el, 'del') || isW(el, 'moveFrom')) this.tracked(el, isW(el, 'del') ? 'deletion' : 'move-from');
      else if (isW(el, 'hyperlink') || isW(el, 'smartTag') || isW(el, 'customXml') || isW(el, 'bdo') || isW(el, 'dir')) this.inline(el);
      else if (isW(el, 'sdt')) this.inline(child(el, 'sdtContent') ?? el);
      else if (isW(el, 'fldSimple')) this.simpleField(el);
      else if (isW(el, 'commentRangeStart')) this.openAnchor(attr(el, 'id') ?? '');
      else if (isW(el, 'commentRangeEnd')) this.openAnchors.delete(attr(el, 'id') ?? '');
      else if (isW(el, 'commentReference')) this.ensureAnchor(attr(el, 'id') ?? '');
      else if (isMc(el, 'AlternateContent')) this.alternate(el, (c) => this.inline(c));
      else if (el.local === 'oMath' || el.local === 'oMathPara') this.math(el);
      else if (isW(el, 'subDoc')) this.find('Subdocument link not imported: open the master document in Word and save it as one file');
      // pPr, bookmarks, proofErr, permStart/End: no text.
    }
  }

  private tracked(el: XElement, type: TrackedChange['type']): void {
    const change = this.recordChange(type, el, '');
    this.openChanges.push(change);
    const deletion = type === 'deletion' || type === 'move-from';
    if (deletion) this.deleted++;
    this.inline(el);
    if (deletion) this.deleted--;
    this.openChanges.splice(this.openChanges.indexOf(change), 1);
  }

  private recordChange(type: TrackedChange['type'], el: XElement, text: string): TrackedChange {
    const change: TrackedChange = { type, author: attr(el, 'author') ?? 'unknown author', date: attr(el, 'date') ?? '', text, at: this.here() };
    this.changes.push(change);
    return change;
  }

  private openAnchor(id: string): void {
    const anchor: CommentAnchor = { id, text: '', at: this.here() };
    this.anchors.push(anchor);
    this.openAnchors.set(id, anchor);
  }

  private ensureAnchor(id: string): void {
    if (!this.anchors.some((a) => a.id === id)) this.anchors.push({ id, text: '', at: this.here() });
  }

  private simpleField(el: XElement): void {
    const instr = attr(el, 'instr') ?? '';
    this.noteField(instr);
    if (!GENERATED_FIELDS.test(instr)) this.inline(el);
  }

  private noteField(instr: string): void {
    const name = instr.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    if (!name || name === 'HYPERLINK') return;
    if (GENERATED_FIELDS.test(instr)) this.find(`Field ${name} (a generated table of contents or index) left out`, instr.trim());
    else this.find(`Field ${name}: its displayed result is kept as text`, instr.trim());
  }

  private math(el: XElement): void {
    const texts: string[] = [];
    const visit = (e: XElement) => {
      for (const c of children(e)) {
        if (c.local === 't') texts.push(textOf(c));
        else visit(c);
      }
    };
    visit(el);
    const text = texts.join('');
    this.find('Equation imported as its plain text', text);
    this.text(text, { bold: false, italic: false });
  }

  private inFieldInstruction(): boolean {
    return this.fields.some((f) => !f.inResult || f.omit);
  }

  private run(r: XElement): void {
    const rPr = child(r, 'rPr');
    const rStyle = attr(child(rPr, 'rStyle'), 'val');
    const fromStyle = rStyle ? this.styles.emphasis(rStyle, this.currentBase) : this.currentBase;
    const vertAlign = attr(child(rPr, 'vertAlign'), 'val') ?? (rStyle ? this.styles.vertAlign(rStyle) : null);
    const emphasis: RunStyle = {
      bold: toggle(child(rPr, 'b')) ?? fromStyle.bold,
      italic: toggle(child(rPr, 'i')) ?? fromStyle.italic,
      superscript: vertAlign === 'superscript',
    };
    const hidden = toggle(child(rPr, 'vanish')) === true;
    const rChange = child(rPr, 'rPrChange');
    if (rChange) this.recordChange('formatting', rChange, runText(r));
    for (const el of children(r)) {
      if (isW(el, 'fldChar')) {
        const type = attr(el, 'fldCharType');
        if (type === 'begin') this.fields.push({ instr: '', inResult: false, omit: false });
        else if (type === 'separate' && this.fields.length) {
          const f = this.fields[this.fields.length - 1];
          f.inResult = true;
          f.omit = GENERATED_FIELDS.test(f.instr);
        } else if (type === 'end') {
          const f = this.fields.pop();
          if (f) this.noteField(f.instr);
        }
        continue;
      }
      if (isW(el, 'instrText')) {
        if (this.fields.length) this.fields[this.fields.length - 1].instr += textOf(el);
        continue;
      }
      if (this.inFieldInstruction()) continue;
      if (isW(el, 't') || isW(el, 'delText')) {
        const text = textOf(el);
        if (hidden && !this.deleted) {
          this.find('Hidden text left out', text);
          continue;
        }
        this.text(text, emphasis);
      } else if (isW(el, 'tab') || isW(el, 'ptab')) this.text('\t', emphasis);
      else if (isW(el, 'br') || isW(el, 'cr')) {
        const type = attr(el, 'type');
        if (type === 'page' || type === 'column') continue;
        // A line of its own, as in text: the importer joins it to the paragraph unless it starts
        // something (a numbered paragraph, a subparagraph, the closing date).
        this.text('\n', emphasis);
        if (!this.deleted) this.find('Line break inside a paragraph: the next line is read as a line of text (joined to the paragraph unless it starts a paragraph, subparagraph or closing line)');
      } else if (isW(el, 'noBreakHyphen')) this.text('\u2011', emphasis);
      else if (isW(el, 'sym')) this.symbol(el, emphasis);
      else if (isW(el, 'footnoteReference') || isW(el, 'endnoteReference')) {
        if (!this.deleted) this.current?.inlines.push({ kind: 'note', note: isW(el, 'footnoteReference') ? 'footnote' : 'endnote', id: attr(el, 'id') ?? '' });
      } else if (isW(el, 'commentReference')) this.ensureAnchor(attr(el, 'id') ?? '');
      else if (isW(el, 'drawing') || isW(el, 'pict') || isW(el, 'object')) this.graphic(el);
      else if (isMc(el, 'AlternateContent')) {
        const choice = children(el).find((c) => isMc(c, 'Choice')) ?? children(el).find((c) => isMc(c, 'Fallback'));
        if (choice) this.graphic(choice);
      } else if (isW(el, 'ruby')) this.inline(child(el, 'rubyBase') ?? el);
      // rPr, softHyphen (invisible), footnoteRef/separator marks, lastRenderedPageBreak,
      // annotationRef: no text.
    }
  }

  private symbol(el: XElement, emphasis: RunStyle): void {
    const code = parseInt(attr(el, 'char') ?? '', 16);
    const font = attr(el, 'font') ?? '';
    if (!Number.isFinite(code)) return;
    // Symbol-font characters are stored in the private use area (F0xx); their meaning depends on the font.
    const ch = String.fromCodePoint(code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code);
    this.find(`Symbol character from the font "${font}" imported as "${ch}"; check it`, ch);
    this.text(ch, emphasis);
  }

  /** Images are not imported; text boxes are, after their paragraph. */
  private graphic(el: XElement): void {
    const boxes: XElement[] = [];
    const visit = (e: XElement) => {
      for (const c of children(e)) {
        if (isW(c, 'txbxContent')) boxes.push(c);
        else if (isMc(c, 'AlternateContent')) {
          const choice = children(c).find((x) => isMc(x, 'Choice'));
          if (choice) visit(choice);
        } else visit(c);
      }
    };
    visit(el);
    if (boxes.length) {
      if (!this.deleted) {
        this.find(`Text box: its ${boxes.length > 1 ? `${boxes.length} boxes' ` : ''}text is imported as paragraphs after this one`);
        this.pendingTextBoxes.push(...boxes);
      }
    } else if (!this.deleted) this.find(isW(el, 'object') ? 'Embedded object not imported' : 'Image or drawing not imported');
  }

  private text(text: string, style: Emphasis & { superscript?: boolean }): void {
    if (!text) return;
    for (const c of this.openChanges) c.text += text;
    for (const a of this.openAnchors.values()) a.text += text;
    if (this.deleted || !this.current) return;
    const superscript = style.superscript || undefined;
    const last = this.current.inlines[this.current.inlines.length - 1];
    if (last?.kind === 'text' && last.bold === style.bold && last.italic === style.italic && last.superscript === superscript) last.text += text;
    else this.current.inlines.push({ kind: 'text', text, bold: style.bold, italic: style.italic, ...(superscript ? { superscript } : {}) });
  }

  finish(): WalkResult {
    if (this.carried.length) {
      // A deleted mark on the last paragraph: nothing follows, so the text stands on its own.
      this.paragraphs.push({ index: this.paragraphCount, styleId: null, headingLevel: null, label: null, inlines: this.carried, where: this.currentWhere });
      this.carried = [];
    }
    return { paragraphs: this.paragraphs, changes: this.changes, anchors: this.anchors, findings: this.findings };
  }
}

/** Fields whose result Word generates from the document itself. */
const GENERATED_FIELDS = /^\s*(?:TOC|INDEX|TOA)\b/i;

/** Rows of a table or cells of a row, also when wrapped in content controls or custom XML. */
function wrapped(el: XElement, local: 'tr' | 'tc'): XElement[] {
  const out: XElement[] = [];
  for (const c of children(el)) {
    if (isW(c, local)) out.push(c);
    else if (isW(c, 'sdt')) out.push(...wrapped(child(c, 'sdtContent') ?? c, local));
    else if (isW(c, 'customXml')) out.push(...wrapped(c, local));
  }
  return out;
}

export function plainText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : '')).join('');
}

function runText(r: XElement): string {
  return children(r)
    .filter((c) => isW(c, 't') || isW(c, 'delText'))
    .map(textOf)
    .join('');
}

/** The body of the main document part. */
export function walkBody(document: XElement, styles: Styles, numbering: Numbering | null): WalkResult {
  const body = child(document, 'body');
  const walker = new StoryWalker(styles, numbering, { part: 'body' });
  if (body) walker.blocks(body);
  const result = walker.finish();
  if (body && (descendantsW(body, 'headerReference').length || descendantsW(body, 'footerReference').length)) {
    result.findings.push({ at: { part: 'body', paragraph: 0 }, message: 'Page headers and footers are not imported (check them for the symbol and date of the document)', text: '' });
  }
  return result;
}
