// Who else is here, from awareness (identities stamped by the server). Names are other people's
// input: rendered as React text only.
import { useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { peerIdentity, type PeerIdentity } from '../collab/presence.ts';
import { isRole, ROLE_NAMES } from '../../../shared/src/access/roles.ts';

interface Peer extends PeerIdentity {
  clientId: number;
}

function peersOf(provider: WebsocketProvider): Peer[] {
  const peers: Peer[] = [];
  provider.awareness.getStates().forEach((state, clientId) => {
    const id = peerIdentity((state as { user?: unknown }).user);
    if (id) peers.push({ clientId, ...id });
  });
  const self = provider.awareness.clientID;
  return peers.sort((a, b) => (a.clientId === self ? -1 : b.clientId === self ? 1 : a.name.localeCompare(b.name)));
}

export function describePeer(p: PeerIdentity): string {
  const role = p.role && isRole(p.role) ? ROLE_NAMES[p.role] : null;
  const what = p.delegation ?? role;
  return what && what !== p.name ? `${p.name} (${what})` : p.name;
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
      {peers.map((p) => {
        const label = describePeer(p) + (p.clientId === self ? ' (you)' : '');
        return (
          <li key={p.clientId} title={label} style={{ borderColor: p.color }}>
            <span className="swatch" style={{ background: p.color }} />
            {label}
          </li>
        );
      })}
    </ul>
  );
}
