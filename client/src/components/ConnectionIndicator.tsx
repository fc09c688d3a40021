import type { WebsocketProvider } from 'y-websocket';
import { useConnectionState } from '../collab/connection.ts';

const LABELS = { connected: 'Connected', syncing: 'Syncing…', offline: 'Offline' } as const;

export function ConnectionIndicator({ provider }: { provider: WebsocketProvider }) {
  const state = useConnectionState(provider);
  return (
    <span className={`connection connection-${state}`} data-connection={state} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
