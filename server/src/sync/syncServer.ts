// The WebSocket endpoint: ws://HOST:PORT/sync/<documentId>[?token=...], speaking the y-websocket
// protocol so the stock WebsocketProvider works unmodified. Shares the HTTP server's port.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { log } from '../log.ts';
import { answerAndClose } from '../http/clientErrors.ts';
import { CloseCode } from './closeCodes.ts';
import { Connection } from './connection.ts';
import { heartbeatIntervalFromEnv, startHeartbeat } from './heartbeat.ts';
import { SYNC_REASONS, authenticate, credentialsOf } from '../access/authenticate.ts';
import type { Store } from '../storage/store.ts';
import type { Participant } from './participant.ts';
import type { Rooms } from './rooms.ts';
import type { Room } from './room.ts';
import type { SyncLimits } from '../config.ts';

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,128})\/?$/;
/** A socket that has not answered a ping within this interval is dropped (and its presence removed). */
const KEEPALIVE_MS = 30_000;
/** Frames a client may send before its connection is admitted to the room (checked and loaded). */
const MAX_EARLY_FRAMES = 100;

export interface SyncServer {
  /** Waits (up to `graceMs`) for sockets already sent a close frame to finish closing, then drops the rest. */
  close(graceMs?: number): Promise<void>;
}

export function attachSyncServer(
  server: Server,
  rooms: Rooms,
  store: Store,
  options: { maxMessageBytes: number; publicUrl: () => string; limits: SyncLimits; heartbeatMs?: number },
): SyncServer {
  const { limits } = options;
  // Every open sync connection, for the heartbeat (sync/heartbeat.ts) that lets clients detect a
  // dead connection in seconds.
  const open = new Set<Connection>();
  const stopHeartbeat = startHeartbeat(() => open, options.heartbeatMs ?? heartbeatIntervalFromEnv());
  // maxPayload makes ws refuse an oversized frame before buffering it, closing with 1009.
  // permessage-deflate stays off (ws' server default, stated so it cannot change under us): its zlib
  // contexts cost ~300 KB per connection, and Yjs updates are small binary frames it barely shrinks.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      answerAndClose(socket, 400, 'Bad Request'); // an unparsable target would otherwise throw out of the listener
      return;
    }
    const match = SYNC_PATH.exec(url.pathname);
    if (!match) {
      answerAndClose(socket, 404, 'Not Found');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
      accept(ws, request, match[1]!, url.searchParams);
    });
  };

  // Refusals happen after the upgrade, with a 44xx close code, so the stock provider stops retrying
  // instead of reconnecting forever as it does after a failed handshake. Order: who are you (4401),
  // does the document exist (4404), is it yours (4403); a stranger learns nothing about document ids.
  // Checking needs the access directory and loading the room needs the log, both asynchronous: frames
  // that arrive meanwhile are held, in order, and handed to the room once the connection joined it.
  const accept = (ws: WebSocket, request: IncomingMessage, documentId: string, params: URLSearchParams) => {
    ws.on('error', (err) => log.warn(`sync ${documentId}: socket error: ${err.message}`));
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    let conn: Connection | null = null;
    let room: Room | null = null;
    let gone = false;
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        if (conn) conn.close(CloseCode.malformed, 'malformed message: text frame');
        else ws.close(CloseCode.malformed, 'malformed message: text frame');
        return;
      }
      const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
      if (!conn || !room) {
        // Held until the room is ready, within bounds: a client may send its greeting (sync step 1,
        // presence) and a few edits before it is admitted, not a flood.
        earlyBytes += bytes.byteLength;
        if (early.length >= MAX_EARLY_FRAMES || earlyBytes > options.maxMessageBytes * 2) {
          ws.close(CloseCode.tooManyMessages, 'too many messages');
          return;
        }
        early.push(bytes);
        return;
      }
      deliver(conn, room, bytes);
    });
    ws.on('close', () => {
      gone = true;
      if (!conn || !room) return;
      open.delete(conn);
      conn.closed = true;
      room.leave(conn);
      rooms.release(room);
    });
    void admit(ws, request, documentId, params).then(
      async (participant) => {
        if (!participant || gone) return;
        let opened: Room | undefined;
        try {
          opened = await rooms.open(documentId);
        } catch (err) {
          log.error(`sync ${documentId}: could not load the document: ${String(err)}`);
          ws.close(CloseCode.internalError, 'could not load the document');
          return;
        }
        if (!opened) {
          ws.close(CloseCode.notFound, 'unknown document');
          return;
        }
        if (gone) {
          rooms.release(opened);
          return;
        }
        room = opened;
        conn = new Connection(ws, participant, documentId, params, limits);
        open.add(conn);
        room.join(conn);
        for (const bytes of early.splice(0)) deliver(conn, room, bytes);
      },
      (err: unknown) => {
        log.error(`sync ${documentId}: authenticate failed: ${String(err)}`);
        ws.close(CloseCode.internalError, 'could not check credentials');
      },
    );
  };

  /** Who is connecting, or null after closing the socket with the reason. */
  const admit = async (ws: WebSocket, request: IncomingMessage, documentId: string, params: URLSearchParams): Promise<Participant | null> => {
    const auth = await authenticate(store, credentialsOf(request, params));
    if (!auth.ok) {
      ws.close(CloseCode.unauthenticated, SYNC_REASONS[auth.refusal]);
      return null;
    }
    // A cookie travels with any page's WebSocket to this host (SameSite does not separate ports of
    // one host), so a session is honoured only from our own pages. Tokens are sent deliberately.
    if (auth.via === 'session' && !sameOrigin(request, options.publicUrl())) {
      ws.close(CloseCode.forbidden, 'cross-site connection refused');
      return null;
    }
    const document = await store.getDocument(documentId);
    if (!document) {
      ws.close(CloseCode.notFound, 'unknown document');
      return null;
    }
    if (document.negotiationId !== auth.participant.negotiationId) {
      ws.close(CloseCode.forbidden, 'not a participant of this negotiation');
      return null;
    }
    return auth.participant;
  };

  const deliver = (conn: Connection, room: Room, bytes: Uint8Array) => {
    try {
      room.receive(conn, bytes);
    } catch (err) {
      // A bug, not a client fault: drop this connection rather than the process.
      log.error(`sync ${conn.documentId}: unexpected error handling a message: ${(err as Error)?.stack ?? String(err)}`);
      conn.close(CloseCode.internalError, 'internal error');
    }
  };

  // Half-open TCP connections (a laptop closed mid-session) would otherwise linger in their room.
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  server.on('upgrade', onUpgrade);
  return {
    async close(graceMs = 1_000) {
      clearInterval(keepalive);
      stopHeartbeat();
      server.off('upgrade', onUpgrade);
      // Terminating at once would drop close frames still queued (the client would see 1006, not why).
      const deadline = Date.now() + graceMs;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/** Whether a browser's upgrade comes from a page of this server (no Origin: not a browser, allowed). */
function sameOrigin(request: IncomingMessage, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === request.headers.host) return true;
  try {
    return host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}
