// Access-link and session secrets. A secret is 32 random bytes, base64url (43 characters); the
// database keeps only its sha256. Looking a secret up means hashing what the client sent and finding
// that hash through the unique index: the only comparison that can leak timing is between hashes of
// the attacker's own input and stored hashes, which says nothing usable about any secret (finding an
// input with a given hash prefix does not help produce the secret itself). So there is no
// secret-dependent early exit anywhere, and nothing to compare in constant time by hand.
import { createHash, randomBytes } from 'node:crypto';
import type { Participant, Store } from '../storage/store.ts';

export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` has the shape of a secret we issue (checked before any database lookup). */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}

/** The participant a well-formed link secret belongs to (revoked or expired ones included). */
export function participantForToken(store: Store, token: string): Promise<Participant | undefined> {
  return store.findParticipantByTokenHash(hashToken(token));
}
