// GET /api/documents/:id/authors maps each Yjs client id in a document to the participant who
// writes under it (the "Colour by author" view); the server's own ids read as 'Imported text'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  blockTexts,
  getJSON,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
  penHolderRoom,
  type PenHolderRoom,
} from '../helpers/server.ts';

const content = [
  { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'First paragraph.' }] },
];

interface Author { participantId: string; name: string; role: string; delegationId: string | null }

let server: ServerProcess;
let documentId: string;
let alice: ProviderClient; // co-facilitator
let bob: ProviderClient; // secretariat

let room: PenHolderRoom;

beforeAll(async () => {
  room = await penHolderRoom(content);
  ({ server, documentId, alice, bob } = room);
});

afterAll(async () => {
  await room?.close();
});

const authors = async (token: string | null = server.tokens.observer) =>
  getJSON<{ authors: Record<string, Author> }>(server, `/api/documents/${documentId}/authors`, token);

describe('authors', () => {
  it("maps a co-facilitator's client id to them and the imported text to the server", async () => {
    const blocks = alice.doc.getXmlFragment('default').toArray() as Y.XmlElement[];
    const p1 = blocks.find((b) => b.getAttribute('id') === 'p1')!;
    (p1.get(0) as Y.XmlText).insert(0, 'Edited: ');
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Edited: First paragraph.'), 5_000, 'edit to reach bob');

    const { status, body } = await authors();
    expect(status).toBe(200);
    const mine = body.authors[String(alice.doc.clientID)];
    expect(mine).toMatchObject({ role: 'cofacilitator', delegationId: null });
    expect(typeof mine.participantId).toBe('string');
    expect(typeof mine.name).toBe('string');

    // every other client id in the document (the import) belongs to the server
    const others = [...alice.doc.store.clients.keys()].filter((id) => id !== alice.doc.clientID);
    expect(others.length).toBeGreaterThan(0);
    for (const id of others) {
      expect(body.authors[String(id)]).toEqual({ participantId: '@server', name: 'Imported text', role: 'server', delegationId: null });
    }
  });

  it('refuses a stranger', async () => {
    expect((await authors(null)).status).toBe(401);
    expect((await authors('not-a-real-token')).status).toBe(401);
  });
});
