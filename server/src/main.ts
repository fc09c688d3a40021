// Entry point: one process, one port, HTTP and WebSocket sync. `startServer` is also used in-process
// by tests; running this file directly reads the environment and handles SIGTERM/SIGINT.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { configFromEnv, resolvePublicUrl, type ServerConfig } from './config.ts';
import { ensureDemo, issueDemoLinks, type DemoLink } from './demo.ts';
import { watchRevocations } from './access/revocation.ts';
import { createApp } from './http/app.ts';
import { refuseBadClients } from './http/clientErrors.ts';
import { log } from './log.ts';
import { openStore } from './storage/open.ts';
import { openBus } from './cluster/open.ts';
import type { InstanceBus } from './cluster/bus.ts';
import type { Store } from './storage/store.ts';
import { Rooms } from './sync/rooms.ts';
import { attachSyncServer } from './sync/syncServer.ts';
import { watchSilence } from './sync/silenceWatch.ts';
import { PUBLIC_URL_SETTING } from './config.ts';

export interface RunningServer {
  port: number;
  /** Id of the demo (or first) document, when there is one. */
  demoDocumentId: string | undefined;
  /** The negotiation of the demo document, on every start (for the start-up hint). */
  demoNegotiationId: string | undefined;
  /** Base of the links this server issues. */
  publicUrl: string;
  /** Access links for the demo negotiation, when this start created it (empty otherwise). */
  demoLinks: DemoLink[];
  /** Snapshots open rooms, closes connections ("server restarting", so clients reconnect) and the store. */
  close(): Promise<void>;
}

/**
 * `options.store` replaces the store the configuration selects (SQLite, or PostgreSQL with
 * PENHOLDER_DATABASE_URL); `options.bus` the link to other instances (Redis with PENHOLDER_REDIS_URL;
 * null: alone). Both are closed with the server.
 */
export async function startServer(config: ServerConfig, options: { store?: Store; bus?: InstanceBus | null } = {}): Promise<RunningServer> {
  const store = options.store ?? (await openStore(config));
  let bus: InstanceBus | null = null;
  try {
    bus = options.bus !== undefined ? options.bus : await openBus(config);
    return await listen(config, store, bus);
  } catch (err) {
    await bus?.close();
    await store.close();
    throw err;
  }
}

async function listen(config: ServerConfig, store: Store, bus: InstanceBus | null): Promise<RunningServer> {
  const demo = config.seedDemo ? await ensureDemo(store) : { documentId: undefined };
  const rooms = new Rooms(
    store,
    {
      compactEvery: config.compactEvery,
      unloadDelayMs: config.roomUnloadDelayMs,
      followLogMs: config.followLogMs,
      presenceBatchMs: config.syncLimits.presenceBatchMs,
      presenceHeartbeatBatchMs: config.syncLimits.presenceHeartbeatBatchMs,
    },
    bus,
  );
  const startedAt = Date.now();
  // Known once listening (PORT=0 picks a free port).
  let publicUrl = config.publicUrl ?? '';
  const app = createApp(store, {
    clientDir: config.clientDir,
    status: () => ({ rooms: rooms.size, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }),
    readiness: async () => {
      const checks: Record<string, boolean> = { database: await store.ping().catch(() => false) };
      if (bus) checks.instances = bus.ready();
      return { ready: Object.values(checks).every(Boolean), checks };
    },
    rooms,
    publicUrl: () => publicUrl,
    secureCookies: () => publicUrl.startsWith('https:'),
  });
  // A client that never finishes its headers (or its request) is answered 408 and disconnected: Node
  // checks the deadlines every connectionsCheckingInterval, so a slow client costs a socket for at
  // most headersTimeout plus that interval. (Since Node 18 these deadlines run per request, so they
  // need not exceed keepAliveTimeout as they once did.)
  const server = http.createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(5_000, Math.max(50, Math.floor(config.headersTimeoutMs / 4))),
    },
    app,
  );
  // Idle keep-alive connections stay open longer than Node's 5 s default, as behind a load balancer
  // (which closes first at 60 s): a client that reuses a connection the server has just closed sees
  // "socket closed" on a request it never got to send.
  server.keepAliveTimeout = 65_000;
  refuseBadClients(server);
  const sync = attachSyncServer(server, rooms, store, {
    maxMessageBytes: config.maxMessageBytes,
    publicUrl: () => publicUrl,
    limits: config.syncLimits,
  });
  const revocations = watchRevocations(store, rooms, config.revocationPollMs);
  const silence = watchSilence(store, rooms, 1000);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  publicUrl = resolvePublicUrl(config, port);
  // The CLI issues links on the same database, possibly from another shell: tell it where we are.
  await store.setSetting(PUBLIC_URL_SETTING, publicUrl);
  const demoLinks = demo.createdNegotiationId ? await issueDemoLinks(store, demo.createdNegotiationId, publicUrl) : [];

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      revocations.stop();
      silence.stop();
      await rooms.closeAll(); // snapshot first: the part that matters if we are killed mid-way
      await sync.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rooms.stop();
      await bus?.close();
      await store.close();
    })());

  const demoNegotiationId = demo.documentId ? (await store.getDocument(demo.documentId))?.negotiationId : undefined;
  return { port, demoDocumentId: demo.documentId, demoNegotiationId, publicUrl, demoLinks, close };
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const running = await startServer(config);
  const where = running.demoDocumentId ? `/d/${running.demoDocumentId}` : '/';
  // One write, so whoever reads the start-up lines (people, tests) gets the links with the first line.
  const lines = [`Penholder is running: open http://localhost:${running.port}${where}`];
  if (running.demoLinks.length > 0) {
    for (const l of running.demoLinks) lines.push(`  ${l.label}: ${l.link}`);
    lines.push('Each link signs one person in with that role. Keep them: they are not stored and cannot be shown again.');
  } else {
    const negotiation = running.demoNegotiationId ?? 'ID';
    lines.push(
      'Sign in with your access link (links are printed once, when issued). A new one, from another terminal:',
      `  npx penholder link --negotiation=${negotiation} --role cofacilitator`,
      '  (roles: secretariat, cofacilitator, delegation with --delegation NAME, observer; ids: npx penholder negotiations)',
    );
  }
  console.log(lines.join('\n'));
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
