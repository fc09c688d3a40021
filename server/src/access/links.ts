// Participants and their access links: issuing, listing, revoking, and adding delegations. Used by the
// management API and the command line alike, so both validate the same way. A link is
// `${publicUrl}/join?token=SECRET`; the secret is returned once, here, and only its hash is stored, so
// a lost link is replaced by issuing a new one (and revoking the old participant if need be).
import { isRole, ROLE_NAMES, type Role } from '../../../shared/src/access/roles.ts';
import type { Delegation, Participant, ParticipantRecord, Store } from '../storage/store.ts';
import { DELEGATION_KINDS, isDelegationKind, nameProblem, MAX_NAME_LENGTH, uniqueDelegationId } from '../../../shared/src/access/delegations.ts';
import { generateToken, hashToken } from './tokens.ts';
import { newRecordId } from '../ids.ts';

/** A request the caller got wrong (400), or that names nothing we know (404). */
export class AccessError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function linkFor(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/join?token=${token}`;
}

function cleanName(name: unknown, what: string): string {
  if (typeof name !== 'string') throw new AccessError(`${what} must be a string`);
  const trimmed = name.trim();
  if (!trimmed) throw new AccessError(`${what} is empty`);
  if (trimmed.length > MAX_NAME_LENGTH) throw new AccessError(`${what} is longer than ${MAX_NAME_LENGTH} characters`);
  if (nameProblem(trimmed)) throw new AccessError(`${what} contains control characters`);
  return trimmed;
}

export interface IssueRequest {
  negotiationId: string;
  role: unknown;
  name?: unknown;
  delegationId?: unknown;
  expiresAt?: unknown;
}

/** Creates a participant of a negotiation and returns it with its link (the only time the secret exists). */
export async function issueParticipant(store: Store, request: IssueRequest, publicUrl: string): Promise<{ participant: Participant; link: string }> {
  if (!(await store.listNegotiations()).some((n) => n.id === request.negotiationId)) {
    throw new AccessError(`no negotiation with id "${request.negotiationId}"`, 404);
  }
  if (!isRole(request.role)) throw new AccessError('role must be one of cofacilitator, delegation, secretariat, observer');
  const role: Role = request.role;
  let delegation: Delegation | undefined;
  if (role === 'delegation') {
    if (typeof request.delegationId !== 'string' || !request.delegationId) throw new AccessError('a delegation link needs a delegationId');
    delegation = (await store.listDelegations(request.negotiationId)).find((d) => d.id === request.delegationId);
    if (!delegation) throw new AccessError(`no delegation "${request.delegationId}" in this negotiation`);
  } else if (request.delegationId !== undefined && request.delegationId !== null) {
    throw new AccessError(`a ${role} link does not speak for a delegation`);
  }
  const name =
    request.name === undefined || request.name === null || request.name === ''
      ? (delegation?.name ?? ROLE_NAMES[role])
      : cleanName(request.name, 'name');
  let expiresAt: string | null = null;
  if (request.expiresAt !== undefined && request.expiresAt !== null) {
    const ms = typeof request.expiresAt === 'string' ? Date.parse(request.expiresAt) : NaN;
    if (Number.isNaN(ms)) throw new AccessError('expiresAt must be an ISO 8601 date');
    expiresAt = new Date(ms).toISOString();
  }
  const token = generateToken();
  const record: ParticipantRecord = {
    id: newRecordId(),
    negotiationId: request.negotiationId,
    role,
    delegationId: delegation?.id ?? null,
    name,
    createdAt: new Date().toISOString(),
    revokedAt: null,
    expiresAt,
  };
  await store.createParticipant(record, hashToken(token));
  // The delegation is at hand: no read back.
  const participant = { ...record, delegation: delegation ? { id: delegation.id, name: delegation.name, kind: delegation.kind } : null };
  return { participant, link: linkFor(publicUrl, token) };
}

/** The negotiation's participants (all, without one), with their delegations: one store query. */
export function listParticipants(store: Store, negotiationId?: string): Promise<Participant[]> {
  return store.listParticipants(negotiationId);
}

/** Revokes a participant (idempotent). The caller closes its open connections. */
export async function revokeParticipant(store: Store, participantId: string): Promise<Participant> {
  const participant = await store.revokeParticipant(participantId, new Date().toISOString());
  if (!participant) throw new AccessError(`no participant with id "${participantId}"`, 404);
  return participant;
}

/** Adds a delegation; its id is the slug of its name, made unique within the negotiation. */
export async function addDelegation(store: Store, negotiationId: string, request: { name: unknown; kind?: unknown }): Promise<Delegation> {
  if (!(await store.listNegotiations()).some((n) => n.id === negotiationId)) {
    throw new AccessError(`no negotiation with id "${negotiationId}"`, 404);
  }
  const name = cleanName(request.name, 'name');
  const kind = request.kind === undefined ? 'state' : request.kind;
  if (!isDelegationKind(kind)) throw new AccessError(`kind must be one of ${DELEGATION_KINDS.join(', ')}`);
  const existing = await store.listDelegations(negotiationId);
  if (existing.some((d) => d.name.toLowerCase() === name.toLowerCase())) throw new AccessError(`a delegation named "${name}" already exists`, 409);
  const id = uniqueDelegationId(name, new Set(existing.map((d) => d.id)));
  const delegation: Delegation = { id, negotiationId, name, kind };
  await store.createDelegation(delegation);
  return delegation;
}
