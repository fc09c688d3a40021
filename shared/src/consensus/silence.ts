/**
 * The silence procedure (docs/design.md §16). A co-facilitator (or the secretariat: whoever may
 * resolve, CAPABILITIES.resolve) puts paragraphs, a section or the whole text "under silence" until a
 * deadline. Any delegation may break silence on a paragraph, with a reason, which everyone sees. At
 * the deadline every covered paragraph nobody broke becomes agreed, "agreed under silence".
 *
 * Why the rules look like this:
 *   - What a procedure covers is fixed when it opens (`blockIds`): a section that gains a paragraph
 *     afterwards does not silently extend a procedure the delegations already read.
 *   - Breaking is per paragraph, so one objection does not sink the whole text; the e2e scenario
 *     (two paragraphs, one broken) is the normal case in informal consultations.
 *   - A paragraph with open bracket groups cannot be put under silence (agreeing it would be a
 *     contradiction, consensus/locks.ts statusChange), nor one already under an open procedure.
 *     Already agreed paragraphs in a section or the whole text are skipped, not refused.
 *   - Settling looks at the document as it is at the deadline: a covered paragraph deleted since is
 *     reported as gone, one that gained bracket groups since is not agreed and says why.
 *
 * Every rule is a pure function: the time is an argument (`now`), never read from a clock, so the
 * server decides with its clock and tests decide with theirs. Procedures are plain JSON, stored by
 * the server in the room's Y.Doc under SILENCE_FIELD (collab/ydoc.ts) and validated on read with the
 * zod schema below (a client cannot write that root: only the server's named operations do).
 *
 * Known limits: a delegation's proposal in a paragraph under silence does not break silence by
 * itself (it adds a bracket group, so the paragraph is then not agreed at settlement, with that
 * reason); the deadline is an instant (ISO 8601 with offset), shown in the reader's time zone.
 */
import { z } from 'zod';
import type { Node as PMNode } from '@tiptap/pm/model';
import { CAPABILITIES, type Role } from '../access/roles.ts';
import { labelBlocks } from '../numbering/labels.ts';
import { openGroupCount } from './locks.ts';

export const MAX_SILENCE_REASON = 2000;

export const SilenceScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraphs'), blockIds: z.array(z.string().min(1)).min(1).max(1000) }),
  z.object({ kind: z.literal('section'), headingId: z.string().min(1) }),
  z.object({ kind: z.literal('document') }),
]);
export type SilenceScope = z.infer<typeof SilenceScope>;

export const SilenceBreak = z.object({
  blockId: z.string(),
  delegationId: z.string(),
  delegationName: z.string(),
  participantId: z.string(),
  reason: z.string(),
  at: z.string(),
});
export type SilenceBreak = z.infer<typeof SilenceBreak>;

export const SilenceProcedure = z.object({
  id: z.string(),
  scope: SilenceScope,
  /** The paragraphs and subparagraphs covered, fixed when the procedure opened, in document order. */
  blockIds: z.array(z.string()),
  /** Their labels when it opened ("12", "(a)", null), to name them after they are renumbered or deleted. */
  labels: z.record(z.string(), z.string().nullable()),
  deadline: z.string(),
  openedAt: z.string(),
  openedBy: z.object({ participantId: z.string(), name: z.string() }),
  breaks: z.array(SilenceBreak),
  state: z.enum(['open', 'settled', 'cancelled']),
  closedAt: z.string().nullable(),
  /** Settled: the paragraphs agreed under silence, and those that were not with the reason. */
  agreed: z.array(z.string()),
  notAgreed: z.array(z.object({ blockId: z.string(), reason: z.string() })),
});
export type SilenceProcedure = z.infer<typeof SilenceProcedure>;

