// Fakes for unit tests of the sync modules through their seams: participants, connections over a
// socket that records what it is sent (the real Connection class, so budgets, closing and presence
// identity are the server's own), and decoders for the frames a client receives.
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Connection } from '../../server/src/sync/connection.ts';
import type { Participant } from '../../server/src/sync/participant.ts';
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
