// The floor: a bare WebSocket relay, no Yjs. Every binary frame goes to every other client of the
// room (the URL path). One exception, or the floor would be a ceiling: the stock y-websocket provider
// re-sends every awareness update it receives, so a relay that forwarded those echoes would send
// N x N frames per caret move. A frame byte-identical to one relayed in the last 5-10 s is dropped
// (a hash lookup, still no decoding): that is what the Yjs servers achieve by applying the echo and
// finding nothing new. The window is long because under backlog echoes arrive late, and each late
// echo relayed is N more frames: a short window made the relay collapse at 200 clients.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { WebSocketServer } from 'ws';

const rooms = new Map();
let recent = new Set();
let older = new Set();
setInterval(() => {
  older = recent;
  recent = new Set();
}, 5000).unref();

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, request) => {
  const name = request.url ?? '/';
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  room.add(ws);
  ws.on('message', (data) => {
    const key = name + createHash('sha1').update(data).digest('base64');
    if (recent.has(key) || older.has(key)) return;
    recent.add(key);
    for (const peer of room) if (peer !== ws && peer.readyState === 1) peer.send(data, { binary: true });
  });
  ws.on('close', () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(name);
  });
});
const server = http.createServer((_req, res) => res.end('okay'));
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