export type SilenceResult<T> = { ok: true; value: T } | { ok: false; reason: string };
const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Reads stored procedures, dropping (and not trusting) anything that does not parse. */
export function parseProcedures(values: Iterable<unknown>): SilenceProcedure[] {
  const out: SilenceProcedure[] = [];
  for (const value of values) {
    const parsed = SilenceProcedure.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
}

const isStatusBlock = (node: PMNode) => node.type.name === 'paragraph' || node.type.name === 'subparagraph';

interface Covered {
  id: string;
  label: string | null;
  node: PMNode;
}

function describe(b: Covered): string {
  const kind = b.node.type.name === 'subparagraph' ? 'subparagraph' : 'paragraph';
  return b.label ? `${kind} ${b.label}` : `an unnumbered ${kind}`;
}

/**
 * The blocks a scope names, in document order: paragraphs and subparagraphs with an id. A section is
 * its heading's blocks up to the next heading of the same or a higher level. Already agreed blocks in
 * a section or the whole text are left out (named paragraphs are refused by openSilence instead).
 */
export function blocksInScope(doc: PMNode, scope: SilenceScope): SilenceResult<Covered[]> {
  const all = labelBlocks(doc);
  const withId = (b: { node: PMNode; label: string | null }): Covered | null =>
    isStatusBlock(b.node) && typeof b.node.attrs.id === 'string' && b.node.attrs.id ? { id: b.node.attrs.id, label: b.label, node: b.node } : null;
  if (scope.kind === 'paragraphs') {
    const wanted = new Set(scope.blockIds);
    const found = all.map(withId).filter((b): b is Covered => b !== null && wanted.has(b.id));
    const missing = scope.blockIds.filter((id) => !found.some((b) => b.id === id));
    if (missing.length) return refuse(`no such paragraph: ${missing.join(', ')}`);
    return { ok: true, value: found };
  }
  let start = 0;
  let end = all.length;
  if (scope.kind === 'section') {
    const at = all.findIndex((b) => b.node.type.name === 'sectionHeading' && b.node.attrs.id === scope.headingId);
    if (at < 0) return refuse('no such section');
    const level = Number(all[at]!.node.attrs.level ?? 1);
    start = at + 1;
    const next = all.findIndex((b, i) => i > at && b.node.type.name === 'sectionHeading' && Number(b.node.attrs.level ?? 1) <= level);
    if (next >= 0) end = next;
  }
  const value = all
    .slice(start, end)
    .map(withId)
    .filter((b): b is Covered => b !== null && b.node.attrs.status !== 'agreed');
  return { ok: true, value };
}

/** The open procedure covering a block, if any. */
export function silenceOn(procedures: readonly SilenceProcedure[], blockId: string): SilenceProcedure | null {
  return procedures.find((p) => p.state === 'open' && p.blockIds.includes(blockId)) ?? null;
}

export interface OpenRequest {
  id: string;
  scope: SilenceScope;
  deadline: string;
  role: Role;
  opener: { participantId: string; name: string };
}

const time = (iso: string) => Date.parse(iso);

/**
 * May this procedure open now? Refused for roles that may not resolve, a deadline that is not a
 * date-time after `now`, a scope with nothing to agree, and any covered paragraph that has open
 * bracket groups, is already agreed, or is already under silence (all named in one sentence).
 */
export function openSilence(doc: PMNode, procedures: readonly SilenceProcedure[], request: OpenRequest, now: Date): SilenceResult<SilenceProcedure> {
  if (!CAPABILITIES[request.role].resolve) return refuse('only co-facilitators and the secretariat put text under silence');
  const deadline = time(request.deadline);
  if (!/^\d{4}-\d\d-\d\dT/.test(request.deadline) || Number.isNaN(deadline)) return refuse('the deadline must be a date and time');
  if (deadline <= now.getTime()) return refuse('the deadline must be in the future');
  const scoped = blocksInScope(doc, request.scope);
  if (!scoped.ok) return scoped;
  const blocks = scoped.value;
  if (blocks.length === 0) return refuse('there is nothing left to agree there: every paragraph is already agreed');
  const problems: string[] = [];
  const withGroups = blocks.filter((b) => openGroupCount(b.node) > 0);
  if (withGroups.length) {
    problems.push(`${withGroups.map(describe).join(', ')} still ${withGroups.length === 1 ? 'has' : 'have'} open bracket groups`);
  }
  const agreed = blocks.filter((b) => b.node.attrs.status === 'agreed');
  if (agreed.length) problems.push(`${agreed.map(describe).join(', ')} ${agreed.length === 1 ? 'is' : 'are'} already agreed`);
  const silenced = blocks.filter((b) => silenceOn(procedures, b.id));
  if (silenced.length) problems.push(`${silenced.map(describe).join(', ')} ${silenced.length === 1 ? 'is' : 'are'} already under silence`);
  if (problems.length) return refuse(`cannot put this under silence: ${problems.join('; ')}`);
  return {
    ok: true,
    value: {
      id: request.id,
      scope: request.scope,
      blockIds: blocks.map((b) => b.id),
      labels: Object.fromEntries(blocks.map((b) => [b.id, b.label])),
      deadline: new Date(deadline).toISOString(),
      openedAt: now.toISOString(),
      openedBy: request.opener,
      breaks: [],
      state: 'open',
      closedAt: null,
      agreed: [],
      notAgreed: [],
    },
  };
}

export interface BreakRequest {
  blockId: string;
  reason: string;
  role: Role;
  delegation: { id: string; name: string } | null;
  participantId: string;
}

/**
 * A delegation breaks silence on one covered paragraph, before the deadline, with a reason. Several
 * delegations may break the same paragraph (each is recorded); the same delegation only once.
 */
export function breakSilence(procedure: SilenceProcedure, request: BreakRequest, now: Date): SilenceResult<SilenceProcedure> {
  if (!CAPABILITIES[request.role].breakSilence || !request.delegation) return refuse('only delegations break silence');
  if (procedure.state !== 'open') return refuse(`this silence procedure is ${procedure.state === 'settled' ? 'over' : 'cancelled'}`);
  if (now.getTime() >= time(procedure.deadline)) return refuse('the silence deadline has passed');
  if (!procedure.blockIds.includes(request.blockId)) return refuse('this paragraph is not under this silence procedure');
  const reason = request.reason.trim();
  if (!reason) return refuse('say why you break silence');
  if (reason.length > MAX_SILENCE_REASON) return refuse(`the reason is longer than ${MAX_SILENCE_REASON} characters`);
  if (procedure.breaks.some((b) => b.blockId === request.blockId && b.delegationId === request.delegation!.id)) {
    return refuse('your delegation has already broken silence on this paragraph');
  }
  const entry: SilenceBreak = {
    blockId: request.blockId,
    delegationId: request.delegation.id,
    delegationName: request.delegation.name,
    participantId: request.participantId,
    reason,
    at: now.toISOString(),
  };
  return { ok: true, value: { ...procedure, breaks: [...procedure.breaks, entry] } };
}

/** Withdrawing a procedure before its deadline: whoever may resolve. Nothing becomes agreed. */
export function cancelSilence(procedure: SilenceProcedure, role: Role, now: Date): SilenceResult<SilenceProcedure> {
  if (!CAPABILITIES[role].resolve) return refuse('only co-facilitators and the secretariat withdraw a silence procedure');
  if (procedure.state !== 'open') return refuse(`this silence procedure is already ${procedure.state === 'settled' ? 'over' : 'cancelled'}`);
  return { ok: true, value: { ...procedure, state: 'cancelled', closedAt: now.toISOString() } };
}

/** Is the procedure open and its deadline reached at `now`? */
export function isDue(procedure: SilenceProcedure, now: Date): boolean {
  return procedure.state === 'open' && now.getTime() >= time(procedure.deadline);
}

export interface Settlement {
  procedure: SilenceProcedure;
  /** Block ids to mark agreed now (those already agreed are counted as agreed but need no write). */
  toMark: string[];
}

/**
 * Settles a due procedure against the document as it is: every covered paragraph nobody broke that
 * still exists and holds no bracket group is agreed. Null when the procedure is not due at `now`.
 */
export function settleSilence(procedure: SilenceProcedure, doc: PMNode, now: Date): Settlement | null {
  if (!isDue(procedure, now)) return null;
  const present = new Map<string, Covered>();
  for (const b of labelBlocks(doc)) {
    if (isStatusBlock(b.node) && typeof b.node.attrs.id === 'string') present.set(b.node.attrs.id, { id: b.node.attrs.id, label: b.label, node: b.node });
  }
  const broken = new Set(procedure.breaks.map((b) => b.blockId));
  const agreed: string[] = [];
  const toMark: string[] = [];
  const notAgreed: { blockId: string; reason: string }[] = [];
  for (const id of procedure.blockIds) {
    const block = present.get(id);
    if (broken.has(id)) notAgreed.push({ blockId: id, reason: `silence broken by ${procedure.breaks.filter((b) => b.blockId === id).map((b) => b.delegationName).join(', ')}` });
    else if (!block) notAgreed.push({ blockId: id, reason: 'the paragraph was deleted' });
    else if (openGroupCount(block.node) > 0) notAgreed.push({ blockId: id, reason: 'bracket groups were added during the silence' });
    else {
      agreed.push(id);
      if (block.node.attrs.status !== 'agreed') toMark.push(id);
    }
  }
  return {
    procedure: { ...procedure, state: 'settled', closedAt: procedure.deadline, agreed, notAgreed },
    toMark,
  };
}

/** The earliest deadline of the open procedures, for the server's timer; null when none is open. */
export function nextDeadline(procedures: readonly SilenceProcedure[]): string | null {
  const open = procedures.filter((p) => p.state === 'open').map((p) => p.deadline);
  return open.length ? open.reduce((a, b) => (time(a) <= time(b) ? a : b)) : null;
}
