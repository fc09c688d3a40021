// Who is on the other end of a sync connection. Identity comes from the server (an access link or a
// login), never from what a client says about itself; `authenticate` is the one place that decides it.
import type { IncomingMessage } from 'node:http';

export type Role = 'co-facilitator' | 'delegation' | 'secretariat' | 'observer' | 'editor';

export interface Participant {
  /** Stable id of the person or access link. */
  id: string;
  /** Human label, also recorded as the origin of every update this participant makes. */
  label: string;
  role: Role;
  /** The delegation this participant speaks for, when the role is 'delegation'. */
  delegationId?: string;
}

export interface AuthenticationRequest {
  request: IncomingMessage;
  documentId: string;
  /** Query parameters of the sync URL (e.g. `token`). */
  params: URLSearchParams;
}

/**
 * Today every connection is an anonymous editor. A later issue resolves `params.get('token')` to a
 * participant; returning null refuses the connection (closed with 4401).
 */
export function authenticate(_req: AuthenticationRequest): Participant | null {
  return { id: 'anonymous', label: 'anonymous editor', role: 'editor' };
}
