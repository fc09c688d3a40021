// A load-generator process of the comparison (bench/compare.ts forks several): it holds many stock
// clients -- y-websocket's WebsocketProvider, or @hocuspocus/provider for Hocuspocus, whose protocol
// differs -- each with an awareness, and makes some of them type. Every edit is one character inserted
// into a paragraph's text, followed by a caret move in the awareness, as TipTap's caret extension does.
//
// Latency, edit -> peer: the writer records when it made the edit (writer's Yjs client id and clock,
// epoch ms from performance.timeOrigin + now()) and the controller passes those records to every
// worker; each receiving client notes when the writer's clock advanced in its doc. Both ends read the
// same machine's clock, so the figure is exact to well under a millisecond.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { DOCUMENT_FIELD } from '../../shared/src/collab/ydoc.ts';
import { isLockedStatus } from '../../shared/src/consensus/locks.ts';
import type { ToWorker, FromWorker, SentRecord } from './messages.ts';

// Every stock provider adds a process 'exit' listener; hundreds of clients per process are intended.
process.setMaxListeners(0);
const now = () => performance.timeOrigin + performance.now();
const send = (m: FromWorker) => process.send!(m);

interface BenchClient {
  doc: Y.Doc;
  awareness: { setLocalStateField(field: string, value: unknown): void };
  synced: Promise<void>;
  destroy(): void;
}

function yWebsocketClient(url: string, room: string, params: Record<string, string>, seed: Uint8Array | null, waitFor: 'synced' | 'connected'): BenchClient {
  const doc = new Y.Doc();
  if (seed) Y.applyUpdate(doc, seed);
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as never, params, disableBc: true });
  provider.awareness.setLocalState({ user: { name: `bench ${doc.clientID}` }, cursor: null });
  const synced = new Promise<void>((resolve) => {
    if (waitFor === 'connected') provider.on('status', ({ status }: { status: string }) => status === 'connected' && resolve());
    else provider.on('sync', (s: boolean) => s && resolve());
  });
  return { doc, awareness: provider.awareness, synced, destroy: () => (provider.destroy(), doc.destroy()) };
}

function hocuspocusClient(room: string, socket: HocuspocusProviderWebsocket, seed: Uint8Array | null): BenchClient {
  const doc = new Y.Doc();
  if (seed) Y.applyUpdate(doc, seed);
  let resolve!: () => void;
  const synced = new Promise<void>((r) => (resolve = r));
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc, onSynced: () => resolve() });
  provider.attach();
  provider.awareness!.setLocalState({ user: { name: `bench ${doc.clientID}` }, cursor: null });
  return { doc, awareness: provider.awareness!, synced, destroy: () => (provider.destroy(), doc.destroy()) };
}

/** Top-level open paragraphs whose first child is text: where writers type (locked ones are refused). */
function typingSpots(doc: Y.Doc): number[] {
  const spots: number[] = [];
  doc.getXmlFragment(DOCUMENT_FIELD).toArray().forEach((node, i) => {
    if (!(node instanceof Y.XmlElement) || isLockedStatus(node.getAttribute('status'))) return;
    if (node.nodeName === 'paragraph' && node.firstChild instanceof Y.XmlText && node.firstChild.length > 10) spots.push(i);
  });
  return spots;
}

let clients: BenchClient[] = [];
let hocusSockets: HocuspocusProviderWebsocket[] = [];
/** Sent time of each (writer client id, clock) this worker has heard of. */
const sentAt = new Map<number, Map<number, number>>();
/** Receipts whose sent time has not arrived yet: writer -> clock -> receive times. */
const pending = new Map<number, Map<number, number[]>>();
let samples: number[] = [];
let typingTimers: NodeJS.Timeout[] = [];
let outbox: SentRecord[] = [];
let edits = 0;
let cpu0 = process.cpuUsage();
let wall0 = performance.now();

function receipt(writer: number, clock: number, at: number): void {
  const sent = sentAt.get(writer)?.get(clock);
  if (sent !== undefined) {
    samples.push(at - sent);
    return;
  }
  let byClock = pending.get(writer);
  if (!byClock) pending.set(writer, (byClock = new Map()));
  const list = byClock.get(clock);
  if (list) list.push(at);
  else byClock.set(clock, [at]);
}

function learn(records: SentRecord[]): void {
  for (const [writer, clock, at] of records) {
    let byClock = sentAt.get(writer);
    if (!byClock) sentAt.set(writer, (byClock = new Map()));
    byClock.set(clock, at);
    const waiting = pending.get(writer)?.get(clock);
    if (waiting) {
      for (const t of waiting) samples.push(t - at);
      pending.get(writer)!.delete(clock);
    }
  }
}

