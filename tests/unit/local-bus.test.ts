// The in-process instance bus (server/src/cluster/localBus.ts) keeps RedisBus's promises, so tests of
// several instances on one document log can run without Redis: no echo, per-document delivery,
// revocations to all, asynchronous delivery in publish order, and a link that can be cut and restored
// (messages dropped while down, onReconnect when up) for tests of catch-up. The wire format both
// share for validation (server/src/cluster/busWire.ts) is specified at the end.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BusDocumentMessage, BusRevocation } from '../../server/src/cluster/bus.ts';
import { LocalHub, type LocalBus } from '../../server/src/cluster/localBus.ts';
import { BUS_WIRE_VERSION, decodeBusMessage, encodeBusMessage } from '../../server/src/cluster/busWire.ts';

/** Resolves after every delivery already scheduled (deliveries run on setImmediate). */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function listen(bus: LocalBus, documentId: string): Promise<BusDocumentMessage[]> {
  const received: BusDocumentMessage[] = [];
  await bus.subscribe(documentId, (message) => received.push(message));
  return received;
}

function update(previousSeq: number, lastSeq: number, documentId = 'doc-1', bytes = [previousSeq]): BusDocumentMessage {
  return { kind: 'update', documentId, previousSeq, lastSeq, update: new Uint8Array(bytes) };
}

const seqs = (messages: BusDocumentMessage[]) => messages.map((m) => (m.kind === 'update' ? m.lastSeq : -1));

describe('LocalBus', () => {
  it('delivers to every other bus with the document open, never back to the sender', async () => {
    const hub = new LocalHub();
    const [a, b, c] = [hub.bus('a'), hub.bus('b'), hub.bus('c')];
    const atA = await listen(a, 'doc-1');
    const atB = await listen(b, 'doc-1');
    const atC = await listen(c, 'doc-1');
    await a.publish(update(0, 1));
    await settle();
    expect(atA).toEqual([]);
    expect(atB).toEqual([update(0, 1)]);
    expect(atC).toEqual([update(0, 1)]);
  });

  it('delivers asynchronously, never inside publish, in publish order', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    const atB = await listen(b, 'doc-1');
    const pending = [a.publish(update(0, 1)), a.publish(update(1, 2)), a.publish(update(2, 3))];
    await Promise.all(pending);
    expect(atB).toEqual([]);
    await settle();
    expect(seqs(atB)).toEqual([1, 2, 3]);
  });

  it('keeps documents apart, and a subscription made after a publish does not receive it', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    const doc1AtB = await listen(b, 'doc-1');
    await a.publish(update(0, 1, 'doc-2'));
    const doc2AtB = await listen(b, 'doc-2'); // subscribed after the publish, before the delivery
    await a.publish(update(0, 1, 'doc-1'));
    await settle();
    expect(doc1AtB.map((m) => m.documentId)).toEqual(['doc-1']);
    expect(doc2AtB).toEqual([]);
  });

  it('stops delivering after unsubscribe, even a message already on its way', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    const atB = await listen(b, 'doc-1');
    await a.publish(update(0, 1));
    await b.unsubscribe('doc-1');
    await settle();
    expect(atB).toEqual([]);
    await expect(listen(b, 'doc-1')).resolves.toEqual([]);
    await expect(b.subscribe('doc-1', () => {})).rejects.toThrow(/already has a bus subscription/);
  });

  it('copies the bytes: the sender reusing its buffer does not change what others receive', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    const atB = await listen(b, 'doc-1');
    const source = new Y.Doc();
    source.getText('body').insert(0, 'Urges all Parties to [enhance][strengthen] ambition');
    const bytes = Y.encodeStateAsUpdate(source);
    const sent = bytes.slice();
    await a.publish({ kind: 'update', documentId: 'doc-1', previousSeq: 0, lastSeq: 1, update: sent });
    sent.fill(0);
    await settle();
    const far = new Y.Doc();
    Y.applyUpdate(far, atB[0].update);
    expect(far.getText('body').toString()).toBe('Urges all Parties to [enhance][strengthen] ambition');
  });

  it('sends revocations to every other bus', async () => {
    const hub = new LocalHub();
    const buses = [hub.bus('a'), hub.bus('b'), hub.bus('c')];
    const heard = buses.map(() => [] as BusRevocation[]);
    buses.forEach((bus, i) => bus.onRevocation((r) => heard[i].push(r)));
    await buses[1].publishRevocation({ participantId: 'p-1', code: 4403, reason: 'revoked' });
    await settle();
    expect(heard).toEqual([[{ participantId: 'p-1', code: 4403, reason: 'revoked' }], [], [{ participantId: 'p-1', code: 4403, reason: 'revoked' }]]);
  });

  it('drops messages while a link is down (either end), then fires onReconnect when it is up', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    const atB = await listen(b, 'doc-1');
    let reconnects = 0;
    b.onReconnect(() => (reconnects += 1));

    await a.publish(update(0, 1)); // on its way when B's link drops
    b.linkDown();
    expect(b.ready()).toBe(false);
    await a.publish(update(1, 2)); // B is down
    b.linkUp();
    expect(b.ready()).toBe(true);
    expect(reconnects).toBe(0); // not inside linkUp
    await settle();
    expect(atB).toEqual([]);
    expect(reconnects).toBe(1);

    a.linkDown();
    await a.publish(update(2, 3)); // A is down: resolves, sends nothing
    a.linkUp();
    await a.publish(update(3, 4));
    await settle();
    expect(seqs(atB)).toEqual([4]); // the gap (previousSeq 3 > 1 held) is what tells B to read the log
  });

  it('fires onReconnect once for a link that flapped, and not at all while it stays down', async () => {
    const hub = new LocalHub();
    const a = hub.bus('a');
    let reconnects = 0;
    a.onReconnect(() => (reconnects += 1));
    a.linkDown();
    a.linkUp();
    a.linkDown();
    a.linkUp();
    await settle();
    expect(reconnects).toBe(1);
    a.linkDown();
    a.linkUp();
    a.linkDown();
    await settle();
    expect(reconnects).toBe(1);
  });

  it('keeps delivering when a handler throws, and records the error', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    const atB: BusDocumentMessage[] = [];
    await b.subscribe('doc-1', (message) => {
      atB.push(message);
      if (atB.length === 1) throw new Error('room exploded');
    });
    await a.publish(update(0, 1));
    await a.publish(update(1, 2));
    await settle();
    expect(seqs(atB)).toEqual([1, 2]);
    expect(b.handlerErrors.map(String)).toEqual(['Error: room exploded']);
  });

  it('refuses malformed messages at publish, and a closed bus neither sends nor receives', async () => {
    const hub = new LocalHub();
    const [a, b] = [hub.bus('a'), hub.bus('b')];
    await expect(a.publish(update(3, 2))).rejects.toThrow(/lastSeq/);
    await expect(a.publishRevocation({ participantId: 'p', code: 200, reason: '' })).rejects.toThrow(/close code/);
    const atB = await listen(b, 'doc-1');
    await b.close();
    expect(b.ready()).toBe(false);
    await a.publish(update(0, 1));
    await settle();
    expect(atB).toEqual([]);
    await expect(b.subscribe('doc-2', () => {})).rejects.toThrow(/closed/);
    expect(() => hub.bus('a')).toThrow(/already has a bus/);
    expect(hub.bus('b').instanceId).toBe('b'); // a closed bus's id is free again
  });
});

