// The instance bus over Redis pub/sub (cluster/bus.ts; PENHOLDER_REDIS_URL). One channel per open
// document (`penholder:doc:<documentId>`) carries stored updates and presence; one channel carries
// revocations to every instance. Messages are the compact binary format of cluster/busWire.ts.
//
// What we took, and what we did differently:
// - From @hocuspocus/extension-redis (packages/extension-redis/src/Redis.ts): ioredis with two
//   connections (a connection in subscriber mode can send nothing else), a channel per document
//   subscribed when the document loads and unsubscribed when it unloads, `messageBuffer` so bytes are
//   never decoded as text, and the sender's identifier in front of every message so an instance
//   drops its own (Redis delivers a PUBLISH to every subscriber, the publisher included).
//   Hocuspocus does not keep a shared log: each instance stores the whole document, so it takes a
//   redlock around onStoreDocument and, on load, publishes a sync step 1 and waits (up to a timeout)
//   for another instance's sync step 2. We need neither: the shared SQL database is the log, appends
//   are serialized by it, and a room loads the whole state from it.
// - From y-redis (yjs/y-redis, src/api.js and src/subscriber.js; AGPL, so ideas only, no code):
//   updates are addressed by a per-document position so a reader can resume where it was. y-redis
//   keeps the log in Redis itself (one stream per room, XREAD from the last id, a worker compacting
//   into S3/Postgres). We keep the SQL database as the log and use pub/sub only as a low-latency
//   notification: each published update carries previousSeq/lastSeq (DocumentLog.appendUpdates), so a
//   follower that finds a gap, or hears `onReconnect`, reads what it missed from the log. Redis holds
//   nothing durable (run it with `--save '' --appendonly no`); losing it loses no text.
//
// Link loss. ioredis reconnects on its own (backoff up to 2 s); a link that died without a word (no
// FIN, no RST) is found by a PING every 5 s that must be answered before the next (startWatchdog).
// ioredis's own re-subscription is switched off:
// the bus re-subscribes the revocation channel and every open document itself when the subscriber is
// back, and only then runs the onReconnect handlers, so a room catching up from the log cannot miss a
// message published between its catch-up read and the re-subscription. While a link is down:
// `ready()` is false; `publish` drops the message (no offline queue: a minute of keystrokes would be
// resent stale, and followers heal from the log anyway) and resolves; `subscribe` records the handler
// and resolves at once (the channel is subscribed on reconnect, and onReconnect makes the room catch
// up), so an instance keeps serving its own connections through a Redis outage instead of hanging.
// Nothing here ever rejects for a lost link; `publishRevocation` and `publish` reject only a malformed
// message (a caller's bug).
//
// Known limits: pub/sub has no back-pressure, so a slow subscriber is disconnected by Redis
// (client-output-buffer-limit pubsub, 32 MB by default), which this bus sees as a lost link and heals
// like one. A revocation published while the link is down is lost: the revoking instance closes its own
// connections, and the others notice at their next revocation poll (config.revocationPollMs). One Redis
// at a URL: neither Redis Cluster (sharded pub/sub) nor Sentinel (ioredis takes it as options, not a
// URL) is supported yet.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { log as serverLog } from '../log.ts';
import type { BusDocumentMessage, BusRevocation, InstanceBus } from './bus.ts';
import { decodeBusMessage, encodeBusMessage, withDocumentId, withoutDocumentId, type WireMessage } from './busWire.ts';

export interface BusLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RedisBusOptions {
  /** This instance's id on the wire; a random UUID by default. */
  instanceId?: string;
  log?: BusLog;
  /** Prefix of the per-document channels (default `penholder:doc:`). */
  documentChannelPrefix?: string;
  /** The channel revocations travel on (default `penholder:revocations`). */
  revocationChannel?: string;
  /** How long `connect` waits for Redis to answer before it gives up (default 10 s). */
  connectTimeoutMs?: number;
  /** Each connection is PINGed this often; one that has not answered by the next PING is cut and
   *  reconnected (default 5 s; 0 turns it off). */
  pingIntervalMs?: number;
}

type DocumentHandler = (message: BusDocumentMessage) => void;

