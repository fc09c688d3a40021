// Presence for one room (server/src/sync/presence.ts), through its seam: a PresenceRelay over a doc,
// real Connections on recording sockets, the clock faked so batching windows are exact. A connection
// speaks only for the first awareness client id it announced; the identity others see is the
// server's; readers' carets stay private; changes go out as one frame per peer per window, never a
// sender's own state back; this instance's entries are published to the others, remote ones are
// applied and relayed here but never published again; leaving and timing out are relayed removals.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { PresenceRelay, stampPresence } from '../../server/src/sync/presence.ts';
import * as encoding from 'lib0/encoding';
import { AwarenessFrames, MalformedMessage, encodeAwarenessEntries, encodeAwarenessFrame, parseClientMessage, type AwarenessEntry } from '../../server/src/sync/protocol.ts';
import type { Role } from '../../shared/src/access/roles.ts';
import { awarenessFrame } from '../helpers/server.ts';
import { awarenessEntriesOf, awarenessFrames, entriesOfUpdate, fakeClient, participant, type FakeClient } from './sync-helpers.ts';

const BATCH_MS = 100;
const HEARTBEAT_MS = 1_000;

type Said = [clientId: number, clock: number, state: unknown];

describe('PresenceRelay', () => {
  let doc: Y.Doc;
  let connected: Set<FakeClient['conn']>;
  let relay: PresenceRelay;
  /** What was published to the other instances, one array of entries per publish. */
  let published: AwarenessEntry[][];

  const join = (name: string, role: Role = 'cofacilitator'): FakeClient => {
    const client = fakeClient(participant(name, role), 'doc-1');
    connected.add(client.conn);
    return client;
  };
  /** What a client's provider sends: an awareness frame, parsed as the room parses it. */
  const say = (client: FakeClient, ...entries: Said[]) => {
    const message = parseClientMessage(awarenessFrame(entries));
    if (message.kind !== 'awareness') throw new Error('not an awareness frame');
    relay.applyClient(client.conn, message.entries);
  };
  const leave = (client: FakeClient) => {
    connected.delete(client.conn); // the room forgets the connection first (Room.leave)
    relay.leave(client.conn);
  };
  /** Another instance's (already stamped) entries, as they arrive on the bus. */
  const fromRemote = (...entries: Said[]) =>
    relay.applyRemote(encodeAwarenessEntries(entries.map(([clientId, clock, state]) => ({ clientId, clock, json: JSON.stringify(state) }))));
  const state = (clientId: number) => relay.awareness.getStates().get(clientId);
  /** Per frame a client received, the client ids it carried. */
  const idsPerFrame = (client: FakeClient) => awarenessFrames(client).map((entries) => entries.map((e) => e.clientId).sort((x, y) => x - y));
  const forget = (...clients: FakeClient[]) => {
    for (const c of clients) c.sent.length = 0;
    published.length = 0;
  };
  const advance = (ms: number) => vi.advanceTimersByTime(ms);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    doc = new Y.Doc();
    connected = new Set();
    published = [];
    relay = new PresenceRelay(doc, () => connected, { presenceBatchMs: BATCH_MS, presenceHeartbeatBatchMs: HEARTBEAT_MS }, (update) =>
      published.push(entriesOfUpdate(update)),
    );
  });
  afterEach(() => {
    relay.stop();
    doc.destroy();
    vi.useRealTimers();
  });

  describe('who speaks for which client id', () => {
    it('gives a connection the first client id it announces, and drops what it says for any other', () => {
      const alice = join('alice');
      say(alice, [100, 1, { name: 'a' }], [200, 1, { name: 'someone else' }]);
      expect(alice.conn.awarenessClientId).toBe(100);
      expect([...relay.awareness.getStates().keys()]).toEqual([100]);
      say(alice, [200, 2, { name: 'still not hers' }]);
      expect(state(200)).toBeUndefined();
      say(alice, [100, 2, { name: 'moved' }]);
      expect(state(100)).toMatchObject({ name: 'moved' });
    });

    it("never lets a second connection take an id already owned, nor speak for it later", () => {
      const alice = join('alice');
      const mallory = join('mallory');
      say(alice, [100, 1, { here: true }]);
      say(mallory, [100, 5, { forged: true }]); // the echo of alice's state, or a forgery: dropped
      expect(mallory.conn.awarenessClientId).toBeNull();
      expect(state(100)).toMatchObject({ here: true });
      say(mallory, [300, 1, { mine: true }]); // her own id is accepted
      expect(mallory.conn.awarenessClientId).toBe(300);
      say(mallory, [100, 9, { forged: true }], [300, 2, { mine: 'still' }]);
      expect(state(100)).toMatchObject({ here: true });
      expect(state(300)).toMatchObject({ mine: 'still' });
      say(alice, [300, 9, { forged: true }]);
      expect(state(300)).toMatchObject({ mine: 'still' });
    });
  });

  describe('states that are not JSON', () => {
    /** An awareness frame whose entries carry raw state text (not necessarily JSON). */
    const rawFrame = (...entries: [clientId: number, clock: number, text: string][]) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, entries.length);
      for (const [id, clock, text] of entries) {
        encoding.writeVarUint(inner, id);
        encoding.writeVarUint(inner, clock);
        encoding.writeVarString(inner, text);
      }
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      const message = parseClientMessage(encoding.toUint8Array(e));
      if (message.kind !== 'awareness') throw new Error('not an awareness frame');
      return message.entries;
    };

    it("refuses a connection's own state that is not JSON, having applied nothing of the frame", () => {
      const alice = join('alice');
      expect(() => relay.applyClient(alice.conn, rawFrame([100, 1, '{{{']))).toThrow(MalformedMessage);
      say(alice, [100, 1, { ok: true }]);
      expect(() => relay.applyClient(alice.conn, rawFrame([100, 2, '{"fine":1}'], [100, 3, '{{{']))).toThrow(/malformed message: awareness update/);
      expect(state(100)).toEqual({ ok: true, user: alice.conn.presenceUser });
    });

    it('drops the states it sends for others unread, whatever they hold (the echoes every provider sends back)', () => {
      const alice = join('alice');
      say(alice, [100, 1, { ok: true }]);
      relay.applyClient(alice.conn, rawFrame([200, 7, '{{{ not json'], [100, 2, '{"moved":1}']));
      expect(state(100)).toEqual({ moved: 1, user: alice.conn.presenceUser });
      expect(state(200)).toBeUndefined();
    });
  });

  describe('the identity others see', () => {
    it("replaces whatever `user` the client sent with the server's", () => {
      const alice = join('alice');
      say(alice, [100, 1, { user: { name: 'The Secretary-General', color: '#000' }, cursor: { anchor: 1, head: 4 } }]);
      expect(state(100)).toEqual({ user: alice.conn.presenceUser, cursor: { anchor: 1, head: 4 } });
      expect(alice.conn.presenceUser).toMatchObject({ name: 'alice', role: 'cofacilitator' });
      say(alice, [100, 2, { note: 'no user at all' }]);
      expect(state(100)).toEqual({ note: 'no user at all', user: alice.conn.presenceUser });
    });

    it.each<[Role, boolean]>([
      ['cofacilitator', true],
      ['secretariat', true],
      ['delegation', false],
      ['observer', false],
    ])('keeps the caret of a %s: %s', (role, shown) => {
      const someone = join('someone', role);
      say(someone, [100, 1, { cursor: { anchor: 3, head: 9 }, user: { name: 'forged' } }]);
      expect(state(100)).toEqual(shown ? { cursor: { anchor: 3, head: 9 }, user: someone.conn.presenceUser } : { user: someone.conn.presenceUser });
      expect(someone.conn.presenceUser.name).toBe('someone');
    });

    it('stamps a state as text, keeps a removal a removal, and makes an object of anything else', () => {
      const user = { name: 'eu' };
      expect(JSON.parse(stampPresence('{"cursor":1,"user":{"name":"x"},"a":2}', user, true))).toEqual({ cursor: 1, a: 2, user });
      expect(JSON.parse(stampPresence('{"cursor":1,"a":2}', user, false))).toEqual({ a: 2, user });
      expect(stampPresence('null', user, true)).toBe('null');
      expect(JSON.parse(stampPresence('[1,2]', user, true))).toEqual({ user });
      expect(JSON.parse(stampPresence('"text"', user, true))).toEqual({ user });
    });
  });

  describe('batching', () => {
    it('relays what changed in one turn as one frame per peer, each without its own state', () => {
      const alice = join('alice');
      const bob = join('bob');
      const carol = join('carol', 'observer'); // present, says nothing
      say(alice, [100, 1, { a: 1 }]);
      say(bob, [200, 1, { b: 1 }]);
      expect(carol.sent).toEqual([]); // not inside the handler
      advance(0);
      expect(idsPerFrame(carol)).toEqual([[100, 200]]);
      expect(idsPerFrame(alice)).toEqual([[200]]);
      expect(idsPerFrame(bob)).toEqual([[100]]);
      // the states relayed are the stamped ones
      expect(JSON.parse(awarenessFrames(bob)[0]![0]!.json)).toEqual({ a: 1, user: alice.conn.presenceUser });
    });

    it('collects changes for a window after a relay, and sends each peer the latest state once', () => {
      const alice = join('alice');
      const bob = join('bob');
      say(alice, [100, 1, { at: 0 }]);
      say(bob, [200, 1, { at: 0 }]);
      advance(0);
      forget(alice, bob);
      for (let clock = 2; clock <= 4; clock++) {
        advance(10);
        say(alice, [100, clock, { at: clock }]);
      }
      advance(BATCH_MS - 31);
      expect(bob.sent).toEqual([]);
      advance(1); // BATCH_MS after the last relay
      // the relay's own second clock for her (the first went with the first relay), whatever hers are
      expect(awarenessFrames(bob)).toEqual([[{ clientId: 100, clock: 2, json: JSON.stringify({ at: 4, user: alice.conn.presenceUser }) }]]);
      expect(alice.sent).toEqual([]); // only her own state changed: nothing to send her
      // after a quiet spell a change goes out on the next tick
      forget(alice, bob);
      advance(5 * BATCH_MS);
      say(bob, [200, 2, { at: 'later' }]);
      advance(0);
      expect(idsPerFrame(alice)).toEqual([[200]]);
    });

    it('lets a renewal (same state, newer clock) wait for the heartbeat window, or ride along with the next change', () => {
      const alice = join('alice');
      const bob = join('bob');
      say(alice, [100, 1, { same: true }]);
      say(bob, [200, 1, { b: 0 }]);
      advance(0);
      forget(alice, bob);
      advance(5 * BATCH_MS);
      say(alice, [100, 2, { same: true }]); // a heartbeat: only keeps it alive at the peers
      advance(HEARTBEAT_MS - 1);
      expect(bob.sent).toEqual([]);
      advance(1);
      expect(awarenessFrames(bob)).toEqual([[{ clientId: 100, clock: 2, json: JSON.stringify({ same: true, user: alice.conn.presenceUser }) }]]);
      forget(alice, bob);
      const carol = join('carol', 'observer');
      advance(5 * BATCH_MS);
      say(alice, [100, 3, { same: true }]);
      advance(50);
      say(bob, [200, 2, { b: 1 }]); // a change: the renewal goes with it
      advance(0);
      expect(idsPerFrame(carol)).toEqual([[100, 200]]);
      expect(awarenessFrames(carol)[0]!.find((e) => e.clientId === 100)!.clock).toBe(3);
      advance(HEARTBEAT_MS);
      expect(idsPerFrame(carol)).toEqual([[100, 200]]); // nothing left to send
    });
  });

  describe('several instances', () => {
    it("publishes this instance's entries in the same batches", () => {
      const alice = join('alice');
      const bob = join('bob');
      say(alice, [100, 1, { a: 1 }]);
      say(bob, [200, 1, { b: 1 }]);
      expect(published).toEqual([]);
      advance(0);
      expect(published).toEqual([
        [
          { clientId: 100, clock: 1, json: JSON.stringify({ a: 1, user: alice.conn.presenceUser }) },
          { clientId: 200, clock: 1, json: JSON.stringify({ b: 1, user: bob.conn.presenceUser }) },
        ],
      ]);
    });

    it('applies and relays entries from other instances as they were stamped there, and never publishes them again', () => {
      const alice = join('alice');
      say(alice, [100, 1, { a: 1 }]);
      advance(0);
      forget(alice);
      const remote = { user: { name: 'elsewhere' }, cursor: { anchor: 1, head: 1 } };
      fromRemote([900, 1, remote]);
      expect(state(900)).toEqual(remote);
      advance(BATCH_MS);
      expect(awarenessFrames(alice)).toEqual([[{ clientId: 900, clock: 1, json: JSON.stringify(remote) }]]);
      expect(published).toEqual([]);
      // its removal too: relayed here, not published
      fromRemote([900, 2, null]);
      advance(BATCH_MS);
      expect(awarenessFrames(alice)[1]).toEqual([{ clientId: 900, clock: 2, json: 'null' }]);
      expect(published).toEqual([]);
      // a local change in the same batch as a remote one: only the local one is published
      fromRemote([901, 1, { user: { name: 'elsewhere too' } }]);
      say(alice, [100, 2, { a: 2 }]);
      advance(BATCH_MS);
      expect(published.map((entries) => entries.map((e) => e.clientId))).toEqual([[100]]);
    });

    it('never lets another instance replace the state of a client id a connection here owns', () => {
      const alice = join('alice');
      say(alice, [100, 3, { a: 1 }]);
      advance(0);
      forget(alice);
      advance(5 * BATCH_MS);
      fromRemote([100, 1_000, { user: { name: 'mallory, on another instance' } }]);
      advance(BATCH_MS);
      expect(published).toEqual([]);
      expect(state(100)).toEqual({ a: 1, user: alice.conn.presenceUser });
      say(alice, [100, 4, { a: 2 }]);
      expect(state(100)).toEqual({ a: 2, user: alice.conn.presenceUser });
    });

    it('a new connection gets everyone present, local and remote, in one frame', () => {
      expect(relay.snapshotFrame()).toBeNull();
      const alice = join('alice');
      say(alice, [100, 1, { a: 1 }]);
      fromRemote([900, 1, { user: { name: 'elsewhere' } }]);
      const frame = relay.snapshotFrame()!;
      expect(awarenessEntriesOf(frame)!.map((e) => e.clientId).sort((x, y) => x - y)).toEqual([100, 900]);
    });
  });

  describe('leaving', () => {
    it('relays the removal of a state when its connection leaves, with the next clock, and publishes it', () => {
      const alice = join('alice');
      const bob = join('bob');
      say(alice, [100, 7, { a: 1 }]);
      say(bob, [200, 1, { b: 1 }]);
      advance(0);
      forget(alice, bob);
      advance(5 * BATCH_MS);
      leave(alice);
      expect(state(100)).toBeUndefined();
      advance(0);
      // her state went out with the relay's clock 1 (hers was 7); its removal with 2
      expect(awarenessFrames(bob)).toEqual([[{ clientId: 100, clock: 2, json: 'null' }]]);
      expect(alice.sent).toEqual([]);
      expect(published).toEqual([[{ clientId: 100, clock: 2, json: 'null' }]]);
      // once removed it is no longer this instance's: a later batch does not publish it again
      forget(bob);
      advance(5 * BATCH_MS);
      say(bob, [200, 2, { b: 2 }]);
      advance(0);
      expect(published).toEqual([[{ clientId: 200, clock: 2, json: JSON.stringify({ b: 2, user: bob.conn.presenceUser }) }]]);
    });

    it('accepts the same client reconnecting with an unchanged clock, and ignores a leave by a connection that owned nothing', () => {
      const alice = join('alice');
      const reader = join('reader', 'observer');
      say(alice, [100, 3, { a: 1 }]);
      leave(reader);
      expect(state(100)).toMatchObject({ a: 1 });
      leave(alice);
      const again = join('alice');
      say(again, [100, 3, { a: 'back' }]);
      expect(again.conn.awarenessClientId).toBe(100);
      expect(state(100)).toMatchObject({ a: 'back' });
    });

    // The stock provider re-sends its state with an unchanged clock when it reconnects; the peers that
    // stayed applied its removal at a clock above that, and y-protocols ignores a state whose clock is
    // not newer than the one it holds. So the relay sends its own clock per client id, one more each
    // time (presence.ts, "Clocks"); the stock y-websocket server relays the client's and has this limit.
    it('shows a client that reconnects with an unchanged clock again to the peers that saw it leave, at once', () => {
      const bob = join('bob');
      const atBob = new awarenessProtocol.Awareness(new Y.Doc()); // bob's provider
      const deliver = () => {
        for (const entries of awarenessFrames(bob)) awarenessProtocol.applyAwarenessUpdate(atBob, encodeAwarenessEntries(entries), 'server');
        bob.sent.length = 0;
      };
      const alice = join('alice');
      say(alice, [100, 3, { a: 1 }]);
      advance(0);
      deliver();
      expect(atBob.getStates().get(100)).toMatchObject({ a: 1 });
      leave(alice);
      advance(BATCH_MS);
      deliver();
      expect(atBob.getStates().has(100)).toBe(false);
      const again = join('alice');
      say(again, [100, 3, { a: 1 }]); // what y-websocket sends on reconnect
      advance(BATCH_MS);
      // the server accepted it and relays it above the clock of the removal the peers were sent
      expect(awarenessFrames(bob).map((entries) => entries.map((e) => [e.clientId, e.json]))).toEqual([
        [[100, JSON.stringify({ a: 1, user: again.conn.presenceUser })]],
      ]);
      deliver();
      try {
        expect(atBob.getStates().get(100)).toMatchObject({ a: 1 });
      } finally {
        atBob.destroy();
      }
    });

    it('keeps the clocks a joiner was given below those of the changes that follow', () => {
      const alice = join('alice');
      say(alice, [100, 5, { a: 1 }]);
      advance(0);
      say(alice, [100, 6, { a: 2 }]); // changed, not relayed yet when carol joins
      const carol = join('carol');
      const atCarol = new awarenessProtocol.Awareness(new Y.Doc());
      try {
        awarenessProtocol.applyAwarenessUpdate(atCarol, encodeAwarenessEntries(awarenessEntriesOf(relay.snapshotFrame()!)!), 'server');
        expect(atCarol.getStates().get(100)).toMatchObject({ a: 2 });
        say(alice, [100, 7, { a: 3 }]);
        advance(BATCH_MS);
        for (const entries of awarenessFrames(carol)) awarenessProtocol.applyAwarenessUpdate(atCarol, encodeAwarenessEntries(entries), 'server');
        expect(atCarol.getStates().get(100)).toMatchObject({ a: 3 });
      } finally {
        atCarol.destroy();
      }
    });

    it('takes the states of a client that moved here from another instance, whatever clock it was last heard at', () => {
      const bob = join('bob');
      fromRemote([100, 9, { user: { name: 'alice, elsewhere' } }]);
      advance(BATCH_MS);
      fromRemote([100, 10, null]); // she left that instance
      advance(BATCH_MS);
      forget(bob);
      const alice = join('alice');
      say(alice, [100, 3, { a: 'here now' }]); // her provider's own clock, lower
      expect(state(100)).toMatchObject({ a: 'here now' });
      advance(BATCH_MS);
      expect(awarenessFrames(bob).flat().map((e) => [e.clientId, e.clock, JSON.parse(e.json)?.a])).toEqual([[100, 3, 'here now']]);
    });

    it('relays the removal of a state nobody renewed for 30 s (y-protocols timeout)', () => {
      const alice = join('alice');
      const bob = join('bob');
      say(alice, [100, 1, { a: 1 }]);
      advance(0);
      forget(alice, bob);
      // alice's provider went silent 31 s ago (lib0 reads Date.now once, at import: the clock it keeps
      // in awareness.meta is moved back instead), then y-protocols' check runs (every 3 s)
      relay.awareness.meta.get(100)!.lastUpdated -= 31_000;
      advance(3_000);
      advance(BATCH_MS); // the removal is a change: relayed in the next window
      expect(state(100)).toBeUndefined();
      const removals = awarenessFrames(bob).flat().filter((e) => e.clientId === 100);
      expect(removals).toEqual([{ clientId: 100, clock: 2, json: 'null' }]);
      expect(published.flat()).toContainEqual({ clientId: 100, clock: 2, json: 'null' });
    });
  });
});

