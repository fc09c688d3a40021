// No update may poison a document (server/src/sync/validate.ts, shared/src/schema/validity.ts): the
// rules on their own, the pre-apply check on decoded updates, and the room refusing, through its seam
// (a Room on a real SQLite store in a temporary directory, connections with a recording socket).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { importDocument } from '../../shared/src/import/index.ts';
import { docFromJSON, outcomeSchema } from '../../shared/src/schema/schema.ts';
import { attributeValidity, blockValidity, documentValidity } from '../../shared/src/schema/validity.ts';
import { DOCUMENT_FIELD, docFromYDoc, yUpdateFromDocJSON } from '../../shared/src/collab/ydoc.ts';
import { nodeFromYElement } from '../../shared/src/collab/yBlock.ts';
import { planLabelFreeze } from '../../shared/src/revisions/labelFreeze.ts';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import { addAlternative, resolveGroup, wrapInBracket } from '../../shared/src/brackets/commands.ts';
import { assignMissingIds } from '../../shared/src/schema/ensureIds.ts';
import { checkTransaction, checkUpdate } from '../../server/src/sync/validate.ts';
import { validateUpdate, encodeUpdate } from '../../server/src/sync/protocol.ts';
import { Room } from '../../server/src/sync/room.ts';
import { Connection } from '../../server/src/sync/connection.ts';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import type { Participant } from '../../server/src/sync/participant.ts';
import { fixture } from './import-helpers.ts';
import { UNLIMITED } from './sync-helpers.ts';

const FIXTURES: Array<[string, 'text' | 'markdown']> = [
  ['wsis10-zero-draft.txt', 'text'],
  ['ecosoc-2010-2.md', 'markdown'],
  ['brackets-adp-4dec-2015.txt', 'text'],
  ['brackets-geneva-2015.txt', 'text'],
  ['family-paris-agreement.md', 'markdown'],
  ['family-cop21-draft-decision.txt', 'text'],
  ['import-adversarial.txt', 'text'],
];

const CONTENT = [
  { type: 'front', content: [{ type: 'docTitle', content: [{ type: 'text', text: 'Test draft' }] }] },
  { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'First paragraph.' }] },
  {
    type: 'paragraph',
    attrs: { id: 'p2', kind: 'op' },
    content: [
      { type: 'text', text: 'We hold a ' },
      {
        type: 'bracketGroup',
        attrs: { id: 'g1' },
        content: [
          { type: 'bracketAlt', attrs: { id: 'a1' }, content: [{ type: 'text', text: 'summit' }] },
          { type: 'bracketAlt', attrs: { id: 'a2', proposer: 'eu' }, content: [{ type: 'text', text: 'meeting' }] },
        ],
      },
      { type: 'text', text: '.' },
    ],
  },
];
const DOC_JSON = { type: 'doc', content: CONTENT };

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, yUpdateFromDocJSON(DOC_JSON));
  return doc;
}

/** The update a client holding `doc` would send after `edit` (its own Y.Doc, a fresh client id). */
function editOf(doc: Y.Doc, edit: (local: Y.Doc) => void): Uint8Array {
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(local);
  edit(local);
  return Y.encodeStateAsUpdate(local, before);
}

const fragmentOf = (d: Y.Doc) => d.getXmlFragment(DOCUMENT_FIELD);
const block = (d: Y.Doc, id: string) => fragmentOf(d).toArray().find((b) => b instanceof Y.XmlElement && b.getAttribute('id') === id) as Y.XmlElement;
const textOf = (el: Y.XmlElement) => el.get(0) as Y.XmlText;
const groupOf = (d: Y.Doc) => block(d, 'p2').toArray().find((c) => c instanceof Y.XmlElement) as Y.XmlElement;

function paragraph(text: string, attrs: Record<string, unknown> = { id: `p${Math.random().toString(36).slice(2)}`, kind: 'op' }): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v as string);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

const check = (doc: Y.Doc, update: Uint8Array) => checkUpdate(validateUpdate(update), doc);

