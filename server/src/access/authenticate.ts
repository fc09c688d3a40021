// Request -> participant, or the reason for refusing it. One function for the HTTP API, /join and the
// WebSocket upgrade, so every door checks the same things in the same order:
//   credentials present? -> well-formed? -> known? -> not revoked? -> not expired?
// Credentials are, in order of precedence, an access-link secret (`Authorization: Bearer`, or the
// `token` query parameter, which is what links, scripts and the stock y-websocket provider send) and
// the session cookie a link opened.
import type { IncomingMessage } from 'node:http';
import type { Participant, ParticipantRecord, Store } from '../storage/store.ts';
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, parseCookies } from './sessions.ts';
import { hashToken, isWellFormedToken, participantForToken } from './tokens.ts';

export type Refusal = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired';

export type AuthResult =
  | { ok: true; participant: Participant; via: 'token' | 'session'; sessionHash?: string }
  | { ok: false; refusal: Refusal };

/** What the HTTP API and /join say (JSON `error`, or the text of the refusal page). */
export const HTTP_MESSAGES: Readonly<Record<Refusal, string>> = {
  missing: 'authentication required',
  malformed: 'This access link is malformed.',
  unknown: 'This access link is not valid.',
  revoked: 'This access link has been revoked.',
  expired: 'This access link has expired.',
};

/** What the sync endpoint puts in its 4401 close reason. */
export const SYNC_REASONS: Readonly<Record<Refusal, string>> = {
  missing: 'authentication required',
  malformed: 'malformed access token',
  unknown: 'access link not valid',
  revoked: 'access revoked',
  expired: 'access expired',
};

export interface Credentials {
  /** An access-link secret, if the request carried one. */
  token: string | null;
  /** The session cookie's secret, if any. */
  session: string | null;
}

/** Credentials of an HTTP request or WebSocket upgrade. `params` are the URL's query parameters. */
export function credentialsOf(request: IncomingMessage, params: URLSearchParams): Credentials {
  const auth = request.headers.authorization;
  let token: string | null = null;
  if (typeof auth === 'string' && /^bearer\s/i.test(auth)) token = auth.replace(/^bearer\s+/i, '').trim();
  else if (params.has('token')) token = params.get('token');
  const session = parseCookies(request.headers.cookie).get(SESSION_COOKIE) ?? null;
  return { token, session };
}

/** Why a participant record cannot be used now, if it cannot. */
export function unusable(record: Pick<ParticipantRecord, 'revokedAt' | 'expiresAt'>, now = Date.now()): Refusal | null {
  if (record.revokedAt) return 'revoked';
  if (record.expiresAt && Date.parse(record.expiresAt) <= now) return 'expired';
  return null;
}

/** One store query per request: the link's hash, or the session with its participant (each joined
 *  with the participant's delegation). */
export async function authenticate(store: Store, credentials: Credentials, now = Date.now()): Promise<AuthResult> {
  let participant: Participant | undefined;
  let via: 'token' | 'session';
  let sessionHash: string | undefined;
  if (credentials.token !== null) {
    via = 'token';
    if (!isWellFormedToken(credentials.token)) return { ok: false, refusal: 'malformed' };
    participant = await participantForToken(store, credentials.token);
    if (!participant) return { ok: false, refusal: 'unknown' };
  } else if (credentials.session !== null && credentials.session !== '') {
    via = 'session';
    if (!isWellFormedToken(credentials.session)) return { ok: false, refusal: 'malformed' };
    sessionHash = hashToken(credentials.session);
    const session = await store.findSession(sessionHash);
    // A session that ended (logout) or is too old: sign in with the link again.
    if (!session || Date.parse(session.createdAt) + SESSION_MAX_AGE_SECONDS * 1000 <= now) return { ok: false, refusal: 'missing' };
    participant = session.participant;
  } else {
    return { ok: false, refusal: 'missing' };
  }
  const refusal = unusable(participant, now);
  if (refusal) return { ok: false, refusal };
  return { ok: true, participant, via, sessionHash };
}
