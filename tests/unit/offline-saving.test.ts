// The count of waiting edits (client/src/collab/saving.ts) on a stock y-websocket provider talking to
// a real Room over a real socket: it reaches 0 only once the server has stored the edits, never
// before, and edits made while disconnected are confirmed after the reconnect's resync.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { Connection } from '../../server/src/sync/connection.ts';
import { syncLimitsFromEnv } from '../../server/src/config.ts';
import { trackSaving, type Saving } from '../../client/src/collab/saving.ts';
import { waitUntil } from '../helpers/server.ts';
import { firstParagraphText as paragraphText, participant, servedRoom, type ServedRoom } from './sync-helpers.ts';

const alice = participant('alice');
let served: ServedRoom;
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

beforeEach(async () => {
  served = await servedRoom('We welcome the report.', [alice]);
  const { room, wss } = served;
  wss.on('connection', (ws) => {
    const conn = new Connection(ws, alice, room.documentId, new URLSearchParams(), syncLimitsFromEnv({}));
    ws.on('message', (data: Buffer) => {
      const handle = () => room.receive(conn, new Uint8Array(data));
      if (held) heldFrames.push(handle);
      else handle();
    });
    ws.on('close', () => room.leave(conn));
    room.join(conn);
  });
  doc = new Y.Doc();
  provider = new WebsocketProvider(served.url, 'd1', doc, {
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
  await served.close();
});

describe('edits waiting for the server', () => {
  it('are counted per local transaction and confirmed once stored', async () => {
    expect(saving.waiting).toBe(0);
    for (const word of ['We ', 'also ', 'note ']) paragraphText(doc).insert(0, word);
    expect(saving.waiting).toBe(3);
    await waitUntil(() => saving.waiting === 0, 5_000, 'the confirmation');
    expect(paragraphText(served.room.doc).toString()).toBe('note also We We welcome the report.');
    expect((await served.store.history('d1', { limit: 10 })).length).toBe(3);
  });

  it('are not confirmed while the server has not read them, however long that takes', async () => {
    held = true;
    paragraphText(doc).insert(0, 'Held ');
    await new Promise((r) => setTimeout(r, 2_500)); // longer than the gap between probes
    expect(saving.waiting).toBe(1);
    expect(paragraphText(served.room.doc).toString()).not.toContain('Held');
    release();
    await waitUntil(() => saving.waiting === 0, 5_000, 'the confirmation');
    expect(paragraphText(served.room.doc).toString()).toContain('Held');
  });

  it('made while disconnected are confirmed after the reconnect resends them', async () => {
    provider.disconnect();
    paragraphText(doc).insert(0, 'Offline ');
    paragraphText(doc).insert(0, 'twice ');
    await new Promise((r) => setTimeout(r, 300));
    expect(saving.waiting).toBe(2);
    provider.connect();
    await waitUntil(() => saving.waiting === 0, 8_000, 'the confirmation after the reconnect');
    expect(paragraphText(served.room.doc).toString()).toBe('twice Offline We welcome the report.');
  });
});
