// Who is on the other end of a request or a sync connection. Identity comes from the server (an
// access link or the session it opened, see access/authenticate.ts), never from what a client says
// about itself.
import type { Role } from '../../../shared/src/access/roles.ts';
import type { DelegationKind, ParticipantRecord, Store } from '../storage/store.ts';

export type { Role };

export interface Participant extends ParticipantRecord {
  /** The delegation this participant speaks for (role 'delegation'), with its display name. */
  delegation: { id: string; name: string; kind: DelegationKind } | null;
}

export async function participantFromRecord(store: Pick<Store, 'listDelegations'>, record: ParticipantRecord): Promise<Participant> {
  const d = record.delegationId ? (await store.listDelegations(record.negotiationId)).find((x) => x.id === record.delegationId) : undefined;
  return { ...record, delegation: d ? { id: d.id, name: d.name, kind: d.kind } : null };
}

/** The participant as the API shows it (no secrets: only the hash is stored anyway). */
export function participantJSON(p: Participant) {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    delegation: p.delegation,
    createdAt: p.createdAt,
    revokedAt: p.revokedAt,
    expiresAt: p.expiresAt,
  };
}
