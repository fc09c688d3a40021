// The Redis instance bus against a real redis-server (tests/helpers/redis.ts): what one instance
// publishes reaches the others that have the document open, never itself; revocations reach all; the
// bytes arrive intact; garbage on a channel is logged and ignored; and when Redis goes away and comes
// back, ready() says so, onReconnect fires once the channels are subscribed again, and delivery resumes.
// Every test uses its own channel names, so tests sharing one redis-server cannot hear each other.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { BusDocumentMessage, BusRevocation } from '../../server/src/cluster/bus.ts';
import { encodeBusMessage } from '../../server/src/cluster/busWire.ts';
import { RedisBus, type BusLog } from '../../server/src/cluster/redisBus.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';

const started = await startRedis();
const redis: RedisServer | null = 'skip' in started ? null : started;
if ('skip' in started) console.warn(started.skip);

afterAll(async () => {
  await redis?.stop();
});

let namespace = 0;
const opened: RedisBus[] = [];
const extraClients: Redis[] = [];

afterEach(async () => {
  redis?.thaw(); // a failed test must not leave the server frozen for the next one
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
  for (const client of extraClients.splice(0)) client.disconnect();
});

interface Recorder extends BusLog {
  lines: string[];
}

function recorder(): Recorder {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => void lines.push(`info ${line}`),
    warn: (line) => void lines.push(`warn ${line}`),
    error: (line) => void lines.push(`error ${line}`),
  };
}

