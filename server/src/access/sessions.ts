// Browser sessions: opening an access link (GET /join?token=...) trades the link's secret for a
// session cookie holding another random secret, stored hashed. The cookie is HttpOnly (scripts in the
// page cannot read it), SameSite=Lax (cross-site POSTs do not carry it, which with JSON-only
// endpoints is our CSRF defence) and Path=/ (the WebSocket upgrade sends it too).
import type { Store } from '../storage/store.ts';
import { parse as parseCookie, serialize } from 'cookie';
import { generateToken, hashToken } from './tokens.ts';

export const SESSION_COOKIE = 'penholder_session';
/** A session older than this is refused; the person opens their link again. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** Cookie header -> name/value pairs (the `cookie` package: first occurrence wins, values URI-decoded when possible). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const [name, value] of Object.entries(parseCookie(header))) if (value !== undefined) cookies.set(name, value);
  return cookies;
}

/** Creates a session for the participant; returns the cookie's secret (only its hash is stored). */
export async function issueSession(store: Store, participantId: string): Promise<string> {
  const secret = generateToken();
  await store.createSession(hashToken(secret), participantId);
  return secret;
}

const cookieAttributes = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure });

export function sessionCookie(secret: string, options: { secure: boolean }): string {
  return serialize(SESSION_COOKIE, secret, { maxAge: SESSION_MAX_AGE_SECONDS, ...cookieAttributes(options.secure) });
}

export function clearedSessionCookie(options: { secure: boolean }): string {
  return serialize(SESSION_COOKIE, '', { maxAge: 0, ...cookieAttributes(options.secure) });
}
