// Fakes for unit tests of the sync modules through their seams: participants, connections over a
// socket that records what it is sent (the real Connection class, so budgets, closing and presence
// identity are the server's own), decoders for the frames a client receives, and a real Room on a
// memory store served on a local WebSocket server (for tests of a real client over a real socket).
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Connection } from '../../server/src/sync/connection.ts';
import type { Participant } from '../../server/src/sync/participant.ts';
import { Room } from '../../server/src/sync/room.ts';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import { DOCUMENT_FIELD } from '../../shared/src/collab/ydoc.ts';
import type { Role } from '../../shared/src/access/roles.ts';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_SYNC, type AwarenessEntry } from '../../server/src/sync/protocol.ts';

export function participant(id: string, role: Role = 'cofacilitator', negotiationId = 'n1'): Participant {
  const delegation = role === 'delegation' ? { id: 'eu', name: 'European Union', kind: 'group' as const } : null;
  return {
    id,
    negotiationId,
    role,
    delegationId: delegation?.id ?? null,
    name: id,
    createdAt: new Date(0).toISOString(),
    revokedAt: null,
    expiresAt: null,
    delegation,
  };
}

/** No budgets, no presence windows: what a test sets itself. */
export const UNLIMITED = {
  messageRate: 0,
  messageBurst: 0,
  syncRequestRatePerMinute: 0,
  syncRequestBurst: 0,
  maxBufferedBytes: 0,
  presenceBatchMs: 0,
  presenceHeartbeatBatchMs: 0,
};

/** A connection whose socket records every frame it is sent and how it was closed. */
export interface FakeClient {
  conn: Connection;
  sent: Uint8Array[];
  closed: { code: number; reason: string } | null;
}

export function fakeClient(who: Participant, documentId: string): FakeClient {
  const client: FakeClient = { conn: null as never, sent: [], closed: null };
  const socket = {
    readyState: 1, // WebSocket.OPEN
    bufferedAmount: 0,
    send: (frame: Uint8Array) => client.sent.push(frame),
    close: (code: number, reason: string) => (client.closed = { code, reason }),
    terminate: () => {},
  } as unknown as WebSocket;
  client.conn = new Connection(socket, who, documentId, new URLSearchParams(), UNLIMITED);
  return client;
}

/** The awareness entries of an awareness frame (null for any other frame). */
export function awarenessEntriesOf(frame: Uint8Array): AwarenessEntry[] | null {
  const d = decoding.createDecoder(frame);
  if (decoding.readVarUint(d) !== MESSAGE_AWARENESS) return null;
  return entriesOfUpdate(decoding.readVarUint8Array(d));
}

/** The entries of a y-protocols awareness update (as published on the instance bus). */
export function entriesOfUpdate(update: Uint8Array): AwarenessEntry[] {
  const inner = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  for (let n = decoding.readVarUint(inner); n > 0; n--) {
    entries.push({ clientId: decoding.readVarUint(inner), clock: decoding.readVarUint(inner), json: decoding.readVarString(inner) });
  }
  return entries;
}

/** Every awareness frame a client was sent, as entries (one array per frame). */
export const awarenessFrames = (client: FakeClient): AwarenessEntry[][] =>
  client.sent.flatMap((frame) => {
    const entries = awarenessEntriesOf(frame);
    return entries ? [entries] : [];
  });

/** The Yjs updates a client was sent (sync step 2 answers and updates). */
export const syncUpdates = (client: FakeClient): Uint8Array[] =>
  client.sent.flatMap((frame) => {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return [];
    const step = decoding.readVarUint(d);
    return step === 1 || step === 2 ? [decoding.readVarUint8Array(d)] : [];
  });

/** Permission-denied reasons a client was sent (y-protocols auth message). */
export const denials = (client: FakeClient): string[] =>
  client.sent.flatMap((frame) => {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MESSAGE_AUTH || decoding.readVarUint(d) !== 0) return [];
    return [decoding.readVarString(d)];
  });

/** What a client that started from `base` sees after applying every update it was sent. */
export function docSeenBy(client: FakeClient, base: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  for (const u of syncUpdates(client)) Y.applyUpdate(doc, u);
  return doc;
}

/** The text of a document's first paragraph (the one servedRoom seeds). */
export function firstParagraphText(doc: Y.Doc): Y.XmlText {
  const p = doc.getXmlFragment(DOCUMENT_FIELD).get(0);
  if (!(p instanceof Y.XmlElement)) throw new Error('no paragraph');
  const text = p.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error('no text');
  return text;
}

/** A Room on a memory store, and the local WebSocket server (127.0.0.1, a free port) it is served on. */
export interface ServedRoom {
  store: MemoryStore;
  room: Room;
  /** The server, listening; each test decides what a connection does (room.join with its participant). */
  wss: WebSocketServer;
  url: string;
  /** Terminates the server's sockets, destroys the room and closes the store. */
  close(): Promise<void>;
}

/**
 * Negotiation 'n1' with one document 'd1' holding one paragraph (id 'p1') of `text`, stored as an
 * import; `participants` registered (so the store accepts their attributed updates); the room loaded
 * with no compaction and no presence batching; the server listening.
 */
export async function servedRoom(text: string, participants: readonly Participant[]): Promise<ServedRoom> {
  const store = new MemoryStore();
  const seed = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.setAttribute('id', 'p1');
  p.insert(0, [new Y.XmlText(text)]);
  seed.getXmlFragment(DOCUMENT_FIELD).insert(0, [p]);
  await store.createNegotiation({
    negotiation: { id: 'n1', title: 'Test' },
    delegations: [...new Map(participants.flatMap((x) => (x.delegation ? [[x.delegation.id, x.delegation] as const] : []))).values()],
    documents: [{ id: 'd1', title: 'Draft', numberingStyle: 'outcome', initialUpdate: Y.encodeStateAsUpdate(seed), origin: 'import' }],
  });
  for (const [i, { delegation: _, ...record }] of participants.entries()) await store.createParticipant(record, `hash-${i}`);
  const room = await Room.load('d1', store, { compactEvery: 1000, presenceBatchMs: 0, presenceHeartbeatBatchMs: 0 });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;
  return {
    store,
    room,
    wss,
    url: `ws://127.0.0.1:${port}`,
    async close() {
      for (const c of wss.clients) c.terminate();
      room.destroy();
      await new Promise((resolve) => wss.close(resolve));
      await store.close();
    },
  };
}
