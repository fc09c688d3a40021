// The instance bus inside one process (cluster/bus.ts): for unit tests of several "instances" sharing
// a document log, and for the single-instance default (a hub with one bus publishes to nobody).
//
// Same semantics as RedisBus, so a test that passes here means something there:
// - no echo: a bus never receives what it published;
// - per-document delivery: only buses subscribed to the document receive its messages, and a
//   subscription made after a publish does not receive it (pub/sub keeps nothing);
// - revocations reach every other bus;
// - delivery is asynchronous (setImmediate, in publish order), never inside `publish`, so code that
//   assumes a message arrives before publish returns fails here as it would over a network;
// - the bytes are copied on the way, so sender and receiver never share a buffer;
// - a link can be cut (`linkDown`) and restored (`linkUp`): while down, the bus sends nothing, receives
//   nothing (messages already on their way to it are dropped too) and `ready()` is false; when up again
//   the onReconnect handlers run (on a later turn), as RedisBus runs them once its channels are back.
//   That is what a test of catch-up from the document log needs.
// Known limit: no latency or reordering between different senders beyond setImmediate's order.

import type { BusDocumentMessage, BusRevocation, InstanceBus } from './bus.ts';
import { invalidWireMessage } from './busWire.ts';

type DocumentHandler = (message: BusDocumentMessage) => void;

/** The in-process "Redis": the buses of one simulated cluster. */
export class LocalHub {
  private readonly buses = new Map<string, LocalBus>();

  /** A new bus for `instanceId`, linked to this hub. Ids are unique within a hub. */
  bus(instanceId: string): LocalBus {
    if (this.buses.has(instanceId)) throw new Error(`Instance ${instanceId} already has a bus on this hub`);
    const bus = new LocalBus(this, instanceId);
    this.buses.set(instanceId, bus);
    return bus;
  }

  /** @internal Called by LocalBus. */
  forget(bus: LocalBus): void {
    if (this.buses.get(bus.instanceId) === bus) this.buses.delete(bus.instanceId);
  }

  /** @internal Hands a message to every other bus on a later turn. `accept` runs at once on the
   *  receiver (what Redis decides at PUBLISH time: is it subscribed?) and returns the delivery to run
   *  later, or null. A receiver whose link went down meanwhile gets nothing, even if it is back up. */
  broadcast(from: LocalBus, accept: (to: LocalBus) => (() => void) | null): void {
    for (const to of this.buses.values()) {
      if (to === from || !to.ready()) continue;
      const delivery = accept(to);
      if (!delivery) continue;
      const epoch = to.epoch();
      setImmediate(() => {
        if (to.ready() && to.epoch() === epoch) delivery();
      });
    }
  }
}

function copyMessage(message: BusDocumentMessage): BusDocumentMessage {
  return { ...message, update: message.update.slice() };
}

export class LocalBus implements InstanceBus {
  private readonly documents = new Map<string, DocumentHandler>();
  private readonly revocationHandlers: Array<(revocation: BusRevocation) => void> = [];
  private readonly reconnectHandlers: Array<() => void> = [];
  private linked = true;
  private closed = false;
  /** Bumped on every linkDown: messages on their way are dropped even if the link is up again. */
  private linkEpoch = 0;
  /** Errors thrown by handlers (a real bus logs them; tests may look). */
  readonly handlerErrors: unknown[] = [];

  constructor(
    private readonly hub: LocalHub,
    readonly instanceId: string,
  ) {}

  async publish(message: BusDocumentMessage): Promise<void> {
    const problem = invalidWireMessage(message);
    if (problem) throw new TypeError(`Cannot publish on the instance bus: ${problem}`);
    if (!this.ready()) return;
    const copy = copyMessage(message);
    this.hub.broadcast(this, (to) => to.acceptDocument(copy));
  }

  async subscribe(documentId: string, handler: DocumentHandler): Promise<void> {
    if (this.closed) throw new Error('The instance bus is closed');
    if (this.documents.has(documentId)) throw new Error(`Document ${documentId} already has a bus subscription`);
    this.documents.set(documentId, handler);
  }

  async unsubscribe(documentId: string): Promise<void> {
    this.documents.delete(documentId);
  }

  async publishRevocation(revocation: BusRevocation): Promise<void> {
    const problem = invalidWireMessage({ kind: 'revocation', ...revocation });
    if (problem) throw new TypeError(`Cannot publish on the instance bus: ${problem}`);
    if (!this.ready()) return;
    const copy = { participantId: revocation.participantId, code: revocation.code, reason: revocation.reason };
    this.hub.broadcast(this, (to) => to.acceptRevocation(copy));
  }

  onRevocation(handler: (revocation: BusRevocation) => void): void {
    this.revocationHandlers.push(handler);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  ready(): boolean {
    return this.linked && !this.closed;
  }

  /** Simulates a lost link to the other instances. */
  linkDown(): void {
    if (!this.linked) return;
    this.linked = false;
    this.linkEpoch += 1;
  }

  /** Restores the link: ready() at once, onReconnect handlers on a later turn (if still linked). */
  linkUp(): void {
    if (this.linked || this.closed) return;
    this.linked = true;
    const epoch = this.linkEpoch;
    setImmediate(() => {
      if (!this.ready() || epoch !== this.linkEpoch) return;
      for (const handler of this.reconnectHandlers) this.call(() => handler());
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.documents.clear();
    this.hub.forget(this);
  }

  /** @internal The link generation: bumped on every linkDown. */
  epoch(): number {
    return this.linkEpoch;
  }

  /** @internal The delivery of a document message, if this bus is subscribed to its document now and
   *  still is (with the same handler) when the message arrives. */
  acceptDocument(message: BusDocumentMessage): (() => void) | null {
    const handler = this.documents.get(message.documentId);
    if (!handler) return null;
    return () => {
      if (this.documents.get(message.documentId) === handler) this.call(() => handler(copyMessage(message)));
    };
  }

  /** @internal */
  acceptRevocation(revocation: BusRevocation): () => void {
    return () => {
      for (const handler of this.revocationHandlers) this.call(() => handler({ ...revocation }));
    };
  }

  private call(handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.handlerErrors.push(error);
    }
  }
}
