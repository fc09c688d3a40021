// A frozen revision, read-only, and the redline between two states. Both are plain pages under the
// document (/d/:id/revisions/:revisionId, /d/:id/compare?from=&to=); the live room is not joined.
import { useEffect } from 'react';
import { Link, useSearch } from 'wouter';
import { EditorContent, useEditor } from '@tiptap/react';
import { compareRevisions, getDocument, getRevision } from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { schemaExtensions } from '../../../shared/src/schema/extensions.ts';
import { Labels } from '../editor/labels.ts';
import { RedlineView } from '../components/RedlineView.tsx';
import type { JSONContent } from '@tiptap/core';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/src/export/formats.ts';

/** Every export format but JSON (the compare view's own data); Word carries real tracked changes. */
const DOWNLOADS = (Object.keys(EXPORT_FORMATS) as ExportFormat[])
  .filter((f) => f !== 'json')
  .map((f) => [f, f === 'docx' ? `${EXPORT_FORMATS[f].name} (tracked changes)` : EXPORT_FORMATS[f].name] as const);

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Bar({ documentId, children }: { documentId: string; children: React.ReactNode }) {
  const info = useAsync((signal) => getDocument(documentId, signal), [documentId]);
  return (
    <header className="app-bar">
      <Link href="/" className="home-link">
        Penholder
      </Link>
      <span className="doc-name">{info.status === 'ok' ? info.value.title : ''}</span>
      <span className="spacer" />
      {children}
      <Link href={`/d/${encodeURIComponent(documentId)}`} className="bar-button">
        Back to the live text
      </Link>
    </header>
  );
}

function FrozenText({ doc }: { doc: JSONContent }) {
  const editor = useEditor({
    extensions: [...schemaExtensions, Labels],
    content: doc,
    editable: false,
    editorProps: { attributes: { class: 'draft read-only', 'aria-label': 'Revision text', 'aria-readonly': 'true' } },
  });
  return <EditorContent editor={editor} />;
}

export function RevisionPage({ documentId, revisionId }: { documentId: string; revisionId: string }) {
  const state = useAsync((signal) => getRevision(documentId, revisionId, signal), [documentId, revisionId]);
  useEffect(() => {
    if (state.status === 'ok') document.title = `${state.value.revision.name} — Penholder`;
  }, [state]);
  return (
    <div className="document-page revision-page">
      <Bar documentId={documentId}>{state.status === 'ok' && <span className="revision-badge">{state.value.revision.name} (frozen)</span>}</Bar>
      {state.status === 'loading' && <p className="muted page">Loading the revision…</p>}
      {state.status === 'error' && <p className="error page">Could not open the revision: {state.error.message}</p>}
      {state.status === 'ok' && (
        <div className="workspace">
          <div className="sheet">
            <p className="revision-banner" role="note">
              {state.value.revision.name}, frozen {when(state.value.revision.at)}
              {state.value.revision.by ? ` by ${state.value.revision.by.name}` : ''}. Read-only.
              {state.value.revision.note ? ` ${state.value.revision.note}` : ''}
            </p>
            <FrozenText doc={state.value.doc} />
          </div>
        </div>
      )}
    </div>
  );
}

export function ComparePage({ documentId }: { documentId: string }) {
  const params = new URLSearchParams(useSearch());
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? 'live';
  const state = useAsync((signal) => compareRevisions(documentId, from, to, signal), [documentId, from, to]);
  return (
    <div className="document-page compare-page">
      <Bar documentId={documentId}>
        {state.status === 'ok' && (
          <span className="revision-badge">
            {state.value.from.name} → {state.value.to.name}
          </span>
        )}
      </Bar>
      {state.status === 'loading' && <p className="muted page">Comparing…</p>}
      {state.status === 'error' && <p className="error page">Could not compare: {state.error.message}</p>}
      {state.status === 'ok' && (
        <main className="workspace compare-workspace">
          <nav className="redline-downloads" aria-label="Download the redline">
            Download:{' '}
            {DOWNLOADS.map(([format, name]) => (
              <a key={format} href={`/api/documents/${encodeURIComponent(documentId)}/compare?${new URLSearchParams({ from, to, format })}`} download>
                {name}
              </a>
            ))}
          </nav>
          <RedlineView redline={state.value} />
        </main>
      )}
    </div>
  );
}
