// What a history entry says happened, beyond who touched which paragraphs: events the server records
// with the update when it makes the change itself through a named operation (a group resolved or
// restored, paragraphs agreed under silence, the numbering fixed). Stored as JSON with the update
// (updates.events) and validated on the way out, so an unknown or damaged record is dropped, not shown.
import { z } from 'zod';

/** One alternative of a resolved group as it was: enough to name it and to re-create it. */
export const RecordedAlternative = z.object({ text: z.string(), proposer: z.string().nullable() });

export const HistoryEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('group-resolved'),
    blockId: z.string(),
    groupId: z.string(),
    /** The alternative kept, or null when the whole group was dropped. */
    chosen: RecordedAlternative.nullable(),
    dropped: z.array(RecordedAlternative),
    /** Where the group stood (offset in the block's content) and the group as ProseMirror JSON, for undo. */
    offset: z.number().int().nonnegative(),
    /** Size of the content that replaced the group (the kept alternative's; 0 when dropped). */
    keptSize: z.number().int().nonnegative(),
    group: z.unknown(),
  }),
  z.object({ kind: z.literal('group-restored'), blockId: z.string(), groupId: z.string(), undoneSeq: z.number().int() }),
  z.object({
    kind: z.literal('agreed-under-silence'),
    procedureId: z.string(),
    blockIds: z.array(z.string()),
    onBehalfOf: z.string(),
  }),
  z.object({ kind: z.literal('numbering-fixed'), labels: z.number().int() }),
  /** A proposal operation (shared/src/proposals/operations.ts) applied for a delegation or a pen-holder. */
  z.object({ kind: z.literal('proposal'), op: z.string(), blockId: z.string().nullable() }),
]);
export type HistoryEvent = z.infer<typeof HistoryEvent>;

/** Parses stored events, keeping the ones that are well formed. */
export function parseEvents(value: unknown): HistoryEvent[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const parsed = HistoryEvent.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Before and after text of one paragraph an update touched, for the history's small redline. */
export const BlockChange = z.object({
  blockId: z.string(),
  /** Literal text (brackets as typed) before and after; null when the block did not exist. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  /** The word-level redline from before to after (shared/src/revisions/textRedline.ts). */
  runs: z.array(z.object({ change: z.enum(['same', 'ins', 'del']), text: z.string() })),
});
export type BlockChange = z.infer<typeof BlockChange>;
