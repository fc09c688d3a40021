// Frozen revisions and comparison over HTTP: the secretariat freezes the zero draft, a delegation
// proposes, a co-facilitator adds a paragraph and freezes Rev.1; every participant lists revisions,
// opens one read-only, and compares any two (or one and the live text) with each change attributed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendParagraph,
  connectProvider,
  getJSON,
  postJSON,
  seededDataDir,
  startServerProcess,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';
import { agreedAndBracketed } from '../helpers/fixtureContent.ts';
import type { Redline } from '../../shared/src/revisions/redline.ts';
import { unzipSync, strFromU8 } from 'fflate';

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let server: ServerProcess;
let dataDir: string;
let documentId: string;
let cofac: ProviderClient;

beforeAll(async () => {
  const seeded = await seededDataDir({ content: agreedAndBracketed });
  documentId = seeded.documentId;
  dataDir = seeded.dataDir;
  server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
});

afterAll(async () => {
  cofac?.destroy();
  await server?.stop('SIGKILL');
});

const freeze = (body: unknown, token = server.tokens.secretariat) => postJSON(server, `/api/documents/${documentId}/revisions`, body, token);
const compare = async (from: string, to = 'live', token = server.tokens.observer) =>
  (await getJSON<Redline>(server, `/api/documents/${documentId}/compare?from=${from}&to=${to}`, token)).body;
const changed = (r: Redline) => r.blocks.filter((b) => b.change !== 'same');

