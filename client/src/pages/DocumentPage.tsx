import { useEffect } from 'react';
import { getDocument } from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { Link } from '../router.tsx';
import { useConnection, useContentReady, type Connection } from '../collab/connection.ts';
import { NamePrompt, usePresenceUser } from '../components/NamePrompt.tsx';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { DraftEditor } from '../editor/DraftEditor.tsx';

export function DocumentPage({ documentId }: { documentId: string }) {
  const info = useAsync((signal) => getDocument(documentId, signal), [documentId]);
  const conn = useConnection(documentId);
  const title = info.status === 'ok' ? info.value.title : null;

  useEffect(() => {
    if (title) document.title = `${title} — Penholder`;
  }, [title]);

  return (
    <div className="document-page">
      <header className="app-bar">
        <Link href="/" className="home-link">
          Penholder
        </Link>
        <span className="doc-name">{title ?? ''}</span>
        <span className="spacer" />
        {conn && <ConnectionIndicator provider={conn.provider} />}
      </header>
      {info.status === 'error' && <p className="error page">Could not open the document: {info.error.message}</p>}
      {conn && info.status !== 'error' && <DocumentBody conn={conn} />}
    </div>
  );
}

function DocumentBody({ conn }: { conn: Connection }) {
  const ready = useContentReady(conn);
  const [user, setUser] = usePresenceUser();
  if (!ready) return <p className="muted page loading">Loading the text…</p>;
  return (
    <>
      <NamePrompt user={user} onChange={setUser} />
      <DraftEditor conn={conn} user={user} />
    </>
  );
}
