// A private, throwaway PostgreSQL for tests: one cluster per test file (per worker process), made
// with initdb in a temporary directory and run as a child process listening on 127.0.0.1 on a free
// port, its unix socket in that directory too. Nothing touches a system cluster (Debian's package
// may have one on 5432: it is neither used nor needed). Every startPostgres() call creates a fresh,
// empty database on that cluster; the cluster stops and its directory is removed when the last
// database handed out is stopped (or, as a safety net, when the process exits).
//
// Durability is what the storage tests are about, so the server keeps fsync=on and
// synchronous_commit=on; only initdb's own final sync is skipped (--no-sync: the cluster's files are
// thrown away with the test, and the server's writes are synced as in production). shared_buffers
// is small: two cores and other engineers' suites share the machine.
//
// initdb refuses to run as root, so as root every server binary runs as the `postgres` system user
// (spawned with its uid and gid, like `runuser -u postgres`, but with no wrapper process between us
// and the server, so killing the child kills the server), which owns the temporary directory. The binaries are PostgreSQL's own, from
// /usr/lib/postgresql/<highest version>/bin (Debian's layout), or PENHOLDER_PG_BIN when set.
// `node scripts/ensure-services.mjs` installs them when it can; when they are missing, startPostgres
// answers { skip } with the sentence a skipped test prints.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';
import pg from 'pg';

export type StartedPostgres = { url: string; stop(): Promise<void> };
export type PostgresStart = StartedPostgres | { skip: string };

interface Cluster {
  port: number;
  dir: string;
  bin: string;
  owner: Owner;
  server: ChildProcess;
  /** Databases handed out and not yet stopped. */
  users: number;
  exited: Promise<void>;
}

let cluster: Promise<Cluster> | undefined;
let nextDatabase = 0;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The directory holding initdb and postgres, or a sentence saying why there is none. */
export function findPostgresBin(): { bin: string } | { skip: string } {
  const fromEnv = process.env.PENHOLDER_PG_BIN;
  if (fromEnv) {
    return fs.existsSync(path.join(fromEnv, 'initdb'))
      ? { bin: fromEnv }
      : { skip: `PENHOLDER_PG_BIN=${fromEnv} has no initdb: the PostgreSQL tests are skipped.` };
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    return {
      skip:
        'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb), so the PostgreSQL tests are skipped; ' +
        '`node scripts/ensure-services.mjs` installs it when run as root with apt-get.',
    };
  }
  return { bin: path.join(root, versions[0]!, 'bin') };
}

/** A private cluster's fresh database, or { skip } with a sentence when PostgreSQL is not available. */
export async function startPostgres(): Promise<PostgresStart> {
  const found = findPostgresBin();
  if ('skip' in found) return found;
  const owner = isRoot() ? systemUser('postgres') : {};
  if (!owner) {
    return { skip: 'Running as root without a `postgres` system user to run initdb as, so the PostgreSQL tests are skipped.' };
  }
  cluster ??= startCluster(found.bin, owner).catch((err: unknown) => {
    cluster = undefined;
    throw err;
  });
  const c = await cluster;
  c.users++;
  const name = `penholder_${process.pid}_${nextDatabase++}`;
  try {
    await admin(c, `CREATE DATABASE ${name}`);
  } catch (err) {
    await release(c);
    throw err;
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${c.port}/${name}`,
    // The database is not dropped (DROP DATABASE waits for a checkpoint, ~0.2 s a test): it goes with
    // the cluster, which the last stop() shuts down and deletes.
    async stop() {
      if (stopped) return;
      stopped = true;
      await release(c);
    },
  };
}

/** Who runs the server: nobody in particular (ourselves) unless we are root. */
type Owner = { uid?: number; gid?: number };

function systemUser(name: string): Owner | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

async function startCluster(bin: string, owner: Owner): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-pg-'));
  if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid ?? -1);
  const data = path.join(dir, 'data');
  const initArgs = ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions', '--no-sync'];
  try {
    execFileSync(path.join(bin, 'initdb'), initArgs, { stdio: 'pipe', ...owner, cwd: dir });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || String(err)}`);
  }
  // A port can be taken between freePort() and the server's bind: try a few.
  let lastLog = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = [
      '-D', data,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `port=${port}`,
      '-c', `unix_socket_directories=${dir}`,
      '-c', 'fsync=on',
      '-c', 'synchronous_commit=on',
      '-c', 'shared_buffers=16MB',
      '-c', 'max_connections=60',
      '-c', 'log_min_messages=warning',
    ];
    const server = spawn(path.join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...owner, cwd: dir });
    let log = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    let gone = false;
    void exited.then(() => (gone = true));
    const c: Cluster = { port, dir, bin, owner, server, users: 0, exited };
    if (await ready(c, () => gone)) {
      process.once('exit', () => stopNow(c));
      return c;
    }
    lastLog = log;
    if (!gone) server.kill('SIGKILL');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`the test PostgreSQL did not start: ${lastLog}`);
}

async function ready(c: Cluster, gone: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !gone()) {
    const client = new pg.Client({ host: '127.0.0.1', port: c.port, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

async function admin(c: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: c.port, user: 'postgres', database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function release(c: Cluster): Promise<void> {
  c.users--;
  if (c.users > 0) return;
  cluster = undefined;
  // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, the server checkpoints and exits.
  c.server.kill('SIGINT');
  const killer = setTimeout(() => c.server.kill('SIGKILL'), 30_000);
  await c.exited;
  clearTimeout(killer);
  fs.rmSync(c.dir, { recursive: true, force: true });
}

/** At process exit (synchronous only): SIGQUIT, PostgreSQL's immediate shutdown, so no server
 *  outlives its test worker. The directory goes once the server has let go of it. */
function stopNow(c: Cluster): void {
  if (c.server.exitCode !== null || c.server.signalCode !== null) return;
  c.server.kill('SIGQUIT');
  const pidFile = path.join(c.dir, 'data', 'postmaster.pid');
  const deadline = Date.now() + 5_000;
  while (fs.existsSync(pidFile) && Date.now() < deadline) execFileSync('sleep', ['0.05']);
  fs.rmSync(c.dir, { recursive: true, force: true });
}
