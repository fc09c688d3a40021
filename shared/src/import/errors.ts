// Input an importer cannot read at all (as opposed to text it reads with problems, which go into the
// import report). The `code` is for programs (an upload dialog picks its wording or its HTTP status
// from it); the message is a sentence a secretariat officer can act on.

export type ImportErrorCode =
  /** Not a Word document: a legacy .doc, an Excel or OpenDocument file, a zip without word/document.xml. */
  | 'not-word'
  /** A Word document that is damaged: a broken zip, unreadable XML. */
  | 'corrupt'
  /** A password-protected Word document (an encrypted OLE package). */
  | 'encrypted'
  /** Over the size or entry limits (zip bombs included). */
  | 'too-large'
  /** Nothing to import: an empty file, or a document without text. */
  | 'empty';

export class ImportError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportError';
    this.code = code;
  }
}
