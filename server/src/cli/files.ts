// Reading a draft from disk and importing it, with the errors a person at a terminal can act on.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Node as PMNode } from '@tiptap/pm/model';
import { importDocument, formatFromFilename } from '../../../shared/src/import/index.ts';
import { docFromJSON } from '../../../shared/src/schema/schema.ts';

export class CliError extends Error {}

export function importFile(path: string): { doc: PMNode; report: unknown[] } {
  const format = formatFromFilename(path);
  if (!format) throw new CliError(`${basename(path)}: unknown input format (use .txt or .md)`);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { doc, report } = importDocument(source, { format });
  const node = docFromJSON(doc);
  let paragraphs = 0;
  node.forEach((block) => void (block.type.name === 'paragraph' && block.textContent.trim() && paragraphs++));
  if (paragraphs === 0) {
    const reasons = report.map((p) => `  line ${p.line}: ${p.message}`).join('\n');
    throw new CliError(`${basename(path)}: no paragraphs found; this does not look like a draft${reasons ? `\n${reasons}` : ''}`);
  }
  return { doc: node, report };
}
