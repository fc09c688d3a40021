// Export by format name. Word, PDF and Akoma Ntoso join this table when their issues land.
import type { Node as PMNode } from '@tiptap/pm/model';
import { exportText } from './text.ts';
import { exportMarkdown } from './markdown.ts';
import { outlineOf } from './outline.ts';

export type ExportFormat = 'text' | 'markdown' | 'json';

export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; mime: string }> = {
  text: { extension: 'txt', mime: 'text/plain; charset=utf-8' },
  markdown: { extension: 'md', mime: 'text/markdown; charset=utf-8' },
  json: { extension: 'json', mime: 'application/json; charset=utf-8' },
};

export function exportFormatFromFilename(name: string): ExportFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'json') return 'json';
  return null;
}

export function exportDocument(doc: PMNode, format: ExportFormat, report: unknown[] = []): string {
  switch (format) {
    case 'text':
      return exportText(doc);
    case 'markdown':
      return exportMarkdown(doc);
    case 'json':
      return JSON.stringify(outlineOf(doc, report), null, 2) + '\n';
  }
}
