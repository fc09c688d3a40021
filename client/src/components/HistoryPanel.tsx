// Who changed a paragraph, and when (GET /api/documents/:id/history?block=ID), newest first.
// Names are participants' input: React text only.
import { useState } from 'react';
import { getHistory } from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { isRole, ROLE_NAMES } from '../../../shared/src/access/roles.ts';

export interface HistoryTarget {
  blockId: string;
  label: string | null;
}

export function HistoryPanel({ documentId, target, onClose }: { documentId: string; target: HistoryTarget; onClose: () => void }) {
  const [reload, setReload] = useState(0);
  const state = useAsync((signal) => getHistory(documentId, target.blockId, signal), [documentId, target.blockId, reload]);
  const title = target.label ? `History of paragraph ${target.label}` : 'History of this paragraph';
  return (
    <section className="panel history" data-panel="history" data-block={target.blockId} aria-label={title}>
      <header className="panel-head">
        <h3>{title}</h3>
        <button type="button" className="link" onClick={() => setReload((n) => n + 1)}>
          Refresh
        </button>
        <button type="button" className="close" aria-label="Close history" onClick={onClose}>
          ×
        </button>
      </header>
      {state.status === 'loading' && <p className="muted">Loading…</p>}
      {state.status === 'error' && <p className="error">Could not load the history: {state.error.message}</p>}
      {state.status === 'ok' && state.value.length === 0 && <p className="muted">No recorded changes since the text was loaded.</p>}
      {state.status === 'ok' && state.value.length > 0 && (
        <ol className="history-list">
          {state.value.map((e) => (
            <li key={e.seq} data-history-entry>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              <span className="who">{e.participant.name}</span>
              <span className="muted">
                {' '}
                {isRole(e.participant.role) ? ROLE_NAMES[e.participant.role] : e.participant.role}
                {e.participant.delegation ? ` · ${e.participant.delegation.name}` : ''}
              </span>
              {e.statuses && Object.keys(e.statuses).length > 0 && (
                <span className="history-status" data-history-status>
                  {' '}
                  {Object.values(e.statuses).map(statusEvent).join(', ')}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What setting a status means in the history: "marked agreed", "reopened". */
function statusEvent(status: string): string {
  if (status === 'negotiating') return 'reopened';
  if (status === 'adref') return 'marked agreed ad ref';
  if (status === 'agreed') return 'marked agreed';
  return `status set to ${status}`;
}