/** `count` buses sharing fresh channel names; `logs[i]` records bus i's log. */
async function cluster(count: number, pingIntervalMs?: number): Promise<{ buses: RedisBus[]; logs: Recorder[]; docPrefix: string; revocations: string }> {
  namespace += 1;
  const docPrefix = `test${namespace}:doc:`;
  const revocations = `test${namespace}:revocations`;
  const logs: Recorder[] = [];
  const buses: RedisBus[] = [];
  for (let i = 0; i < count; i += 1) {
    const log = recorder();
    const bus = await RedisBus.connect(redis!.url, {
      instanceId: `instance-${String.fromCharCode(97 + i)}`,
      log,
      documentChannelPrefix: docPrefix,
      revocationChannel: revocations,
      pingIntervalMs,
    });
    opened.push(bus);
    logs.push(log);
    buses.push(bus);
  }
  return { buses, logs, docPrefix, revocations };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Subscribes and records every message delivered for the document. */
async function listen(bus: RedisBus, documentId: string): Promise<BusDocumentMessage[]> {
  const received: BusDocumentMessage[] = [];
  await bus.subscribe(documentId, (message) => received.push(message));
  return received;
}

function update(previousSeq: number, lastSeq: number, bytes: number[], documentId = 'doc-1'): BusDocumentMessage {
  return { kind: 'update', documentId, previousSeq, lastSeq, update: new Uint8Array(bytes) };
}

async function rawClient(): Promise<Redis> {
  const client = new Redis(redis!.url);
  extraClients.push(client);
  await client.ping();
  return client;
}

describe.skipIf(!redis)('RedisBus against redis-server', () => {
  it('delivers a stored update from one instance to another, with its sequence numbers', async () => {
    const { buses: [a, b] } = await cluster(2);
    const atB = await listen(b, 'doc-1');
    await a.publish(update(4, 7, [1, 2, 3]));
    await waitFor('the update at B', () => atB.length === 1);
    expect(atB[0]).toEqual({ kind: 'update', documentId: 'doc-1', previousSeq: 4, lastSeq: 7, update: new Uint8Array([1, 2, 3]) });
  });

  it('delivers to every other instance, in publish order, and presence travels the same way', async () => {
    const { buses: [a, b, c] } = await cluster(3);
    const atB = await listen(b, 'doc-1');
    const atC = await listen(c, 'doc-1');
    for (let seq = 0; seq < 20; seq += 1) await a.publish(update(seq, seq + 1, [seq]));
    await a.publish({ kind: 'presence', documentId: 'doc-1', update: new Uint8Array([9, 9]) });
    await waitFor('21 messages at B and C', () => atB.length === 21 && atC.length === 21);
    for (const received of [atB, atC]) {
      expect(received.slice(0, 20).map((m) => (m.kind === 'update' ? m.lastSeq : -1))).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(received[20]).toEqual({ kind: 'presence', documentId: 'doc-1', update: new Uint8Array([9, 9]) });
    }
  });

  it('never delivers an instance its own messages', async () => {
    const { buses: [a, b] } = await cluster(2);
    const atA = await listen(a, 'doc-1');
    const atB = await listen(b, 'doc-1');
    await a.publish(update(0, 1, [1]));
    await waitFor('A’s update at B', () => atB.length === 1);
    // Redis delivers in publish order: once B's answer reached A, A's own echo would have come first.
    await b.publish(update(1, 2, [2]));
    await waitFor('B’s update at A', () => atA.length === 1);
    expect(atA.map((m) => (m.kind === 'update' ? m.lastSeq : -1))).toEqual([2]);
    expect(atB.map((m) => (m.kind === 'update' ? m.lastSeq : -1))).toEqual([1]);
  });

  it('delivers a document’s messages only to instances that have that document open', async () => {
    const { buses: [a, b] } = await cluster(2);
    const doc1AtB = await listen(b, 'doc-1');
    const doc2AtB = await listen(b, 'doc-2');
    const atA = await listen(a, 'doc-1');
    await b.publish(update(0, 1, [2], 'doc-2'));
    await b.publish(update(0, 1, [1], 'doc-1'));
    await waitFor('doc-1 at A', () => atA.length === 1);
    expect(atA[0].documentId).toBe('doc-1');
    await a.publish(update(5, 6, [6], 'doc-2'));
    await a.publish(update(1, 2, [7], 'doc-1'));
    await waitFor('both at B', () => doc1AtB.length === 1 && doc2AtB.length === 1);
    expect(doc1AtB.map((m) => m.update)).toEqual([new Uint8Array([7])]);
    expect(doc2AtB.map((m) => m.update)).toEqual([new Uint8Array([6])]);
  });

  it('stops delivering a document once it is unsubscribed, and refuses a second handler', async () => {
    const { buses: [a, b] } = await cluster(2);
    const doc1AtB = await listen(b, 'doc-1');
    const doc2AtB = await listen(b, 'doc-2');
    await expect(b.subscribe('doc-1', () => {})).rejects.toThrow(/already has a bus subscription/);
    await b.unsubscribe('doc-1');
    await a.publish(update(0, 1, [1], 'doc-1'));
    await a.publish(update(0, 1, [2], 'doc-2'));
    await waitFor('doc-2 at B', () => doc2AtB.length === 1);
    expect(doc1AtB).toEqual([]);
    // Subscribing again works, with the new handler.
    const again = await listen(b, 'doc-1');
    await a.publish(update(1, 2, [3], 'doc-1'));
    await waitFor('doc-1 at B again', () => again.length === 1);
    expect(doc1AtB).toEqual([]);
  });

  it('sends a revocation to every other instance', async () => {
    const { buses: [a, b, c] } = await cluster(3);
    const heard: Record<string, BusRevocation[]> = { a: [], b: [], c: [] };
    a.onRevocation((r) => heard.a.push(r));
    b.onRevocation((r) => heard.b.push(r));
    c.onRevocation((r) => heard.c.push(r));
    const revocation = { participantId: 'p-17', code: 4403, reason: 'Your access link was revoked — ask the secretariat' };
    await a.publishRevocation(revocation);
    await waitFor('the revocation at B and C', () => heard.b.length === 1 && heard.c.length === 1);
    expect(heard.b).toEqual([revocation]);
    expect(heard.c).toEqual([revocation]);
    await b.publishRevocation({ participantId: 'p-18', code: 4403, reason: 'revoked' });
    await waitFor('B’s revocation at A', () => heard.a.length === 1);
    expect(heard.a.map((r) => r.participantId)).toEqual(['p-18']);
  });

  it('carries a real Yjs update intact: the far side builds the same document', async () => {
    const { buses: [a, b] } = await cluster(2);
    const atB = await listen(b, 'doc-1');
    const source = new Y.Doc();
    const text = source.getText('body');
    text.insert(0, 'Decides to [establish][consider establishing] a fund — «pertes et préjudices» 损失和损害\r\n\0');
    text.insert(0, 'x'.repeat(200_000));
    text.delete(10, 50);
    source.getMap('meta').set('symbol', 'FCCC/CP/2022/L.18');
    const bytes = Y.encodeStateAsUpdate(source);
    await a.publish({ kind: 'update', documentId: 'doc-1', previousSeq: 0, lastSeq: 3, update: bytes });
    await waitFor('the update at B', () => atB.length === 1);
    const far = new Y.Doc();
    Y.applyUpdate(far, atB[0].update);
    expect(far.getText('body').toString()).toBe(text.toString());
    expect(far.getMap('meta').toJSON()).toEqual({ symbol: 'FCCC/CP/2022/L.18' });
    expect(Y.encodeStateVector(far)).toEqual(Y.encodeStateVector(source));
    expect(atB[0].update).toEqual(bytes);
  });

  it('logs and ignores malformed messages on its channels, and keeps working', async () => {
    const { buses: [a, b], logs: [, logB], docPrefix, revocations } = await cluster(2);
    const atB = await listen(b, 'doc-1');
    const heard: BusRevocation[] = [];
    b.onRevocation((r) => heard.push(r));
    const raw = await rawClient();
    const valid = encodeBusMessage('instance-a', { kind: 'update', previousSeq: 1, lastSeq: 2, update: new Uint8Array([5, 6]) });
    const garbage: Array<[string, Buffer]> = [
      [docPrefix + 'doc-1', Buffer.from('hello from redis-cli')],
      [docPrefix + 'doc-1', Buffer.alloc(0)],
      [docPrefix + 'doc-1', Buffer.from(valid.subarray(0, valid.length - 1))], // truncated
      [docPrefix + 'doc-1', Buffer.concat([Buffer.from(valid), Buffer.from([0])])], // trailing byte
      [docPrefix + 'doc-1', Buffer.from([2, ...valid.subarray(1)])], // another format version
      [docPrefix + 'doc-1', Buffer.from(encodeBusMessage('x', { kind: 'revocation', participantId: 'p', code: 4403, reason: 'r' }))],
      [revocations, Buffer.from(encodeBusMessage('x', { kind: 'presence', update: new Uint8Array([1]) }))],
      [revocations, Buffer.from([1, 1, 120, 3, 0xff])],
    ];
    for (const [channel, bytes] of garbage) await raw.publish(channel, bytes);
    await a.publish(update(2, 3, [7]));
    await a.publishRevocation({ participantId: 'p-1', code: 4403, reason: 'revoked' });
    await waitFor('the valid messages at B', () => atB.length === 1 && heard.length === 1);
    expect(atB[0]).toMatchObject({ kind: 'update', previousSeq: 2, lastSeq: 3, update: new Uint8Array([7]) });
    expect(heard).toEqual([{ participantId: 'p-1', code: 4403, reason: 'revoked' }]);
    const warnings = logB.lines.filter((line) => line.startsWith('warn instance bus: ignored'));
    expect(warnings).toHaveLength(garbage.length);
    expect(warnings.join('\n')).toMatch(/trailing bytes/);
    expect(warnings.join('\n')).toMatch(/format version 2/);
    expect(b.ready()).toBe(true);
  });

  it('logs a handler that throws and delivers the next message', async () => {
    const { buses: [a, b], logs: [, logB] } = await cluster(2);
    const atB: BusDocumentMessage[] = [];
    await b.subscribe('doc-1', (message) => {
      atB.push(message);
      if (atB.length === 1) throw new Error('room exploded');
    });
    await a.publish(update(0, 1, [1]));
    await a.publish(update(1, 2, [2]));
    await waitFor('both at B', () => atB.length === 2);
    expect(logB.lines.some((line) => line.startsWith('error') && line.includes('room exploded'))).toBe(true);
  });

  it('rejects a malformed message at publish (a caller’s bug) instead of sending it', async () => {
    const { buses: [a] } = await cluster(1);
    await expect(a.publish(update(5, 5, [1]))).rejects.toThrow(/lastSeq/);
    await expect(a.publishRevocation({ participantId: 'p', code: 99, reason: '' })).rejects.toThrow(/close code/);
  });

  it('refuses to start when Redis does not answer, naming the URL without its password', async () => {
    const unused = redis!.port === 1 ? 2 : 1;
    await expect(
      RedisBus.connect(`redis://:secret@127.0.0.1:${unused}`, { connectTimeoutMs: 2_000, log: recorder() }),
    ).rejects.toThrow(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/? did not answer/);
  });

  it('heals one instance whose subscriber link was cut: onReconnect fires there only', async () => {
    const { buses: [a, b] } = await cluster(2);
    const atB = await listen(b, 'doc-1');
    let reconnectsA = 0;
    let reconnectsB = 0;
    a.onReconnect(() => (reconnectsA += 1));
    // What a room does on reconnect is read the log and go on listening: a message published the
    // moment onReconnect runs must arrive, so the channels must be subscribed before it runs.
    b.onReconnect(() => {
      reconnectsB += 1;
      void a.publish(update(0, 1, [1]));
    });
    const raw = await rawClient();
    const list = String(await raw.client('LIST'));
    const subB = list.split('\n').find((line) => line.includes('name=penholder-sub-instance-b'));
    expect(subB).toBeDefined();
    const id = /\bid=(\d+)/.exec(subB!)![1];
    await raw.client('KILL', 'ID', id);
    await waitFor('B’s reconnect', () => reconnectsB === 1);
    expect(b.ready()).toBe(true);
    await waitFor('the update published in onReconnect at B', () => atB.length === 1);
    await a.publish(update(1, 2, [2]));
    await waitFor('the next update at B', () => atB.length === 2);
    expect(reconnectsA).toBe(0);
  });
});

describe.skipIf(!redis)('RedisBus when redis-server restarts', () => {
  it('reports not ready, fires onReconnect once the channels are back, and delivers again', async () => {
    const { buses: [a, b], logs: [logA] } = await cluster(2);
    const atB = await listen(b, 'doc-1');
    const heard: BusRevocation[] = [];
    b.onRevocation((r) => heard.push(r));
    const reconnects: string[] = [];
    a.onReconnect(() => reconnects.push('a'));
    b.onReconnect(() => reconnects.push('b'));
    expect(a.ready() && b.ready()).toBe(true);
    expect(reconnects).toEqual([]); // the first connection is not a reconnection

    await redis!.kill();
    await waitFor('both buses to notice', () => !a.ready() && !b.ready());
    // While down: publishing drops (at most once) without throwing, subscribing is recorded.
    await a.publish(update(0, 1, [1]));
    const doc2AtB = await listen(b, 'doc-2');
    expect(logA.lines.some((line) => /warn instance bus: Redis .* lost/.test(line))).toBe(true);

    await redis!.start();
    await waitFor('both buses ready again', () => a.ready() && b.ready(), 15_000);
    await waitFor('onReconnect on both', () => reconnects.length === 2);
    expect([...reconnects].sort()).toEqual(['a', 'b']);
    expect(atB).toEqual([]); // the message published while down is gone: the log heals it

    await a.publish(update(1, 2, [2]));
    await a.publish(update(0, 1, [3], 'doc-2'));
    await a.publishRevocation({ participantId: 'p-1', code: 4403, reason: 'revoked' });
    await waitFor('delivery after the restart', () => atB.length === 1 && doc2AtB.length === 1 && heard.length === 1);
    expect(atB[0]).toMatchObject({ previousSeq: 1, lastSeq: 2 });
    expect(doc2AtB[0].update).toEqual(new Uint8Array([3]));
    expect(logA.lines.some((line) => line.includes('is back'))).toBe(true);
  });

  it('notices a link that went silent (PING unanswered), cuts it, and heals when Redis answers again', async () => {
    const { buses: [a, b], logs: [, logB] } = await cluster(2, 200);
    const atB = await listen(b, 'doc-1');
    let reconnectsB = 0;
    b.onReconnect(() => (reconnectsB += 1));
    redis!.freeze();
    // TCP stays up: only the unanswered PING tells. Within two rounds (400 ms), plus scheduling.
    await waitFor('B to give up on the silent link', () => !b.ready(), 5_000);
    expect(a.ready()).toBe(false);
    expect(logB.lines.some((line) => /lost \(no answer to PING/.test(line))).toBe(true);
    redis!.thaw();
    await waitFor('both ready again', () => a.ready() && b.ready(), 15_000);
    await waitFor('B’s onReconnect', () => reconnectsB === 1);
    await a.publish(update(0, 1, [1]));
    await waitFor('delivery after the thaw', () => atB.length === 1);
  });
});
