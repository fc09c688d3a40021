// A hostile or broken client speaking the raw protocol: every bad frame closes only its own
// connection with a clear reason, changes nothing, and the other clients keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import net from 'node:net';
import * as decoding from 'lib0/decoding';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  forgeUpdate,
  permissionDenials,
  rawClient,
  seedNegotiation,
  seededDataDir,
  startServerProcess,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';
import { DOCUMENT_FIELD, docFromYDoc } from '../../shared/src/collab/ydoc.ts';
import { documentValidity } from '../../shared/src/schema/validity.ts';

const MAX = 256 * 1024;
let server: ServerProcess;
let dataDir: string;
let documentId: string;
let alice: ProviderClient;
let bob: ProviderClient;

beforeAll(async () => {
  const seeded = await seededDataDir();
  documentId = seeded.documentId;
  dataDir = seeded.dataDir;
  server = await startServerProcess({
    dataDir: seeded.dataDir,
    env: { PENHOLDER_MAX_MESSAGE_BYTES: String(MAX), PENHOLDER_QUIET: '1', PENHOLDER_HEADERS_TIMEOUT_MS: '1000' },
    tokens: seeded.tokens,
  });
  alice = connectProvider(server, documentId);
  bob = connectProvider(server, documentId);
  await Promise.all([alice.synced, bob.synced]);
});

afterAll(async () => {
  alice?.destroy();
  bob?.destroy();
  await server?.stop('SIGKILL');
});

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** A paragraph appended after the room's last block (built on its document: an update made on an
 *  empty doc could land before the front matter, which the server refuses). */
function validUpdateFrame(): Uint8Array {
  return syncFrame(2, forgeUpdate(alice.doc, (d) => appendParagraph(d, 'x'.repeat(40))));
}

/** Sends `frame` from a fresh raw connection (valid co-facilitator credentials) and checks the room is unaffected. */
async function expectRefused(frame: Uint8Array | number[], code: number, reason: RegExp) {
  const before = await blockTexts(alice.doc);
  const hostile = rawClient(server, documentId, server.tokens.cofacilitator);
  await hostile.opened;
  hostile.send(frame);
  const closed = await hostile.closed;
  expect(closed.code).toBe(code);
  expect(closed.reason).toMatch(reason);

  // The document did not change, and the others still edit together.
  expect(await blockTexts(alice.doc)).toEqual(before);
  const marker = `still working ${Math.random()}`;
  appendParagraph(alice.doc, marker);
  await waitUntil(async () => (await blockTexts(bob.doc)).includes(marker), 5_000, 'bob to receive the edit');
  expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);

  // A late joiner sees exactly what they see.
  const carol = connectProvider(server, documentId);
  await carol.synced;
  expect(await blockTexts(carol.doc)).toEqual(await blockTexts(alice.doc));
  carol.destroy();
}

describe('malformed frames', () => {
  it('garbage bytes', async () => {
    await expectRefused([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 4400, /^malformed message/);
  });

  it('a truncated sync message', async () => {
    const frame = validUpdateFrame();
    await expectRefused(frame.subarray(0, frame.length - 10), 4400, /^malformed message: sync payload/);
  });

  it('an unknown message type', async () => {
    await expectRefused([7, 0, 0], 4400, /^malformed message: unknown message type 7/);
  });

  it('an auth message (server-to-client only)', async () => {
    await expectRefused([2, 0, 0], 4400, /^malformed message: unknown message type 2/);
  });

  it('an invalid Yjs update inside a valid sync frame', async () => {
    await expectRefused(syncFrame(2, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), 4400, /^malformed message: invalid Yjs update/);
  });

  it('an invalid Yjs update as sync step 2', async () => {
    await expectRefused(syncFrame(1, Uint8Array.from([5, 1, 2])), 4400, /^malformed message: invalid Yjs update/);
  });

  it('an unknown sync step', async () => {
    await expectRefused(syncFrame(9, new Uint8Array(0)), 4400, /^malformed message: unknown sync step 9/);
  });

  it('a malformed awareness update', async () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, Uint8Array.from([1, 42, 1, 3, 0x7b, 0x7b, 0x7b])); // state "{{{"
    await expectRefused(encoding.toUint8Array(e), 4400, /^malformed message: awareness update/);
  });

  it('a text frame', async () => {
    const before = await blockTexts(alice.doc);
    const hostile = rawClient(server, documentId, server.tokens.cofacilitator);
    await hostile.opened;
    hostile.ws.send('hello');
    expect(await hostile.closed).toEqual({ code: 4400, reason: 'malformed message: text frame' });
    expect(await blockTexts(alice.doc)).toEqual(before);
  });

  it('an oversized frame', async () => {
    // A valid update, just too big: ws refuses it before buffering (1009, Message Too Big).
    const doc = new Y.Doc();
    appendParagraph(doc, 'y'.repeat(MAX + 1024));
    await expectRefused(syncFrame(2, Y.encodeStateAsUpdate(doc)), 1009, /^$/);
  });

  it('an unknown document is refused with 4404', async () => {
    const stranger = rawClient(server, 'no-such-document', server.tokens.cofacilitator);
    expect(await stranger.closed).toEqual({ code: 4404, reason: 'unknown document' });
  });

  it('a valid raw update is accepted, stored and relayed', async () => {
    const raw = rawClient(server, documentId, server.tokens.cofacilitator);
    await raw.opened;
    raw.send(validUpdateFrame());
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('x'.repeat(40)), 5_000, 'the raw update to reach bob');
    raw.ws.close();
  });
});