/** The URL with its password replaced, for messages. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable Redis URL)';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RedisBus implements InstanceBus {
  readonly instanceId: string;
  private readonly log: BusLog;
  private readonly documentPrefix: string;
  private readonly revocationChannel: string;
  private readonly documents = new Map<string, DocumentHandler>();
  private readonly revocationHandlers: Array<(revocation: BusRevocation) => void> = [];
  private readonly reconnectHandlers: Array<() => void> = [];
  /** The subscriber is connected AND every channel is subscribed on this connection. */
  private subscribed = true;
  /** Bumped whenever the subscriber connection closes, so a re-subscription that outlived its
   *  connection does not declare the link back. */
  private subscriberEpoch = 0;
  /** Whether the current outage was already logged (one line per outage, not per message). */
  private outageLogged = false;
  private closed = false;
  private watchdog: NodeJS.Timeout | undefined;
  /** The connections with a PING in flight, and when it was sent. */
  private readonly pinging = new Map<Redis, number>();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly url: string,
    options: RedisBusOptions,
    instanceId: string,
  ) {
    this.instanceId = instanceId;
    this.log = options.log ?? serverLog;
    this.documentPrefix = options.documentChannelPrefix ?? 'penholder:doc:';
    this.revocationChannel = options.revocationChannel ?? 'penholder:revocations';
    if (this.revocationChannel.startsWith(this.documentPrefix)) {
      throw new Error('The revocation channel must not start with the document channel prefix');
    }
  }

  /**
   * Connects both connections and subscribes the revocation channel. Rejects (and leaves nothing
   * running) when Redis does not answer within the timeout: a misconfigured PENHOLDER_REDIS_URL stops
   * the start-up instead of serving an instance that silently hears nobody.
   */
  static async connect(url: string, options: RedisBusOptions = {}): Promise<RedisBus> {
    const instanceId = options.instanceId ?? randomUUID();
    // CLIENT SETNAME accepts no spaces; the name shows the instance in `redis-cli CLIENT LIST`.
    const name = (role: string) => `penholder-${role}-${instanceId.replace(/[^\w.:-]/g, '_')}`;
    const common = {
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResubscribe: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
    };
    const publisher = new Redis(url, { ...common, connectionName: name('pub') });
    const subscriber = new Redis(url, { ...common, connectionName: name('sub') });
    let lastError = '';
    const remember = (error: unknown) => void (lastError = errorText(error));
    publisher.on('error', remember);
    subscriber.on('error', remember);
    const bus = new RedisBus(publisher, subscriber, url, options, instanceId);
    const timeoutMs = (options.connectTimeoutMs ?? 10_000) + 1_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all([waitUntilReady(publisher), waitUntilReady(subscriber)]),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
        }),
      ]);
      await subscriber.subscribe(bus.revocationChannel);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      throw new Error(`Redis at ${redactedUrl(url)} did not answer: ${lastError || errorText(error)}`);
    } finally {
      clearTimeout(timer);
      publisher.off('error', remember);
      subscriber.off('error', remember);
    }
    bus.listen();
    bus.startWatchdog(options.pingIntervalMs ?? 5_000);
    return bus;
  }

  private listen(): void {
    const noteLost = (which: string) => (error?: unknown) =>
      this.noteLost(which, error === undefined ? 'connection closed' : errorText(error));
    this.publisher.on('error', noteLost('publisher'));
    this.subscriber.on('error', noteLost('subscriber'));
    this.publisher.on('close', () => noteLost('publisher')());
    this.subscriber.on('close', () => {
      this.subscriberEpoch += 1;
      this.subscribed = false;
      noteLost('subscriber')();
    });
    this.subscriber.on('ready', () => void this.resubscribe());
    this.publisher.on('ready', () => this.noteRecovered());
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message));
  }

  /**
   * A link can die without a word: a NAT or firewall forgetting the connection, a host that froze.
   * TCP notices after hours (keepalive defaults), and a silent subscriber would look ready while
   * hearing nothing. So each connection is PINGed (allowed in subscriber mode); one that has not
   * answered by the next round is cut, and ioredis reconnects it like any lost link: the subscriber
   * re-subscribes and onReconnect runs, so rooms catch up from the log.
   */
  private startWatchdog(intervalMs: number): void {
    if (intervalMs <= 0) return;
    const connections: Array<[string, Redis]> = [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ];
    this.watchdog = setInterval(() => {
      for (const [which, connection] of connections) {
        const sentAt = this.pinging.get(connection);
        if (sentAt !== undefined) {
          this.pinging.delete(connection);
          if (connection.status === 'ready') {
            this.noteLost(which, `no answer to PING within ${Date.now() - sentAt} ms`);
            connection.disconnect(true);
          }
          continue;
        }
        if (connection.status !== 'ready') continue;
        const stamp = Date.now();
        this.pinging.set(connection, stamp);
        const answered = () => {
          if (this.pinging.get(connection) === stamp) this.pinging.delete(connection);
        };
        // A PING cut with its connection never settles (no command is resent): `answered` is only
        // the good case; the next round clears the entry either way.
        connection.ping().then(answered, answered);
      }
    }, intervalMs);
    this.watchdog.unref();
  }

  private noteLost(which: string, detail: string): void {
    if (this.closed || this.outageLogged) return;
    this.outageLogged = true;
    this.log.warn(`instance bus: Redis ${which} link to ${redactedUrl(this.url)} lost (${detail}); reconnecting`);
  }

  /** After the subscriber connection came back: every channel again, then the reconnect handlers. */
  private async resubscribe(): Promise<void> {
    if (this.closed) return;
    const epoch = this.subscriberEpoch;
    const current = () => new Set([this.revocationChannel, ...[...this.documents.keys()].map((id) => this.channelOf(id))]);
    const done = new Set<string>();
    try {
      // Rooms may load or unload while a SUBSCRIBE is in flight: repeat until the connection's
      // channels are exactly the open documents' (and the revocations').
      for (;;) {
        const wanted = current();
        const missing = [...wanted].filter((channel) => !done.has(channel));
        const extra = [...done].filter((channel) => !wanted.has(channel));
        if (missing.length === 0 && extra.length === 0) break;
        if (missing.length > 0) await this.subscriber.subscribe(...missing);
        if (extra.length > 0) await this.subscriber.unsubscribe(...extra);
        for (const channel of missing) done.add(channel);
        for (const channel of extra) done.delete(channel);
      }
    } catch (error) {
      // The connection dropped again: its next 'ready' comes back here.
      if (!this.closed) this.log.warn(`instance bus: re-subscribing after a lost Redis link failed (${errorText(error)})`);
      return;
    }
    if (this.closed || epoch !== this.subscriberEpoch) return;
    this.subscribed = true;
    this.noteRecovered();
    for (const handler of this.reconnectHandlers) {
      try {
        handler();
      } catch (error) {
        this.log.error(`instance bus: a reconnect handler threw: ${errorText(error)}`);
      }
    }
  }

  private noteRecovered(): void {
    if (this.outageLogged && this.ready()) {
      this.outageLogged = false;
      this.log.info(`instance bus: Redis link to ${redactedUrl(this.url)} is back`);
    }
  }

  private channelOf(documentId: string): string {
    return this.documentPrefix + documentId;
  }

  private receive(channelBytes: Buffer, bytes: Buffer): void {
    if (this.closed) return;
    const channel = channelBytes.toString('utf8');
    const decoded = decodeBusMessage(bytes);
    if (!decoded.ok) {
      this.log.warn(`instance bus: ignored a malformed message on ${channel} (${bytes.length} bytes): ${decoded.reason}`);
      return;
    }
    if (decoded.sender === this.instanceId) return;
    const message = decoded.message;
    if (channel === this.revocationChannel) {
      if (message.kind !== 'revocation') {
        this.log.warn(`instance bus: ignored a ${message.kind} message on the revocation channel`);
        return;
      }
      const revocation = { participantId: message.participantId, code: message.code, reason: message.reason };
      for (const handler of this.revocationHandlers) this.deliver(() => handler(revocation), channel);
      return;
    }
    if (!channel.startsWith(this.documentPrefix)) return;
    const documentId = channel.slice(this.documentPrefix.length);
    if (message.kind === 'revocation') {
      this.log.warn(`instance bus: ignored a revocation on document channel ${channel}`);
      return;
    }
    const handler = this.documents.get(documentId);
    if (handler) this.deliver(() => handler(withDocumentId(documentId, message)), channel);
  }

  /** A handler that throws is a bug in the room, not in the link: logged, never thrown into ioredis. */
  private deliver(call: () => void, channel: string): void {
    try {
      call();
    } catch (error) {
      this.log.error(`instance bus: the handler for ${channel} threw: ${errorText(error)}`);
    }
  }

  private async send(channel: string, message: WireMessage): Promise<void> {
    const bytes = encodeBusMessage(this.instanceId, message);
    if (this.closed || this.publisher.status !== 'ready') return;
    try {
      await this.publisher.publish(channel, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch {
      // The link dropped with the message in flight: at most once, as documented in bus.ts. The
      // 'error' listener logs the outage.
    }
  }

  publish(message: BusDocumentMessage): Promise<void> {
    return this.send(this.channelOf(message.documentId), withoutDocumentId(message));
  }

  async subscribe(documentId: string, handler: DocumentHandler): Promise<void> {
    if (this.closed) throw new Error('The instance bus is closed');
    if (this.documents.has(documentId)) throw new Error(`Document ${documentId} already has a bus subscription`);
    this.documents.set(documentId, handler);
    // While the link is down, the re-subscription after reconnect covers this document.
    if (!this.subscribed) return;
    try {
      await this.subscriber.subscribe(this.channelOf(documentId));
    } catch (error) {
      if (!this.closed) this.log.warn(`instance bus: subscribing ${documentId} failed (${errorText(error)}); done on reconnect`);
    }
  }

  async unsubscribe(documentId: string): Promise<void> {
    if (!this.documents.delete(documentId) || this.closed || !this.subscribed) return;
    try {
      await this.subscriber.unsubscribe(this.channelOf(documentId));
    } catch {
      // The link dropped: the re-subscription after reconnect no longer includes this document.
    }
  }

  publishRevocation(revocation: BusRevocation): Promise<void> {
    return this.send(this.revocationChannel, { kind: 'revocation', ...revocation });
  }

  onRevocation(handler: (revocation: BusRevocation) => void): void {
    this.revocationHandlers.push(handler);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  ready(): boolean {
    return !this.closed && this.subscribed && this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchdog);
    this.documents.clear();
    await Promise.all([quitOrDrop(this.publisher), quitOrDrop(this.subscriber)]);
  }
}

/** Resolves when the connection is ready, rejects when its first attempt closed. */
function waitUntilReady(connection: Redis): Promise<void> {
  return connection.connect();
}

/** QUIT when connected (Redis closes cleanly), otherwise stop reconnecting and drop the socket. */
async function quitOrDrop(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    try {
      await connection.quit();
      return;
    } catch {
      // fall through
    }
  }
  connection.disconnect();
}
