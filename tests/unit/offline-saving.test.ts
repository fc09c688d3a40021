// The count of waiting edits (client/src/collab/saving.ts) on a stock y-websocket provider talking to
// a real Room over a real socket: it reaches 0 only once the server has stored the edits, never
// before, and edits made while disconnected are confirmed after the reconnect's resync.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import { Room } from '../../server/src/sync/room.ts';
import { Connection } from '../../server/src/sync/connection.ts';
import { syncLimitsFromEnv } from '../../server/src/config.ts';
import { DOCUMENT_FIELD } from '../../shared/src/collab/ydoc.ts';
import { trackSaving, type Saving } from '../../client/src/collab/saving.ts';
import { waitUntil } from '../helpers/server.ts';

let dir: string;
let store: SqliteStore;
let room: Room;
let wss: WebSocketServer;
/** While true the server reads nothing: frames wait in order, as on a congested link. */
let held = false;
const heldFrames: (() => void)[] = [];
let provider: WebsocketProvider;
let doc: Y.Doc;
let saving: Saving;

function release() {
  held = false;
  for (const f of heldFrames.splice(0)) f();
}

function paragraphText(d: Y.Doc): Y.XmlText {
  const p = d.getXmlFragment(DOCUMENT_FIELD).get(0);
  if (!(p instanceof Y.XmlElement)) throw new Error('no paragraph');
  const t = p.get(0);
  if (!(t instanceof Y.XmlText)) throw new Error('no text');
  return t;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-saving-'));
  store = new SqliteStore(dir);
  const seed = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.setAttribute('id', 'p1');
  p.insert(0, [new Y.XmlText('We welcome the report.')]);
  seed.getXmlFragment(DOCUMENT_FIELD).insert(0, [p]);
  (await store.createNegotiation({
    negotiation: { id: 'n1', title: 'Test' },
    delegations: [],
    documents: [{ id: 'd1', title: 'Draft', numberingStyle: 'outcome', initialUpdate: Y.encodeStateAsUpdate(seed), origin: 'import' }],
  }));
  const participant = {
    id: 'alice',
    negotiationId: 'n1',
    role: 'cofacilitator' as const,
    delegationId: null,
    name: 'Alice',
    createdAt: new Date(0).toISOString(),
    revokedAt: null,
    expiresAt: null,
  };
  await store.createParticipant(participant, 'hash');
  room = await Room.load('d1', store, { compactEvery: 1000, presenceBatchMs: 0, presenceHeartbeatBatchMs: 0 });
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws) => {
    const conn = new Connection(ws, { ...participant, delegation: null }, room.documentId, new URLSearchParams(), syncLimitsFromEnv({}));
    ws.on('message', (data: Buffer) => {
      const handle = () => room.receive(conn, new Uint8Array(data));
      if (held) heldFrames.push(handle);
      else handle();
    });
    ws.on('close', () => room.leave(conn));
    room.join(conn);
  });
  await new Promise((r) => wss.once('listening', r));
  doc = new Y.Doc();
  provider = new WebsocketProvider(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, 'd1', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  saving = trackSaving(provider, doc);
  await waitUntil(() => provider.synced, 5_000, 'the first sync');
});

afterEach(async () => {
  saving.destroy();
  provider.destroy();
  doc.destroy();
  for (const c of wss.clients) c.terminate();
  room.destroy();
  await new Promise((r) => wss.close(r));
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('edits waiting for the server', () => {
  it('are counted per local transaction and confirmed once stored', async () => {
    expect(saving.waiting).toBe(0);
    for (const word of ['We ', 'also ', 'note ']) paragraphText(doc).insert(0, word);
    expect(saving.waiting).toBe(3);
    await waitUntil(() => saving.waiting === 0, 5_000, 'the confirmation');
    expect(paragraphText(room.doc).toString()).toBe('note also We We welcome the report.');
    expect((await store.history('d1', { limit: 10 })).length).toBe(3);
  });

  it('are not confirmed while the server has not read them, however long that takes', async () => {
    held = true;
    paragraphText(doc).insert(0, 'Held ');
    await new Promise((r) => setTimeout(r, 2_500)); // longer than the gap between probes
    expect(saving.waiting).toBe(1);
    expect(paragraphText(room.doc).toString()).not.toContain('Held');
    release();
    await waitUntil(() => saving.waiting === 0, 5_000, 'the confirmation');
    expect(paragraphText(room.doc).toString()).toContain('Held');
  });

  it('made while disconnected are confirmed after the reconnect resends them', async () => {
    provider.disconnect();
    paragraphText(doc).insert(0, 'Offline ');
    paragraphText(doc).insert(0, 'twice ');
    await new Promise((r) => setTimeout(r, 300));
    expect(saving.waiting).toBe(2);
    provider.connect();
    await waitUntil(() => saving.waiting === 0, 8_000, 'the confirmation after the reconnect');
    expect(paragraphText(room.doc).toString()).toBe('twice Offline We welcome the report.');
  });
});
