// Clean draft as plain text: numbered, brackets as literal brackets, footnotes as superscript
// markers with their text gathered at the end, no attribution. Re-importing it gives back the same
// paragraphs, numbers and brackets (tests/unit/export-roundtrip.test.ts). Labels print as the
// margin shows them ("12 bis.", "I.", "Article 4", "Option 1:"); second-level subparagraphs are
// indented so "(i)" after "(h)" reads back as a nested (i), not as the letter. A deleted paragraph's
// placeholder prints as its label and "[Deleted]" (schema/deletedBlock.ts).
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, printedLabel } from '../numbering/labels.ts';
import { blockText, footnotesByNode } from './outline.ts';
import { superscript } from './superscript.ts';
import { DELETED_TEXT, deletedBlockAttrs, isDeletedBlock, shownType } from '../schema/deletedBlock.ts';

export function exportText(doc: PMNode): string {
  const front = doc.firstChild!;
  const numbers = footnotesByNode(doc);
  const lines: string[] = [];
  for (const field of ['symbol', 'date'] as const) if (front.attrs[field]) lines.push(front.attrs[field]);
  if (lines.length) lines.push('');
  lines.push(front.textContent, '');
  if (front.attrs.stage) lines.push(front.attrs.stage, '');

  for (const { node, label } of labelBlocks(doc)) {
    const deleted = isDeletedBlock(node);
    const text = deleted ? DELETED_TEXT : node.type.name === 'sectionHeading' ? node.textContent : blockText(node, numbers);
    const type = shownType(node);
    const level = deleted ? deletedBlockAttrs(node).level : Number(node.attrs.level);
    const indent = type === 'subparagraph' && level >= 2 ? '    ' : '';
    lines.push(indent + (label ? [printedLabel(type, label), text].filter(Boolean).join(' ') : text), '');
  }

  const notes = [...numbers.entries()].sort((a, b) => a[1] - b[1]);
  if (notes.length) {
    lines.push('__________', '');
    for (const [node, n] of notes) lines.push(`${superscript(n)} ${node.textContent}`, '');
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}
