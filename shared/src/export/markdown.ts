// Clean draft as Markdown: headings as #, numbered paragraphs as `12. text`, italic and bold kept,
// brackets literal, footnotes as Markdown footnotes ([^n] and their definitions at the end).
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, printedLabel } from '../numbering/labels.ts';
import { renderInlineMarkdown } from '../brackets/literal.ts';
import { footnotesByNode } from './outline.ts';

export function exportMarkdown(doc: PMNode): string {
  const front = doc.firstChild!;
  const numbers = footnotesByNode(doc);
  const inline = (node: PMNode) => renderInlineMarkdown(node, { footnote: (fn) => `[^${numbers.get(fn) ?? 0}]` });
  const lines: string[] = [`# ${front.textContent}`, ''];
  const meta = [front.attrs.symbol, front.attrs.date, front.attrs.stage].filter(Boolean);
  if (meta.length) lines.push(meta.join(' · '), '');

  for (const { node, label } of labelBlocks(doc)) {
    switch (node.type.name) {
      case 'sectionHeading': {
        const hashes = '#'.repeat(Math.min(Number(node.attrs.level) + 1, 6));
        lines.push(`${hashes} ${label ? `${printedLabel(node.type.name, label)} ` : ''}${node.textContent}`, '');
        break;
      }
      case 'subparagraph':
        lines.push(`${label} ${inline(node)}`, '');
        break;
      default:
        lines.push(label ? `${printedLabel(node.type.name, label)} ${inline(node)}` : inline(node), '');
    }
  }

  const notes = [...numbers.entries()].sort((a, b) => a[1] - b[1]);
  for (const [node, n] of notes) lines.push(`[^${n}]: ${node.textContent}`);
  return lines.join('\n').replace(/\n+$/, '\n');
}
