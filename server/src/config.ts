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
  /** Directory holding the SQLite database (the default store). */
  dataDir: string;
  /** PENHOLDER_DATABASE_URL: a postgres:// URL selects the PostgreSQL store instead of SQLite. */
  databaseUrl: string | undefined;
  /** PENHOLDER_REDIS_URL: a redis:// URL links this instance to the others serving the same database. */
  redisUrl: string | undefined;
  /** PENHOLDER_INSTANCE_ID: this instance's name on the bus and in logs (default: host name and process id). */
  instanceId: string | undefined;
  /** With other instances: how often a room reads the log past what it holds, in case a batch was
   *  stored but never announced (its instance died in between). */
  followLogMs: number;
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
  /** Per-connection budgets and presence batching of the sync endpoint. */
  syncLimits: SyncLimits;
  /** A client must finish its request headers (HTTP or WebSocket upgrade) within this time, or gets 408 and is disconnected. */
  headersTimeoutMs: number;
  /** A client must finish its whole request (an upload included) within this time. */
  requestTimeoutMs: number;
}

/**
 * Limits that keep one connection from costing the room more than a person could (see
 * server/README.md, "Limits"). Budgets are token buckets: `burst` messages at once, refilled at `rate`.
 */
export interface SyncLimits {
  /** Any frame from a client: sustained messages per second (0 with burst 0: unlimited). */
  messageRate: number;
  /** Any frame from a client: bucket size. 0 disables this budget. */
  messageBurst: number;
  /** Sync step 1 and query-awareness requests (each answered with an O(document)/O(room) reply), per minute. */
  syncRequestRatePerMinute: number;
  /** Sync step 1 and query-awareness requests: bucket size. 0 disables this budget. */
  syncRequestBurst: number;
  /** A connection whose unsent output exceeds this many bytes is closed (1013) instead of buffered further. */
  maxBufferedBytes: number;
  /** Presence changes are collected this long and relayed as one frame per connection (0: next tick). */
  presenceBatchMs: number;
  /** Heartbeats (a presence renewed unchanged) are collected this long before they are relayed. */
  presenceHeartbeatBatchMs: number;
}

/** The public URL of a server listening on `port`. */
/** Settings key under which the running server records its public URL for the CLI. */
export const PUBLIC_URL_SETTING = 'public_url';

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
    databaseUrl: env.PENHOLDER_DATABASE_URL || undefined,
    redisUrl: env.PENHOLDER_REDIS_URL || undefined,
    instanceId: env.PENHOLDER_INSTANCE_ID || undefined,
    followLogMs: Math.max(100, intFrom(env.PENHOLDER_FOLLOW_LOG_MS, 3_000, 'PENHOLDER_FOLLOW_LOG_MS')),
    clientDir: path.resolve(env.PENHOLDER_CLIENT_DIR || path.join(repoRoot, 'dist/client')),
    maxMessageBytes: intFrom(env.PENHOLDER_MAX_MESSAGE_BYTES, 8 * 1024 * 1024, 'PENHOLDER_MAX_MESSAGE_BYTES'),
    compactEvery: Math.max(1, intFrom(env.PENHOLDER_COMPACT_EVERY, 500, 'PENHOLDER_COMPACT_EVERY')),
    roomUnloadDelayMs: intFrom(env.PENHOLDER_ROOM_UNLOAD_MS, 5_000, 'PENHOLDER_ROOM_UNLOAD_MS'),
    seedDemo: env.PENHOLDER_NO_DEMO !== '1',
    publicUrl: env.PENHOLDER_PUBLIC_URL || undefined,
    revocationPollMs: Math.max(50, intFrom(env.PENHOLDER_REVOCATION_POLL_MS, 250, 'PENHOLDER_REVOCATION_POLL_MS')),
    syncLimits: syncLimitsFromEnv(env),
    headersTimeoutMs: Math.max(100, intFrom(env.PENHOLDER_HEADERS_TIMEOUT_MS, 20_000, 'PENHOLDER_HEADERS_TIMEOUT_MS')),
    requestTimeoutMs: Math.max(100, intFrom(env.PENHOLDER_REQUEST_TIMEOUT_MS, 300_000, 'PENHOLDER_REQUEST_TIMEOUT_MS')),
  };
}

export function syncLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): SyncLimits {
  return {
    messageRate: intFrom(env.PENHOLDER_MESSAGE_RATE, 100, 'PENHOLDER_MESSAGE_RATE'),
    messageBurst: intFrom(env.PENHOLDER_MESSAGE_BURST, 300, 'PENHOLDER_MESSAGE_BURST'),
    syncRequestRatePerMinute: intFrom(env.PENHOLDER_SYNC_REQUEST_RATE, 60, 'PENHOLDER_SYNC_REQUEST_RATE'),
    syncRequestBurst: intFrom(env.PENHOLDER_SYNC_REQUEST_BURST, 10, 'PENHOLDER_SYNC_REQUEST_BURST'),
    maxBufferedBytes: intFrom(env.PENHOLDER_MAX_BUFFERED_BYTES, 16 * 1024 * 1024, 'PENHOLDER_MAX_BUFFERED_BYTES'),
    presenceBatchMs: intFrom(env.PENHOLDER_PRESENCE_BATCH_MS, 50, 'PENHOLDER_PRESENCE_BATCH_MS'),
    // y-protocols renews a presence every 15 s and drops one unheard of for 30 s: a few seconds'
    // delay leaves a wide margin.
    presenceHeartbeatBatchMs: Math.min(
      5_000,
      intFrom(env.PENHOLDER_PRESENCE_HEARTBEAT_BATCH_MS, 2_000, 'PENHOLDER_PRESENCE_HEARTBEAT_BATCH_MS'),
    ),
  };
}

/** Where the repository's fixtures live (the demo imports one of them). */
export const fixturesDir = path.join(repoRoot, 'fixtures');
