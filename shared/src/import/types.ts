// Vocabulary shared by the import modules.
import type { DocJSON, NumberingStyle } from '../model/types.ts';

export type ImportFormat = 'text' | 'markdown';

export interface ImportOptions {
  format: ImportFormat;
  /** Title to use instead of the one found at the head of the source. */
  title?: string;
  /** Numbering style to use instead of the one the importer detects (CLI `--style`, the preview). */
  numberingStyle?: NumberingStyle;
}

/** Something the importer could not place, or placed by guessing; `line` is 1-based (0: whole input). */
export interface ImportProblem {
  line: number;
  message: string;
  text: string;
}

export interface ImportResult {
  doc: DocJSON;
  report: ImportProblem[];
  /** The numbering style the source was read as having, before `ImportOptions.numberingStyle` applied. */
  detectedStyle?: NumberingStyle;
}

/** One non-blank source line, trimmed. */
export interface SourceLine {
  line: number;
  text: string;
  /** A blank line stood directly before this one. */
  afterBlank: boolean;
  /** Page of the source, counted from 1 by form feeds (pdftotext ends each page with one). */
  page?: number;
}

export class Report {
  readonly problems: ImportProblem[] = [];
  add(line: number, message: string, text = ''): void {
    this.problems.push({ line, message, text });
  }
}