/** The sequence number of the last update the store holds for the document (read beside the running server). */
async function storedSeq(): Promise<number> {
  const { SqliteStore } = await import('../../server/src/storage/sqliteStore.ts');
  const store = new SqliteStore(dataDir);
  try {
    return (await store.loadDocumentState(documentId)).lastSeq;
  } finally {
    await store.close();
  }
}

/** Whether a frame is a document update the server relays (sync step 2 or update). */
function isDocumentUpdate(frame: Uint8Array): boolean {
  const d = decoding.createDecoder(frame);
  return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) !== 0;
}

const fragmentOf = (d: Y.Doc) => d.getXmlFragment(DOCUMENT_FIELD);
const firstParagraph = (d: Y.Doc) => fragmentOf(d).get(1) as Y.XmlElement;

/**
 * A co-facilitator's raw connection sends `update` (built against the room's current document): it is
 * refused with `reason` (permission-denied, then 4403), nothing is stored, a second connected client
 * receives nothing, a client joining afterwards gets a valid document, and the honest ones keep working.
 */
async function expectPoisonRefused(update: Uint8Array | ((local: Y.Doc) => void), reason: RegExp) {
  const before = await blockTexts(alice.doc);
  const seq = await storedSeq();
  const witness = rawClient(server, documentId, server.tokens.secretariat);
  await witness.opened;
  witness.send(syncFrame(0, Y.encodeStateVector(new Y.Doc()))); // asks for the document, as a provider does
  await waitUntil(() => witness.received.some(isDocumentUpdate), 5_000, 'the witness to get its sync step 2');
  const seen = witness.received.length;

  const hostile = rawClient(server, documentId, server.tokens.cofacilitator);
  await hostile.opened;
  hostile.send(syncFrame(2, update instanceof Uint8Array ? update : forgeUpdate(alice.doc, update)));
  const closed = await hostile.closed;
  expect(closed.code).toBe(4403);
  expect(closed.reason).toMatch(reason);
  expect(permissionDenials(hostile.received)[0]).toMatch(reason);

  expect(await storedSeq()).toBe(seq);
  expect(witness.received.slice(seen).filter(isDocumentUpdate)).toEqual([]);
  expect(await blockTexts(alice.doc)).toEqual(before);

  const carol = connectProvider(server, documentId);
  await carol.synced;
  expect(documentValidity(docFromYDoc(carol.doc))).toEqual({ ok: true });
  expect(await blockTexts(carol.doc)).toEqual(before);
  carol.destroy();

  const marker = `still working ${Math.random()}`;
  appendParagraph(alice.doc, marker);
  await waitUntil(async () => (await blockTexts(bob.doc)).includes(marker), 5_000, 'bob to receive the edit');
  await waitUntil(() => witness.received.slice(seen).some(isDocumentUpdate), 5_000, 'the witness to receive the honest edit');
  expect(await storedSeq()).toBe(seq + 1);
  expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
  witness.ws.close();
}

