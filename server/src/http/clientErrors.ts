// What a client that does not speak HTTP gets: an answer and a closed socket, never a connection left open.
//
// Node's HTTP parser reports garbage, oversized headers and requests that miss their deadlines
// (headersTimeout / requestTimeout, set in main.ts) as 'clientError'. Node's own default answers too,
// but only while the socket is writable and nothing was written yet, and says nothing in the log; this
// handler answers the same way (400, 408, 413, 431 with `Connection: close`) and always destroys the
// socket, so a hostile or broken client costs one socket for a bounded time. Upgrade requests are
// answered by the sync endpoint (sync/syncServer.ts: 404 off /sync/<id>, 400 from ws for an upgrade
// that is not a valid WebSocket handshake).
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { log } from '../log.ts';

const STATUS_OF: Readonly<Record<string, [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Content Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

export function refuseBadClients(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const code = err.code ?? '';
    if (code !== 'ECONNRESET' && code !== 'EPIPE') log.warn(`http: bad client request (${code || err.message}), answered and closed`);
    const [status, text] = STATUS_OF[code] ?? [400, 'Bad Request'];
    answerAndClose(socket, status, text);
  });
}

/** Writes a bodiless HTTP response if the socket can still take one, then closes it for good. */
export function answerAndClose(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  const canAnswer = socket.writable && !('bytesWritten' in socket && Number(socket.bytesWritten) > 0);
  if (!canAnswer) {
    socket.destroy();
    return;
  }
  // The server's sockets allow half-open connections: end() alone would wait for the client's FIN.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // a client that does not read the answer does not hold the socket either
  setTimeout(() => socket.destroy(), 1_000).unref();
}
