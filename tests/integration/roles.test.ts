// Roles enforced by the server on every sync message (docs/design.md §2, §5), with raw protocol clients:
// observers and delegations have a read-only channel, co-facilitators and the secretariat write
// freely, nobody writes under another participant's Yjs client id, nobody reaches a document of
// another negotiation. Every refusal leaves the document unchanged for everyone (a connected peer,
// a fresh reload, the store) and the server serving the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment } from '@tiptap/y-tiptap';
import { EditorState } from '@tiptap/pm/state';
import { docFromYDoc, DOCUMENT_FIELD } from '../../shared/src/collab/ydoc.ts';
import { outcomeSchema } from '../../shared/src/schema/schema.ts';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  forgeUpdate,
  getJSON,
  permissionDenials,
  postJSON,
  rawClient,
  seedNegotiation,
  storedDocJSON,
  syncFrame,
  waitUntil,
  type ProviderClient,
  type Seats,
  type ServerProcess,
  penHolderRoom,
  type PenHolderRoom,
} from '../helpers/server.ts';
import { agreedAndBracketed } from '../helpers/fixtureContent.ts';
import { CLIENT_ID_LIMITS } from '../../server/src/sync/authorize.ts';

const MAX = 256 * 1024;
const content = agreedAndBracketed;

let server: ServerProcess;
let dataDir: string;
let documentId: string;
let alice: ProviderClient; // co-facilitator
let bob: ProviderClient; // secretariat
let other: { documentId: string; negotiationId: string; tokens: Seats };

let room: PenHolderRoom;

beforeAll(async () => {
  room = await penHolderRoom(content, { PENHOLDER_MAX_MESSAGE_BYTES: String(MAX) });
  ({ server, dataDir, documentId, alice, bob } = room);
  // A second negotiation, created while the server runs (same SQLite file).
  other = await seedNegotiation(dataDir, { id: 'other' });
});

afterAll(async () => {
  await room?.close();
});

const json = (doc: Y.Doc) => docFromYDoc(doc).toJSON();
const blocks = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD).toArray() as Y.XmlElement[];
/** p1's text, p2's group's second alternative (g77's), in a local copy. */
const p1 = (doc: Y.Doc) => blocks(doc)[1]!;
const g77Alt = (doc: Y.Doc) => ((blocks(doc)[2]!.get(1) as Y.XmlElement).get(1) as Y.XmlElement);

/** The document is what it was, for a connected peer, a fresh reload and the store; the others still edit together. */
async function expectUnchangedAndServing(before: unknown) {
  await new Promise((r) => setTimeout(r, 100)); // anything wrongly relayed would have arrived by now
  expect(json(alice.doc)).toEqual(before);
  expect(json(bob.doc)).toEqual(before);
  const fresh = connectProvider(server, documentId, { token: server.tokens.observer });
  await fresh.synced;
  expect(json(fresh.doc)).toEqual(before);
  fresh.destroy();
  expect(await storedDocJSON(dataDir, documentId)).toEqual(before);

  const marker = `still working ${Math.random()}`;
  appendParagraph(alice.doc, marker);
  await waitUntil(async () => (await blockTexts(bob.doc)).includes(marker), 5_000, 'bob to receive the edit');
  expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
}

/** Sends `update` from a raw client with `token` and expects the 4403 refusal with `reason`. */
async function expectUpdateRefused(token: string, update: Uint8Array, reason: string, step = 2) {
  const before = json(alice.doc);
  const hostile = rawClient(server, documentId, token);
  await hostile.opened;
  hostile.send(syncFrame(step, update));
  expect(await hostile.closed).toEqual({ code: 4403, reason });
  expect(permissionDenials(hostile.received)).toEqual([reason]);
  await expectUnchangedAndServing(before);
}

const OBSERVER = 'observers cannot change the document';
const DELEGATION = 'delegations change the document through proposals';
const CLIENT_ID = "update written under another participant's client id";
const CLIENT_IDS = 'update written under too many new client ids';

describe('observers', () => {
  it("an observer's update is refused", async () => {
    const update = forgeUpdate(alice.doc, (d) => (p1(d).get(0) as Y.XmlText).insert(0, 'Observers say: '));
    await expectUpdateRefused(server.tokens.observer, update, OBSERVER);
  });

  it("an observer's sync step 2 carrying a change is refused too", async () => {
    const update = forgeUpdate(alice.doc, (d) => appendParagraph(d, 'An observer paragraph.'));
    await expectUpdateRefused(server.tokens.observer, update, OBSERVER, 1);
  });

  it("an observer's stock provider syncs read-only and stays connected", async () => {
    const watcher = connectProvider(server, documentId, { token: server.tokens.observer });
    await watcher.synced;
    appendParagraph(alice.doc, 'Seen by the observer.');
    await waitUntil(async () => (await blockTexts(watcher.doc)).includes('Seen by the observer.'), 5_000, 'observer to receive');
    expect(watcher.provider.wsconnected).toBe(true);
    watcher.destroy();
  });
});

