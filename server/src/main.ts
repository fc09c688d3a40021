// Entry point: one process, one port, HTTP and WebSocket sync. `startServer` is also used in-process
// by tests; running this file directly reads the environment and handles SIGTERM/SIGINT.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { configFromEnv, type ServerConfig } from './config.ts';
import { ensureDemo } from './demo.ts';
import { createApp } from './http/app.ts';
import { log } from './log.ts';
import { SqliteStore } from './storage/sqliteStore.ts';
import type { Store } from './storage/store.ts';
import { Rooms } from './sync/rooms.ts';
import { attachSyncServer } from './sync/syncServer.ts';

export interface RunningServer {
  port: number;
  /** Id of the demo (or first) document, when there is one. */
  demoDocumentId: string | undefined;
  /** Snapshots open rooms, closes connections and the store. */
  close(): Promise<void>;
}

/** `options.store` replaces the embedded SQLite store (another backend, or a test double). */
export async function startServer(config: ServerConfig, options: { store?: Store } = {}): Promise<RunningServer> {
  const store = options.store ?? new SqliteStore(config.dataDir);
  try {
    return await listen(config, store);
  } catch (err) {
    store.close();
    throw err;
  }
}

async function listen(config: ServerConfig, store: Store): Promise<RunningServer> {
  const demoDocumentId = config.seedDemo ? await ensureDemo(store) : undefined;
  const rooms = new Rooms(store, { compactEvery: config.compactEvery, unloadDelayMs: config.roomUnloadDelayMs });
  const startedAt = Date.now();
  const app = createApp(store, {
    clientDir: config.clientDir,
    status: () => ({ rooms: rooms.size, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }),
  });
  const server = http.createServer(app);
  const sync = attachSyncServer(server, rooms, { maxMessageBytes: config.maxMessageBytes });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      rooms.closeAll(); // snapshot first: the part that matters if we are killed mid-way
      sync.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    })());

  return { port, demoDocumentId, close };
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const running = await startServer(config);
  const where = running.demoDocumentId ? `/d/${running.demoDocumentId}` : '/';
  console.log(`Penholder is running: open http://localhost:${running.port}${where}`);
  if (config.host !== '127.0.0.1' && config.host !== 'localhost') console.log(`(listening on ${config.host}:${running.port})`);

  const shutdown = (signal: string) => {
    log.info(`${signal} received, saving and closing`);
    // Never hang on shutdown: whatever was relayed is already durable.
    setTimeout(() => process.exit(1), 5_000).unref();
    running.close().then(
      () => process.exit(0),
      (err) => {
        log.error(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`Penholder could not start: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
}