describe('updates that would poison the document (a writer\'s link)', () => {
  it('a struct whose clock starts past what the server holds (its predecessor never sent)', async () => {
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(alice.doc));
    appendParagraph(local, 'never sent');
    const sv = Y.encodeStateVector(local);
    appendParagraph(local, 'depends on the one never sent');
    await expectPoisonRefused(Y.encodeStateAsUpdate(local, sv), /^update depends on content the server does not have/);
  });

  it("an insertion next to another client's text the server never received", async () => {
    const a = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(alice.doc));
    (firstParagraph(a).get(0) as Y.XmlText).insert(0, 'AAAA');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const sv = Y.encodeStateVector(b);
    (firstParagraph(b).get(0) as Y.XmlText).insert(2, 'B');
    await expectPoisonRefused(Y.encodeStateAsUpdate(b, sv), /^update depends on content the server does not have/);
  });

  it('a deletion of clocks the server does not have', async () => {
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(alice.doc));
    (firstParagraph(local).get(0) as Y.XmlText).insert(0, 'unsent ');
    const sv = Y.encodeStateVector(local);
    (firstParagraph(local).get(0) as Y.XmlText).delete(0, 7);
    await expectPoisonRefused(Y.encodeStateAsUpdate(local, sv), /^update deletes content the server does not have/);
  });

  it('a foreign root type', async () => {
    await expectPoisonRefused((d) => d.getMap('comments').set('c1', 'hello'), /^update writes outside the document \("comments"\)/);
  });

  it('an unknown node type', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).push([new Y.XmlElement('script')]), /^unknown node type "script"/);
  });

  it('an attribute the schema does not declare, and a status outside its values', async () => {
    await expectPoisonRefused((d) => firstParagraph(d).setAttribute('style', 'display:none'), /^"style" is not an attribute of paragraph/);
    await expectPoisonRefused((d) => firstParagraph(d).setAttribute('status', 'final'), /^paragraph attribute "status" cannot be "final"/);
  });

  it('a mark the schema does not know', async () => {
    await expectPoisonRefused((d) => (firstParagraph(d).get(0) as Y.XmlText).format(0, 5, { underline: {} }), /^unknown formatting "underline"/);
  });

  it('text directly in the document', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).push([new Y.XmlText('stray')]), /^text cannot stand directly in the document/);
  });

  it('a bracket group without alternatives (checked after applying; the room reloads from the store)', async () => {
    await expectPoisonRefused((d) => {
      const group = new Y.XmlElement('bracketGroup');
      group.setAttribute('id', 'g-empty');
      firstParagraph(d).insert(1, [group]);
    }, /^bracketGroup does not fit the schema/);
  });

  it('a paragraph without an id', async () => {
    await expectPoisonRefused((d) => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('kind', 'op');
      p.insert(0, [new Y.XmlText('anonymous')]);
      fragmentOf(d).push([p]);
    }, /^a paragraph needs an id/);
  });

  it('the front matter deleted', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).delete(0, 1), /^the document must start with its front matter/);
  });
});

describe("another negotiation's link", () => {
  it("is refused on this negotiation's document, and this one's on the other's", async () => {
    const other = await seedNegotiation(server.dataDir, { id: `other${Date.now()}` });
    const stranger = rawClient(server, documentId, other.tokens.cofacilitator);
    expect(await stranger.closed).toEqual({ code: 4403, reason: 'not a participant of this negotiation' });
    const wanderer = rawClient(server, other.documentId, server.tokens.cofacilitator);
    expect(await wanderer.closed).toEqual({ code: 4403, reason: 'not a participant of this negotiation' });
    // and its own link opens its own document
    const own = rawClient(server, other.documentId, other.tokens.cofacilitator);
    await own.opened;
    own.ws.close();
  });
});

/** Sends raw bytes on a TCP connection; resolves with what came back once the server closed it (or rejects after `withinMs`). */
function rawTcp(bytes: string, withinMs: number): Promise<{ response: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const socket = net.connect(server.port, '127.0.0.1');
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server left the connection open for ${withinMs} ms; it sent: ${JSON.stringify(response)}`));
    }, withinMs);
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, ms: Date.now() - start });
    });
    // never ends its own side: the server has to close
    socket.on('connect', () => socket.write(bytes, 'latin1'));
  });
}

const WS_HEADERS = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

describe('TCP clients that do not speak HTTP or WebSocket', () => {
  it('garbage bytes get 400 and a closed socket', async () => {
    const { response } = await rawTcp('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n', 3_000);
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('an upgrade to a path that is not a document gets 404 and a closed socket', async () => {
    const { response } = await rawTcp(`GET /not-sync/x HTTP/1.1\r\nHost: localhost\r\n${WS_HEADERS}\r\n`, 3_000);
    expect(response).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('an upgrade on the sync path to something other than WebSocket gets 400 and a closed socket', async () => {
    const { response } = await rawTcp(`GET /sync/${documentId} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`, 3_000);
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('a request that never finishes its headers gets 408 and a closed socket once headersTimeout (1 s here) passes', async () => {
    const { response, ms } = await rawTcp(`GET /sync/${documentId} HTTP/1.1\r\nHost: localhost\r\n${WS_HEADERS}`, 5_000);
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('the server still answers ordinary requests', async () => {
    expect((await fetch(`${server.httpUrl}/api/health`)).ok).toBe(true);
  });
});