describe('instance bus wire format', () => {
  it('round-trips every kind', () => {
    const messages = [
      { kind: 'update', previousSeq: 0, lastSeq: 2 ** 40, update: new Uint8Array([0, 255, 13, 10]) },
      { kind: 'presence', update: new Uint8Array([]) },
      { kind: 'revocation', participantId: 'Xy_9-', code: 4403, reason: 'Accès révoqué — 访问' },
    ] as const;
    for (const message of messages) {
      expect(decodeBusMessage(encodeBusMessage('instance-é', message))).toEqual({ ok: true, sender: 'instance-é', message });
    }
  });

  it('is compact: version, sender, kind, two var uints, the bytes', () => {
    const bytes = encodeBusMessage('ab', { kind: 'update', previousSeq: 1, lastSeq: 300, update: new Uint8Array([7, 8]) });
    // version | len 2 'a' 'b' | kind 1 | 1 | 300 = 0xac 0x02 | len 2, 7, 8
    expect([...bytes]).toEqual([BUS_WIRE_VERSION, 2, 97, 98, 1, 1, 0xac, 0x02, 2, 7, 8]);
  });

  it('answers a reason, never throws, for anything else', () => {
    const valid = encodeBusMessage('a', { kind: 'presence', update: new Uint8Array([1, 2, 3]) });
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array([]), /empty/],
      [new Uint8Array([9, ...valid.subarray(1)]), /format version 9/],
      [valid.subarray(0, valid.length - 1), /truncated/],
      [new Uint8Array([...valid, 0]), /1 trailing bytes/],
      [new Uint8Array([BUS_WIRE_VERSION, 1, 97, 7]), /unknown message kind 7/],
      [encodeVersionOneUpdate(5, 5), /lastSeq/],
      [new Uint8Array([BUS_WIRE_VERSION, 1, 97, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), /truncated or corrupt/],
      [new TextEncoder().encode('hello from redis-cli'), /format version/],
    ];
    for (const [bytes, reason] of cases) {
      const result = decodeBusMessage(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
  });
});

/** An update message with the given sequence numbers, written by hand (encode refuses bad ones). */
function encodeVersionOneUpdate(previousSeq: number, lastSeq: number): Uint8Array {
  return new Uint8Array([BUS_WIRE_VERSION, 1, 97, 1, previousSeq, lastSeq, 1, 0]);
}
