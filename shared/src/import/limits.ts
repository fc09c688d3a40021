// What the importer accepts, as plain constants: the browser checks a chosen file against them before
// uploading it (without loading the importer), and the server and CLI enforce them (file.ts).

/** Largest file accepted for import (the HTTP upload limit too). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** File name extensions the importer reads, for file pickers and messages. */
export const IMPORT_EXTENSIONS = ['.docx', '.txt', '.md'] as const;

/** Why a file of this name and size will be refused before reading it, or null. */
export function uploadProblem(name: string, size: number): string | null {
  if (size === 0) return `${name} is empty`;
  if (size > MAX_IMPORT_BYTES) return `${name} is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1048576} MB`;
  return null;
}