describe('the schema rules (shared/src/schema/validity.ts)', () => {
  it.each(FIXTURES)('accept every imported fixture: %s', (name, format) => {
    const pm = docFromJSON(importDocument(fixture(name), { format }).doc);
    expect(documentValidity(pm)).toEqual({ ok: true });
  });

  it.each(FIXTURES)('read a Y block exactly as y-tiptap does, without writing: %s', (name, format) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, yUpdateFromDocJSON(importDocument(fixture(name), { format }).doc));
    const before = Y.encodeStateVector(doc);
    const mine = fragmentOf(doc)
      .toArray()
      .map((b) => {
        const converted = nodeFromYElement(b as Y.XmlElement);
        if (!converted.ok) throw new Error(converted.reason);
        return converted.node.toJSON();
      });
    expect(mine).toEqual(docFromYDoc(doc).toJSON().content);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('refuse a paragraph without an id, a bracket group without alternatives, an unknown status', async () => {
    const { nodes } = outcomeSchema;
    expect(blockValidity(nodes.paragraph.create({ id: null }, outcomeSchema.text('x')), 'body')).toEqual({ ok: false, reason: 'a paragraph needs an id' });
    const emptyGroup = nodes.bracketGroup.create({ id: 'g' });
    const verdict = blockValidity(nodes.paragraph.create({ id: 'p' }, [emptyGroup]), 'body');
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/does not fit the schema/);
    expect(blockValidity(nodes.paragraph.create({ id: 'p', status: 'maybe' }), 'body')).toEqual({
      ok: false,
      reason: 'paragraph attribute "status" cannot be "maybe"',
    });
    expect(blockValidity(nodes.paragraph.create({ id: 'p' }), 'first').ok).toBe(false);
    expect(blockValidity(nodes.front.create(null, nodes.docTitle.create()), 'body').ok).toBe(false);
  });

  it('know which attributes each node declares, and their values', async () => {
    expect(attributeValidity('paragraph', 'kind', 'pp')).toEqual({ ok: true });
    expect(attributeValidity('paragraph', 'onclick', 'x')).toEqual({ ok: false, reason: '"onclick" is not an attribute of paragraph' });
    expect(attributeValidity('bracketAlt', 'supporters', ['eu', 'g77'])).toEqual({ ok: true });
    expect(attributeValidity('bracketAlt', 'supporters', 'eu').ok).toBe(false);
    expect(attributeValidity('subparagraph', 'level', 2)).toEqual({ ok: true });
    expect(attributeValidity('subparagraph', 'level', 1e9).ok).toBe(false);
    expect(attributeValidity('script', 'src', 'x')).toEqual({ ok: false, reason: 'unknown node type "script"' });
  });
});

describe('checkUpdate: dependencies', () => {
  it('refuses a struct whose clock starts past what the server holds for its client', async () => {
    const doc = serverDoc();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    fragmentOf(local).push([paragraph('first, never sent')]);
    const sv = Y.encodeStateVector(local);
    fragmentOf(local).push([paragraph('second, depends on the first')]);
    const verdict = check(doc, Y.encodeStateAsUpdate(local, sv));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/^update depends on content the server does not have/);
  });

  it("refuses an item whose origin is another client's item the server never received", async () => {
    const doc = serverDoc();
    const a = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(doc));
    textOf(block(a, 'p1')).insert(5, 'AAA');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const sv = Y.encodeStateVector(b);
    textOf(block(b, 'p1')).insert(7, 'B'); // between A's characters: origin and right origin are A's
    const verdict = check(doc, Y.encodeStateAsUpdate(b, sv));
    expect(!verdict.ok && verdict.reason).toMatch(/^update depends on content the server does not have/);
    // with A's update first, the same update passes
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(a));
    expect(check(doc, Y.encodeStateAsUpdate(b, sv))).toEqual({ ok: true });
  });

  it('refuses a deletion of clocks the server does not have', async () => {
    const doc = serverDoc();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    textOf(block(local, 'p1')).insert(0, 'unsent ');
    const sv = Y.encodeStateVector(local);
    textOf(block(local, 'p1')).delete(0, 7);
    expect(check(doc, Y.encodeStateAsUpdate(local, sv))).toEqual({ ok: false, reason: 'update deletes content the server does not have' });
  });

  it("passes a stock provider's sync step 2: the client's whole state, with what the server has and what it lacks", async () => {
    const doc = serverDoc();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    textOf(block(local, 'p1')).insert(0, 'typed offline ');
    textOf(block(local, 'p1')).delete(0, 6);
    fragmentOf(local).push([paragraph('a new paragraph')]);
    expect(check(doc, Y.encodeStateAsUpdate(local))).toEqual({ ok: true });
    // and one with nothing new at all
    expect(check(doc, Y.encodeStateAsUpdate(doc))).toEqual({ ok: true });
  });
});

