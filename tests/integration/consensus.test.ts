// Agreed text stays agreed, enforced by the server for every role (server/src/sync/locks.ts,
// shared/src/consensus/locks.ts): a paragraph marked agreed refuses proposals (409) and sync updates
// (4403) that change it, from anyone, until a co-facilitator reopens it; a paragraph with open
// bracket groups cannot be marked agreed. Refusals leave the document unchanged for a connected peer,
// a fresh reload and the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFromYDoc, DOCUMENT_FIELD } from '../../shared/src/collab/ydoc.ts';
import {
  blockTexts,
  connectProvider,
  forgeUpdate,
  getJSON,
  permissionDenials,
  postJSON,
  rawClient,
  storedDocJSON,
  syncFrame,
  waitUntil,
  penHolderRoom,
  type PenHolderRoom,
} from '../helpers/server.ts';

const content = [
  { type: 'paragraph', attrs: { id: 'p1', kind: 'op', status: 'agreed' }, content: [{ type: 'text', text: 'We reaffirm the agreed text.' }] },
  { type: 'paragraph', attrs: { id: 'p2', kind: 'op' }, content: [{ type: 'text', text: 'We note the open text.' }] },
  {
    type: 'paragraph',
    attrs: { id: 'p3', kind: 'op' },
    content: [
      { type: 'text', text: 'We extend the mandate for another ' },
      {
        type: 'bracketGroup',
        attrs: { id: 'g1' },
        content: [
          { type: 'bracketAlt', attrs: { id: 'a1', proposer: null }, content: [{ type: 'text', text: 'five' }] },
          { type: 'bracketAlt', attrs: { id: 'a2', proposer: 'g77' }, content: [{ type: 'text', text: 'ten' }] },
        ],
      },
      { type: 'text', text: ' years.' },
    ],
  },
];

const AGREED_1 = 'Paragraph 1 is agreed; a co-facilitator can reopen it';

let room: PenHolderRoom;
beforeAll(async () => {
  room = await penHolderRoom(content);
});
afterAll(async () => {
  await room?.close();
});

const json = (doc: Y.Doc) => docFromYDoc(doc).toJSON();
const blocks = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD).toArray() as Y.XmlElement[];
const byId = (doc: Y.Doc, id: string) => blocks(doc).find((b) => b.getAttribute('id') === id)!;
const textOf = (block: Y.XmlElement) => block.get(0) as Y.XmlText;
const operate = (op: unknown, token: string) => postJSON(room.server, `/api/documents/${room.documentId}/operations`, op, token);

/** The document is what it was for the connected peer, a fresh reload and the store. */
async function expectUnchanged(before: unknown) {
  await new Promise((r) => setTimeout(r, 100));
  expect(json(room.bob.doc)).toEqual(before);
  const fresh = connectProvider(room.server, room.documentId, { token: room.server.tokens.observer });
  await fresh.synced;
  expect(json(fresh.doc)).toEqual(before);
  fresh.destroy();
  expect(await storedDocJSON(room.dataDir, room.documentId)).toEqual(before);
}

/** A co-facilitator's raw update, refused with 4403 and the reason; nothing changes. */
async function expectRefused(update: Uint8Array, reason: string) {
  const before = json(room.alice.doc);
  const tab = rawClient(room.server, room.documentId, room.server.tokens.cofacilitator);
  await tab.opened;
  tab.send(syncFrame(2, update));
  expect(await tab.closed).toEqual({ code: 4403, reason });
  expect(permissionDenials(tab.received)).toEqual([reason]);
  await expectUnchanged(before);
}

/** A co-facilitator's raw update, accepted: it reaches the secretariat. */
async function expectAccepted(update: Uint8Array, reached: (doc: Y.Doc) => boolean) {
  const tab = rawClient(room.server, room.documentId, room.server.tokens.cofacilitator);
  await tab.opened;
  tab.send(syncFrame(2, update));
  await waitUntil(() => reached(room.bob.doc), 5_000, 'the update to reach the secretariat');
  tab.ws.close();
  await tab.closed;
}

