// Wires the Outbox (outbox.ts) to one Y.Doc and its y-websocket provider: counts local edits, sends
// probes (a plain sync step 1) and reads the server's answers, so the header can say "3 edits
// waiting", "Saving…" or "All changes saved" with certainty rather than a guess.
//
// Hooks, all on the stock provider: its sync message handler is wrapped to see which sync step
// arrives (the provider still handles it), its 'status' events say when a socket opens or closes, and
// probes go out on its current socket. Probes: at most one in flight, and at least PROBE_GAP_MS apart,
// as every step 1 costs the server an answer and counts against the connection's sync-request budget
// (server/src/config.ts, 60 a minute): while someone types steadily the count is confirmed every
// couple of seconds.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { Outbox } from './outbox.ts';

const MESSAGE_SYNC = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
export const PROBE_GAP_MS = 2_000;

export interface Saving {
  /** Local edits the server has not confirmed storing. */
  readonly waiting: number;
  subscribe(listener: () => void): () => void;
  /** Edits made by another Y.Doc origin that is not ours to count (the browser store's loads). */
  ignoreOrigin(origin: unknown): void;
  /** Unacknowledged edits restored with the browser's copy of the document. */
  restore(n: number): void;
  destroy(): void;
}

export function trackSaving(provider: WebsocketProvider, doc: Y.Doc, onWaiting: (n: number) => void = () => {}): Saving {
  const outbox = new Outbox();
  const ignored = new Set<unknown>([provider]);
  const listeners = new Set<() => void>();
  let lastProbeAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;
  let reported = 0;

  const changed = () => {
    if (outbox.waiting === reported) return;
    reported = outbox.waiting;
    onWaiting(reported);
    for (const l of listeners) l();
  };

  const probe = () => {
    timer = null;
    if (destroyed || !outbox.shouldProbe()) return;
    const wait = lastProbeAt + PROBE_GAP_MS - Date.now();
    if (wait > 0) {
      timer = setTimeout(probe, wait);
      return;
    }
    const ws = provider.ws;
    if (!ws || !provider.wsconnected || ws.readyState !== ws.OPEN) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    ws.send(encoding.toUint8Array(e));
    outbox.probeSent();
    lastProbeAt = Date.now();
  };
  const soon = () => {
    if (timer === null && !destroyed) timer = setTimeout(probe, 0);
  };

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (ignored.has(origin)) return;
    outbox.localEdit();
    changed();
    soon();
  };
  doc.on('update', onUpdate);

  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') outbox.socketOpened();
    else outbox.socketClosed();
    changed();
  };
  const onClose = () => outbox.socketClosed();
  provider.on('status', onStatus);
  provider.on('connection-close', onClose);

  const handleSync = provider.messageHandlers[MESSAGE_SYNC]!;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
    const step = decoding.peekVarUint(decoder);
    handleSync(encoder, decoder, p, emitSynced, type);
    if (destroyed) return;
    if (step === SYNC_STEP1) {
      // The provider sends its answer (our sync step 2) once this handler returns.
      queueMicrotask(() => {
        outbox.handshakeSent();
        soon();
      });
    } else if (step === SYNC_STEP2) {
      outbox.answerReceived();
      changed();
      soon();
    }
  };

  return {
    get waiting() {
      return outbox.waiting;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    ignoreOrigin(origin) {
      ignored.add(origin);
    },
    restore(n) {
      outbox.restore(n);
      changed();
      soon();
    },
    destroy() {
      destroyed = true;
      if (timer !== null) clearTimeout(timer);
      doc.off('update', onUpdate);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      listeners.clear();
    },
  };
}
