// Wire types of POST /api/documents/:id/operations (server/README.md): one proposal operation, and
// optionally the delegation a co-facilitator enters it for (screen negotiation). The shapes are
// checked here; what an operation may change is decided by applying it (proposals/operations.ts).
import { z } from 'zod';

const id = z.string().min(1).max(200);
const offset = z.number().int().min(0);
const text = z.string().max(100_000);

/** A delegation's positions on an alternative; `cosponsor` joins the proposal as one of its authors. */
export const POSITIONS = ['support', 'object', 'cosponsor', 'none'] as const;
export const Position = z.enum(POSITIONS);
export type Position = z.infer<typeof Position>;

export const ProposalOperation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('propose-replacement'), blockId: id, from: offset, to: offset, expected: text, text }),
  z.object({ type: z.literal('propose-deletion'), blockId: id, from: offset, to: offset, expected: text }),
  /** `expected`: the block's text before `at`, as the asker saw it (proposals/operations.ts textBeforePoint). */
  z.object({ type: z.literal('propose-insertion'), blockId: id, at: offset, expected: text, text }),
  z.object({ type: z.literal('propose-alternative'), groupId: id, text }),
  /** A new paragraph after the given one, wholly in brackets, proposed by the asker. */
  z.object({ type: z.literal('propose-paragraph'), afterBlockId: id, text }),
  /** A whole-paragraph alternative to a numbered paragraph: `12 Alt`, right after paragraph 12. */
  z.object({ type: z.literal('propose-paragraph-alternative'), blockId: id, text }),
  z.object({ type: z.literal('amend'), altId: id, text }),
  z.object({ type: z.literal('withdraw'), altId: id }),
  z.object({ type: z.literal('position'), altId: id, position: Position }),
]);
export type ProposalOperation = z.infer<typeof ProposalOperation>;

/** Screen negotiation: the request body may add `onBehalfOf`, a delegation id, to the operation's fields. */
export const OnBehalfOf = z.object({ onBehalfOf: id.optional() });
export type OperationRequest = ProposalOperation & z.infer<typeof OnBehalfOf>;

/** The first problem with a body, as `field: what is wrong`. */
export function operationProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'malformed operation';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
