// Wire types of frozen revisions and comparison (server/README.md), one zod schema per payload.
import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from '../export/formats.ts';

export const MAX_REVISION_NAME = 100;
export const MAX_REVISION_NOTE = 2000;

/** POST /api/documents/:id/revisions */
export const FreezeRequest = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'name the revision (for example "Zero draft" or "Rev.1")')
    .max(MAX_REVISION_NAME, `the name is longer than ${MAX_REVISION_NAME} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'the name contains control characters'),
  note: z.string().trim().max(MAX_REVISION_NOTE, `the note is longer than ${MAX_REVISION_NOTE} characters`).default(''),
  /** Derive every paragraph number afresh before freezing (`12 bis` becomes 13); the map is kept. */
  renumber: z.boolean().default(false),
});
export type FreezeRequest = z.infer<typeof FreezeRequest>;

export const RevisionSummary = z.object({
  id: z.string(),
  name: z.string(),
  note: z.string(),
  at: z.string(),
  by: z.object({ name: z.string(), role: z.string() }).nullable(),
  uptoSeq: z.number(),
  renumbered: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type RevisionSummary = z.infer<typeof RevisionSummary>;
export const RevisionList = z.array(RevisionSummary);

/** GET /api/documents/:id/compare?from=REVISION&to=REVISION|live[&format=docx|pdf|...] */
export const CompareQuery = z.object({
  from: z.string().min(1, 'from names a revision'),
  to: z.string().min(1).default('live'),
  /** Absent: the Redline as JSON for the compare view; present: the redline as a file to download. */
  format: z.enum(Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]]).optional(),
});
