// The app shell offline (client/src/sw.ts, client/src/offline/*): which paths the service worker
// leaves to the network, and when a remembered server answer may stand in for a fresh one.
import { describe, expect, it } from 'vitest';
import { isServerPath } from '../../client/src/offline/routes.ts';
import { ME_KEY, documentKey, forgetAll, lastKnownOr, recall, remember, type KeyValue } from '../../client/src/offline/lastKnown.ts';
import { ApiError, OfflineError } from '../../client/src/api.ts';

function memoryStorage(): KeyValue & { length: number; key(i: number): string | null; map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('paths the service worker never serves from a cache', () => {
  it('the API, the sync channel and access links belong to the server', () => {
    for (const p of ['/api/me', '/api', '/sync/doc-1', '/join', '/join?token=abc']) expect(isServerPath(p), p).toBe(true);
  });
  it('app pages and assets are the shell, including names that merely start like a server path', () => {
    for (const p of ['/', '/d/doc-1', '/d/doc-1/overview', '/assets/index-abc.js', '/apiary', '/joined', '/d/api'])
      expect(isServerPath(p), p).toBe(false);
  });
});

describe('the last known answer stands in only when the server cannot be reached', () => {
  const me = { participant: { id: 'p1', name: 'Ana' } };

  it('a fresh answer is returned and remembered', async () => {
    const s = memoryStorage();
    expect(await lastKnownOr(ME_KEY, async () => me, s)).toEqual({ value: me, offline: false });
    expect(recall(ME_KEY, s)).toEqual(me);
  });

  it('offline, the remembered answer is returned, marked offline', async () => {
    const s = memoryStorage();
    remember(ME_KEY, me, s);
    const known = await lastKnownOr(ME_KEY, () => Promise.reject(new OfflineError()), s);
    expect(known).toEqual({ value: me, offline: true });
  });

  it('offline with nothing remembered, the offline error stands', async () => {
    await expect(lastKnownOr(ME_KEY, () => Promise.reject(new OfflineError()), memoryStorage())).rejects.toBeInstanceOf(OfflineError);
  });

  it('a refusal by the server wins over the remembered answer and forgets it', async () => {
    const s = memoryStorage();
    remember(ME_KEY, me, s);
    await expect(lastKnownOr(ME_KEY, () => Promise.reject(new ApiError(401, 'Sign in')), s)).rejects.toBeInstanceOf(ApiError);
    expect(recall(ME_KEY, s)).toBeNull();
  });

  it('documents are remembered one by one, and signing out forgets everything remembered (nothing else)', async () => {
    const s = memoryStorage();
    s.setItem('unrelated', 'x');
    await lastKnownOr(documentKey('d1'), async () => ({ id: 'd1', title: 'Draft' }), s);
    remember(ME_KEY, me, s);
    expect(recall(documentKey('d1'), s)).toEqual({ id: 'd1', title: 'Draft' });
    expect(recall(documentKey('d2'), s)).toBeNull();
    forgetAll(s);
    expect(recall(documentKey('d1'), s)).toBeNull();
    expect(recall(ME_KEY, s)).toBeNull();
    expect(s.getItem('unrelated')).toBe('x');
  });

  it('a corrupt entry counts as nothing remembered', () => {
    const s = memoryStorage();
    s.setItem('penholder:lastKnown:me', '{not json');
    expect(recall(ME_KEY, s)).toBeNull();
  });
});
