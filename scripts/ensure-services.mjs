#!/usr/bin/env node
// The multi-instance tests start their own private servers: a throwaway PostgreSQL cluster
// (tests/helpers/postgres.ts: initdb + postgres from /usr/lib/postgresql/<version>/bin) and throwaway
// redis-server processes (tests/helpers/redis.ts). This finds those binaries and, when they are
// missing and we are root with apt-get, installs Debian's `postgresql` and `redis-server` (as
// scripts/ensure-export-tools.mjs does for its tools). Only the binaries matter: a system cluster or
// Redis service the packages set up is never used, and one that this install started is stopped
// again, so nothing listens on 5432 or 6379 because of us. When the binaries cannot be had, the
// tests that need them skip with a sentence saying why; this script says which and exits 0, since
// the rest of the suite runs without them.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** PostgreSQL's server binaries directory (highest version), as tests/helpers/postgres.ts looks for it. */
function postgresBin() {
  if (process.env.PENHOLDER_PG_BIN) return existsSync(path.join(process.env.PENHOLDER_PG_BIN, 'initdb')) ? process.env.PENHOLDER_PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** redis-server, as tests/helpers/redis.ts runs it (PENHOLDER_REDIS_SERVER or the PATH). */
function redisServer() {
  const named = process.env.PENHOLDER_REDIS_SERVER || 'redis-server';
  if (named.includes('/')) return existsSync(named) ? named : null;
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    if (existsSync(path.join(dir, named))) return path.join(dir, named);
  }
  return null;
}

const services = [
  {
    name: 'PostgreSQL',
    pkg: 'postgresql',
    find: postgresBin,
    skipped: 'the PostgreSQL backend of tests/integration/storage-contract.test.ts and its multi-instance tests',
  },
  {
    name: 'redis-server',
    pkg: 'redis-server',
    find: redisServer,
    skipped: 'the Redis bus tests (tests/integration/redis-bus.test.ts)',
  },
];

/** Clusters and services running before, so that only what the install itself started is stopped. */
function postgresClusters() {
  try {
    return execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length >= 4)
      .map(([version, cluster, , status]) => ({ id: `${version}/${cluster}`, version, cluster, online: status === 'online' }));
  } catch {
    return [];
  }
}

function quietly(file, args) {
  try {
    execFileSync(file, args, { stdio: 'ignore' });
  } catch {
    // Nothing to stop, or no service manager: either way nothing of ours is left running.
  }
}

let missing = services.filter((s) => !s.find());
if (missing.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    const packages = missing.map((s) => s.pkg);
    console.log(`Installing ${packages.join(', ')} for the multi-instance tests (apt-get install)...`);
    const onlineBefore = new Set(postgresClusters().filter((c) => c.online).map((c) => c.id));
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      console.error(`Installing ${packages.join(', ')} failed: ${error.message}`);
    }
    // The tests never use a system cluster or service: stop those this install brought up.
    if (packages.includes('postgresql')) {
      for (const c of postgresClusters()) if (c.online && !onlineBefore.has(c.id)) quietly('pg_ctlcluster', [c.version, c.cluster, 'stop']);
    }
    if (packages.includes('redis-server')) quietly('service', ['redis-server', 'stop']);
    missing = services.filter((s) => !s.find());
  }
  if (missing.length) {
    for (const s of missing) {
      console.log(`${s.name} is not installed, so ${s.skipped} will be skipped. Install with: sudo apt-get install -y ${s.pkg}`);
    }
  }
}
const found = services.filter((s) => s.find());
if (found.length) console.log(`Services for the multi-instance tests: ${found.map((s) => `${s.name} (${s.find()})`).join(', ')}`);
process.exit(0);
