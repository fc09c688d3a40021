// Why a file could not be imported at all (as opposed to the report, which lists what an import
// could not place). Each code maps to one sentence a person can act on; the HTTP layer maps codes to
// statuses (too-large -> 413, unsupported -> 415, the rest -> 400).
export type ImportErrorCode =
  | 'unsupported' // a format Penholder does not read (PDF, legacy .doc, unknown extension)
  | 'not-word' // named or shaped like Word but not a Word document
  | 'corrupt' // a damaged archive or XML
  | 'encrypted' // password-protected
  | 'too-large' // over the upload or unpacked-size limit
  | 'empty' // nothing in it
  | 'not-a-draft'; // readable, but no paragraph of a draft in it

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
