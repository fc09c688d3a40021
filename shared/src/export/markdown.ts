// Clean draft as Markdown: headings as #, numbered paragraphs as `12. text`, italic and bold kept,
// brackets literal, footnotes as Markdown footnotes ([^n] and their definitions at the end).
// Option markers print bold (`**Option 1:** text`), as UNFCCC texts converted to Markdown show them;
// second-level subparagraphs are indented four spaces, like a nested list. A deleted paragraph's
// placeholder prints as its label and "[Deleted]" (schema/deletedBlock.ts).
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, printedLabel } from '../numbering/labels.ts';
import { renderInlineMarkdown } from '../brackets/literal.ts';
import { footnotesByNode } from './outline.ts';
import { DELETED_TEXT, deletedBlockAttrs, isDeletedBlock } from '../schema/deletedBlock.ts';

export function exportMarkdown(doc: PMNode): string {
  const front = doc.firstChild!;
  const numbers = footnotesByNode(doc);
  const inline = (node: PMNode) => renderInlineMarkdown(node, { footnote: (fn) => `[^${numbers.get(fn) ?? 0}]` });
  const lines: string[] = [`# ${front.textContent}`, ''];
  const meta = [front.attrs.symbol, front.attrs.date, front.attrs.stage].filter(Boolean);
  if (meta.length) lines.push(meta.join(' · '), '');

  for (const { node, label } of labelBlocks(doc)) {
    if (isDeletedBlock(node)) {
      // "12. [Deleted]", "(c) [Deleted]": the brackets are the draft's own characters, as in the text
      const { was, level } = deletedBlockAttrs(node);
      const indent = was === 'subparagraph' && level >= 2 ? '    ' : '';
      lines.push(`${indent}${printedLabel(was, label ?? '')} ${DELETED_TEXT}`, '');
      continue;
    }
    switch (node.type.name) {
      case 'sectionHeading': {
        const hashes = '#'.repeat(Math.min(Number(node.attrs.level) + 1, 6));
        const title = renderInlineMarkdown(node, {});
        lines.push(`${hashes} ${[label ? printedLabel(node.type.name, label) : '', title].filter(Boolean).join(' ')}`, '');
        break;
      }
      case 'subparagraph': {
        const indent = Number(node.attrs.level) >= 2 ? '    ' : '';
        lines.push(`${indent}${label} ${inline(node)}`, '');
        break;
      }
      case 'option': {
        const text = inline(node);
        lines.push(`**${label}**${text ? ` ${text}` : ''}`, '');
        break;
      }
      default:
        lines.push(label ? `${printedLabel(node.type.name, label)} ${inline(node)}` : inline(node), '');
    }
  }

  const notes = [...numbers.entries()].sort((a, b) => a[1] - b[1]);
  for (const [node, n] of notes) lines.push(`[^${n}]: ${node.textContent}`);
  return lines.join('\n').replace(/\n+$/, '\n');
}
