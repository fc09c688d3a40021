// Starting a negotiation from one's own draft, as a secretariat does it: from the command line on the
// data directory of a running server, and over HTTP with the file as the body. A refused file or
// list creates nothing; a created negotiation opens at once over the sync channel.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockTexts,
  connectProvider,
  getJSON,
  makeDataDir,
  startServerProcess,
  tokenOf,
  type ServerProcess,
} from '../helpers/server.ts';

const bin = join(process.cwd(), 'bin/penholder.mjs');
const ECOSOC = join(process.cwd(), 'fixtures/ecosoc-2010-2.md');
const ZERO_DRAFT = join(process.cwd(), 'fixtures/wsis10-zero-draft.txt');
let server: ServerProcess;
let scratch: string;

/** Runs the CLI without blocking this process (a blocked event loop would miss the server closing idle sockets). */
const penholder = (args: string[], dataDir = server.dataDir) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { encoding: 'utf8', env: { ...process.env, PENHOLDER_DATA_DIR: dataDir, PORT: String(server.port) } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

async function negotiationCount(): Promise<number> {
  return (await penholder(['negotiations'])).stdout.split('\n').filter((l) => l && !l.startsWith(' ')).length;
}

/** POSTs a file body to an import endpoint. */
async function upload(path: string, body: Uint8Array<ArrayBuffer> | string, token: string | null = server.tokens.secretariat, headers: Record<string, string> = {}) {
  const res = await fetch(server.httpUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get('set-cookie') };
}

beforeAll(async () => {
  server = await startServerProcess({ env: { PENHOLDER_QUIET: '1' } });
  scratch = makeDataDir();
});

afterAll(async () => {
  await server?.stop('SIGKILL');
});

describe('penholder negotiation create', () => {
  it('creates the negotiation with its document and delegations, prints only the secretariat link, and the document opens at once', async () => {
    const list = join(scratch, 'delegations.txt');
    writeFileSync(list, 'group: Group of 77 and China\ngroup: European Union\nBrazil\norganization: UNESCO\n');
    const r = await penholder(['negotiation', 'create', '--title', 'ECOSOC WSIS follow-up 2011', '--import', ECOSOC, '--delegations', list]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^http://localhost:${server.port}/join\\?token=[A-Za-z0-9_-]{43}\\n$`));
    expect(r.stderr).toMatch(/^warning: .*ecosoc-2010-2\.md line 3: /m);
    expect(r.stderr).toMatch(/^negotiation \S+: ECOSOC WSIS follow-up 2011$/m);
    expect(r.stderr).toMatch(/document \S+: Assessment of the progress .* \(48 paragraphs, 4 headings, 5 subparagraphs, 9 footnotes, 0 bracket groups \(deepest nesting 0\); numbering resolution\)/);
    expect(r.stderr).toMatch(/^ {2}4 delegation\(s\)$/m);

    const token = tokenOf(r.stdout.trim());
    const me = await getJSON(server, '/api/me', token);
    expect(me.body.participant).toMatchObject({ role: 'secretariat', name: 'Secretariat' });
    const [negotiation] = (await getJSON(server, '/api/negotiations', token)).body;
    expect(negotiation.title).toBe('ECOSOC WSIS follow-up 2011');
    expect(negotiation.delegations).toEqual([
      { id: 'group-of-77-and-china', name: 'Group of 77 and China', kind: 'group' },
      { id: 'european-union', name: 'European Union', kind: 'group' },
      { id: 'brazil', name: 'Brazil', kind: 'state' },
      { id: 'unesco', name: 'UNESCO', kind: 'organization' },
    ]);

    // The running server had never heard of it; a stock provider syncs it.
    const client = connectProvider(server, negotiation.documents[0].id, { token });
    await client.synced;
    const texts = await blockTexts(client.doc);
    expect(texts.some((t) => t.startsWith('Notes the ongoing implementation of the outcomes'))).toBe(true);
    client.destroy();
  });

  it('reads a Word file: the automatic numbering of the zero draft gives its 58 paragraphs and the bracket group', async () => {
    const r = await penholder(['negotiation', 'create', '--title', 'WSIS+10 from Word', '--import', join(process.cwd(), 'fixtures/docx/wsis10-zero-draft.docx')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\(58 paragraphs, 10 headings, 0 subparagraphs, 0 footnotes, 1 bracket group \(deepest nesting 1\); numbering outcome\)/);
    const outline = JSON.parse((await penholder(['outline', join(process.cwd(), 'fixtures/docx/wsis10-zero-draft.docx')])).stdout);
    expect(outline.paragraphs.at(-1).label).toBe('58');
    expect(outline.groups[0].alternatives).toEqual(['World Summit', 'High Level Meeting']);
  });

  it('applies --style over the detected numbering style', async () => {
    const r = await penholder(['negotiation', 'create', '--title', 'Styled', '--import', ECOSOC, '--style', 'outcome']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/numbering outcome\)/);
    const token = tokenOf(r.stdout.trim());
    const [negotiation] = (await getJSON(server, '/api/negotiations', token)).body;
    expect((await getJSON(server, `/api/documents/${negotiation.documents[0].id}`, token)).body.numberingStyle).toBe('outcome');
  });

  it('creates nothing when the file, the style or the delegation list is refused, and says why', async () => {
    const before = await negotiationCount();
    const pdf = join(scratch, 'draft.pdf');
    writeFileSync(pdf, '%PDF-1.7\n...');
    const badList = join(scratch, 'dup.txt');
    writeFileSync(badList, 'Chile\nCHILE\n');
    const cases: [string[], RegExp][] = [
      [['--import', pdf], /draft\.pdf: This is a PDF file/],
      [['--import', join(scratch, 'missing.docx')], /cannot read .*missing\.docx: ENOENT/],
      [['--import', ECOSOC, '--style', 'roman'], /--style must be one of outcome, resolution/],
      [['--import', ECOSOC, '--delegations', badList], /dup\.txt: line 2: "CHILE" is already listed on line 1; nothing created/],
      [['--import', ECOSOC, '--title', '  '], /--title TITLE is required/],
    ];
    for (const [args, message] of cases) {
      const r = await penholder(['negotiation', 'create', '--title', 'Refused', ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(await negotiationCount()).toBe(before);
  });

  it('creates the database when the data directory has none yet', async () => {
    const fresh = makeDataDir();
    const r = await penholder(['negotiation', 'create', '--title', 'First', '--import', ZERO_DRAFT], fresh);
    expect(r.status, r.stderr).toBe(0);
    expect((await penholder(['negotiations'], fresh)).stdout).toMatch(/\tFirst\t1 document\(s\)\t1 active participant\(s\)/);
  });
});

describe('penholder document add', () => {
  it('adds a second document to a negotiation and prints its id', async () => {
    const created = await penholder(['negotiation', 'create', '--title', 'Two texts', '--import', ZERO_DRAFT]);
    const token = tokenOf(created.stdout.trim());
    const negotiationId = (await getJSON(server, '/api/me', token)).body.participant.negotiationId;
    const r = await penholder(['document', 'add', '--negotiation', negotiationId, '--import', ECOSOC]);
    expect(r.status, r.stderr).toBe(0);
    const documentId = r.stdout.trim();
    const [negotiation] = (await getJSON(server, '/api/negotiations', token)).body;
    expect(negotiation.documents.map((d: { id: string }) => d.id)).toEqual([expect.any(String), documentId]);
    expect((await penholder(['document', 'add', '--negotiation', 'nope', '--import', ECOSOC])).stderr).toMatch(/no negotiation with id "nope"/);
  });
});

describe('over HTTP', () => {
  const ecosoc = () => new Uint8Array(readFileSync(ECOSOC));

  it('previews a file without creating anything', async () => {
    const before = await negotiationCount();
    const r = await upload('/api/imports/preview?filename=ecosoc-2010-2.md', ecosoc());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      filename: 'ecosoc-2010-2.md',
      kind: 'markdown',
      numberingStyle: 'resolution',
      detectedStyle: 'resolution',
      counts: { paragraphs: 48, headings: 4, subparagraphs: 5, footnotes: 9, bracketGroups: 0, deepestNesting: 0 },
    });
    expect(r.body.report.length).toBeGreaterThan(0);
    const restyled = await upload('/api/imports/preview?filename=ecosoc-2010-2.md&style=outcome', ecosoc());
    expect(restyled.body).toMatchObject({ numberingStyle: 'outcome', detectedStyle: 'resolution' });
    expect(restyled.body.sample[0]).toMatch(/^1\. Recalling the outcome documents/);
    expect(await negotiationCount()).toBe(before);
  });

  it('refuses with the reason, and creates nothing: wrong role, no credentials, no file, too large, PDF, not a draft, bad query', async () => {
    const before = await negotiationCount();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const cases: [Promise<{ status: number; body: any }>, number, RegExp][] = [
      [upload('/api/negotiations?filename=a.md&title=X', ecosoc(), server.tokens.delegation), 403, /only a secretariat/],
      [upload('/api/negotiations?filename=a.md&title=X', ecosoc(), server.tokens.cofacilitator), 403, /only a secretariat/],
      [upload('/api/negotiations?filename=a.md&title=X', ecosoc(), null), 401, /authentication required/],
      [upload('/api/negotiations?filename=a.md&title=X', new Uint8Array()), 400, /Send the file as the request body/],
      [upload('/api/negotiations?filename=a.txt&title=X', big), 413, /larger than the 10 MB limit/],
      [upload('/api/negotiations?filename=a.pdf&title=X', '%PDF-1.4 ...'), 415, /a\.pdf: This is a PDF file/],
      [upload('/api/negotiations?filename=a.txt&title=X', '\u0000\u0001\u0002'), 422, /no paragraphs found/],
      [upload('/api/negotiations?title=X', ecosoc()), 400, /filename: /],
      [upload('/api/negotiations?filename=a.md&style=bogus', ecosoc()), 400, /style: /],
      [upload(`/api/negotiations?filename=a.md&title=${'x'.repeat(301)}`, ecosoc()), 400, /title is longer than 300/],
    ];
    for (const [pending, status, message] of cases) {
      const r = await pending;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error).toMatch(message);
    }
    expect(await negotiationCount()).toBe(before);
  });

  it('creates the negotiation and signs this browser in as its secretariat; the old link still opens the old one', async () => {
    const r = await upload('/api/negotiations?filename=ecosoc-2010-2.md&title=From%20the%20browser', ecosoc());
    expect(r.status).toBe(201);
    expect(r.body.negotiation.title).toBe('From the browser');
    expect(r.body.document.title).toMatch(/^Assessment of the progress/);
    expect(r.cookie).toMatch(/^penholder_session=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=2592000']) expect(r.cookie!.split('; ')).toContain(attribute);
    const cookie = r.cookie!.split(';')[0]!;
    const me = await fetch(`${server.httpUrl}/api/me`, { headers: { cookie } }).then((res) => res.json());
    expect(me.participant).toMatchObject({ role: 'secretariat', negotiationId: r.body.negotiation.id });
    const viaLink = (await getJSON(server, '/api/me', tokenOf(r.body.link))).body;
    expect(viaLink.participant.negotiationId).toBe(r.body.negotiation.id);
    const old = (await getJSON(server, '/api/me')).body;
    expect(old.participant.negotiationId).not.toBe(r.body.negotiation.id);
  });

  it("adds a document to one's own negotiation only", async () => {
    const mine = (await getJSON(server, '/api/me')).body.participant.negotiationId;
    const other = await upload('/api/negotiations?filename=z.txt&title=Other', new Uint8Array(readFileSync(ZERO_DRAFT)));
    const added = await upload(`/api/negotiations/${mine}/documents?filename=annex.md`, ecosoc());
    expect(added.status).toBe(201);
    expect(added.body.document.title).toMatch(/^Assessment/);
    const docs = (await getJSON(server, '/api/negotiations')).body[0].documents.map((d: { id: string }) => d.id);
    expect(docs).toContain(added.body.document.id);
    const refused = await upload(`/api/negotiations/${other.body.negotiation.id}/documents?filename=annex.md`, ecosoc());
    expect(refused.status).toBe(403);
  });
});
