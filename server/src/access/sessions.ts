// Browser sessions: opening an access link (GET /join?token=...) trades the link's secret for a
// session cookie holding another random secret, stored hashed. The cookie is HttpOnly (scripts in the
// page cannot read it), SameSite=Lax (cross-site POSTs do not carry it, which with JSON-only
// endpoints is our CSRF defence) and Path=/ (the WebSocket upgrade sends it too).
import type { Store } from '../storage/store.ts';
import { generateToken, hashToken } from './tokens.ts';

export const SESSION_COOKIE = 'penholder_session';
/** A session older than this is refused; the person opens their link again. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** Cookie header -> name/value pairs (first occurrence wins, values URI-decoded when possible). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it raw; the token check will call it malformed
    }
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** Creates a session for the participant; returns the cookie's secret (only its hash is stored). */
export function issueSession(store: Store, participantId: string): string {
  const secret = generateToken();
  store.createSession(hashToken(secret), participantId);
  return secret;
}

export function sessionCookie(secret: string, options: { secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=${secret}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Max-Age=${SESSION_MAX_AGE_SECONDS}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(options: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0', ...(options.secure ? ['Secure'] : [])].join('; ');
}
