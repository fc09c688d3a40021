// Several instances serving one document (docs/design.md, "several servers"), in one process: two
// or three `Rooms` on ONE MemoryStore (the shared document log), linked by one LocalHub (the
// in-process stand-in for Redis, same semantics: no echo, at-most-once, asynchronous delivery, a
// link that can be cut). Clients are the real Connection class on recording sockets, speaking
// y-protocols frames. What is specified: an update accepted on one instance reaches the others' rooms
// and connections and is stored exactly once; what the bus lost is read back from the log (after the
// link comes back, or when a later batch reveals a gap); a room that is still loading gets what
// arrived meanwhile; a revocation on one instance closes the participant everywhere; a store failure
// on one instance relays nothing and leaves the others working.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MemoryStore } from '../../server/src/storage/memoryStore.ts';
import type { DocumentState, Store } from '../../server/src/storage/store.ts';
import { LocalHub, type LocalBus } from '../../server/src/cluster/localBus.ts';
import { Rooms } from '../../server/src/sync/rooms.ts';
import type { Room } from '../../server/src/sync/room.ts';
import { CloseCode, STORAGE_UNAVAILABLE_REASON } from '../../server/src/sync/closeCodes.ts';
import type { Participant } from '../../server/src/sync/participant.ts';
import { DOCUMENT_FIELD, yUpdateFromDocJSON } from '../../shared/src/collab/ydoc.ts';
import { log } from '../../server/src/log.ts';
import { awarenessFrame, syncFrame } from '../helpers/server.ts';
import { awarenessFrames, fakeClient, participant, syncUpdates, type FakeClient } from './sync-helpers.ts';

const DOC = 'doc-1';
const DOC_JSON = {
  type: 'doc',
  content: [
    { type: 'front', content: [{ type: 'docTitle', content: [{ type: 'text', text: 'Draft decision -/CP.30' }] }] },
    { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'Decides to convene a workshop.' }] },
    { type: 'paragraph', attrs: { id: 'p2', kind: 'op' }, content: [{ type: 'text', text: 'Requests the secretariat to report.' }] },
  ],
};

/** Lets every delivery and store call already scheduled run (the bus delivers on setImmediate). */
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
const eventually = (check: () => void | Promise<void>, timeout = 3_000) => vi.waitFor(check, { timeout, interval: 5 });

/** The text of a top-level paragraph, by id, in any doc (a room's or what a client sees). */
function paragraphText(doc: Y.Doc, id: string): string {
  const block = doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.getAttribute('id') === id);
  if (!block) throw new Error(`no paragraph ${id}`);
  return block
    .toArray()
    .map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
    .join('');
}

/** A client on one instance: its connection there, and its own Y.Doc (what its provider holds). */
interface Client extends FakeClient {
  room: Room;
  doc: Y.Doc;
  /** How many of the updates it was sent are already in `doc`. */
  applied: number;
}

/** One server instance: its Rooms, on the shared store, with its bus on the shared hub. */
interface Instance {
  rooms: Rooms;
  bus: LocalBus;
}