describe('AwarenessFrames (one batch, a frame per peer)', () => {
  // 200 entries, so the count and the update's length take several bytes, and one state of 200 characters.
  const entries: AwarenessEntry[] = Array.from({ length: 200 }, (_, i) => ({
    clientId: 1000 + i * 997,
    clock: i * 300,
    json: i === 7 ? JSON.stringify({ note: 'é'.repeat(200) }) : i % 3 === 0 ? 'null' : JSON.stringify({ user: { name: `peer ${i}` } }),
  }));
  const frames = new AwarenessFrames(entries);

  it('gives the peers that own no entry the frame of them all, byte for byte as encoded whole', () => {
    expect(Buffer.from(frames.everyone()).equals(Buffer.from(encodeAwarenessFrame(encodeAwarenessEntries(entries))))).toBe(true);
    expect(frames.without(42)).toBe(frames.everyone());
  });

  it('leaves out a peer\'s own entry, byte for byte as encoding the others', () => {
    for (const at of [0, 7, 150, 199]) {
      const others = entries.filter((_, i) => i !== at);
      expect(Buffer.from(frames.without(entries[at]!.clientId)!).equals(Buffer.from(encodeAwarenessFrame(encodeAwarenessEntries(others))))).toBe(true);
    }
    const parsed = parseClientMessage(frames.without(entries[7]!.clientId)!);
    expect(parsed.kind === 'awareness' && parsed.entries.map((e) => e.clientId)).toEqual(entries.filter((_, i) => i !== 7).map((e) => e.clientId));
  });

  it('has nothing for the owner of the only entry', () => {
    expect(new AwarenessFrames([entries[1]!]).without(entries[1]!.clientId)).toBeNull();
  });
});
