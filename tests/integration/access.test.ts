// Access links, sessions and their refusal, over HTTP and over the WebSocket; management by the
// secretariat; revocation and expiry closing open connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docFromYDoc } from '../../shared/src/collab/ydoc.ts';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  getJSON,
  issueLink,
  postJSON,
  rawClient,
  seedNegotiation,
  startServerProcess,
  storedDocJSON,
  syncFrame,
  forgeUpdate,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';

let server: ServerProcess;
let documentId: string;
let negotiationId: string;
let alice: ProviderClient;
let bob: ProviderClient;

beforeAll(async () => {
  // The demo start-up, as a person runs it: links printed for each seat.
  server = await startServerProcess({ env: { PENHOLDER_QUIET: '1', PENHOLDER_REVOCATION_POLL_MS: '200' } });
  const me = await getJSON(server, '/api/me');
  negotiationId = me.body.participant.negotiationId;
  documentId = (await getJSON(server, '/api/negotiations')).body[0].documents[0].id;
  alice = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
  bob = connectProvider(server, documentId, { token: server.tokens.secretariat });
  await Promise.all([alice.synced, bob.synced]);
});

afterAll(async () => {
  alice?.destroy();
  bob?.destroy();
  await server?.stop('SIGKILL');
});

const json = (d: ProviderClient) => docFromYDoc(d.doc).toJSON();

async function stillServing() {
  const marker = `still working ${Math.random()}`;
  appendParagraph(alice.doc, marker);
  await waitUntil(async () => (await blockTexts(bob.doc)).includes(marker), 5_000, 'bob to receive the edit');
}

describe('demo start-up', () => {
  it('prints one working link per seat', async () => {
    expect(Object.keys(server.links)).toEqual(['secretariat', 'cofacilitator', 'delegation', 'observer']);
    const expected = {
      secretariat: { role: 'secretariat', delegation: null },
      cofacilitator: { role: 'cofacilitator', delegation: null },
      delegation: { role: 'delegation', delegation: { id: 'eu', name: 'European Union', kind: 'group' } },
      observer: { role: 'observer', delegation: null },
    } as const;
    for (const seat of Object.keys(expected) as (keyof typeof expected)[]) {
      expect(server.links[seat]).toMatch(new RegExp(`^http://localhost:${server.port}/join\\?token=[A-Za-z0-9_-]{43}$`));
      const me = await getJSON(server, '/api/me', server.tokens[seat]);
      expect(me.body.participant).toMatchObject({ ...expected[seat], negotiationId });
    }
    const observer = await getJSON(server, '/api/me', server.tokens.observer);
    expect(observer.body.capabilities).toEqual({ editText: false, propose: false, resolve: false, manage: false, exportCompilation: false, freeze: false, enterForDelegation: false, breakSilence: false, speakForDelegation: false });
  });
});

