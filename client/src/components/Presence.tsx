// Who else is here, from awareness. Names are other people's input: rendered as React text only.
import { useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { cleanName, isPresenceColor } from '../collab/presence.ts';

interface Peer {
  clientId: number;
  name: string;
  color: string;
}

function peersOf(provider: WebsocketProvider): Peer[] {
  const peers: Peer[] = [];
  provider.awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
    if (!user) return;
    peers.push({
      clientId,
      name: cleanName(user.name) ?? 'Someone',
      color: isPresenceColor(user.color) ? user.color : '#888888',
    });
  });
  const self = provider.awareness.clientID;
  return peers.sort((a, b) => (a.clientId === self ? -1 : b.clientId === self ? 1 : a.name.localeCompare(b.name)));
}

export function Presence({ provider }: { provider: WebsocketProvider }) {
  // awareness changes often (cursor moves); keep a stable snapshot keyed by content.
  const key = useSyncExternalStore(
    (notify) => {
      provider.awareness.on('change', notify);
      return () => provider.awareness.off('change', notify);
    },
    () => JSON.stringify(peersOf(provider)),
  );
  const peers = JSON.parse(key) as Peer[];
  const self = provider.awareness.clientID;
  return (
    <ul className="presence" aria-label="People in this document">
      {peers.map((p) => (
        <li key={p.clientId} title={p.clientId === self ? `${p.name} (you)` : p.name} style={{ borderColor: p.color }}>
          <span className="swatch" style={{ background: p.color }} />
          {p.name}
          {p.clientId === self ? ' (you)' : ''}
        </li>
      ))}
    </ul>
  );
}
