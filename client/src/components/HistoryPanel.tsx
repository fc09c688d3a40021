// Who changed a paragraph, and when (GET /api/documents/:id/history?block=ID&changes=1), newest first,
// with what changed: the paragraph's text before and after as a small redline (computed by the
// server, server/src/http/historyChanges.ts), and what the server recorded (a group resolved, with
// what was kept and dropped, which a co-facilitator can undo here; agreed under silence...).
// Names are participants' input: React text only.
import { useState } from 'react';
import { getHistory, undoResolution, type HistoryEntry } from '../api.ts';
import type { HistoryEvent } from '../../../shared/src/api/history.ts';
import { useSession } from '../session.tsx';
import { useAsync } from '../useAsync.ts';
import { CAPABILITIES, isRole, ROLE_NAMES } from '../../../shared/src/access/roles.ts';

export interface HistoryTarget {
  blockId: string;
  label: string | null;
}

export function HistoryPanel({ documentId, target, onClose }: { documentId: string; target: HistoryTarget; onClose: () => void }) {
  const [reload, setReload] = useState(0);
  const session = useSession();
  const canUndo = session.me.capabilities.resolve;
  const [undoResult, setUndoResult] = useState<{ ok: boolean; text: string } | null>(null);
  const undo = (seq: number) => {
    setUndoResult(null);
    undoResolution(documentId, seq, target.blockId).then(
      () => {
        setUndoResult({ ok: true, text: 'The group is back in the text, with its alternatives and proposers.' });
        setReload((n) => n + 1);
      },
      (err: unknown) => setUndoResult({ ok: false, text: err instanceof Error ? err.message : String(err) }),
    );
  };
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
      {undoResult && (
        <p className={undoResult.ok ? 'result' : 'result error'} role={undoResult.ok ? 'status' : 'alert'} data-undo-result>
          {undoResult.text}
        </p>
      )}
      {state.status === 'ok' && state.value.length > 0 && (
        <ol className="history-list">
          {state.value.map((e) => (
            <li key={e.seq} data-history-entry>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              <span className="who">{e.participant.name}</span>
              <span className="muted">
                {' '}
                {isRole(e.participant.role) ? ROLE_NAMES[e.participant.role] : e.participant.role}
                {e.participant.delegation
                  ? isRole(e.participant.role) && CAPABILITIES[e.participant.role].speakForDelegation
                    ? ` · ${e.participant.delegation.name}`
                    : ` · entered for ${e.participant.delegation.name}` // screen negotiation (docs/design.md §11)
                  : ''}
              </span>
              {e.statuses && Object.keys(e.statuses).length > 0 && (
                <span className="history-status" data-history-status>
                  {' '}
                  {Object.values(e.statuses).map(statusEvent).join(', ')}
                </span>
              )}
              {(e.events ?? []).map((ev, i) => (
                <span key={i} className="history-event" data-history-event={ev.kind}>
                  {eventText(ev, session.delegationName)}
                  {ev.kind === 'group-resolved' && canUndo && (
                    <>
                      {' '}
                      <button type="button" className="link" data-history-undo={e.seq} onClick={() => undo(e.seq)}>
                        Undo
                      </button>
                    </>
                  )}
                </span>
              ))}
              <ChangeRedline entry={e} blockId={target.blockId} />
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

/** The paragraph's text before and after the change, as a redline (this paragraph's change only). */
function ChangeRedline({ entry, blockId }: { entry: HistoryEntry; blockId: string }) {
  const change = entry.changes?.find((c) => c.blockId === blockId);
  if (!change || (change.before === change.after && change.runs.every((r) => r.change === 'same'))) return null;
  return (
    <p className="history-redline" data-history-redline>
      {change.before === null && <span className="muted">created: </span>}
      {change.after === null && <span className="muted">deleted: </span>}
      {change.runs.map((r, i) =>
        r.change === 'ins' ? <ins key={i}>{r.text}</ins> : r.change === 'del' ? <del key={i}>{r.text}</del> : <span key={i}>{r.text}</span>,
      )}
    </p>
  );
}

/** What a recorded event means in the history. */
function eventText(ev: HistoryEvent, name: (id: string) => string): string {
  const who = (proposer: string | null) => (proposer ? name(proposer) : 'original text');
  switch (ev.kind) {
    case 'group-resolved': {
      const dropped = ev.dropped.map((a) => `[${a.text}] (${who(a.proposer)})`).join(', ');
      return ev.chosen
        ? `resolved a group: kept [${ev.chosen.text}] (${who(ev.chosen.proposer)})${dropped ? `, dropped ${dropped}` : ''}`
        : `dropped a group: ${dropped}`;
    }
    case 'group-restored':
      return 'undid a resolution: the group is back';
    case 'agreed-under-silence':
      return `agreed under silence (procedure opened by ${ev.onBehalfOf})`;
    case 'numbering-fixed':
      return `fixed the numbering (${ev.labels} labels)`;
    case 'proposal':
      return PROPOSAL_WORDS[ev.op] ?? ev.op;
  }
}

const PROPOSAL_WORDS: Record<string, string> = {
  'propose-replacement': 'proposed a replacement',
  'propose-deletion': 'proposed a deletion',
  'propose-insertion': 'proposed an insertion',
  'propose-alternative': 'proposed an alternative',
  amend: 'amended its alternative',
  withdraw: 'withdrew its alternative',
  position: 'supported or objected',
};
