// `penholder backup FILE` while a client is typing: the copy holds every edit acknowledged before the
// backup began (received by a peer, so stored), passes SQLite's integrity check, and a server started
// on it (the documented restore) serves the document. An existing FILE is kept unless --force.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  makeDataDir,
  seededDataDir,
  startServerProcess,
  storedDocJSON,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const servers: ServerProcess[] = [];
const clients: ProviderClient[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of servers) await s.stop('SIGKILL');
});

/** Runs the CLI on `dataDir` without blocking the event loop (the test's providers keep working). */
function penholder(dataDir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/penholder.mjs', ...args], { cwd: repoRoot, env: { ...process.env, PENHOLDER_DATA_DIR: dataDir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const edits = (texts: string[]) => texts.filter((t) => /^edit \d+$/.test(t));

describe('penholder backup', () => {
  it('copies a live database consistently, with everything acknowledged before it began', async () => {
    const seeded = await seededDataDir();
    const server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
    servers.push(server);
    const alice = connectProvider(server, seeded.documentId, { token: server.tokens.cofacilitator });
    const bob = connectProvider(server, seeded.documentId, { token: server.tokens.secretariat });
    clients.push(alice, bob);
    await Promise.all([alice.synced, bob.synced]);

    let typed = 0;
    const typing = setInterval(() => appendParagraph(alice.doc, `edit ${++typed}`), 20);
    try {
      await waitUntil(async () => edits(await blockTexts(bob.doc)).length >= 50, 15_000, 'bob to receive 50 edits');
      const acknowledged = edits(await blockTexts(bob.doc));
      const out = path.join(makeDataDir(), 'penholder-backup.sqlite');
      const run = await penholder(seeded.dataDir, ['backup', out]);
            expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^wrote ${out}: [\\d.]+ MiB, 1 negotiation\\(s\\), 1 document\\(s\\), \\d+ stored update\\(s\\); integrity check ok`));
      expect(fs.readdirSync(path.dirname(out))).toEqual(['penholder-backup.sqlite']); // no partial or -wal files left

      const copy = new Database(out, { readonly: true });
      expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      copy.close();
      // Restore as documented: the copy becomes penholder.sqlite of a data directory.
      const restoredDir = makeDataDir();
      fs.copyFileSync(out, path.join(restoredDir, 'penholder.sqlite'));
      const inCopy = edits(JSON.stringify(await storedDocJSON(restoredDir, seeded.documentId)).match(/edit \d+/g) ?? []);
      for (const t of acknowledged) expect(inCopy).toContain(t);

      // Refuses to overwrite without --force; with it, replaces the copy.
      const again = await penholder(seeded.dataDir, ['backup', out]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('exists; pass --force to replace it');
      const forced = await penholder(seeded.dataDir, ['backup', out, '--force']);
      expect(forced.status).toBe(0);
      const secondDir = makeDataDir();
      fs.copyFileSync(out, path.join(secondDir, 'penholder.sqlite'));
      const inSecond = edits(JSON.stringify(await storedDocJSON(secondDir, seeded.documentId)).match(/edit \d+/g) ?? []);
      expect(inSecond.length).toBeGreaterThan(inCopy.length); // typing went on between the two

      // A server started on the restored directory serves the document.
      const restored = await startServerProcess({ dataDir: restoredDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
      servers.push(restored);
      const carol = connectProvider(restored, seeded.documentId, { token: restored.tokens.observer });
      clients.push(carol);
      await carol.synced;
      const served = edits(await blockTexts(carol.doc));
      for (const t of acknowledged) expect(served).toContain(t);
    } finally {
      clearInterval(typing);
    }
  }, 180_000); // three CLI runs, each starting tsx (seconds on a loaded machine)

  it('says what is wrong with a missing database, directory or argument', () => {
    const empty = makeDataDir();
    const run = (args: string[], dataDir = empty) =>
      spawnSync(process.execPath, ['bin/penholder.mjs', ...args], { cwd: repoRoot, env: { ...process.env, PENHOLDER_DATA_DIR: dataDir }, encoding: 'utf8' });
    const noDb = run(['backup', path.join(empty, 'copy.sqlite')]);
    expect(noDb.status).toBe(2);
    expect(noDb.stderr).toContain('no Penholder database');
    const noDir = run(['backup', path.join(empty, 'missing', 'copy.sqlite')]);
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toContain('no directory');
    expect(run(['backup']).status).toBe(2);
  }, 120_000);
});
