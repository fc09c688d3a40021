// A TCP proxy between the browser and the server that a test can cut, for offline tests.
//
// Why a proxy and not Playwright's context.setOffline: Chromium's offline emulation fails new
// requests but may leave an open WebSocket working, and it cannot produce the case that matters
// most, a link that silently stops carrying data (no FIN, no RST) as when a laptop leaves the Wi-Fi:
// only the absence of messages reveals it. Here the test decides at the byte level.
//
// What is cut: the sync channel only (connections whose first bytes are `GET /sync/`, i.e. the
// WebSocket upgrades; Chromium never reuses an HTTP connection for a WebSocket). While cut, open sync
// connections are black-holed (kept open, bytes dropped both ways) and new ones are reset at once, as
// a down network refuses them. Plain HTTP (the page, its scripts, /api) keeps flowing, so a test can
// reload the page while "offline": the app shell is not cached for offline use (docs/design.md,
// "Offline", known limits), a reload without any network would show the browser's error page.
import net from 'node:net';

export interface SyncCut {
  /** http://127.0.0.1:PORT, to use instead of the server's address. */
  url: string;
  /** Stops the sync channel silently: open connections go quiet, new ones are refused. */
  cut(): void;
  /** Lets sync connections through again (black-holed ones are closed: their client has moved on). */
  restore(): void;
  /** Sync connections accepted since the start (a reconnect shows up here). */
  readonly syncConnections: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  sync: boolean;
  blackholed: boolean;
}

export async function startSyncCut(target: { port: number; host?: string }): Promise<SyncCut> {
  const pairs = new Set<Pair>();
  let isCut = false;
  let syncConnections = 0;

  const server = net.createServer((client) => {
    client.on('error', () => {});
    client.once('data', (first: Buffer) => {
      const sync = first.subarray(0, 10).toString('latin1') === 'GET /sync/';
      if (sync && isCut) {
        client.resetAndDestroy();
        return;
      }
      if (sync) syncConnections++;
      const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
      upstream.on('error', () => {});
      const pair: Pair = { client, upstream, sync, blackholed: false };
      pairs.add(pair);
      upstream.write(first);
      client.on('data', (d: Buffer) => {
        if (!pair.blackholed) upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => {
        if (!pair.blackholed) client.write(d);
      });
      const end = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      upstream.on('close', () => {
        // a black-holed link does not report the server's close either
        if (pair.blackholed) upstream.removeAllListeners('data');
        else end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true;
      for (const p of pairs) if (p.sync) p.blackholed = true;
    },
    restore() {
      isCut = false;
      for (const p of [...pairs]) {
        if (!p.blackholed) continue;
        pairs.delete(p);
        p.client.resetAndDestroy();
        p.upstream.destroy();
      }
    },
    get syncConnections() {
      return syncConnections;
    },
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
