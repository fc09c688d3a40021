// The reload-then-reconnect path (docs/design.md, "Offline"): edits kept in the browser are loaded
// into a NEW Y.Doc (a fresh random clientID) after a reload, then sent to the server by the
// provider's sync step 2. The server's client-id ownership (server/src/sync/authorize.ts) must accept
// them and attribute them to the participant who made them; the same copy sent by someone else (two
// people on one browser sharing a store, which the per-participant store prevents) must be refused.
// Real Room on a memory store (the store's durability is not what is tested), real sockets; "IndexedDB" is the list of updates y-indexeddb would
// have appended.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { Connection } from '../../server/src/sync/connection.ts';
import { syncLimitsFromEnv } from '../../server/src/config.ts';
import type { Participant } from '../../server/src/sync/participant.ts';
import { syncFrame } from '../helpers/server.ts';
import { firstParagraphText as paragraphText, participant, servedRoom, type ServedRoom } from './sync-helpers.ts';

const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

const alice = participant('alice');
const bob = participant('bob');
let served: ServedRoom;
let room: ServedRoom['room'];
let store: ServedRoom['store'];
const sockets: WebSocket[] = [];

/** A server-side sync connection for `participant` over a real local WebSocket. */
async function connect(participant: Participant): Promise<Connection> {
  const accepted = new Promise<WebSocket>((resolve) => served.wss.once('connection', resolve));
  const client = new WebSocket(served.url);
  sockets.push(client);
  client.on('error', () => {});
  const socket = await accepted;
  sockets.push(socket);
  const conn = new Connection(socket, participant, room.documentId, new URLSearchParams(), syncLimitsFromEnv({}));
  room.join(conn);
  return conn;
}

beforeEach(async () => {
  served = await servedRoom('We welcome the report.', [alice, bob]);
  ({ room, store } = served);
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await served.close();
});

describe('edits kept in the browser, after a reload', () => {
  it('are accepted on reconnect and attributed to their author, the old and the new client id both hers', async () => {
    // First page: synced, one edit while online, two offline; the browser keeps every update.
    const kept: Uint8Array[] = [];
    const first = new Y.Doc();
    first.on('update', (u: Uint8Array) => kept.push(u));
    Y.applyUpdate(first, Y.encodeStateAsUpdate(room.doc));
    const online = await connect(alice);
    const before = Y.encodeStateVector(first);
    paragraphText(first).insert(0, 'Online, ');
    room.receive(online, syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(first, before)));
    await room.whenDurable(); // the end of the turn: stored (fanout.ts)
    expect(online.closed).toBe(false);
    expect(room.clientOwner(first.clientID)).toBe('alice');
    paragraphText(first).insert(paragraphText(first).length, ' Offline one.');
    paragraphText(first).insert(paragraphText(first).length, ' Offline two.');
    first.destroy();

    // Reload, still offline: a new Y.Doc loads the kept updates and gets a new client id.
    const second = new Y.Doc();
    for (const u of kept) Y.applyUpdate(second, u);
    expect(second.clientID).not.toBe(first.clientID);
    paragraphText(second).insert(paragraphText(second).length, ' After reload.');

    // Reconnect: the provider's sync step 2 carries everything the server lacks.
    const back = await connect(alice);
    room.receive(back, syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(second, Y.encodeStateVector(room.doc))));
    await room.whenDurable(); // the end of the turn: stored (fanout.ts)
    expect(back.closed).toBe(false);
    expect(paragraphText(room.doc).toString()).toBe('Online, We welcome the report. Offline one. Offline two. After reload.');
    expect(room.clientOwner(first.clientID)).toBe('alice');
    expect(room.clientOwner(second.clientID)).toBe('alice');
    const history = await store.history('d1', { limit: 10 });
    expect(history.length).toBeGreaterThanOrEqual(2);
    for (const entry of history) expect(entry.participant.id).toBe('alice');
    expect(history[0]!.blocks).toEqual(['p1']);
  });

  it('are refused when sent by another participant: the copy must be kept per participant', async () => {
    const kept: Uint8Array[] = [];
    const first = new Y.Doc();
    Y.applyUpdate(first, Y.encodeStateAsUpdate(room.doc));
    first.on('update', (u: Uint8Array) => kept.push(u));
    const online = await connect(alice);
    const before = Y.encodeStateVector(first);
    paragraphText(first).insert(0, 'Alice online, ');
    room.receive(online, syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(first, before)));
    await room.whenDurable(); // the end of the turn: stored (fanout.ts)
    paragraphText(first).insert(0, 'Alice offline, ');

    // Bob signs in on the same browser; were the store shared, his page would load Alice's edits.
    const shared = new Y.Doc();
    Y.applyUpdate(shared, Y.encodeStateAsUpdate(room.doc));
    for (const u of kept) Y.applyUpdate(shared, u);
    const bobs = await connect(bob);
    room.receive(bobs, syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(shared, Y.encodeStateVector(room.doc))));
    await room.whenDurable(); // the end of the turn: stored (fanout.ts)
    expect(bobs.closed).toBe(true);
    expect(paragraphText(room.doc).toString()).not.toContain('Alice offline');
  });

  it('from a page that never reached the server (unknown client id) are claimed by their author', async () => {
    // A page that never reached the server (opened from the browser's copy, then closed).
    const never = new Y.Doc();
    Y.applyUpdate(never, Y.encodeStateAsUpdate(room.doc));
    paragraphText(never).insert(0, 'Never sent, ');
    expect(room.clientOwner(never.clientID)).toBeUndefined();
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(never));
    const conn = await connect(alice);
    room.receive(conn, syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(reopened, Y.encodeStateVector(room.doc))));
    await room.whenDurable(); // the end of the turn: stored (fanout.ts)
    expect(conn.closed).toBe(false);
    expect(room.clientOwner(never.clientID)).toBe('alice');
    expect(paragraphText(room.doc).toString()).toBe('Never sent, We welcome the report.');
  });
});
