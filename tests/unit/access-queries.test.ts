// Store reads on the request path (review finding: three round trips per request, N+1 listings).
// Every HTTP request and WebSocket upgrade authenticates; on PostgreSQL each store call is a round
// trip, so these tests count the calls made to the store: one per request, whichever credential it
// carries, and one to list a negotiation's participants however many there are. Each participant
// still comes with its delegation's name and kind.
import { beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../server/src/access/authenticate.ts';
import { issueParticipant, listParticipants, revokeParticipant } from '../../server/src/access/links.ts';
import { generateToken, hashToken } from '../../server/src/access/tokens.ts';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import type { Store } from '../../server/src/storage/store.ts';

const PUBLIC_URL = 'https://penholder.example.org';
const EU = { id: 'eu', name: 'European Union', kind: 'group' as const };
const G77 = { id: 'g77', name: 'Group of 77 and China', kind: 'group' as const };

/** The store, and the names of the methods called on it through `counted`, in order. */
function countingStore(store: Store): { counted: Store; calls: string[] } {
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { counted, calls };
}

/** The secret of an access link. */
const secretOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('reads of participants on the request path', () => {
  let store: MemoryStore;

  beforeEach(async () => {
    store = new MemoryStore();
    await store.createNegotiation({ negotiation: { id: 'wsis20', title: 'WSIS+20 overall review' }, delegations: [G77, EU], documents: [] });
  });

  it('authenticates an access link with one store query, the participant coming with its delegation', async () => {
    const { participant, link } = await issueParticipant(store, { negotiationId: 'wsis20', role: 'delegation', delegationId: 'eu', name: 'EU delegate' }, PUBLIC_URL);
    const { counted, calls } = countingStore(store);
    const result = await authenticate(counted, { token: secretOf(link), session: null });
    expect(result).toEqual({ ok: true, participant, via: 'token', sessionHash: undefined });
    expect(result.ok && result.participant.delegation).toEqual(EU);
    expect(calls).toEqual(['findParticipantByTokenHash']);
  });

  it('authenticates a session cookie with one store query (the session joined with its participant)', async () => {
    const { participant } = await issueParticipant(store, { negotiationId: 'wsis20', role: 'delegation', delegationId: 'g77' }, PUBLIC_URL);
    const session = generateToken();
    await store.createSession(hashToken(session), participant.id);
    const { counted, calls } = countingStore(store);
    const result = await authenticate(counted, { token: null, session });
    expect(result).toEqual({ ok: true, participant, via: 'session', sessionHash: hashToken(session) });
    expect(result.ok && result.participant.delegation).toEqual(G77);
    expect(calls).toEqual(['findSession']);
  });

  it('refuses a revoked link and an unknown session after one query each', async () => {
    const { participant, link } = await issueParticipant(store, { negotiationId: 'wsis20', role: 'observer' }, PUBLIC_URL);
    await store.revokeParticipant(participant.id, '2026-11-03T12:00:00.000Z');
    const { counted, calls } = countingStore(store);
    expect(await authenticate(counted, { token: secretOf(link), session: null })).toEqual({ ok: false, refusal: 'revoked' });
    expect(await authenticate(counted, { token: null, session: generateToken() })).toEqual({ ok: false, refusal: 'missing' });
    expect(calls).toEqual(['findParticipantByTokenHash', 'findSession']);
  });

  it('lists a negotiation\'s participants with their delegations in one query, not one per participant', async () => {
    const issued = [
      (await issueParticipant(store, { negotiationId: 'wsis20', role: 'cofacilitator', name: 'Co-facilitator' }, PUBLIC_URL)).participant,
      (await issueParticipant(store, { negotiationId: 'wsis20', role: 'delegation', delegationId: 'eu' }, PUBLIC_URL)).participant,
      (await issueParticipant(store, { negotiationId: 'wsis20', role: 'delegation', delegationId: 'g77' }, PUBLIC_URL)).participant,
      (await issueParticipant(store, { negotiationId: 'wsis20', role: 'delegation', delegationId: 'eu', name: 'EU (second seat)' }, PUBLIC_URL)).participant,
    ];
    const { counted, calls } = countingStore(store);
    const listed = await listParticipants(counted, 'wsis20');
    expect(new Set(listed.map((p) => p.id))).toEqual(new Set(issued.map((p) => p.id)));
    expect(listed.map((p) => [p.name, p.delegation])).toEqual(
      expect.arrayContaining([['Co-facilitator', null], ['European Union', EU], ['Group of 77 and China', G77], ['EU (second seat)', EU]]),
    );
    expect(calls).toEqual(['listParticipants']);
  });

  it('revokes with one query and answers with the participant and its delegation', async () => {
    const { participant } = await issueParticipant(store, { negotiationId: 'wsis20', role: 'delegation', delegationId: 'eu' }, PUBLIC_URL);
    const { counted, calls } = countingStore(store);
    const revoked = await revokeParticipant(counted, participant.id);
    expect(revoked).toEqual({ ...participant, revokedAt: expect.any(String) });
    expect(revoked.delegation).toEqual(EU);
    expect(calls).toEqual(['revokeParticipant']);
  });
});
