// Reading a draft from disk and importing it, with the errors a person at a terminal can act on.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Node as PMNode } from '@tiptap/pm/model';
import { importFile, type FileImportOptions, type FileImportResult } from '../../../shared/src/import/file.ts';
import { ImportError } from '../../../shared/src/import/errors.ts';
import { docFromJSON } from '../../../shared/src/schema/schema.ts';

export class CliError extends Error {}

/** The bytes of a file, or a CliError naming what went wrong. */
export function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Imports a draft file (.docx, .txt, .md); an unreadable or unsuitable file is a CliError. */
export function importDraftFile(path: string, options: FileImportOptions = {}): FileImportResult {
  const bytes = readBytes(path);
  try {
    return importFile(bytes, basename(path), options);
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(error.message);
    throw error;
  }
}

/** The import as a ProseMirror document, for outline and convert. */
export function importDraft(path: string): { doc: PMNode; report: FileImportResult['report'] } {
  const { doc, report } = importDraftFile(path);
  return { doc: docFromJSON(doc), report };
}

/** Prints an import report to stderr, one line per problem. */
export function printReport(file: string, report: FileImportResult['report']): void {
  for (const problem of report) {
    process.stderr.write(`warning: ${file}${problem.line ? ` line ${problem.line}` : ''}: ${problem.message}\n`);
  }
}
