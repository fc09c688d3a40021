// Who is on the other end of a request or a sync connection. Identity comes from the server (an
// access link or the session it opened, see access/authenticate.ts), never from what a client says
// about itself.
// The store reads a participant with its delegation in one query (storage/store.ts, Participant).
import type { Role } from '../../../shared/src/access/roles.ts';
import type { Participant } from '../storage/store.ts';

export type { Participant, Role };

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
