// The HTTP side, in-process through startServer: JSON API, SPA fallback, and the hint shown when the
// client has not been built.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/main.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { makeDataDir, tokenOf } from '../helpers/server.ts';

process.env.PENHOLDER_QUIET = '1';
let server: RunningServer;
let base: string;
let secretariat: string;
const clientDir = makeDataDir();

beforeAll(async () => {
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Penholder</title>');
  fs.writeFileSync(path.join(clientDir, 'app.js'), 'console.log(1)');
  server = await startServer({ ...configFromEnv({}), port: 0, dataDir: makeDataDir(), clientDir });
  base = `http://127.0.0.1:${server.port}`;
  secretariat = tokenOf(server.demoLinks.find((l) => l.role === 'secretariat')!.link);
});

afterAll(async () => {
  await server?.close();
});

const get = async (p: string, token: string | null = secretariat) => {
  const res = await fetch(base + p, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
};

describe('HTTP API', () => {
  it('health', async () => {
    const r = await get('/api/health');
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ ok: true });
  });

  it('prints one demo link per seat on first start', () => {
    expect(server.demoLinks.map((l) => l.label)).toEqual(['secretariat', 'co-facilitator', 'delegation (European Union)', 'observer']);
    for (const l of server.demoLinks) expect(l.link).toMatch(new RegExp(`^http://localhost:${server.port}/join\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('lists the demo negotiation with its document and delegations', async () => {
    const r = await get('/api/negotiations');
    expect(r.status).toBe(200);
    const [negotiation, ...rest] = r.json();
    expect(rest).toEqual([]);
    expect(negotiation.title).toBe('WSIS+10 overall review');
    expect(negotiation.documents).toEqual([{ id: server.demoDocumentId, title: expect.any(String) }]);
    const names = negotiation.delegations.map((d: { name: string }) => d.name);
    for (const n of ['Group of 77 and China', 'European Union', 'Community of Latin American and Caribbean States',
      'Alliance of Small Island Developing States', 'United States of America', 'Brazil', 'India', 'China',
      'Russian Federation', 'Cuba', 'Switzerland']) {
      expect(names).toContain(n);
    }
    const kinds = new Set(negotiation.delegations.map((d: { kind: string }) => d.kind));
    expect(kinds).toEqual(new Set(['group', 'state', 'organization']));
  });

  it('document metadata, and 404 JSON for unknown ids and routes', async () => {
    const r = await get(`/api/documents/${server.demoDocumentId}`);
    expect(r.json()).toMatchObject({ id: server.demoDocumentId, numberingStyle: 'outcome', negotiationId: expect.any(String) });
    const missing = await get('/api/documents/nope');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'No document with id "nope".' });
    const route = await get('/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.json().error).toMatch(/No API route GET \/api\/nothing-here/);
  });

  it('serves the client, with index.html for app paths', async () => {
    expect((await get('/app.js')).text).toBe('console.log(1)');
    const page = await get(`/d/${server.demoDocumentId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Penholder</title>');
    expect((await get('/')).text).toContain('<title>Penholder</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
    const sync = await get('/sync/abc');
    expect(sync.status).toBe(426);
    // The client itself is public (it signs in with the cookie); the API is not.
    expect((await get(`/d/${server.demoDocumentId}`, null)).status).toBe(200);
    expect((await get('/api/negotiations', null)).status).toBe(401);
  });

  it('says to run npm run build when the client is missing', async () => {
    fs.renameSync(path.join(clientDir, 'index.html'), path.join(clientDir, 'index.html.bak'));
    try {
      const r = await get('/d/anything');
      expect(r.status).toBe(503);
      expect(r.text).toMatch(/npm run build/);
    } finally {
      fs.renameSync(path.join(clientDir, 'index.html.bak'), path.join(clientDir, 'index.html'));
    }
  });
});
