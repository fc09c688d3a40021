// A cheap frame on every sync connection the server has been silent on, so a client notices a dead
// connection within seconds instead of after TCP gives up (docs/design.md, "Offline").
//
// Why: a browser learns that a WebSocket is dead only when something fails to arrive. The stock
// y-websocket provider closes a connection that received nothing for 30 s (a constant in v3.1.0),
// and our client watchdog (client/src/collab/watchdog.ts) does the same after 3.5 s; both need the
// server to speak regularly on a healthy connection, also when nobody edits and nobody's presence
// changes. WebSocket pings do not help: browsers answer them below JavaScript and never report them.
//
// What: an awareness frame with zero entries, [messageAwareness=1, varUint8Array([0])] = 3 bytes.
// A stock y-websocket v3 provider hands it to y-protocols' applyAwarenessUpdate, which reads a count
// of 0, changes nothing and emits neither 'change' nor 'update'; the provider sends no reply. Only the
// provider's "last message received" time moves, which is the point. Our own parser
// (protocol.ts parseClientMessage) accepts the same frame, so it is harmless in both directions.
//
// Only idle connections get it: a connection sent anything since the previous tick is skipped, so a
// busy room pays nothing. With a tick of `intervalMs`, a connection hears something at least every
// 2 x intervalMs (+ timer lag). Known limit: Node timers are not real-time; a server stalled for
// seconds (a huge compaction) can make clients reconnect, which costs a resync, not data.
import { encodeAwarenessFrame } from './protocol.ts';

/** The 3-byte frame: an awareness update with no entries. */
export const HEARTBEAT_FRAME: Uint8Array = encodeAwarenessFrame(Uint8Array.of(0));

/** Tick interval: idle connections hear something at least every 2 x this. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/** What the heartbeat needs of a connection: when it was last sent a frame, and a way to send. */
export interface Beatable {
  /** Date.now() of the last frame queued to this connection (0: never). */
  readonly lastSentAt: number;
  send(frame: Uint8Array): void;
}

/** The connections silent since `since` (pure: the tick's decision, unit-tested). */
export function idleSince<T extends Beatable>(connections: Iterable<T>, since: number): T[] {
  const idle: T[] = [];
  for (const c of connections) if (c.lastSentAt < since) idle.push(c);
  return idle;
}

/**
 * Every `intervalMs`, sends HEARTBEAT_FRAME to the connections sent nothing since the previous tick.
 * `intervalMs` 0 turns the heartbeat off. Returns a stop function. The timer does not keep the
 * process alive.
 */
export function startHeartbeat(
  connections: () => Iterable<Beatable>,
  intervalMs: number = HEARTBEAT_INTERVAL_MS,
  now: () => number = Date.now,
): () => void {
  if (intervalMs <= 0) return () => {};
  let previousTick = now();
  const timer = setInterval(() => {
    const tick = now();
    for (const c of idleSince(connections(), previousTick)) c.send(HEARTBEAT_FRAME);
    previousTick = tick;
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** PENHOLDER_HEARTBEAT_MS (0 disables); the default otherwise. */
export function heartbeatIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PENHOLDER_HEARTBEAT_MS;
  if (raw === undefined || raw === '') return HEARTBEAT_INTERVAL_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`PENHOLDER_HEARTBEAT_MS must be a whole number of ms, got ${raw}`);
  return n;
}