describe('several instances on one document log', () => {
  let store: MemoryStore;
  let hub: LocalHub;
  let instances: Instance[];
  const clients: Client[] = [];

  function instance(name: string, storeOfInstance: Store = store, compactEvery = 1_000): Instance {
    const bus = hub.bus(name);
    const rooms = new Rooms(
      storeOfInstance,
      // no periodic reading of the log: every catch-up a test sees comes from the mechanism it tests
      { compactEvery, presenceBatchMs: 0, presenceHeartbeatBatchMs: 0, unloadDelayMs: 60_000, followLogMs: 3_600_000 },
      bus,
    );
    const made = { rooms, bus };
    instances.push(made);
    return made;
  }

  async function connect(at: Instance, who: Participant): Promise<Client> {
    const room = (await at.rooms.open(DOC))!;
    const fake = fakeClient(who, DOC);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc)); // the sync exchange, done
    room.join(fake.conn);
    fake.sent.length = 0;
    const client: Client = Object.assign(fake, { room, doc, applied: 0 });
    clients.push(client);
    return client;
  }

  /** Applies to the client's doc what it was sent since last time (its provider does so on receipt). */
  function catchUp(client: Client): Y.Doc {
    const updates = syncUpdates(client);
    for (const u of updates.slice(client.applied)) Y.applyUpdate(client.doc, u);
    client.applied = updates.length;
    return client.doc;
  }

  /** The client types `text` at the start of a paragraph; its provider sends the update. */
  function type(client: Client, id: string, text: string): void {
    catchUp(client);
    const before = Y.encodeStateVector(client.doc);
    const block = client.doc
      .getXmlFragment(DOCUMENT_FIELD)
      .toArray()
      .find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.getAttribute('id') === id)!;
    (block.get(0) as Y.XmlText).insert(0, text);
    client.room.receive(client.conn, syncFrame(2, Y.encodeStateAsUpdate(client.doc, before)));
  }

  /** What the client sees of a paragraph (its doc after applying what it was sent). */
  const seenBy = (client: Client, id: string) => paragraphText(catchUp(client), id);
  const count = () => store.countUpdates(DOC);

  /** An update written by a client that is not connected anywhere (an instance that then died). */
  function ghostEdit(base: Y.Doc, edit: (doc: Y.Doc) => void): { update: Uint8Array; doc: Y.Doc } {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    const before = Y.encodeStateVector(doc);
    edit(doc);
    return { update: Y.encodeStateAsUpdate(doc, before), doc };
  }
  const insertAt = (id: string, index: number, text: string) => (doc: Y.Doc) => {
    const block = doc
      .getXmlFragment(DOCUMENT_FIELD)
      .toArray()
      .find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.getAttribute('id') === id)!;
    (block.get(0) as Y.XmlText).insert(index, text);
  };

  beforeEach(async () => {
    vi.spyOn(log, 'info').mockImplementation(() => {});
    vi.spyOn(log, 'warn').mockImplementation(() => {});
    store = new MemoryStore();
    await store.createNegotiation({
      negotiation: { id: 'n1', title: 'COP 30' },
      delegations: [{ id: 'eu', name: 'European Union', kind: 'group' }],
      documents: [{ id: DOC, title: 'Draft decision', numberingStyle: 'outcome', origin: 'import', initialUpdate: yUpdateFromDocJSON(DOC_JSON) }],
    });
    hub = new LocalHub();
    instances = [];
    clients.length = 0;
  });

  afterEach(async () => {
    store.failWrites = false;
    for (const { rooms, bus } of instances) {
      rooms.stop();
      await rooms.closeAll();
      await bus.close();
    }
    for (const c of clients) c.doc.destroy();
    vi.restoreAllMocks();
  });

  it('relays an update accepted on one instance to the rooms and connections of the others, and stores it once', async () => {
    const [one, two, three] = [instance('one'), instance('two'), instance('three')];
    const alice = await connect(one, participant('alice'));
    const reader = await connect(one, participant('reader', 'observer'));
    const bob = await connect(two, participant('bob'));
    const eu = await connect(two, participant('eu-delegate', 'delegation'));
    const carol = await connect(three, participant('carol', 'secretariat'));
    const before = await count();

    type(alice, 'p1', 'Also ');
    expect(await alice.room.whenDurable()).toBe(true);
    const expected = 'Also Decides to convene a workshop.';
    await eventually(() => {
      expect(paragraphText(bob.room.doc, 'p1')).toBe(expected);
      expect(paragraphText(carol.room.doc, 'p1')).toBe(expected);
    });
    for (const peer of [reader, bob, eu, carol]) expect(seenBy(peer, 'p1')).toBe(expected);
    expect(syncUpdates(alice)).toEqual([]); // never her own update back
    await turns();
    expect(await count()).toBe(before + 1);
    // every instance now holds the log up to the same point
    const seqs = await Promise.all([alice.room.storedSeq(), bob.room.storedSeq(), carol.room.storedSeq()]);
    expect(new Set(seqs).size).toBe(1);

    // and the other way round, from a third instance
    type(carol, 'p2', 'Further ');
    await eventually(() => {
      expect(seenBy(alice, 'p2')).toBe('Further Requests the secretariat to report.');
      expect(seenBy(bob, 'p2')).toBe('Further Requests the secretariat to report.');
    });
    await turns();
    expect(await count()).toBe(before + 2);
  });

  it('converges when writers on every instance type in the same turns, each update stored once', async () => {
    const [one, two, three] = [instance('one'), instance('two'), instance('three')];
    const writers = [
      await connect(one, participant('alice')),
      await connect(two, participant('bob')),
      await connect(three, participant('carol', 'secretariat')),
    ];
    const readers = [await connect(one, participant('r1', 'observer')), await connect(three, participant('r3', 'observer'))];
    const before = await count();
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      // all three in one turn: each instance appends its batch before hearing of the others'
      for (const [i, w] of writers.entries()) type(w, i % 2 === 0 ? 'p1' : 'p2', `${w.conn.participant.name}${round} `);
      if (round % 3 === 2) await turns(1); // and sometimes a little later, while batches are on their way
    }
    await Promise.all(writers.map((w) => w.room.whenDurable()));
    const head = async () => (await store.loadDocumentState(DOC)).lastSeq;
    await eventually(async () => {
      for (const w of writers) expect(await w.room.storedSeq()).toBe(await head());
    });
    expect(await count()).toBe(before + 3 * rounds);
    const texts = (doc: Y.Doc) => [paragraphText(doc, 'p1'), paragraphText(doc, 'p2')];
    const expected = texts(writers[0]!.room.doc);
    for (const w of writers) expect(texts(w.room.doc)).toEqual(expected);
    for (const c of [...writers, ...readers]) expect(texts(catchUp(c))).toEqual(expected);
    for (const name of ['alice', 'bob', 'carol']) expect(expected.join(' ').split(name).length - 1).toBe(rounds);
  });

  it('misses what is published while the link is down, and reads it from the log once the link is back', async () => {
    const [one, two] = [instance('one'), instance('two')];
    const alice = await connect(one, participant('alice'));
    const bob = await connect(two, participant('bob'));
    two.bus.linkDown();
    type(alice, 'p1', 'Meanwhile ');
    expect(await alice.room.whenDurable()).toBe(true);
    await turns(10);
    expect(paragraphText(bob.room.doc, 'p1')).toBe('Decides to convene a workshop.');
    expect(syncUpdates(bob)).toEqual([]);

    two.bus.linkUp(); // onReconnect: every open room reads what it missed
    await eventually(() => expect(paragraphText(bob.room.doc, 'p1')).toBe('Meanwhile Decides to convene a workshop.'));
    expect(seenBy(bob, 'p1')).toBe('Meanwhile Decides to convene a workshop.');
    expect(await bob.room.storedSeq()).toBe(await alice.room.storedSeq());
    expect(await count()).toBe(2); // the import and alice's batch: read back, not stored again
  });

  it('closes a gap (a batch stored but never published) from the log when a later batch reveals it', async () => {
    const [one, two] = [instance('one'), instance('two')];
    const alice = await connect(one, participant('alice'));
    const bob = await connect(two, participant('bob'));
    // an instance stored this and died before publishing it
    const ghost = ghostEdit(bob.room.doc, insertAt('p2', 0, 'Kindly '));
    await store.appendUpdates(DOC, [{ update: ghost.update, origin: 'ghost', attribution: null }]);

    type(alice, 'p1', 'Later ');
    expect(await alice.room.whenDurable()).toBe(true);
    await eventually(() => {
      expect(paragraphText(bob.room.doc, 'p2')).toBe('Kindly Requests the secretariat to report.');
      expect(paragraphText(bob.room.doc, 'p1')).toBe('Later Decides to convene a workshop.');
      // the accepting instance did not hold the ghost batch either: it closes the same gap
      expect(paragraphText(alice.room.doc, 'p2')).toBe('Kindly Requests the secretariat to report.');
    });
    expect(seenBy(bob, 'p2')).toBe('Kindly Requests the secretariat to report.');
    expect(seenBy(alice, 'p2')).toBe('Kindly Requests the secretariat to report.');
    const head = (await store.loadDocumentState(DOC)).lastSeq;
    expect(await bob.room.storedSeq()).toBe(head);
    expect(await alice.room.storedSeq()).toBe(head);
    expect(await count()).toBe(3);
  });

  it('closes a gap whose later batch depends on the missing one (held pending until the log is read)', async () => {
    const [two] = [instance('two')];
    const dead = hub.bus('dead'); // an instance with no rooms left: it stored two batches, published only the second
    const bob = await connect(two, participant('bob'));
    const first = ghostEdit(bob.room.doc, insertAt('p1', 0, 'Strongly '));
    const second = ghostEdit(first.doc, insertAt('p1', 'Strongly '.length, 'and urgently '));
    await store.appendUpdates(DOC, [{ update: first.update, origin: 'ghost', attribution: null }]);
    const stored = await store.appendUpdates(DOC, [{ update: second.update, origin: 'ghost', attribution: null }]);
    await dead.publish({ kind: 'update', documentId: DOC, previousSeq: stored.previousSeq, lastSeq: stored.lastSeq, update: second.update });

    await eventually(() => expect(paragraphText(bob.room.doc, 'p1')).toBe('Strongly and urgently Decides to convene a workshop.'));
    expect(seenBy(bob, 'p1')).toBe('Strongly and urgently Decides to convene a workshop.');
    expect(bob.room.doc.store.pendingStructs).toBeNull();
    expect(await bob.room.storedSeq()).toBe(stored.lastSeq);
    await dead.close();
  });

  it('labels a snapshot taken behind a gap with what the room holds, so loading from it loses nothing', async () => {
    const one = instance('one');
    const two = instance('two', store, 2); // compacts every 2 stored updates
    const alice = await connect(one, participant('alice'));
    const bob = await connect(two, participant('bob'));
    const ghost = ghostEdit(bob.room.doc, insertAt('p2', 0, 'Kindly '));
    const lost = await store.appendUpdates(DOC, [{ update: ghost.update, origin: 'ghost', attribution: null }]);
    type(alice, 'p1', 'One ');
    await turns();
    type(alice, 'p1', 'Two ');
    await eventually(async () => {
      expect(paragraphText(bob.room.doc, 'p2')).toBe('Kindly Requests the secretariat to report.');
      expect((await store.snapshotInfo(DOC))?.uptoSeq).toBe((await store.loadDocumentState(DOC)).lastSeq);
    });
    // every snapshot instance two wrote, including any taken before the gap closed, covered only what it held
    const fresh = instance('three');
    const carol = await connect(fresh, participant('carol'));
    expect(paragraphText(carol.room.doc, 'p2')).toBe('Kindly Requests the secretariat to report.');
    expect(paragraphText(carol.room.doc, 'p1')).toBe('Two One Decides to convene a workshop.');
    expect(lost.lastSeq).toBeLessThanOrEqual((await store.snapshotInfo(DOC))!.uptoSeq);
  });

  it("relays presence between instances: a participant's state, then its removal when it leaves", async () => {
    const [one, two] = [instance('one'), instance('two')];
    const alice = await connect(one, participant('alice'));
    const bob = await connect(two, participant('bob'));
    alice.room.receive(alice.conn, awarenessFrame([[4242, 1, { cursor: null, user: { name: 'forged' } }]]));
    await eventually(() => expect(bob.room.awareness.getStates().get(4242)).toEqual({ cursor: null, user: alice.conn.presenceUser }));
    await eventually(() => expect(awarenessFrames(bob).flat().map((e) => e.clientId)).toContain(4242));
    alice.room.leave(alice.conn);
    await eventually(() => expect(bob.room.awareness.getStates().has(4242)).toBe(false));
    await eventually(() => expect(awarenessFrames(bob).flat().filter((e) => e.clientId === 4242).at(-1)?.json).toBe('null'));
  });

  describe('a room that is loading', () => {
    /** Instance two's view of the store: the room's read of the log waits for `open()`, before or after reading. */
    function gatedStore(readFirst: boolean) {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let read: DocumentState | null = null;
      let reading!: () => void;
      const started = new Promise<void>((resolve) => (reading = resolve));
      const gated = new Proxy(store, {
        get(target, property, receiver) {
          if (property === 'loadDocumentState') {
            return async (documentId: string) => {
              reading();
              if (readFirst) read = await target.loadDocumentState(documentId);
              await gate;
              read ??= await target.loadDocumentState(documentId);
              return read;
            };
          }
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return { gated, started, open: () => release(), read: () => read };
    }

    it('gets what other instances stored after it read the log, and published before it was ready (early messages)', async () => {
      const one = instance('one');
      const { gated, started, open, read } = gatedStore(true);
      const two = instance('two', gated);
      const alice = await connect(one, participant('alice'));
      const loading = two.rooms.open(DOC);
      await started; // subscribed to the bus, reading the log
      await turns();
      type(alice, 'p1', 'Urgently ');
      expect(await alice.room.whenDurable()).toBe(true);
      await turns(10); // delivered to instance two while its room is still loading
      open();
      const room = (await loading)!;
      // the state it read did not have alice's batch: the room got it from the bus, not from the log
      expect(read()!.lastSeq).toBeLessThan(await alice.room.storedSeq());
      await eventually(() => expect(paragraphText(room.doc, 'p1')).toBe('Urgently Decides to convene a workshop.'));
      expect(await room.storedSeq()).toBe(await alice.room.storedSeq());
    });

    it('reads what it missed while the link was down, when the link came back before it finished loading', async () => {
      const one = instance('one');
      const { gated, started, open, read } = gatedStore(true);
      const two = instance('two', gated);
      const alice = await connect(one, participant('alice'));
      const loading = two.rooms.open(DOC);
      await started;
      await turns();
      two.bus.linkDown();
      type(alice, 'p1', 'Unheard ');
      expect(await alice.room.whenDurable()).toBe(true);
      await turns(5);
      two.bus.linkUp();
      await turns(5); // the reconnect handlers ran
      open();
      const room = (await loading)!;
      expect(read()!.lastSeq).toBeLessThan(await alice.room.storedSeq());
      // (the catch-up delay for a gap is 100 ms; a second is ample, and well short of the follow period)
      await eventually(() => expect(paragraphText(room.doc, 'p1')).toBe('Unheard Decides to convene a workshop.'), 1_000);
    });

    it('recognises an early message for a batch the log read already brought as held', async () => {
      const one = instance('one');
      const { gated, started, open } = gatedStore(false);
      const two = instance('two', gated);
      const alice = await connect(one, participant('alice'));
      const loading = two.rooms.open(DOC);
      await started;
      type(alice, 'p1', 'Again ');
      expect(await alice.room.whenDurable()).toBe(true);
      await turns(10); // delivered (and kept) before the room read the log, which now holds it
      const reads = vi.spyOn(store, 'updatesBetween');
      open();
      const room = (await loading)!;
      await turns(10);
      expect(paragraphText(room.doc, 'p1')).toBe('Again Decides to convene a workshop.');
      expect(await room.storedSeq()).toBe(await alice.room.storedSeq());
      expect(reads).not.toHaveBeenCalled(); // no gap: nothing to read back
    });
  });

  it("closes a revoked participant's connections on every instance, and nobody else's", async () => {
    const [one, two, three] = [instance('one'), instance('two'), instance('three')];
    const eveHere = await connect(one, participant('eve'));
    const eveThere = await connect(two, participant('eve'));
    const eveElsewhere = await connect(three, participant('eve'));
    const frank = await connect(two, participant('frank'));
    expect(one.rooms.closeParticipant('eve', CloseCode.unauthenticated, 'access revoked')).toBe(1);
    expect(eveHere.closed).toEqual({ code: CloseCode.unauthenticated, reason: 'access revoked' });
    await eventually(() => {
      expect(eveThere.closed).toEqual({ code: CloseCode.unauthenticated, reason: 'access revoked' });
      expect(eveElsewhere.closed).toEqual({ code: CloseCode.unauthenticated, reason: 'access revoked' });
    });
    expect(frank.closed).toBeNull();
    expect(two.rooms.connectedParticipants()).toEqual(new Set(['frank']));
  });

  it('relays nothing from an instance whose store failed, and the other instances keep working', async () => {
    const errors = vi.spyOn(log, 'error').mockImplementation(() => {});
    const [one, two] = [instance('one'), instance('two')];
    const alice = await connect(one, participant('alice'));
    const reader = await connect(one, participant('reader', 'observer'));
    const bob = await connect(two, participant('bob'));
    type(alice, 'p1', 'Stored ');
    expect(await alice.room.whenDurable()).toBe(true);
    await eventually(() => expect(seenBy(bob, 'p1')).toBe('Stored Decides to convene a workshop.'));
    const stored = await count();

    // applied to instance one's doc, then the store refuses the append (the disk filled up in between)
    type(alice, 'p2', 'Lost ');
    expect(paragraphText(alice.room.doc, 'p2')).toBe('Lost Requests the secretariat to report.');
    store.failWrites = true;
    expect(await alice.room.whenDurable()).toBe(false);
    await turns(10);
    store.failWrites = false;

    expect(alice.room.failed).toBe(true);
    expect(alice.closed).toEqual({ code: CloseCode.internalError, reason: STORAGE_UNAVAILABLE_REASON });
    expect(reader.closed).toEqual({ code: CloseCode.internalError, reason: STORAGE_UNAVAILABLE_REASON });
    expect(seenBy(reader, 'p2')).toBe('Requests the secretariat to report.'); // nothing relayed here
    expect(one.rooms.get(DOC)).toBeUndefined(); // discarded: the next connection loads from the log
    expect(errors).toHaveBeenCalled();
    // ... nor to the other instance, which is unaffected
    expect(await count()).toBe(stored);
    expect(bob.room.failed).toBe(false);
    expect(bob.closed).toBeNull();
    expect(paragraphText(bob.room.doc, 'p2')).toBe('Requests the secretariat to report.');
    expect(seenBy(bob, 'p2')).toBe('Requests the secretariat to report.');
    type(bob, 'p2', 'Still ');
    expect(await bob.room.whenDurable()).toBe(true);
    expect(await count()).toBe(stored + 1);

    // instance one recovers with the store: a fresh room from the log, linked again
    const aliceAgain = await connect(one, participant('alice'));
    expect(aliceAgain.room).not.toBe(alice.room);
    expect(paragraphText(aliceAgain.room.doc, 'p2')).toBe('Still Requests the secretariat to report.');
    type(bob, 'p1', 'And ');
    await eventually(() => expect(seenBy(aliceAgain, 'p1')).toBe('And Stored Decides to convene a workshop.'));
  });
});
