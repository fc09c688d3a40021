// A hostile or broken client speaking the raw protocol: every bad frame closes only its own
// connection with a clear reason, changes nothing, and the other clients keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  rawClient,
  seededDataDir,
  startServerProcess,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';

const MAX = 256 * 1024;
let server: ServerProcess;
let documentId: string;
let alice: ProviderClient;
let bob: ProviderClient;

beforeAll(async () => {
  const seeded = await seededDataDir();
  documentId = seeded.documentId;
  server = await startServerProcess({
    dataDir: seeded.dataDir,
    env: { PENHOLDER_MAX_MESSAGE_BYTES: String(MAX), PENHOLDER_QUIET: '1' },
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

function validUpdateFrame(): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, 'x'.repeat(40));
  return syncFrame(2, Y.encodeStateAsUpdate(doc));
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
