// The server's heartbeat (server/src/sync/heartbeat.ts): a 3-byte frame that a stock y-websocket
// provider swallows without effect, sent only to connections the server has been silent on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { HEARTBEAT_FRAME, heartbeatIntervalFromEnv, idleSince, startHeartbeat, type Beatable } from '../../server/src/sync/heartbeat.ts';
import { parseClientMessage } from '../../server/src/sync/protocol.ts';

class FakeConnection implements Beatable {
  lastSentAt = 0;
  frames: Uint8Array[] = [];
  constructor(private readonly clock: () => number) {}
  send(frame: Uint8Array) {
    this.lastSentAt = this.clock();
    this.frames.push(frame);
  }
}

describe('the heartbeat frame', () => {
  it('is an awareness update with zero entries, three bytes', () => {
    expect([...HEARTBEAT_FRAME]).toEqual([1, 1, 0]);
    expect(parseClientMessage(HEARTBEAT_FRAME)).toEqual({ kind: 'awareness', entries: [] });
  });

  it('is swallowed by a stock y-websocket provider: no presence change, no reply, only "a message arrived"', () => {
    const doc = new Y.Doc();
    // never connects: the handler is what a live socket's onmessage would call
    const provider = new WebsocketProvider('ws://127.0.0.1:9', 'room', doc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: class {} as unknown as typeof WebSocket,
    });
    provider.awareness.setLocalState({ user: 'me' });
    const events: string[] = [];
    provider.awareness.on('change', () => events.push('change'));
    provider.awareness.on('update', () => events.push('update'));
    const before = new Map(provider.awareness.getStates());

    const decoder = decoding.createDecoder(HEARTBEAT_FRAME);
    const type = decoding.readVarUint(decoder);
    const reply = encoding.createEncoder();
    provider.messageHandlers[type]!(reply, decoder, provider, true, type);

    expect(events).toEqual([]);
    expect(new Map(provider.awareness.getStates())).toEqual(before);
    // the provider's onmessage sends the encoder only when it holds more than the message type
    expect(encoding.length(reply)).toBeLessThanOrEqual(1);
    expect(decoding.hasContent(decoder)).toBe(false);
    provider.destroy();
    doc.destroy();
  });
});

describe('who gets a heartbeat', () => {
  it('only connections sent nothing since the given time', () => {
    const quiet = { lastSentAt: 100, send() {} };
    const busy = { lastSentAt: 1_500, send() {} };
    const never = { lastSentAt: 0, send() {} };
    expect(idleSince([quiet, busy, never], 1_000)).toEqual([quiet, never]);
    expect(idleSince([busy], 1_500)).toEqual([]);
  });
});

describe('the heartbeat timer', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps an idle connection hearing something at least every two ticks, and leaves a busy one alone', () => {
    vi.useFakeTimers({ now: 10_000 });
    const idle = new FakeConnection(Date.now);
    const busy = new FakeConnection(Date.now);
    const stop = startHeartbeat(() => [idle, busy], 1_000);
    const chatter = setInterval(() => busy.send(Uint8Array.of(0, 2, 0)), 300);

    vi.advanceTimersByTime(10_000);
    const beats = idle.frames.filter((f) => f === HEARTBEAT_FRAME).length;
    expect(beats).toBeGreaterThanOrEqual(4); // every other tick: 10 s / 2 s = 5
    expect(beats).toBeLessThanOrEqual(10);
    expect(busy.frames.filter((f) => f === HEARTBEAT_FRAME)).toHaveLength(0);

    // The longest silence an idle connection sees is two ticks.
    const times: number[] = [];
    const probe = new FakeConnection(() => {
      times.push(Date.now());
      return Date.now();
    });
    const stop2 = startHeartbeat(() => [probe], 1_000);
    vi.advanceTimersByTime(20_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2_000);

    clearInterval(chatter);
    stop();
    stop2();
    const after = idle.frames.length;
    vi.advanceTimersByTime(5_000);
    expect(idle.frames.length).toBe(after);
  });

  it('is off with an interval of 0, and configurable from the environment', () => {
    vi.useFakeTimers();
    const c = new FakeConnection(Date.now);
    startHeartbeat(() => [c], 0)();
    vi.advanceTimersByTime(10_000);
    expect(c.frames).toHaveLength(0);
    expect(heartbeatIntervalFromEnv({})).toBe(1_000);
    expect(heartbeatIntervalFromEnv({ PENHOLDER_HEARTBEAT_MS: '0' })).toBe(0);
    expect(() => heartbeatIntervalFromEnv({ PENHOLDER_HEARTBEAT_MS: 'soon' })).toThrow(/PENHOLDER_HEARTBEAT_MS/);
  });
});