describe('delegations', () => {
  it('editing agreed text is refused (raw Y.XmlText insert)', async () => {
    const update = forgeUpdate(alice.doc, (d) => (p1(d).get(0) as Y.XmlText).insert(3, 'firmly '));
    await expectUpdateRefused(server.tokens.delegation, update, DELEGATION);
  });

  it('editing agreed text is refused (through the editor binding, updateYFragment)', async () => {
    const update = forgeUpdate(alice.doc, (d) => {
      const state = EditorState.create({ schema: outcomeSchema, doc: docFromYDoc(d) });
      const start = state.doc.child(0).nodeSize + 1; // inside p1
      const tr = state.tr.insertText('We reject the agreed text.', start, start + state.doc.child(1).content.size);
      d.transact(() => updateYFragment(d, d.getXmlFragment(DOCUMENT_FIELD), tr.doc, { mapping: new Map(), isOMark: new Map() } as never));
    });
    await expectUpdateRefused(server.tokens.delegation, update, DELEGATION);
  });

  it("editing another delegation's proposal is refused", async () => {
    const update = forgeUpdate(alice.doc, (d) => (g77Alt(d).get(0) as Y.XmlText).insert(0, 'No '));
    await expectUpdateRefused(server.tokens.delegation, update, DELEGATION);
  });

  it("taking over another delegation's proposal (proposer attribute) is refused", async () => {
    const update = forgeUpdate(alice.doc, (d) => g77Alt(d).setAttribute('proposer', 'eu'));
    await expectUpdateRefused(server.tokens.delegation, update, DELEGATION);
  });

  it('setting a paragraph status is refused', async () => {
    const update = forgeUpdate(alice.doc, (d) => p1(d).setAttribute('status', 'agreed'));
    await expectUpdateRefused(server.tokens.delegation, update, DELEGATION);
  });

  it('a deletion alone (only a delete set) is refused', async () => {
    const update = forgeUpdate(alice.doc, (d) => (p1(d).get(0) as Y.XmlText).delete(0, 3));
    expect(Y.decodeUpdate(update).structs).toHaveLength(0);
    await expectUpdateRefused(server.tokens.delegation, update, DELEGATION);
  });

  it("a delegation's stock provider syncs read-only (its sync step 2 carries the whole delete set) and stays connected", async () => {
    // Make sure the document has deletions, so the provider's step 2 is not empty.
    (p1(alice.doc).get(0) as Y.XmlText).insert(0, 'TEMP ');
    (p1(alice.doc).get(0) as Y.XmlText).delete(0, 5);
    await new Promise((r) => setTimeout(r, 100));
    const eu = connectProvider(server, documentId, { token: server.tokens.delegation });
    await eu.synced;
    await new Promise((r) => setTimeout(r, 200));
    expect(eu.provider.wsconnected).toBe(true);
    expect(json(eu.doc)).toEqual(json(alice.doc));
    eu.destroy();
  });

  it('garbage, truncated and oversized frames with valid delegation or observer credentials', async () => {
    for (const token of [server.tokens.delegation, server.tokens.observer]) {
      const before = json(alice.doc);
      const garbage = rawClient(server, documentId, token);
      await garbage.opened;
      garbage.send([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
      expect((await garbage.closed).code).toBe(4400);

      const frame = syncFrame(2, forgeUpdate(alice.doc, (d) => appendParagraph(d, 'x'.repeat(40))));
      const truncated = rawClient(server, documentId, token);
      await truncated.opened;
      truncated.send(frame.subarray(0, frame.length - 10));
      expect(await truncated.closed).toEqual({ code: 4400, reason: 'malformed message: sync payload' });

      const big = rawClient(server, documentId, token);
      await big.opened;
      big.send(syncFrame(2, forgeUpdate(alice.doc, (d) => appendParagraph(d, 'y'.repeat(MAX + 1024)))));
      expect((await big.closed).code).toBe(1009);
      await expectUnchangedAndServing(before);
    }
  });
});

describe('co-facilitators and the secretariat', () => {
  it("a co-facilitator's raw edit of agreed text is accepted, relayed and attributed in history", async () => {
    const writer = rawClient(server, documentId, server.tokens.cofacilitator);
    await writer.opened;
    const clientId = 424242;
    writer.send(syncFrame(2, forgeUpdate(alice.doc, (d) => (p1(d).get(0) as Y.XmlText).insert(0, 'Firmly: '), clientId)));
    await waitUntil(async () => (await blockTexts(bob.doc)).some((t) => t.startsWith('Firmly: ')), 5_000, 'the edit to reach bob');
    writer.ws.close();
    const history = await getJSON(server, `/api/documents/${documentId}/history?block=p1&limit=1`);
    expect(history.status).toBe(200);
    expect(history.body[0]).toMatchObject({
      participant: { name: 'Co-facilitator', role: 'cofacilitator', delegation: null },
      blocks: ['p1'],
    });
    // The secretariat changes a status: allowed.
    p1(bob.doc).setAttribute('status', 'agreed');
    await waitUntil(() => p1(alice.doc).getAttribute('status') === 'agreed', 5_000, 'status to reach alice');
  });
});

describe('client ids', () => {
  it("reusing another participant's client id is refused", async () => {
    appendParagraph(bob.doc, 'Written by the secretariat.');
    await waitUntil(async () => (await blockTexts(alice.doc)).includes('Written by the secretariat.'), 5_000, 'relay');
    const update = forgeUpdate(alice.doc, (d) => appendParagraph(d, 'Forged as the secretariat.'), bob.doc.clientID);
    expect(Y.decodeUpdate(update).structs[0]!.id.client).toBe(bob.doc.clientID);
    await expectUpdateRefused(server.tokens.cofacilitator, update, CLIENT_ID);
  });

  it("reusing the server's client id (the imported text's) is refused", async () => {
    const importer = (p1(alice.doc) as unknown as { _item: Y.Item })._item.id.client;
    const update = forgeUpdate(alice.doc, (d) => appendParagraph(d, 'Forged as the import.'), importer);
    await expectUpdateRefused(server.tokens.cofacilitator, update, CLIENT_ID);
  });

  it('the same participant may reuse its own client id from another connection', async () => {
    // (Not one a live peer holds: Yjs renames a doc whose id it sees in a remote update.)
    const mine = 777_777;
    for (const text of ['First tab.', 'Second tab.']) {
      const tab = rawClient(server, documentId, server.tokens.cofacilitator);
      await tab.opened;
      tab.send(syncFrame(2, forgeUpdate(alice.doc, (d) => appendParagraph(d, text), mine)));
      await waitUntil(async () => (await blockTexts(bob.doc)).includes(text), 5_000, `${text} to be relayed`);
      tab.ws.close();
      await tab.closed;
    }
    // Someone else cannot.
    const update = forgeUpdate(alice.doc, (d) => appendParagraph(d, 'Third tab.'), mine);
    await expectUpdateRefused(server.tokens.secretariat, update, CLIENT_ID);
  });
});

describe('client ids a writer brings (authorize.ts CLIENT_ID_LIMITS)', () => {
  it('an update written under more new client ids than one update may bring is refused, and nothing of it stored', async () => {
    const update = Y.mergeUpdates(
      Array.from({ length: CLIENT_ID_LIMITS.perUpdate + 1 }, (_, i) => forgeUpdate(alice.doc, (d) => appendParagraph(d, `Under a new id, ${i}.`), 900_000 + i)),
    );
    await expectUpdateRefused(server.tokens.cofacilitator, update, CLIENT_IDS);
  });
});

describe('documents of another negotiation', () => {
  it('are refused over the WebSocket (4403) and HTTP (403), both ways', async () => {
    for (const [token, doc] of [
      [server.tokens.delegation, other.documentId],
      [server.tokens.secretariat, other.documentId],
      [other.tokens.cofacilitator, documentId],
    ] as const) {
      const stranger = rawClient(server, doc, token);
      expect(await stranger.closed).toEqual({ code: 4403, reason: 'not a participant of this negotiation' });
      expect((await getJSON(server, `/api/documents/${doc}`, token)).status).toBe(403);
      expect((await getJSON(server, `/api/documents/${doc}/history`, token)).status).toBe(403);
    }
    const op = { type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Intruding ' };
    const res = await postJSON(server, `/api/documents/${other.documentId}/operations`, op, server.tokens.delegation);
    expect(res).toEqual({ status: 403, body: { error: 'not a participant of this negotiation' } });
    // Each sees only its own negotiation.
    const mine = await getJSON(server, '/api/negotiations', other.tokens.observer);
    expect(mine.body.map((n: { id: string }) => n.id)).toEqual([other.negotiationId]);
    // The other negotiation's document is untouched.
    expect(await storedDocJSON(dataDir, other.documentId)).toMatchObject({ content: [{ type: 'front' }, { content: [{ text: 'First paragraph.' }] }] });
    await expectUnchangedAndServing(json(alice.doc));
  });
});
