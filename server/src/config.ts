// Runtime configuration, read once from the environment so every other module receives plain values
// (and tests can start a server in-process with their own).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerConfig {
  /** TCP port for HTTP and WebSocket sync (one port for both). 0 picks a free port. */
  port: number;
  /** Interface to bind. 127.0.0.1 by default so a laptop demo is not exposed to the network;
   *  set HOST=0.0.0.0 to serve other machines (behind TLS and real authentication). */
  host: string;
  /** Directory holding the SQLite database. */
  dataDir: string;
  /** Built browser client (vite build output). */
  clientDir: string;
  /** Largest WebSocket frame accepted; bigger frames close the connection with 1009. */
  maxMessageBytes: number;
  /** Write a full-state snapshot after this many accepted updates to a document. */
  compactEvery: number;
  /** How long a room with no connections stays loaded before it is snapshotted and dropped. */
  roomUnloadDelayMs: number;
  /** Create the demo negotiation when the store holds none. */
  seedDemo: boolean;
  /** Base of the access links the server issues (`${publicUrl}/join?token=...`); default
   *  `http://localhost:${port}` once the port is known. */
  publicUrl: string | undefined;
  /** How often the server looks for revocations made by another process (the CLI). */
  revocationPollMs: number;
}

/** The public URL of a server listening on `port`. */
export function resolvePublicUrl(config: Pick<ServerConfig, 'publicUrl'>, port: number): string {
  return (config.publicUrl || `http://localhost:${port}`).replace(/\/+$/, '');
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: intFrom(env.PORT, 4321, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.PENHOLDER_DATA_DIR || './data'),
    clientDir: path.resolve(env.PENHOLDER_CLIENT_DIR || path.join(repoRoot, 'dist/client')),
    maxMessageBytes: intFrom(env.PENHOLDER_MAX_MESSAGE_BYTES, 8 * 1024 * 1024, 'PENHOLDER_MAX_MESSAGE_BYTES'),
    compactEvery: Math.max(1, intFrom(env.PENHOLDER_COMPACT_EVERY, 500, 'PENHOLDER_COMPACT_EVERY')),
    roomUnloadDelayMs: intFrom(env.PENHOLDER_ROOM_UNLOAD_MS, 5_000, 'PENHOLDER_ROOM_UNLOAD_MS'),
    seedDemo: env.PENHOLDER_NO_DEMO !== '1',
    publicUrl: env.PENHOLDER_PUBLIC_URL || undefined,
    revocationPollMs: Math.max(50, intFrom(env.PENHOLDER_REVOCATION_POLL_MS, 1000, 'PENHOLDER_REVOCATION_POLL_MS')),
  };
}

/** Where the repository's fixtures live (the demo imports one of them). */
export const fixturesDir = path.join(repoRoot, 'fixtures');
