// Noticing a dead connection within seconds (docs/design.md, "Offline").
//
// A WebSocket over a cut network stays "open" until TCP gives up, which takes minutes; the stock
// y-websocket provider closes one that received nothing for 30 s, a constant it does not let us
// change (v3.1.0). The server now says something at least every ~2 s on every connection
// (server/src/sync/heartbeat.ts), so silence for SILENCE_LIMIT_MS means the connection is gone: we
// drop it and let the provider reconnect (with its back-off) until the network returns.
// The browser's `offline` event is acted on at once (it fires when the machine loses its network,
// not when a distant link fails; the silence covers the rest), and `online` retries at once instead
// of waiting for the back-off. A socket still opening after CONNECT_LIMIT_MS (a handshake lost on a
// cut link: the provider itself never gives up on one) is dropped and tried again.
//
// Known limit: a page whose JavaScript is paused (a frozen background tab, a laptop asleep) wakes up
// to a stale "last message" time and reconnects once, which costs a resync and nothing else.
import type { WebsocketProvider } from 'y-websocket';

/** No message for this long on an open connection: it is dead. Two heartbeats (2 s apart) plus margin. */
export const SILENCE_LIMIT_MS = 3_500;
const CHECK_EVERY_MS = 250;
/** A WebSocket handshake taking longer than this is abandoned (a healthy one takes milliseconds). */
export const CONNECT_LIMIT_MS = 10_000;

/** Pure: whether an open connection has been silent past the limit. */
export function isSilent(lastMessageAt: number, now: number, limitMs = SILENCE_LIMIT_MS): boolean {
  return now - lastMessageAt > limitMs;
}

/** Closes the provider's socket now and starts a new one (the provider's own reconnect path). */
export function reconnectNow(provider: WebsocketProvider): void {
  if (!provider.shouldConnect) return; // the room ended: the server said reconnecting cannot help
  provider.disconnect();
  provider.connect();
}

/** Watches `provider` until the returned function is called. */
export function watchConnection(provider: WebsocketProvider, limitMs = SILENCE_LIMIT_MS): () => void {
  let connectingSince: number | null = provider.wsconnecting ? Date.now() : null;
  const onStatus = ({ status }: { status: string }) => {
    connectingSince = status === 'connecting' ? Date.now() : null;
  };
  provider.on('status', onStatus);
  const timer = setInterval(() => {
    const now = Date.now();
    if (provider.wsconnected && isSilent(provider.wsLastMessageReceived, now, limitMs)) reconnectNow(provider);
    else if (provider.wsconnecting && connectingSince !== null && isSilent(connectingSince, now, CONNECT_LIMIT_MS)) {
      reconnectNow(provider);
    }
  }, CHECK_EVERY_MS);
  const onOffline = () => {
    if (provider.ws) reconnectNow(provider);
  };
  const onOnline = () => {
    if (!provider.wsconnected) reconnectNow(provider);
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  return () => {
    provider.off('status', onStatus);
    clearInterval(timer);
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
  };
}
