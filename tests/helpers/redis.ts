// A throwaway redis-server for integration tests: a separate process on a free port of 127.0.0.1, no
// persistence (`--save '' --appendonly no`: the bus keeps nothing durable in Redis), its working
// directory a temporary one. `restart()` kills it (SIGKILL, a crash, not a clean shutdown) and starts a
// new one on the same port, which is how a test makes every client's link drop and come back.
// When redis-server is not installed the helper answers `{ skip }` with a sentence saying so; CI
// installs it (scripts/ensure-services.mjs), a developer with `apt-get install -y redis-server`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Kills the server (SIGKILL) and starts a new one on the same port. */
  restart(): Promise<void>;
  /** The two halves of restart, for a test that looks at what happens in between. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its sockets open and answers nothing, like a link that died
   *  without a word (a NAT forgetting it, a frozen host). */
  freeze(): void;
  thaw(): void;
}

const REDIS_SERVER = process.env.PENHOLDER_REDIS_SERVER || 'redis-server';

/** One PING over a raw socket: resolves true on +PONG, false on anything else. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function spawnServer(port: number, dir: string): { child: ChildProcess; output: () => string; exited: Promise<void> } {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  return { child, output: () => output, exited };
}

async function waitForPing(port: number, exited: Promise<void>, output: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`redis-server exited before answering on port ${port}:\n${output()}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output()}`);
}

export async function startRedis(): Promise<RedisServer | { skip: string }> {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { skip: `redis-server is not installed (${REDIS_SERVER}: ${probe.error?.message ?? `exit ${probe.status}`}); install it with apt-get install -y redis-server` };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-redis-'));
  // Another process may take the free port between the probe and redis-server's bind: try a few.
  let port = 0;
  let current: ReturnType<typeof spawnServer> | undefined;
  for (let attempt = 0; attempt < 5 && !current; attempt += 1) {
    port = await freePort();
    const started = spawnServer(port, dir);
    try {
      await waitForPing(port, started.exited, started.output);
      current = started;
    } catch (error) {
      started.child.kill('SIGKILL');
      await started.exited;
      if (attempt === 4) throw error;
    }
  }
  if (!current) throw new Error('redis-server could not be started');
  let server = current;

  const kill = async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGCONT'); // a frozen server would not die of SIGKILL before it runs again
      server.child.kill('SIGKILL');
      await server.exited;
    }
  };

  const start = async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) return;
    server = spawnServer(port, dir);
    await waitForPing(port, server.exited, server.output);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    kill,
    start,
    freeze: () => void server.child.kill('SIGSTOP'),
    thaw: () => void server.child.kill('SIGCONT'),
    async restart() {
      await kill();
      await start();
    },
  };
}