describe('an agreed paragraph', () => {
  it("refuses a delegation's proposal with 409 and the reason", async () => {
    const before = json(room.alice.doc);
    const cases = [
      { type: 'propose-replacement', blockId: 'p1', from: 3, to: 11, expected: 'reaffirm', text: 'recall' },
      { type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Further, ' },
      { type: 'propose-deletion', blockId: 'p1', from: 3, to: 11, expected: 'reaffirm' },
    ];
    for (const op of cases) expect(await operate(op, room.server.tokens.delegation)).toEqual({ status: 409, body: { error: AGREED_1 } });
    // a pen-holder's proposal too
    expect(await operate(cases[1], room.server.tokens.cofacilitator)).toEqual({ status: 409, body: { error: AGREED_1 } });
    await expectUnchanged(before);
  });

  it("refuses a co-facilitator's edit of its text over sync, the document unchanged for a peer and after reload", async () => {
    await expectRefused(forgeUpdate(room.alice.doc, (d) => textOf(byId(d, 'p1')).insert(3, 'firmly ')), AGREED_1);
    await expectRefused(forgeUpdate(room.alice.doc, (d) => textOf(byId(d, 'p1')).delete(0, 3)), AGREED_1);
    await expectRefused(forgeUpdate(room.alice.doc, (d) => textOf(byId(d, 'p1')).format(3, 8, { bold: {} })), AGREED_1);
    await expectRefused(forgeUpdate(room.alice.doc, (d) => byId(d, 'p1').setAttribute('kind', 'pp')), AGREED_1);
  });

  it('refuses an update touching it and an open paragraph at once, whole', async () => {
    const update = forgeUpdate(room.alice.doc, (d) =>
      d.transact(() => {
        textOf(byId(d, 'p2')).insert(0, 'Also: ');
        textOf(byId(d, 'p1')).insert(0, 'Also: ');
      }),
    );
    await expectRefused(update, AGREED_1);
    expect((await blockTexts(room.bob.doc)).some((t) => t.startsWith('Also: '))).toBe(false);
  });

  it('refuses a split, a merge with the next paragraph and its deletion', async () => {
    const fragmentOf = (d: Y.Doc) => d.getXmlFragment(DOCUMENT_FIELD);
    const indexOf = (d: Y.Doc, id: string) => blocks(d).findIndex((b) => b.getAttribute('id') === id);
    // split: the text after "We reaffirm" moves into a new paragraph after p1
    const split = forgeUpdate(room.alice.doc, (d) =>
      d.transact(() => {
        const text = textOf(byId(d, 'p1'));
        const tail = text.toString().slice(11);
        text.delete(11, tail.length);
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('id', 'p1b');
        p.setAttribute('status', 'agreed');
        p.insert(0, [new Y.XmlText(tail)]);
        fragmentOf(d).insert(indexOf(d, 'p1') + 1, [p]);
      }),
    );
    await expectRefused(split, AGREED_1);
    // merge: p2's text joins p1 and p2 goes
    const merge = forgeUpdate(room.alice.doc, (d) =>
      d.transact(() => {
        const moved = textOf(byId(d, 'p2')).toString();
        textOf(byId(d, 'p1')).insert(textOf(byId(d, 'p1')).length, ' ' + moved);
        fragmentOf(d).delete(indexOf(d, 'p2'), 1);
      }),
    );
    await expectRefused(merge, AGREED_1);
    // the open paragraph merged into by deleting the agreed one
    await expectRefused(forgeUpdate(room.alice.doc, (d) => fragmentOf(d).delete(indexOf(d, 'p1'), 1)), AGREED_1);
  });

  it('lets a new paragraph be added right after it', async () => {
    const update = forgeUpdate(room.alice.doc, (d) => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', 'p1new');
      p.setAttribute('kind', 'op');
      p.insert(0, [new Y.XmlText('A new paragraph after the agreed one.')]);
      d.getXmlFragment(DOCUMENT_FIELD).insert(blocks(d).findIndex((b) => b.getAttribute('id') === 'p1') + 1, [p]);
    });
    await expectAccepted(update, (d) => blocks(d).some((b) => b.getAttribute('id') === 'p1new'));
    expect(json(room.bob.doc)).toEqual(json(room.alice.doc));
  });
});