describe('opening a link', () => {
  it('signs in with an HttpOnly session cookie and redirects to the document; the cookie works for the API and the WebSocket', async () => {
    const res = await fetch(server.links.delegation.replace('localhost', '127.0.0.1'), { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/d/${documentId}`);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^penholder_session=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=2592000']) expect(cookie!.split('; ')).toContain(attribute);
    const session = cookie.split(';')[0]!;
    // The link's secret is not the session's.
    expect(session).not.toContain(server.tokens.delegation);

    const me = await fetch(`${server.httpUrl}/api/me`, { headers: { cookie: session } });
    expect((await me.json()).participant.role).toBe('delegation');

    const ws = rawClient(server, documentId, { headers: { cookie: session } });
    await ws.opened;
    await waitUntil(() => ws.received.length > 0, 5_000, 'the server greeting');
    expect(ws.ws.readyState).toBe(ws.ws.OPEN);
    ws.ws.close();

    // A page of another origin (another port of this host, say) cannot ride on the cookie.
    const crossSite = rawClient(server, documentId, { headers: { cookie: session, origin: 'http://localhost:6666' } });
    expect(await crossSite.closed).toEqual({ code: 4403, reason: 'cross-site connection refused' });
    const sameSite = rawClient(server, documentId, { headers: { cookie: session, origin: server.httpUrl } });
    await sameSite.opened;
    sameSite.ws.close();

    // Logging out ends the session.
    const out = await fetch(`${server.httpUrl}/api/logout`, { method: 'POST', headers: { cookie: session } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^penholder_session=; .*Max-Age=0/);
    const after = await fetch(`${server.httpUrl}/api/me`, { headers: { cookie: session } });
    expect(after.status).toBe(401);
    const wsAfter = rawClient(server, documentId, { headers: { cookie: session } });
    expect(await wsAfter.closed).toEqual({ code: 4401, reason: 'authentication required' });
  });

  it('refuses bad links with a plain page saying why', async () => {
    const revoked = await issueLink(server, { role: 'observer', name: 'Soon revoked' });
    await postJSON(server, `/api/participants/${revoked.participant.id}/revoke`, {}, server.tokens.secretariat);
    const expired = await issueLink(server, { role: 'observer', name: 'Expired', expiresAt: '2020-01-01T00:00:00Z' });
    const cases: [string, string][] = [
      ['/join?token=' + 'A'.repeat(43), 'This access link is not valid.'],
      ['/join?token=short', 'This access link is malformed.'],
      ['/join', 'This access link is malformed.'],
      ['/join?token=' + revoked.token, 'This access link has been revoked.'],
      ['/join?token=' + expired.token, 'This access link has expired.'],
    ];
    for (const [path, message] of cases) {
      const res = await fetch(server.httpUrl + path, { redirect: 'manual' });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain(message);
    }
  });
});

describe('refused credentials', () => {
  it('missing, forged, malformed, expired and revoked: 401 over HTTP, 4401 over the WebSocket, document unchanged', async () => {
    const revoked = await issueLink(server, { role: 'cofacilitator', name: 'Former co-facilitator' });
    await postJSON(server, `/api/participants/${revoked.participant.id}/revoke`, {}, server.tokens.secretariat);
    const expired = await issueLink(server, { role: 'cofacilitator', name: 'Expired', expiresAt: new Date(Date.now() - 1000).toISOString() });
    const cases: { token: string | null; http: string; ws: string }[] = [
      { token: null, http: 'authentication required', ws: 'authentication required' },
      { token: 'Z'.repeat(43), http: 'This access link is not valid.', ws: 'access link not valid' },
      { token: server.tokens.secretariat.slice(0, 42) + (server.tokens.secretariat.endsWith('A') ? 'B' : 'A'), http: 'This access link is not valid.', ws: 'access link not valid' },
      { token: 'not a token', http: 'This access link is malformed.', ws: 'malformed access token' },
      { token: '', http: 'This access link is malformed.', ws: 'malformed access token' },
      { token: expired.token, http: 'This access link has expired.', ws: 'access expired' },
      { token: revoked.token, http: 'This access link has been revoked.', ws: 'access revoked' },
    ];
    const before = json(alice);
    for (const c of cases) {
      // As a Bearer header (an empty one is no credential at all) ...
      if (c.token !== '') {
        for (const path of ['/api/me', '/api/negotiations', `/api/documents/${documentId}`, `/api/documents/${documentId}/history`]) {
          expect(await getJSON(server, path, c.token)).toEqual({ status: 401, body: { error: c.http } });
        }
      }
      // ... and as ?token=.
      if (c.token !== null) {
        const q = await fetch(`${server.httpUrl}/api/me?token=${encodeURIComponent(c.token)}`);
        expect({ status: q.status, body: await q.json() }).toEqual({ status: 401, body: { error: c.http } });
      }
      // The WebSocket: refused before anything is read; a frame sent anyway changes nothing.
      const ws = rawClient(server, documentId, c.token === null ? {} : c.token);
      ws.opened.then(() => ws.send(syncFrame(2, forgeUpdate(alice.doc, (d) => appendParagraph(d, 'Intruder.')))), () => {});
      expect(await ws.closed).toEqual({ code: 4401, reason: c.ws });
      // A session cookie that is garbage.
      const badCookie = rawClient(server, documentId, { headers: { cookie: 'penholder_session=%%%' } });
      expect((await badCookie.closed).code).toBe(4401);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(json(alice)).toEqual(before);
    expect(await storedDocJSON(server.dataDir, documentId)).toEqual(before);
    await stillServing();
  });

  it('health stays public; everything else needs a participant', async () => {
    expect((await getJSON(server, '/api/health', null)).status).toBe(200);
    expect((await postJSON(server, `/api/negotiations/${negotiationId}/participants`, { role: 'secretariat' }, null)).status).toBe(401);
  });
});

describe('management', () => {
  it('only the secretariat of the negotiation manages access', async () => {
    for (const token of [server.tokens.cofacilitator, server.tokens.delegation, server.tokens.observer]) {
      expect((await getJSON(server, `/api/negotiations/${negotiationId}/participants`, token)).status).toBe(403);
      expect((await postJSON(server, `/api/negotiations/${negotiationId}/participants`, { role: 'secretariat', name: 'Me' }, token)).status).toBe(403);
      expect((await postJSON(server, `/api/negotiations/${negotiationId}/delegations`, { name: 'Atlantis', kind: 'state' }, token)).status).toBe(403);
    }
    const someone = (await getJSON(server, `/api/negotiations/${negotiationId}/participants`)).body[0];
    expect((await postJSON(server, `/api/participants/${someone.id}/revoke`, {}, server.tokens.cofacilitator)).status).toBe(403);

    // Another negotiation's secretariat cannot touch this one, nor see it.
    const other = await seedNegotiation(server.dataDir, { id: 'elsewhere' });
    expect((await getJSON(server, `/api/negotiations/${negotiationId}/participants`, other.tokens.secretariat)).status).toBe(403);
    expect((await postJSON(server, `/api/participants/${someone.id}/revoke`, {}, other.tokens.secretariat)).status).toBe(403);
    const theirs = await getJSON(server, '/api/negotiations', other.tokens.secretariat);
    expect(theirs.body.map((n: { id: string }) => n.id)).toEqual([other.negotiationId]);
    const ours = await getJSON(server, '/api/negotiations', server.tokens.observer);
    expect(ours.body.map((n: { id: string }) => n.id)).toEqual([negotiationId]);
  });

  it('lists participants, adds delegations and issues links, validating them', async () => {
    const list = await getJSON(server, `/api/negotiations/${negotiationId}/participants`);
    expect(list.status).toBe(200);
    expect(list.body[0]).toEqual({
      id: expect.any(String),
      name: 'Secretariat',
      role: 'secretariat',
      delegation: null,
      createdAt: expect.any(String),
      revokedAt: null,
      expiresAt: null,
    });
    expect(JSON.stringify(list.body)).not.toMatch(/token|hash/i);

    const added = await postJSON(server, `/api/negotiations/${negotiationId}/delegations`, { name: 'Republic of Atlantis', kind: 'state' }, server.tokens.secretariat);
    expect(added).toEqual({ status: 201, body: { delegation: { id: 'republic-of-atlantis', name: 'Republic of Atlantis', kind: 'state' } } });
    const again = await postJSON(server, `/api/negotiations/${negotiationId}/delegations`, { name: 'Republic of Atlantis', kind: 'group' }, server.tokens.secretariat);
    expect(again.status).toBe(409);
    expect((await postJSON(server, `/api/negotiations/${negotiationId}/delegations`, { name: 'X', kind: 'planet' }, server.tokens.secretariat)).status).toBe(400);

    const link = await issueLink(server, { role: 'delegation', name: 'Atlantis delegate', delegationId: 'republic-of-atlantis' });
    expect(link.participant.delegation).toEqual({ id: 'republic-of-atlantis', name: 'Republic of Atlantis', kind: 'state' });
    expect((await getJSON(server, '/api/me', link.token)).body.participant.name).toBe('Atlantis delegate');

    const bad = async (body: unknown) =>
      (await postJSON(server, `/api/negotiations/${negotiationId}/participants`, body, server.tokens.secretariat)).status;
    expect(await bad({ role: 'delegation', name: 'No delegation' })).toBe(400);
    expect(await bad({ role: 'delegation', name: 'Unknown', delegationId: 'narnia' })).toBe(400);
    expect(await bad({ role: 'observer', name: 'Observer with delegation', delegationId: 'eu' })).toBe(400);
    expect(await bad({ role: 'king', name: 'Nobody' })).toBe(400);
    expect(await bad({ role: 'observer', name: 'Bad date', expiresAt: 'tomorrow' })).toBe(400);
    expect(await bad({ role: 'observer', name: 42 })).toBe(400);
  });

  it('a script-bearing name is stored and returned as text', async () => {
    const name = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const link = await issueLink(server, { role: 'observer', name });
    expect((await getJSON(server, '/api/me', link.token)).body.participant.name).toBe(name);
  });
});

describe('revocation and expiry mid-session', () => {
  it('revoking through the API closes the open connections at once with 4401; the others keep working', async () => {
    const eu = await issueLink(server, { role: 'delegation', name: 'EU delegate', delegationId: 'eu' });
    const provider = connectProvider(server, documentId, { token: eu.token });
    await provider.synced;
    const raw = rawClient(server, documentId, eu.token);
    await raw.opened;
    const closes: number[] = [];
    provider.provider.on('connection-close', (ev: CloseEvent | null) => ev && closes.push(ev.code));

    const started = Date.now();
    const res = await postJSON(server, `/api/participants/${eu.participant.id}/revoke`, {}, server.tokens.secretariat);
    expect(res.status).toBe(200);
    expect(res.body.participant.revokedAt).toEqual(expect.any(String));
    expect(await raw.closed).toEqual({ code: 4401, reason: 'access revoked' });
    await waitUntil(() => closes.includes(4401), 2_000, 'the provider to be closed');
    expect(Date.now() - started).toBeLessThan(1_000);

    // The link no longer opens anything, and a frame sent on the dead socket went nowhere.
    const retry = rawClient(server, documentId, eu.token);
    expect(await retry.closed).toEqual({ code: 4401, reason: 'access revoked' });
    expect((await getJSON(server, '/api/me', eu.token)).status).toBe(401);
    provider.destroy();
    await stillServing();
  });

  it('an expiring link is closed with 4401 "access expired" once it expires', async () => {
    const temp = await issueLink(server, { role: 'observer', name: 'Day pass', expiresAt: new Date(Date.now() + 1_500).toISOString() });
    const raw = rawClient(server, documentId, temp.token);
    await raw.opened;
    const closed = await raw.closed;
    expect(closed).toEqual({ code: 4401, reason: 'access expired' });
    await stillServing();
  });
});
