// The last answers the server gave this browser for who is signed in (/api/me), the negotiations with
// their delegations' names (/api/negotiations) and what a document is (/api/documents/<id>), so that
// a page loaded with no network (the service worker served the shell, client/src/sw.ts) can still
// show the document from the browser's copy (collab/localStore.ts).
// Kept in localStorage at every online start.
//
// Rule (lastKnownOr): the fresh answer when there is one; the remembered one ONLY when the request
// never reached the server (OfflineError); any refusal from the server (401 signed out, 403, 404)
// wins and forgets what was remembered. The remembered identity decides nothing on the server: every
// request and the sync channel are checked there again once the network is back.
// Known limits: signing out while offline cannot reach the server, and the remembered identity is
// per browser profile, not per tab (the last participant who opened the app online).
import { ApiError, OfflineError } from '../api.ts';

const PREFIX = 'penholder:lastKnown:';

/** Where a remembered answer lives: the signed-in identity, or one document's description. */
export const ME_KEY = 'me';
/** The negotiations the participant sees (the delegations' names). */
export const NEGOTIATIONS_KEY = 'negotiations';
export const documentKey = (documentId: string) => `document:${documentId}`;

/** The storage this module needs (window.localStorage in the browser, a Map in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function defaultStorage(): KeyValue | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser: nothing is remembered
  }
}

export function remember(key: string, value: unknown, storage = defaultStorage()): void {
  try {
    storage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* quota or disabled storage: the next offline start just cannot fall back */
  }
}

export function recall<T>(key: string, storage = defaultStorage()): T | null {
  const raw = storage?.getItem(PREFIX + key) ?? null;
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function forget(key: string, storage = defaultStorage()): void {
  storage?.removeItem(PREFIX + key);
}

/** Every remembered answer (signing out). */
export function forgetAll(storage = defaultStorage()): void {
  if (!storage) return;
  const keys: string[] = [];
  const s = storage as KeyValue & { length?: number; key?(i: number): string | null };
  if (typeof s.length === 'number' && s.key) {
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
  }
  for (const k of keys) storage.removeItem(k);
}

export type Known<T> = { value: T; offline: boolean };

/**
 * Loads `key` from the server and remembers it; when the server cannot be reached, the remembered
 * answer marked offline; otherwise the error (a server refusal also forgets the remembered answer).
 */
export async function lastKnownOr<T>(key: string, load: () => Promise<T>, storage = defaultStorage()): Promise<Known<T>> {
  try {
    const value = await load();
    remember(key, value, storage);
    return { value, offline: false };
  } catch (err) {
    if (err instanceof OfflineError) {
      const known = recall<T>(key, storage);
      if (known !== null) return { value: known, offline: true };
    } else if (err instanceof ApiError) {
      forget(key, storage);
    }
    throw err;
  }
}