describe('reopening', () => {
  it('a co-facilitator reopens the paragraph; then edits and proposals are accepted, and the history says so', async () => {
    byId(room.alice.doc, 'p1').setAttribute('status', 'negotiating');
    await waitUntil(() => byId(room.bob.doc, 'p1').getAttribute('status') === 'negotiating', 5_000, 'the reopening to reach bob');
    expect(room.alice.provider.wsconnected).toBe(true);
    textOf(byId(room.alice.doc, 'p1')).insert(3, 'firmly ');
    await waitUntil(() => textOf(byId(room.bob.doc, 'p1')).toString().includes('firmly'), 5_000, 'the edit to reach bob');
    expect(await operate({ type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Further, ' }, room.server.tokens.delegation)).toEqual({
      status: 200,
      body: { ok: true },
    });
    const history = await getJSON(room.server, `/api/documents/${room.documentId}/history?block=p1&limit=3`);
    expect(history.body.map((e: { participant: { role: string }; statuses?: unknown }) => [e.participant.role, e.statuses ?? null])).toEqual([
      ['delegation', null],
      ['cofacilitator', null],
      ['cofacilitator', { p1: 'negotiating' }],
    ]);
  });

  it('marking it agreed again is accepted over sync and locks it again', async () => {
    // the EU's proposal is resolved first (kept out), so no group is open
    const p1 = byId(room.alice.doc, 'p1');
    room.alice.doc.transact(() => {
      const at = p1.toArray().findIndex((c) => c instanceof Y.XmlElement);
      p1.delete(at, 1);
    });
    p1.setAttribute('status', 'agreed');
    await waitUntil(() => byId(room.bob.doc, 'p1').getAttribute('status') === 'agreed', 5_000, 'agreement to reach bob');
    const history = await getJSON(room.server, `/api/documents/${room.documentId}/history?block=p1&limit=1`);
    expect(history.body[0].statuses).toEqual({ p1: 'agreed' });
    await expectRefused(forgeUpdate(room.alice.doc, (d) => textOf(byId(d, 'p1')).insert(0, 'Again ')), AGREED_1);
  });

  it('reopen and edit in one update is accepted', async () => {
    const update = forgeUpdate(room.alice.doc, (d) =>
      d.transact(() => {
        byId(d, 'p1').setAttribute('status', 'negotiating');
        textOf(byId(d, 'p1')).insert(0, 'Reopened: ');
      }),
    );
    await expectAccepted(update, (d) => textOf(byId(d, 'p1')).toString().startsWith('Reopened: '));
  });
});

describe('agreeing with open brackets', () => {
  it('is refused over sync with the reason; agreeing a paragraph without groups is accepted', async () => {
    // p3 is numbered 4 since a paragraph was added after p1 above
    await expectRefused(
      forgeUpdate(room.alice.doc, (d) => byId(d, 'p3').setAttribute('status', 'agreed')),
      'Paragraph 4 still has 1 open bracket group: resolve it before marking it agreed',
    );
    await expectRefused(
      forgeUpdate(room.alice.doc, (d) => byId(d, 'p3').setAttribute('status', 'adref')),
      'Paragraph 4 still has 1 open bracket group: resolve it before marking it agreed ad ref',
    );
    await expectAccepted(
      forgeUpdate(room.alice.doc, (d) => byId(d, 'p2').setAttribute('status', 'adref')),
      (d) => byId(d, 'p2').getAttribute('status') === 'adref',
    );
  });

  it('resolving the group and agreeing in one update is accepted', async () => {
    const update = forgeUpdate(room.alice.doc, (d) =>
      d.transact(() => {
        const p3 = byId(d, 'p3');
        const at = p3.toArray().findIndex((c) => c instanceof Y.XmlElement);
        p3.delete(at, 1);
        p3.insert(at, [new Y.XmlText('ten')]);
        p3.setAttribute('status', 'agreed');
      }),
    );
    await expectAccepted(update, (d) => byId(d, 'p3').getAttribute('status') === 'agreed');
  });
});