function watch(client: BenchClient): void {
  client.doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.local) return;
    const at = now();
    tr.afterState.forEach((after, writer) => {
      const before = tr.beforeState.get(writer) ?? 0;
      for (let clock = before; clock < after; clock++) if (sentAt.has(writer) || pending.has(writer) || after - before < 64) receipt(writer, clock, at);
    });
  });
}

function startTyping(writerIndices: number[], perSecond: number, durationMs: number): void {
  const interval = 1000 / perSecond;
  const stopAt = performance.now() + durationMs;
  for (const [k, index] of writerIndices.entries()) {
    const client = clients[index]!;
    const spots = typingSpots(client.doc);
    if (spots.length === 0) throw new Error('no paragraph to type in');
    let n = 0;
    const spot = spots[(index * 7) % spots.length]!;
    const tick = () => {
      if (performance.now() >= stopAt) return;
      const text = (client.doc.getXmlFragment(DOCUMENT_FIELD).get(spot) as Y.XmlElement).firstChild as Y.XmlText;
      const clock = Y.getState(client.doc.store, client.doc.clientID);
      const at = now();
      client.doc.transact(() => text.insert(3 + (n % 5), String.fromCharCode(97 + (n % 26))));
      outbox.push([client.doc.clientID, clock, at]);
      client.awareness.setLocalStateField('cursor', { anchor: { para: spot, at: 4 + (n % 5) }, head: { para: spot, at: 4 + (n % 5) } });
      n++;
      edits++;
    };
    // Writers start at staggered phases so the load is spread over each interval.
    const phase = (k / writerIndices.length) * interval + Math.random() * interval * 0.1;
    typingTimers.push(
      setTimeout(() => {
        tick();
        typingTimers.push(setInterval(tick, interval));
      }, phase),
    );
  }
}

setInterval(() => {
  if (outbox.length === 0) return;
  learn(outbox);
  send({ type: 'sent', records: outbox });
  outbox = [];
}, 20).unref();

process.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'connect': {
      const t0 = performance.now();
      const seed = m.seed ? new Uint8Array(Buffer.from(m.seed, 'base64')) : null;
      const fresh: BenchClient[] = [];
      for (let i = 0; i < m.urls.length; i += 20) {
        const group = m.urls.slice(i, i + 20).map((c) => {
          if (m.kind === 'hocuspocus') {
            const socket = new HocuspocusProviderWebsocket({ url: c.url, WebSocketPolyfill: WebSocket });
            hocusSockets.push(socket);
            return hocuspocusClient(c.room, socket, seed);
          }
          return yWebsocketClient(c.url, c.room, c.params, seed, m.kind === 'relay' ? 'connected' : 'synced');
        });
        await Promise.all(group.map((c) => c.synced));
        fresh.push(...group);
      }
      fresh.forEach(watch);
      clients.push(...fresh);
      send({ type: 'connected', ms: performance.now() - t0, count: clients.length });
      return;
    }
    case 'sent':
      learn(m.records);
      return;
    case 'type':
      samples = [];
      edits = 0;
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      startTyping(m.writers, m.perSecond, m.durationMs);
      send({ type: 'typing' });
      return;
    case 'report': {
      typingTimers.forEach((t) => clearTimeout(t));
      typingTimers = [];
      const cpu = process.cpuUsage(cpu0);
      let missing = 0;
      for (const byClock of pending.values()) for (const list of byClock.values()) missing += list.length;
      send({ type: 'report', samples, edits, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0, unmatched: missing });
      samples = [];
      pending.clear();
      return;
    }
    case 'join': {
      // A fresh client joins a room: connect -> synced, in ms.
      const t0 = performance.now();
      const c =
        m.kind === 'hocuspocus'
          ? hocuspocusClient(m.room, new HocuspocusProviderWebsocket({ url: m.url, WebSocketPolyfill: WebSocket }), null)
          : yWebsocketClient(m.url, m.room, m.params, null, 'synced');
      await c.synced;
      const ms = performance.now() - t0;
      const bytes = Y.encodeStateAsUpdate(c.doc).length;
      c.destroy();
      send({ type: 'joined', ms, bytes });
      return;
    }
    case 'close':
      for (const c of clients) c.destroy();
      for (const s of hocusSockets) s.destroy();
      clients = [];
      hocusSockets = [];
      send({ type: 'closed' });
      return;
  }
});
send({ type: 'ready' });
