// Wire types of the silence procedure (POST /api/documents/:id/silence) and of the overview
// (GET /api/documents/:id/overview), one zod schema per payload.
import { z } from 'zod';
import { MAX_SILENCE_REASON, SilenceProcedure, SilenceScope } from '../consensus/silence.ts';

/** The named operations on silence procedures; the server runs the rules in consensus/silence.ts. */
export const SilenceOperation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), scope: SilenceScope, deadline: z.string().min(1, 'give a deadline') }),
  z.object({
    type: z.literal('break'),
    procedureId: z.string().min(1),
    blockId: z.string().min(1),
    reason: z.string().trim().min(1, 'say why you break silence').max(MAX_SILENCE_REASON),
  }),
  z.object({ type: z.literal('cancel'), procedureId: z.string().min(1) }),
]);
export type SilenceOperation = z.infer<typeof SilenceOperation>;

export const SilenceAnswer = z.object({ procedure: SilenceProcedure });
