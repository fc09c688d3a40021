import type { WebsocketProvider } from 'y-websocket';
import { useConnectionState, type ConnectionState } from '../collab/connection.ts';

const LABELS = { connected: 'Connected', syncing: 'Syncing…', offline: 'Offline' } as const;

export type SaveStatus = 'waiting' | 'saving' | 'saved';

/** Pure: what the header says about this browser's edits (null: nothing to say, e.g. read-only roles). */
export function saveStatus(state: ConnectionState, waiting: number | null): { status: SaveStatus; label: string } | null {
  if (waiting === null) return null;
  if (state === 'offline') {
    return waiting > 0 ? { status: 'waiting', label: `${waiting} ${waiting === 1 ? 'edit' : 'edits'} waiting` } : null;
  }
  if (waiting > 0 || state === 'syncing') return { status: 'saving', label: 'Saving…' };
  return { status: 'saved', label: 'All changes saved' };
}

/**
 * The connection and, for those who edit the text, whether their edits are stored: "Offline: 3 edits
 * waiting", "Connected · Saving…", "Connected · All changes saved". `waiting` null hides the latter.
 */
export function ConnectionIndicator({ provider, waiting = null }: { provider: WebsocketProvider; waiting?: number | null }) {
  const state = useConnectionState(provider);
  const save = saveStatus(state, waiting);
  return (
    <span className={`connection connection-${state}`} data-connection={state} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span>
        {LABELS[state]}
        {save && (
          <span className="save-status" data-save-status={save.status} data-waiting={waiting ?? 0}>
            {state === 'offline' ? ': ' : ' · '}
            {save.label}
          </span>
        )}
      </span>
    </span>
  );
}
