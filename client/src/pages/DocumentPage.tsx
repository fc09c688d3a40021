import { useEffect, useMemo, useState } from 'react';
import { getDocument } from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { documentKey, lastKnownOr } from '../offline/lastKnown.ts';
import { Link } from 'wouter';
import {
  useContentReady,
  useRoom,
  useRoomState,
  useUnloadWarning,
  useWaitingEdits,
  type Connection,
  type Room,
} from '../collab/connection.ts';
import type { PresenceUser } from '../collab/presence.ts';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { Identity } from '../components/Identity.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { DraftEditor } from '../editor/DraftEditor.tsx';
import { useSession } from '../session.tsx';

export function DocumentPage({ documentId }: { documentId: string }) {
  // offline, the description remembered at the last online start (offline/lastKnown.ts)
  const known = useAsync((signal) => lastKnownOr(documentKey(documentId), () => getDocument(documentId, signal)), [documentId]);
  const info = known.status === 'ok' ? { status: 'ok' as const, value: known.value.value } : known;
  const session = useSession();
  const room = useRoom(documentId, session.me.participant);
  const [showParticipants, setShowParticipants] = useState(false);
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
        <Identity />
        <Link href={`/d/${encodeURIComponent(documentId)}/overview`} className="bar-button" data-open-overview>
          Overview
        </Link>
        {session.me.capabilities.manage && (
          <button type="button" className="bar-button" data-open-participants onClick={() => setShowParticipants((v) => !v)}>
            Participants
          </button>
        )}
        {room && <RoomIndicator room={room} showSaving={session.me.capabilities.editText} />}
        <SignOutButton />
      </header>
      {info.status === 'error' && <p className="error page">Could not open the document: {info.error.message}</p>}
      {room && info.status !== 'error' && (
        <RoomBody
          room={room}
          documentId={documentId}
          showParticipants={showParticipants}
          onCloseParticipants={() => setShowParticipants(false)}
        />
      )}
    </div>
  );
}

function RoomIndicator({ room, showSaving }: { room: Room; showSaving: boolean }) {
  const { conn } = useRoomState(room);
  const waiting = useWaitingEdits(conn);
  useUnloadWarning(room);
  return <ConnectionIndicator provider={conn.provider} waiting={showSaving ? waiting : null} />;
}

function RoomBody({
  room,
  documentId,
  showParticipants,
  onCloseParticipants,
}: {
  room: Room;
  documentId: string;
  showParticipants: boolean;
  onCloseParticipants: () => void;
}) {
  const { conn, notice } = useRoomState(room);
  if (notice?.kind === 'ended') {
    return (
      <main className="page access-ended" data-access-ended role="alert">
        <h2>Your access to this negotiation has ended</h2>
        <p>
          Your access was revoked or has ended: <strong data-access-ended-reason>{notice.reason}</strong>.
        </p>
        <p className="muted">Ask the secretariat for a new personal link if you should still take part.</p>
      </main>
    );
  }
  return (
    <>
      {notice?.kind === 'reset' && (
        <div className="notice" role="alert" data-sync-refused>
          <span>
            The server refused a change from this browser: <strong>{notice.reason}</strong>. The text was reloaded from the
            server.
          </span>
          <button type="button" className="link" onClick={() => room.dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
      <DocumentBody
        key={conn.generation}
        conn={conn}
        documentId={documentId}
        showParticipants={showParticipants}
        onCloseParticipants={onCloseParticipants}
      />
    </>
  );
}

function DocumentBody({
  conn,
  documentId,
  showParticipants,
  onCloseParticipants,
}: {
  conn: Connection;
  documentId: string;
  showParticipants: boolean;
  onCloseParticipants: () => void;
}) {
  const ready = useContentReady(conn);
  const session = useSession();
  // The server stamps the identity it knows on our presence anyway; this is the first paint.
  const user = useMemo<PresenceUser>(() => ({ name: session.me.participant.name, color: session.color }), [session.me, session.color]);
  if (!ready) return <p className="muted page loading">Loading the text…</p>;
  return (
    <DraftEditor
      conn={conn}
      documentId={documentId}
      user={user}
      showParticipants={showParticipants}
      onCloseParticipants={onCloseParticipants}
    />
  );
}