describe('revisions', () => {
  let zero: string;
  let rev1: string;

  it('the secretariat freezes the zero draft; its name is taken from then on', async () => {
    const res = await freeze({ name: 'Zero draft', note: 'Circulated by the co-facilitators' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Zero draft', note: 'Circulated by the co-facilitators', by: { name: 'Secretariat', role: 'secretariat' } });
    zero = res.body.id;
    expect((await freeze({ name: '  Zero draft ' })).status).toBe(409);
  });

  it('refuses delegations and observers, an empty or overlong name, with the reason', async () => {
    const cases: [unknown, string, number, RegExp][] = [
      [{ name: 'Rev.9' }, server.tokens.delegation, 403, /only the secretariat and co-facilitators/],
      [{ name: 'Rev.9' }, server.tokens.observer, 403, /only the secretariat and co-facilitators/],
      [{ name: '   ' }, server.tokens.secretariat, 400, /name the revision/],
      [{ name: 'x'.repeat(101) }, server.tokens.secretariat, 400, /longer than 100/],
      [{ name: 'Rev.9', note: 5 }, server.tokens.secretariat, 400, /note/],
    ];
    for (const [body, token, status, error] of cases) {
      const res = await freeze(body, token);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatch(error);
    }
  });

  it('compares the zero draft with Rev.1: the proposal and the new paragraph, each attributed', async () => {
    const op = await postJSON(server, `/api/documents/${documentId}/operations`, { type: 'propose-insertion', blockId: 'p1', at: 3, expected: 'We ', text: 'firmly ' }, server.tokens.delegation);
    expect(op.status).toBe(200);
    cofac = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
    await cofac.synced;
    appendParagraph(cofac.doc, 'Decides to review progress in 2030.');
    await waitUntil(async () => (await getJSON(server, `/api/documents/${documentId}/history?limit=5`)).body.length >= 2, 5_000, 'the paragraph stored');

    const res = await freeze({ name: 'Rev.1' }, server.tokens.cofacilitator);
    expect(res.status).toBe(201);
    rev1 = res.body.id;

    const redline = await compare(zero, rev1);
    expect(redline.from.name).toBe('Zero draft');
    expect(redline.to.name).toBe('Rev.1');
    expect(changed(redline).map((b) => [b.change, b.oldLabel, b.newLabel])).toEqual([
      ['changed', '1', '1'],
      ['inserted', null, '3'],
    ]);
    const [p1, added] = changed(redline);
    expect(p1!.runs.filter((r) => r.change === 'ins').map((r) => [r.text, r.author])).toEqual([['[firmly ]', 'European Union']]);
    expect(added!.author).toBe('Co-facilitator');
    expect(added!.runs.map((r) => [r.change, r.text])).toEqual([['ins', 'Decides to review progress in 2030.']]);
    expect(redline.groupsAdded).toEqual([{ paragraph: '1', alternatives: ['firmly '] }]);
  });

  it('downloads the redline as Word with real tracked changes whose authors are the delegation and the role', async () => {
    const res = await fetch(`${server.httpUrl}/api/documents/${documentId}/compare?from=${zero}&to=${rev1}&format=docx`, {
      headers: { authorization: `Bearer ${server.tokens.delegation}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/wordprocessingml/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".*redline.*\.docx"/);
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
    const authors = [...xml.matchAll(/<w:ins [^>]*w:author="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(authors)).toEqual(new Set(['European Union', 'Co-facilitator']));
    expect(xml).toContain('Decides to review progress in 2030.');
    const bad = await getJSON(server, `/api/documents/${documentId}/compare?from=${zero}&format=odt`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^format: /);
  });

  it('exports a frozen revision and the redline through the export endpoint, named for document, revisions and kind', async () => {
    const get = (query: string, token = server.tokens.observer) =>
      fetch(`${server.httpUrl}/api/documents/${documentId}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const frozen = await get(`format=text&revision=${zero}`);
    expect(frozen.status).toBe(200);
    expect(frozen.headers.get('content-disposition')).toMatch(/filename=".*Zero-draft.*\.txt"/);
    const text = await frozen.text();
    expect(text).toContain('We reaffirm the agreed text.');
    expect(text).not.toContain('firmly');
    const redline = await get(`format=markdown&kind=redline&against=${zero}&revision=${rev1}`);
    expect(redline.status).toBe(200);
    expect(redline.headers.get('content-disposition')).toMatch(/filename=".*Zero-draft-to-Rev.1-redline\.md"/);
    expect(await redline.text()).toContain('Decides to review progress in 2030.');
    expect((await get('format=text&kind=redline')).status).toBe(400);
    expect((await get('format=text&revision=nope')).status).toBe(404);
  });

  it('lists revisions and exports a frozen one from the command line, on the running server\'s data directory', async () => {
    const cli = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [join(process.cwd(), 'bin/penholder.mjs'), ...args], { env: { ...process.env, PENHOLDER_DATA_DIR: dataDir } }, (error, stdout, stderr) =>
          resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const listed = await cli('revisions', '--document', documentId);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n').map((l) => l.split('\t').slice(0, 2))).toEqual([
      [zero, 'Zero draft'],
      [rev1, 'Rev.1'],
    ]);
    const out = join(mkdtempSync(join(tmpdir(), 'penholder-export-')), 'zero.md');
    const exported = await cli('export', '--document', documentId, '--revision', zero, out);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain('firmly');
    const live = await cli('export', '--document', documentId, out);
    expect(live.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Decides to review progress in 2030.');
    expect((await cli('export', '--document', documentId, '--revision', 'nope', out)).stderr).toMatch(/no revision "nope"/);
  });

  it('shows nothing between a revision and itself, or Rev.1 and the unchanged live text', async () => {
    expect(changed(await compare(zero, zero))).toEqual([]);
    expect(changed(await compare(rev1))).toEqual([]);
  });

  it('lists revisions for every participant, oldest first, and opens one read-only as it was', async () => {
    const list = await getJSON(server, `/api/documents/${documentId}/revisions`, server.tokens.observer);
    expect(list.body.map((r: { name: string }) => r.name)).toEqual(['Zero draft', 'Rev.1']);
    const opened = await getJSON(server, `/api/documents/${documentId}/revisions/${zero}`, server.tokens.delegation);
    expect(opened.status).toBe(200);
    const texts = opened.body.doc.content.slice(1).map((b: { content?: { text?: string }[] }) => (b.content ?? []).map((c) => c.text ?? '').join(''));
    expect(texts).toEqual(['We reaffirm the agreed text.', 'We agree to hold a  in 2025.']);
  });

  it('freezing fixed the numbers: a paragraph inserted after 1 is 1 bis; issuing Rev.2 with renumbering makes it 2 and keeps the map', async () => {
    const { default: Y } = await import('yjs').then((m) => ({ default: m }));
    cofac.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', 'pnew');
      p.setAttribute('kind', 'op');
      p.insert(0, [new Y.XmlText('Welcomes the offer of Brazil.')]);
      cofac.doc.getXmlFragment('default').insert(2, [p]);
    });
    const labelled = async () => {
      const text = await (await fetch(`${server.httpUrl}/api/documents/${documentId}/export?format=text`, { headers: { authorization: `Bearer ${server.tokens.observer}` } })).text();
      return text
        .split('\n')
        .map((l) => /^(\d[^.]*\.)\s+(\S+)/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]} ${m[2]}`);
    };
    await waitUntil(async () => (await labelled()).length === 4, 5_000, 'the new paragraph');
    expect(await labelled()).toEqual(['1. We', '1 bis. Welcomes', '2. We', '3. Decides']);

    const res = await freeze({ name: 'Rev.2', renumber: true }, server.tokens.cofacilitator);
    expect(res.status).toBe(201);
    expect(res.body.renumbered).toEqual([
      { from: '1 bis', to: '2' },
      { from: '2', to: '3' },
      { from: '3', to: '4' },
    ]);
    expect(await labelled()).toEqual(['1. We', '2. Welcomes', '3. We', '4. Decides']);
    const redline = await compare(rev1, res.body.id);
    expect(redline.renumbered).toEqual([
      { from: '2', to: '3' },
      { from: '3', to: '4' },
    ]);
    expect(redline.blocks.find((b) => b.id === 'pnew')).toMatchObject({ change: 'inserted', newLabel: '2', author: 'Co-facilitator' });

    // Delegations quote paragraph numbers: Rev.2's own files carry its label map after the text.
    const exported = async (format: string) =>
      fetch(`${server.httpUrl}/api/documents/${documentId}/export?format=${format}&revision=${res.body.id}`, {
        headers: { authorization: `Bearer ${server.tokens.delegation}` },
      });
    const text = await (await exported('text')).text();
    expect(text.slice(text.indexOf('Paragraph numbers changed in Rev.2'))).toBe('Paragraph numbers changed in Rev.2\n\n1 bis → 2\n2 → 3\n3 → 4\n');
    expect(await (await exported('markdown')).text()).toContain('| Before | Now |\n| --- | --- |\n| 1 bis | 2 |\n| 2 | 3 |\n| 3 | 4 |');
    expect(JSON.parse(await (await exported('json')).text()).labelMap.entries).toEqual(res.body.renumbered);
    const akn = await (await exported('akn')).text();
    expect(akn).toMatch(/<table eId="labelMap">\s*<tr><th><p>Before<\/p><\/th><th><p>Now<\/p><\/th><\/tr>\s*<tr><td><p>1 bis<\/p><\/td><td><p>2<\/p><\/td><\/tr>/);
    const { unzipSync, strFromU8 } = await import('fflate');
    const word = strFromU8(unzipSync(new Uint8Array(await (await exported('docx')).arrayBuffer()))['word/document.xml']!);
    const words = word.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain('Paragraph numbers changed in Rev.2 Before Now 1 bis 2 2 3 3 4');
    // The live text and a revision that did not renumber print no map.
    expect(await labelled()).toEqual(['1. We', '2. Welcomes', '3. We', '4. Decides']);
    const live = await (await fetch(`${server.httpUrl}/api/documents/${documentId}/export?format=text`, { headers: { authorization: `Bearer ${server.tokens.observer}` } })).text();
    expect(live).not.toContain('Paragraph numbers changed');
    const rev1Text = await (await fetch(`${server.httpUrl}/api/documents/${documentId}/export?format=text&revision=${rev1}`, { headers: { authorization: `Bearer ${server.tokens.observer}` } })).text();
    expect(rev1Text).not.toContain('Paragraph numbers changed');
  });

  it('answers unknown revisions and bad queries with the reason', async () => {
    expect((await getJSON(server, `/api/documents/${documentId}/revisions/nope`)).status).toBe(404);
    const unknown = await getJSON(server, `/api/documents/${documentId}/compare?from=nope`);
    expect(unknown).toEqual({ status: 404, body: { error: 'No revision "nope" of this document.' } });
    expect((await getJSON(server, `/api/documents/${documentId}/compare`)).status).toBe(400);
  });
});