describe('checkUpdate: shape', () => {
  const refusals: Array<[string, (d: Y.Doc) => void, RegExp]> = [
    ['a foreign root (a Y.Map)', (d) => d.getMap('evil').set('x', 1), /^update writes outside the document \("evil"\)/],
    ['a foreign root (a Y.XmlFragment)', (d) => d.getXmlFragment('other').push([paragraph('x')]), /^update writes outside the document/],
    ['an unknown node type', (d) => fragmentOf(d).push([new Y.XmlElement('script')]), /^unknown node type "script"/],
    ['an element named "text"', (d) => block(d, 'p1').push([new Y.XmlElement('text')]), /^unknown node type "text"/],
    ['an attribute not in the schema', (d) => block(d, 'p1').setAttribute('onclick', 'x'), /^"onclick" is not an attribute of paragraph/],
    ['a status outside its values', (d) => block(d, 'p1').setAttribute('status', 'final'), /^paragraph attribute "status" cannot be "final"/],
    ['supporters that are not a list', (d) => (groupOf(d).get(0) as Y.XmlElement).setAttribute('supporters', 'eu'), /attribute "supporters" cannot be/],
    ['a mark not in the schema', (d) => textOf(block(d, 'p1')).format(0, 5, { underline: {} }), /^unknown formatting "underline"/],
    ['text directly in the document', (d) => fragmentOf(d).push([new Y.XmlText('stray')]), /^text cannot stand directly in the document/],
    ['an embed in text', (d) => textOf(block(d, 'p1')).insertEmbed(0, { img: 'x' }), /^text holds only characters and formatting/],
    ['a Y.Map inside a paragraph', (d) => block(d, 'p1').insert(0, [new Y.Map() as never]), /holds only nodes and text/],
    ['an attribute on a text', (d) => textOf(block(d, 'p1')).setAttribute('x', 'y'), /^text has no attributes/],
  ];
  it.each(refusals)('refuses %s', (_what, edit, reason) => {
    const doc = serverDoc();
    const verdict = check(doc, editOf(doc, edit));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it('passes what the editor writes: typing, a bold word, a new paragraph, a status, a new group', async () => {
    const doc = serverDoc();
    expect(check(doc, editOf(doc, (d) => textOf(block(d, 'p1')).insert(5, ' more')))).toEqual({ ok: true });
    expect(check(doc, editOf(doc, (d) => textOf(block(d, 'p1')).format(0, 5, { bold: {} })))).toEqual({ ok: true });
    expect(check(doc, editOf(doc, (d) => fragmentOf(d).push([paragraph('new')])))).toEqual({ ok: true });
    expect(check(doc, editOf(doc, (d) => block(d, 'p1').setAttribute('status', 'agreed')))).toEqual({ ok: true });
  });
});

describe("the editor binding's own updates pass both checks", () => {
  /** An editor bound to a copy of the server's doc; each change is written by y-tiptap and judged like the room judges it. */
  function editor() {
    const server = serverDoc();
    const verdicts: string[] = [];
    server.on('afterTransaction', (tr: Y.Transaction) => {
      const v = checkTransaction(tr, fragmentOf(server));
      if (!v.ok) verdicts.push(v.reason);
    });
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const meta = { mapping: new Map(), isOMark: new Map() };
    let state = EditorState.create({ doc: docFromYDoc(client) });
    client.transact(() => updateYFragment(client, fragmentOf(client), state.doc, meta as never), ySyncPluginKey);
    const sent: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => sent.push(u));
    return {
      /** The change as the editor makes it (ids assigned after, as its appendTransaction does); returns the server's verdicts. */
      edit(change: (s: EditorState) => Transaction | null) {
        const tr = change(state);
        if (!tr) throw new Error('the command did not apply');
        state = state.apply(tr);
        const ids = state.tr;
        if (assignMissingIds(ids)) state = state.apply(ids);
        sent.length = 0;
        client.transact(() => updateYFragment(client, fragmentOf(client), state.doc, meta as never), ySyncPluginKey);
        const results = sent.map((u) => checkUpdate(validateUpdate(u), server));
        for (const u of sent) Y.applyUpdate(server, u);
        return { before: results, after: verdicts.splice(0), sent: sent.length };
      },
      get state() {
        return state;
      },
      server,
    };
  }
  const run = (command: (s: EditorState, d?: (tr: Transaction) => void) => boolean) => (s: EditorState) => {
    let out: Transaction | null = null;
    command(s, (tr) => (out = tr));
    return out;
  };
  const posIn = (doc: EditorState['doc'], id: string, offset: number) => {
    let at = -1;
    doc.descendants((node, pos) => {
      if (node.attrs.id === id) at = pos + 1 + offset;
      return at < 0;
    });
    return at;
  };

  it('typing, Enter, brackets, an alternative, resolving a group, bold, deleting a paragraph', async () => {
    const ed = editor();
    const ok = { before: [], after: [] };
    const steps: Array<(s: EditorState) => Transaction | null> = [
      (s) => s.tr.insertText('Typed: ', posIn(s.doc, 'p1', 0)),
      (s) => s.tr.split(posIn(s.doc, 'p1', 7)),
      (s) => run(wrapInBracket({ proposer: null }))(s.apply(s.tr.setSelection(TextSelection.create(s.doc, posIn(s.doc, 'p1', 0), posIn(s.doc, 'p1', 5))))),
      (s) => s.tr.addMark(posIn(s.doc, 'p2', 0), posIn(s.doc, 'p2', 3), s.schema.marks.bold.create()),
      (s) => run(resolveGroup('g1', 1))(s),
      (s) => {
        let from = -1;
        s.doc.forEach((node, offset) => void (node.attrs.id === 'p2' && (from = offset)));
        return s.tr.delete(from, from + s.doc.nodeAt(from)!.nodeSize);
      },
    ];
    for (const step of steps) {
      const result = ed.edit((s) => {
        const tr = step(s);
        if (tr && !tr.docChanged) throw new Error('no change');
        return tr;
      });
      expect(result.sent).toBeGreaterThan(0);
      expect({ before: result.before.filter((v) => !v.ok), after: result.after }).toEqual(ok);
    }
    expect(documentValidity(docFromYDoc(ed.server))).toEqual({ ok: true });
    expect(docFromYDoc(ed.server).toJSON()).toEqual(ed.state.doc.toJSON());
  });

  it('an alternative added to a group', async () => {
    const ed = editor();
    const result = ed.edit((s) => run(addAlternative({ proposer: 'eu' }))(s.apply(s.tr.setSelection(TextSelection.create(s.doc, posIn(s.doc, 'a1', 2))))));
    expect(result.before.every((v) => v.ok)).toBe(true);
    expect(result.after).toEqual([]);
    expect(documentValidity(docFromYDoc(ed.server))).toEqual({ ok: true });
  });
});

// The room, through its seam.

interface Recorder {
  conn: Connection;
  sent: Uint8Array[];
  closed: { code: number; reason: string } | null;
}

describe('the room refuses what would poison the document', () => {
  let dir: string;
  let store: SqliteStore;
  let room: Room;
  let alice: Recorder; // the hostile co-facilitator
  let bob: Recorder; // an honest one, connected
  const documentId = 'test-doc';

  const participant = (id: string, role: Participant['role'] = 'cofacilitator'): Participant => ({
    id,
    negotiationId: 'n1',
    role,
    delegationId: null,
    name: id,
    createdAt: new Date(0).toISOString(),
    revokedAt: null,
    expiresAt: null,
    delegation: null,
  });
  const connect = (who: Participant): Recorder => {
    const recorder: Recorder = { conn: null as never, sent: [], closed: null };
    const socket = {
      readyState: 1,
      bufferedAmount: 0,
      send: (frame: Uint8Array) => recorder.sent.push(frame),
      close: (code: number, reason: string) => (recorder.closed = { code, reason }),
    } as unknown as WebSocket;
    recorder.conn = new Connection(socket, who, room.documentId, new URLSearchParams(), UNLIMITED);
    room.join(recorder.conn);
    recorder.sent.length = 0;
    return recorder;
  };
  const lastSeq = async () => (await store.loadDocumentState(documentId)).lastSeq;
  /** A frame from a client, then the end of the event-loop turn (when the room stores and relays, fanout.ts). */
  const send = async (r: Recorder, update: Uint8Array) => {
    room.receive(r.conn, encodeUpdate(update));
    await room.whenDurable();
  };
  /** Permission-denied reasons a connection was sent (y-protocols auth message). */
  const denials = (r: Recorder) =>
    r.sent.flatMap((frame) => {
      const d = decoding.createDecoder(frame);
      if (decoding.readVarUint(d) !== 2 || decoding.readVarUint(d) !== 0) return [];
      return [decoding.readVarString(d)];
    });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-validate-'));
    store = new SqliteStore(dir);
    (await store.createNegotiation({
      negotiation: { id: 'n1', title: 'N' },
      delegations: [{ id: 'eu', name: 'European Union', kind: 'group' }],
      documents: [{ id: documentId, title: 'T', numberingStyle: 'outcome', origin: 'test', initialUpdate: yUpdateFromDocJSON(DOC_JSON) }],
    }));
    room = await Room.load(documentId, store, { compactEvery: 1000, presenceBatchMs: 0, presenceHeartbeatBatchMs: 0 });
    alice = connect(participant('alice'));
    bob = connect(participant('bob', 'secretariat'));
  });
  afterEach(async () => {
    room.destroy();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Refused with `reason`, nothing stored or relayed, the room's doc valid and as stored, Bob still editing. */
  async function expectPoisonRefused(edit: ((d: Y.Doc) => void) | Uint8Array, reason: RegExp) {
    const seq = await lastSeq();
    const before = docFromYDoc(room.doc).toJSON();
    await send(alice, edit instanceof Uint8Array ? edit : editOf(room.doc, edit));
    expect(alice.closed?.code).toBe(4403);
    expect(alice.closed?.reason).toMatch(reason);
    expect(denials(alice)[0]).toMatch(reason);
    expect((await lastSeq())).toBe(seq);
    expect(bob.sent).toEqual([]);
    expect(docFromYDoc(room.doc).toJSON()).toEqual(before);
    expect(documentValidity(docFromYDoc(room.doc))).toEqual({ ok: true });
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.doc.store.pendingDs).toBeNull();
    // a client joining now gets exactly the stored, valid document
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(room.doc));
    expect(documentValidity(docFromYDoc(fresh))).toEqual({ ok: true });
    expect(docFromYDoc(fresh).toJSON()).toEqual(before);
    // the honest pen-holder keeps working: stored and relayed
    const carol = connect(participant('carol'));
    await send(bob, editOf(room.doc, (d) => textOf(block(d, 'p1')).insert(0, 'Still ')));
    expect(bob.closed).toBeNull();
    expect((await lastSeq())).toBe(seq + 1);
    expect(carol.sent.length).toBe(1);
    expect(docFromYDoc(room.doc).child(1).textContent).toMatch(/^Still (Still )*First paragraph.$/);
  }

  it('a bracket group without alternatives', async () => {
    await expectPoisonRefused((d) => {
      const group = new Y.XmlElement('bracketGroup');
      group.setAttribute('id', 'gx');
      textOf(block(d, 'p1')).insert(0, 'x'); // a legitimate change in the same update does not save it
      block(d, 'p1').insert(1, [group]);
    }, /^bracketGroup does not fit the schema/);
  });

  it('a group whose alternatives are all deleted', async () => {
    await expectPoisonRefused((d) => groupOf(d).delete(0, 2), /^bracketGroup does not fit the schema/);
  });

  it('a paragraph without an id', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).push([paragraph('no id', { kind: 'op' })]), /^a paragraph needs an id/);
  });

  it("a paragraph's id removed (an attribute change, judged by its rule alone)", async () => {
    await expectPoisonRefused((d) => block(d, 'p1').removeAttribute('id'), /^a paragraph needs an id/);
  });

  it('bold in the title, where the schema allows no marks (formatting is read with its block)', async () => {
    const title = (d: Y.Doc) => ((fragmentOf(d).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    await expectPoisonRefused((d) => title(d).format(0, 4, { bold: {} }), /^docTitle does not fit the schema/);
  });

  it('a footnote standing as a block', async () => {
    await expectPoisonRefused((d) => {
      const note = new Y.XmlElement('footnote');
      note.setAttribute('id', 'f1');
      fragmentOf(d).push([note]);
    }, /^footnote cannot stand as a block/);
  });

  it('a heading holding a bracket group (content the schema does not allow there)', async () => {
    await expectPoisonRefused((d) => {
      const heading = new Y.XmlElement('sectionHeading');
      heading.setAttribute('id', 'h1');
      const group = new Y.XmlElement('bracketGroup');
      group.setAttribute('id', 'g9');
      const alt = new Y.XmlElement('bracketAlt');
      alt.setAttribute('id', 'a9');
      group.insert(0, [alt]);
      heading.insert(0, [group]);
      fragmentOf(d).push([heading]);
    }, /^sectionHeading does not fit the schema/);
  });

  it('the front matter deleted, or a second one', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).delete(0, 1), /^the document must start with its front matter/);
    alice = connect(participant('alice2'));
    bob.sent.length = 0;
    await expectPoisonRefused((d) => {
      const front = new Y.XmlElement('front');
      front.insert(0, [new Y.XmlElement('docTitle')]);
      fragmentOf(d).push([front]);
    }, /^a document has one front matter/);
  });

  it('every block deleted', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).delete(1, 2), /^a document needs its front matter and at least one block/);
  });

  it('an unknown node type, an unknown attribute, a foreign root (refused before applying)', async () => {
    await expectPoisonRefused((d) => fragmentOf(d).push([new Y.XmlElement('iframe')]), /^unknown node type "iframe"/);
    alice = connect(participant('alice2'));
    bob.sent.length = 0;
    await expectPoisonRefused((d) => d.getMap('comments').set('x', 'y'), /^update writes outside the document/);
  });

  it('an update with a missing dependency leaves nothing pending', async () => {
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(room.doc));
    textOf(block(local, 'p1')).insert(0, 'never sent ');
    const sv = Y.encodeStateVector(local);
    textOf(block(local, 'p1')).insert(3, 'after it');
    await expectPoisonRefused(Y.encodeStateAsUpdate(local, sv), /^update depends on content the server does not have/);
  });

  it("accepts the editor's and the server's own changes: a new valid paragraph, a proposal, a label freeze", async () => {
    const seq = await lastSeq();
    await send(alice, editOf(room.doc, (d) => fragmentOf(d).push([paragraph('A valid new paragraph.')])));
    expect(alice.closed).toBeNull();
    expect((await lastSeq())).toBe(seq + 1);
    expect(bob.sent.length).toBe(1);
    const eu: Participant = { ...participant('eu-delegate', 'delegation'), delegationId: 'eu', delegation: { id: 'eu', name: 'European Union', kind: 'group' } };
    expect((await room.applyOperation(eu, { type: 'propose-alternative', groupId: 'g1', text: 'conference' }))).toEqual({ ok: true });
    expect((await lastSeq())).toBe(seq + 2);
    const plan = planLabelFreeze(docFromYDoc(room.doc), { renumber: false });
    expect(
      (await room.writeAs(participant('bob', 'secretariat'), (d) => {
        for (const { index, label } of plan.labels) (fragmentOf(d).get(index) as Y.XmlElement).setAttribute('label', label);
      })),
    ).toBe(true);
    expect((await lastSeq())).toBe(seq + 3);
    expect(documentValidity(docFromYDoc(room.doc))).toEqual({ ok: true });
  });

  it("drops the server's own invalid write rather than storing it", async () => {
    const seq = await lastSeq();
    const ok = await room.writeAs(participant('bob', 'secretariat'), (d) => block(d, 'p1').setAttribute('id', ''));
    expect(ok).toBe(false);
    expect((await lastSeq())).toBe(seq);
    expect(block(room.doc, 'p1')).toBeDefined();
  });
});
