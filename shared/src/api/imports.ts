// Wire types of creating a negotiation from a file (HTTP API, server/README.md), declared once with
// zod so the server builds exactly what the client parses. The upload itself is the raw file as the
// request body; its name, and the choices made in the preview, travel as query parameters.
import { z } from 'zod';
import { NUMBERING_STYLES, type NumberingStyle } from '../model/types.ts';

const numberingStyle = z.enum(NUMBERING_STYLES as unknown as [NumberingStyle, ...NumberingStyle[]]);

/** Query parameters of POST /api/imports/preview, /api/negotiations and /api/negotiations/:id/documents. */
export const ImportQuery = z.object({
  filename: z.string().trim().min(1, 'filename is required').max(255, 'filename is longer than 255 characters'),
  title: z.string().trim().max(300, 'title is longer than 300 characters').optional(),
  style: numberingStyle.optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportProblemWire = z.object({ line: z.number(), message: z.string(), text: z.string() });

export const ImportCountsWire = z.object({
  paragraphs: z.number(),
  headings: z.number(),
  subparagraphs: z.number(),
  footnotes: z.number(),
  bracketGroups: z.number(),
  deepestNesting: z.number(),
});

/** What the secretariat sees before anything is created. */
export const ImportPreview = z.object({
  filename: z.string(),
  kind: z.enum(['docx', 'text', 'markdown']),
  title: z.string(),
  numberingStyle,
  detectedStyle: numberingStyle,
  counts: ImportCountsWire,
  report: z.array(ImportProblemWire),
  /** The first numbered paragraphs as exported, so the reader can see the labels came out right. */
  sample: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const CreatedNegotiation = z.object({
  negotiation: z.object({ id: z.string(), title: z.string() }),
  document: z.object({ id: z.string(), title: z.string() }),
  /** The new negotiation's first secretariat link (shown once: only its hash is kept). */
  link: z.string(),
  report: z.array(ImportProblemWire),
});
export type CreatedNegotiation = z.infer<typeof CreatedNegotiation>;

export const AddedDocument = z.object({
  document: z.object({ id: z.string(), title: z.string() }),
  report: z.array(ImportProblemWire),
});
export type AddedDocument = z.infer<typeof AddedDocument>;
