// Access management from the command line, on the data directory of a running server (as a
// secretariat's script would do it): negotiations, links, delegations, revocation within ~1 s.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectProvider,
  getJSON,
  makeDataDir,
  rawClient,
  startServerProcess,
  tokenOf,
  waitUntil,
  type ServerProcess,
} from '../helpers/server.ts';

const bin = join(process.cwd(), 'bin/penholder.mjs');
let server: ServerProcess;
let negotiationId: string;
let documentId: string;

const penholder = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PENHOLDER_DATA_DIR: server.dataDir, PORT: String(server.port), ...env },
  });

beforeAll(async () => {
  server = await startServerProcess({ env: { PENHOLDER_QUIET: '1' } });
  const me = await getJSON(server, '/api/me');
  negotiationId = me.body.participant.negotiationId;
  documentId = (await getJSON(server, '/api/negotiations')).body[0].documents[0].id;
});

afterAll(async () => {
  await server?.stop('SIGKILL');
});

describe('penholder access commands', () => {
  it('negotiations lists ids, titles and documents', () => {
    const r = penholder(['negotiations']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${negotiationId}\tWSIS+10 overall review\t1 document(s)\t4 active participant(s)`);
    expect(r.stdout).toContain(`document ${documentId}`);
  });

  it('link prints a working link; delegation add then link --delegation NAME', async () => {
    const r = penholder(['link', '--negotiation', negotiationId, '--role', 'cofacilitator', '--name', 'Second co-facilitator']);
    expect(r.status).toBe(0);
    const link = r.stdout.trim();
    expect(link).toMatch(new RegExp(`^http://localhost:${server.port}/join\\?token=[A-Za-z0-9_-]{43}$`));
    expect(r.stderr).toMatch(/^participant \S+: Second co-facilitator \(cofacilitator\)/);
    const me = await getJSON(server, '/api/me', tokenOf(link));
    expect(me.body.participant).toMatchObject({ name: 'Second co-facilitator', role: 'cofacilitator', negotiationId });

    const added = penholder(['delegation', 'add', '--negotiation', negotiationId, '--name', 'Kingdom of Tonga', '--kind', 'state']);
    expect(added.status).toBe(0);
    expect(added.stdout.trim()).toBe('kingdom-of-tonga');
    const tonga = penholder(['link', '--negotiation', negotiationId, '--role', 'delegation', '--delegation', 'kingdom of tonga']);
    expect(tonga.status).toBe(0);
    const tongaMe = await getJSON(server, '/api/me', tokenOf(tonga.stdout.trim()));
    expect(tongaMe.body.participant).toMatchObject({ name: 'Kingdom of Tonga', role: 'delegation', delegation: { id: 'kingdom-of-tonga', kind: 'state' } });
    // The running server lists the new delegation.
    const negotiations = await getJSON(server, '/api/negotiations');
    expect(negotiations.body[0].delegations).toContainEqual({ id: 'kingdom-of-tonga', name: 'Kingdom of Tonga', kind: 'state' });

    // Without PORT or PENHOLDER_PUBLIC_URL, links point at the server running on this data directory.
    const bare = penholder(['link', '--negotiation', negotiationId, '--role', 'observer'], { PORT: '', PENHOLDER_PUBLIC_URL: '' });
    expect(bare.stdout.trim()).toMatch(new RegExp(`^http://localhost:${server.port}/join\\?token=`));
    // PENHOLDER_PUBLIC_URL sets the link's base.
    const pub = penholder(['link', '--negotiation', negotiationId, '--role', 'observer'], { PENHOLDER_PUBLIC_URL: 'https://penholder.example.org/' });
    expect(pub.stdout.trim()).toMatch(/^https:\/\/penholder\.example\.org\/join\?token=[A-Za-z0-9_-]{43}$/);
  }, 90_000); // five command-line runs, each a process of its own (3 s apiece on a loaded 2-core machine)

  it('links lists participants without secrets', () => {
    const r = penholder(['links', '--negotiation', negotiationId]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.some((l) => /\tdelegation\teu\tEuropean Union\tcreated \S+\tactive$/.test(l))).toBe(true);
    expect(r.stdout).not.toMatch(/token=/);
  });

  it('revoke closes the participant\'s open connections within about a second, while the server runs', async () => {
    const issued = penholder(['link', '--negotiation', negotiationId, '--role', 'delegation', '--delegation', 'eu', '--name', 'EU expert']);
    const token = tokenOf(issued.stdout.trim());
    const participantId = /^participant (\S+):/.exec(issued.stderr)![1]!;
    const provider = connectProvider(server, documentId, { token });
    await provider.synced;
    const raw = rawClient(server, documentId, token);
    await raw.opened;
    const closes: number[] = [];
    provider.provider.on('connection-close', (ev: CloseEvent | null) => ev && closes.push(ev.code));

    const r = penholder(['revoke', participantId]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^revoked ${participantId} \\(EU expert\\) at `));
    const revokedAt = Date.now();
    expect(await raw.closed).toEqual({ code: 4401, reason: 'access revoked' });
    await waitUntil(() => closes.includes(4401), 3_000, 'the provider to close');
    expect(Date.now() - revokedAt).toBeLessThan(2_000);
    provider.destroy();

    expect(penholder(['links', '--negotiation', negotiationId]).stdout).toMatch(new RegExp(`^${participantId}\\t.*\\trevoked \\S+$`, 'm'));
    expect((await getJSON(server, '/api/me', token)).body).toEqual({ error: 'This access link has been revoked.' });
    // Revoking twice is harmless.
    expect(penholder(['revoke', participantId]).status).toBe(0);
  });

  it('refuses mistakes with a clear message and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['link', '--negotiation', 'nope', '--role', 'observer'], /no negotiation with id "nope"/],
      [['link', '--negotiation', negotiationId], /--role is required/],
      [['link', '--negotiation', negotiationId, '--role', 'emperor'], /role must be one of/],
      [['link', '--negotiation', negotiationId, '--role', 'delegation'], /--delegation NAME_OR_ID is required/],
      [['link', '--negotiation', negotiationId, '--role', 'delegation', '--delegation', 'Atlantis'], /no delegation "Atlantis"/],
      [['link', '--negotiation', negotiationId, '--role', 'observer', '--expires', 'soon'], /expiresAt must be an ISO 8601 date/],
      [['revoke', 'no-such-participant'], /no participant with id "no-such-participant"/],
      [['revoke'], /revoke takes one PARTICIPANT_ID/],
      [['delegation', 'remove'], /usage: penholder delegation add/],
    ];
    for (const [args, message] of cases) {
      const r = penholder(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const empty = penholder(['negotiations'], { PENHOLDER_DATA_DIR: makeDataDir() });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no Penholder database in/);
  });
});
