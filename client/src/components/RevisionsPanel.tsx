// Frozen revisions of the document: the list (every participant), freezing the live text as a named
// revision (secretariat and co-facilitators: the server checks), opening one read-only, and comparing
// any two, or one with the live text.
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { freezeRevision, listRevisions } from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { useSession } from '../session.tsx';
import { nextRevisionName } from '../../../shared/src/revisions/naming.ts';
import { MAX_REVISION_NAME, MAX_REVISION_NOTE, type RevisionSummary } from '../../../shared/src/api/revisions.ts';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

const nextName = (revisions: RevisionSummary[]) => nextRevisionName(revisions.map((r) => r.name));

export function RevisionsPanel({ documentId }: { documentId: string }) {
  const { me } = useSession();
  const [generation, setGeneration] = useState(0);
  const state = useAsync((signal) => listRevisions(documentId, signal), [documentId, generation]);
  const revisions = state.status === 'ok' ? state.value : [];
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [renumber, setRenumber] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('live');
  const [, navigate] = useLocation();

  const onFreeze = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    freezeRevision(documentId, { name: name.trim() || nextName(revisions), note, renumber }).then(
      () => {
        setBusy(false);
        setName('');
        setNote('');
        setRenumber(false);
        setGeneration((g) => g + 1);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorText(err));
      },
    );
  };

  const compareFrom = from || revisions[revisions.length - 1]?.id || '';
  const base = `/d/${encodeURIComponent(documentId)}`;

  return (
    <details className="panel revisions-panel" data-panel="revisions">
      <summary>
        <h3>Revisions</h3>
      </summary>
      {state.status === 'loading' && <p className="muted">Loading…</p>}
      {state.status === 'error' && <p className="error">{state.error.message}</p>}
      {state.status === 'ok' && revisions.length === 0 && <p className="muted">No revision frozen yet.</p>}
      {revisions.length > 0 && (
        <ol className="revision-list">
          {revisions.map((r) => (
            <li key={r.id} data-revision={r.name}>
              <Link href={`${base}/revisions/${encodeURIComponent(r.id)}`}>{r.name}</Link>{' '}
              <span className="muted">
                {when(r.at)}
                {r.by ? `, ${r.by.name}` : ''}
              </span>
              {r.note && <div className="muted revision-note">{r.note}</div>}
              {r.renumbered.length > 0 && (
                <details className="revision-renumbered">
                  <summary>Renumbered {r.renumbered.length} paragraph{r.renumbered.length === 1 ? '' : 's'}</summary>
                  <p>{r.renumbered.map((m) => `${m.from} → ${m.to}`).join(', ')}</p>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      {revisions.length > 0 && (
        <form
          className="compare-form"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`${base}/compare?from=${encodeURIComponent(compareFrom)}&to=${encodeURIComponent(to)}`);
          }}
        >
          <h4>Compare</h4>
          <label>
            From{' '}
            <select value={compareFrom} onChange={(e) => setFrom(e.target.value)} aria-label="Compare from">
              {revisions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            To{' '}
            <select value={to} onChange={(e) => setTo(e.target.value)} aria-label="Compare to">
              <option value="live">Live text</option>
              {revisions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Show the redline</button>
        </form>
      )}
      {me.capabilities.freeze && (
        <form className="freeze-form" onSubmit={onFreeze}>
          <h4>Freeze the live text</h4>
          <label>
            Name
            <input
              value={name}
              placeholder={nextName(revisions)}
              maxLength={MAX_REVISION_NAME}
              onChange={(e) => setName(e.target.value)}
              aria-label="Revision name"
            />
          </label>
          <label>
            Note (optional)
            <textarea value={note} maxLength={MAX_REVISION_NOTE} rows={2} onChange={(e) => setNote(e.target.value)} aria-label="Revision note" />
          </label>
          <label className="renumber-choice">
            <input type="checkbox" checked={renumber} onChange={(e) => setRenumber(e.target.checked)} /> Renumber the paragraphs
            (12 bis becomes 13; the old-to-new map is kept)
          </label>
          <p className="muted revision-hint">Freezing fixes the paragraph numbers: a paragraph inserted after 12 becomes 12 bis.</p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? 'Freezing…' : `Freeze as ${name.trim() || nextName(revisions)}`}
          </button>
        </form>
      )}
    </details>
  );
}
