// Paragraph, heading and subparagraph labels derived from document order (DESIGN.md §1). Nothing
// here is stored: the editor's margin, the outline, and every export call the same function.
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NumberingStyle, ParagraphKind } from '../model/types.ts';

export interface BlockLabel {
  /** Position of the block in the document (for editor decorations). */
  pos: number;
  node: PMNode;
  /** "12", "1.1", "(a)"; null for unnumbered blocks. */
  label: string | null;
  /** Label of the heading the block sits under, or that heading's text when it is unnumbered. */
  section: string | null;
}

export function numberingStyleOf(doc: PMNode): NumberingStyle {
  const front = doc.firstChild;
  return front?.type.name === 'front' && front.attrs.numberingStyle === 'resolution' ? 'resolution' : 'outcome';
}

/** Whether a paragraph of this kind carries a number in the given style. */
export function isNumbered(kind: ParagraphKind, style: NumberingStyle): boolean {
  if (kind === 'op') return true;
  if (kind === 'pp') return style === 'outcome';
  return false;
}

/** (a), (b), ... (z), (aa), (bb): the UN convention past z. */
export function subparagraphLetter(index: number): string {
  const letter = String.fromCharCode(97 + (index % 26));
  return letter.repeat(Math.floor(index / 26) + 1);
}

export function labelBlocks(doc: PMNode): BlockLabel[] {
  const style = numberingStyleOf(doc);
  const labels: BlockLabel[] = [];
  let paragraphNo = 0;
  let sectionNo = 0;
  let subsectionNo = 0;
  let subIndex = 0;
  let section: string | null = null;

  doc.forEach((node, pos) => {
    let label: string | null = null;
    switch (node.type.name) {
      case 'sectionHeading': {
        subIndex = 0;
        if (node.attrs.numbered) {
          if (Number(node.attrs.level) >= 2) label = `${sectionNo}.${++subsectionNo}`;
          else {
            label = String(++sectionNo);
            subsectionNo = 0;
          }
        }
        section = label ?? node.textContent;
        labels.push({ pos, node, label, section });
        return;
      }
      case 'paragraph':
        subIndex = 0;
        if (isNumbered(node.attrs.kind as ParagraphKind, style)) label = String(++paragraphNo);
        break;
      case 'subparagraph':
        label = `(${subparagraphLetter(subIndex++)})`;
        break;
      default:
        return;
    }
    labels.push({ pos, node, label, section });
  });
  return labels;
}

/** Footnote numbers by position, in document order (1-based). */
export function footnoteNumbers(doc: PMNode): Map<number, number> {
  const numbers = new Map<number, number>();
  doc.descendants((node, pos) => {
    if (node.type.name === 'footnote') numbers.set(pos, numbers.size + 1);
    return true;
  });
  return numbers;
}

/** A label as UN drafts print it: `12.` and `1.`, but `1.1` and `(a)`. */
export function printedLabel(type: string, label: string): string {
  return type === 'subparagraph' || label.includes('.') ? label : `${label}.`;
}
