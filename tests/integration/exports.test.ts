// Exporting the clean draft over HTTP: every role may, and the export reads the live document,
// edits included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/main.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { makeDataDir, tokenOf } from '../helpers/server.ts';

process.env.PENHOLDER_QUIET = '1';
let server: RunningServer;
let base: string;
let tokens: Record<string, string>;
let documentId: string;

beforeAll(async () => {
  server = await startServer({ ...configFromEnv({}), port: 0, dataDir: makeDataDir(), clientDir: makeDataDir() });
  base = `http://127.0.0.1:${server.port}`;
  tokens = Object.fromEntries(server.demoLinks.map((l) => [l.role, tokenOf(l.link)]));
  documentId = server.demoDocumentId!;
});

afterAll(async () => {
  await server?.close();
});

const get = (path: string, token: string | null) =>
  fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/documents/:id/export', () => {
  it.each(['secretariat', 'cofacilitator', 'delegation', 'observer'])('gives the %s the clean draft as text', async (role) => {
    const res = await get(`/api/documents/${documentId}/export?format=text`, tokens[role]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="United-Nations-General-Assembly-s-Overall-Review.*\.txt"/);
    const text = await res.text();
    expect(text).toContain('\n58. We recognize that in the preparation of the WSIS review');
    expect(text).toContain('hold a [World Summit] [High Level Meeting] on the Information Society');
  });

  it('exports Markdown and the JSON outline', async () => {
    const md = await (await get(`/api/documents/${documentId}/export?format=markdown`, tokens.observer)).text();
    expect(md).toMatch(/^# United Nations General Assembly/);
    const outline = await (await get(`/api/documents/${documentId}/export?format=json`, tokens.observer)).json();
    expect(outline.paragraphs).toHaveLength(58);
  });

  it('refuses an unknown format, a stranger and an unknown document', async () => {
    const bad = await get(`/api/documents/${documentId}/export?format=docx`, tokens.observer);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/format must be one of text, markdown, json/);
    expect((await get(`/api/documents/${documentId}/export`, null)).status).toBe(401);
    expect((await get(`/api/documents/nope/export`, tokens.observer)).status).toBe(404);
  });
});
