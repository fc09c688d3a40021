import { useEffect, useMemo, useRef, useState } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import type { Connection } from '../collab/connection.ts';
import type { PresenceUser } from '../collab/presence.ts';
import { editorExtensions } from './extensions.ts';
import { Toolbar } from './Toolbar.tsx';
import { refreshAttribution, setProposalFilter } from './attribution.ts';
import { setAuthors, setAuthorship } from './authorship.ts';
import { getAuthors } from '../api.ts';
import { Presence } from '../components/Presence.tsx';
import { ProposalPanel } from '../components/ProposalPanel.tsx';
import { SilencePanel } from '../components/SilencePanel.tsx';
import { FixNumbering } from '../components/FixNumbering.tsx';
import { PenholderPanel } from '../components/PenholderPanel.tsx';
import { ScreenEntry } from '../components/ScreenEntry.tsx';
import { FrontMatterForm } from '../components/FrontMatterForm.tsx';
import { HistoryPanel, type HistoryTarget } from '../components/HistoryPanel.tsx';
import { ParticipantsPanel } from '../components/ParticipantsPanel.tsx';
import { useSession } from '../session.tsx';
import { DelegationSelect } from '../components/DelegationSelect.tsx';
import { RevisionsPanel } from '../components/RevisionsPanel.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { ProposalsListPanel } from '../components/ProposalsListPanel.tsx';
import { shortName, shortNames } from '../../../shared/src/access/shortNames.ts';

export interface DraftEditorProps {
  conn: Connection;
  documentId: string;
  user: PresenceUser;
  showParticipants: boolean;
  onCloseParticipants: () => void;
}

export function DraftEditor({ conn, documentId, user, showParticipants, onCloseParticipants }: DraftEditorProps) {
  const session = useSession();
  const { capabilities, participant } = session.me;
  const editable = capabilities.editText;
  const [history, setHistory] = useState<HistoryTarget | null>(null);
  const [filter, setFilter] = useState<string>('');
  const [byAuthor, setByAuthor] = useState(false);
  // asks for the authors map again (throttled); set while "Colour by author" is on
  const refetchAuthors = useRef<() => void>(() => {});

  // What the text refused and why: agreed text a pen-holder typed into, or a reader's keystrokes.
  const [notice, setNotice] = useState<{ kind: 'locked' | 'propose'; message: string } | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const hinted = useRef(false);
  const showNotice = (next: { kind: 'locked' | 'propose'; message: string }, forMs: number | null) => {
    setNotice(next);
    if (noticeTimer.current) clearTimeout(noticeTimer.current);
    noticeTimer.current = forMs === null ? null : setTimeout(() => setNotice(null), forMs);
  };
  useEffect(() => () => void (noticeTimer.current && clearTimeout(noticeTimer.current)), []);

  // The editor is built once per connection; names and callbacks are read through this ref.
  const shorts = useMemo(() => shortNames(session.negotiation?.delegations ?? []), [session.negotiation]);
  const short = (id: string) => shorts.get(id) ?? shortName(session.delegationName(id));
  const live = useRef({ name: session.delegationName, short, openHistory: setHistory, showNotice });
  live.current = { name: session.delegationName, short, openHistory: setHistory, showNotice };
  const speaksForDelegation = capabilities.speakForDelegation;

  const extensions = useMemo(
    () =>
      editorExtensions({
        ydoc: conn.ydoc,
        provider: conn.provider,
        user,
        // pen-holders' own brackets carry no proposer; a delegation never edits over sync
        proposer: () => null,
        attribution: {
          name: (id) => live.current.name(id),
          short: (id) => live.current.short(id),
          onBlockNumber: (blockId, label) => live.current.openHistory({ blockId, label }),
        },
        // text by someone the authors map does not know yet (a new writer): ask the server again
        authorship: { onUnknownAuthors: () => refetchAuthors.current() },
        readOnly: !editable,
        // a reader's first keystroke in the text: said once, politely, where proposals are made
        onEditAttempt: () => {
          if (hinted.current) return;
          hinted.current = true;
          live.current.showNotice({ kind: 'propose', message: READER_HINT[speaksForDelegation ? 'delegation' : 'observer'] }, null);
        },
        onLockRefused: (message) => live.current.showNotice({ kind: 'locked', message }, 6000),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [conn],
  );
  const editor = useEditor(
    {
      extensions,
      // always editable for the browser (caret, keyboard navigation); read-only roles get the
      // ReadOnlyInput plugin, which refuses every local change (editor/readOnly.ts)
      editable: true,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          class: editable ? 'draft' : 'draft read-only',
          spellcheck: editable ? 'true' : 'false',
          // a multi-line text box, so that aria-readonly is announced (axe: aria-allowed-attr)
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Draft text',
          'aria-readonly': editable ? 'false' : 'true',
          // no on-screen keyboard on touch devices for a text that cannot be typed into
          ...(editable ? {} : { inputmode: 'none' }),
        },
      },
    },
    [conn],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(user);
  }, [editor, user]);

  // delegation names arrive (or change) after the editor was built; not on the editor's first
  // render, whose decorations were built with the names of that render (a rebuild that changes
  // nothing slows every later transaction: see attribution.ts)
  const namesShown = useRef<{ editor: Editor | null; negotiation: unknown }>({ editor: null, negotiation: null });
  useEffect(() => {
    if (!editor) return;
    const shown = namesShown.current;
    if (shown.editor !== editor) {
      namesShown.current = { editor, negotiation: session.negotiation };
      return;
    }
    if (shown.negotiation === session.negotiation) return;
    shown.negotiation = session.negotiation;
    refreshAttribution(editor);
  }, [editor, session.negotiation]);

  useEffect(() => {
    if (editor) setProposalFilter(editor, filter || null);
  }, [editor, filter]);

  // "Colour by author": fetch the map when turned on, and again (at most every few seconds) when
  // text by an unknown client id appears
  useEffect(() => {
    if (!editor) return;
    setAuthorship(editor, byAuthor);
    if (!byAuthor) return;
    const MIN_INTERVAL_MS = 3000;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let inFlight: AbortController | null = null;
    let stopped = false;
    const fetchNow = () => {
      timer = null;
      last = Date.now();
      inFlight?.abort();
      const ctl = new AbortController();
      inFlight = ctl;
      getAuthors(documentId, ctl.signal)
        .then(({ authors }) => {
          if (!stopped && !editor.isDestroyed) setAuthors(editor, authors);
        })
        .catch(() => {
          /* aborted or refused: the text simply stays uncoloured until the next try */
        });
    };
    refetchAuthors.current = () => {
      if (stopped || timer !== null) return;
      timer = setTimeout(fetchNow, Math.max(0, last + MIN_INTERVAL_MS - Date.now()));
    };
    fetchNow();
    return () => {
      stopped = true;
      refetchAuthors.current = () => {};
      if (timer !== null) clearTimeout(timer);
      inFlight?.abort();
    };
  }, [editor, byAuthor, documentId]);

  const delegations = session.negotiation?.delegations ?? [];

  return (
    <div className="editor-shell">
      <div className="editor-top">
        {editable && <Toolbar editor={editor} />}
        <label className="proposal-filter-select">
          Proposals of:{' '}
          <DelegationSelect delegations={delegations} value={filter} onChange={setFilter} emptyLabel="All" data-filter-select />
        </label>
        <label className="author-colour-toggle">
          <input type="checkbox" checked={byAuthor} onChange={(e) => setByAuthor(e.target.checked)} data-author-toggle />
          {' Colour by author'}
        </label>
        <ExportMenu documentId={documentId} />
        <Presence provider={conn.provider} />
      </div>
      <div className="workspace">
        <div className="sheet">
          {notice && (
            <div className={`editor-notice notice-${notice.kind}`} role="status" data-editor-notice={notice.kind}>
              <span>{notice.message}</span>
              <button type="button" className="link" aria-label="Dismiss" onClick={() => setNotice(null)}>
                ×
              </button>
            </div>
          )}
          <EditorContent editor={editor} />
        </div>
        <aside className="side" aria-label="Panels">
          {showParticipants && capabilities.manage && (
            <ParticipantsPanel negotiationId={participant.negotiationId} onClose={onCloseParticipants} />
          )}
          {history && <HistoryPanel documentId={documentId} target={history} onClose={() => setHistory(null)} />}
          {editor && capabilities.speakForDelegation && participant.delegation && (
            <ProposalPanel
              editor={editor}
              documentId={documentId}
              delegationId={participant.delegation.id}
              provider={conn.provider}
              onHistory={setHistory}
            />
          )}
          {editor && capabilities.resolve && capabilities.editText && <PenholderPanel editor={editor} documentId={documentId} onHistory={setHistory} />}
          {editor && <SilencePanel editor={editor} ydoc={conn.ydoc} documentId={documentId} />}
          {capabilities.freeze && <FixNumbering documentId={documentId} />}
          {editor && capabilities.enterForDelegation && (
            <ScreenEntry editor={editor} documentId={documentId} provider={conn.provider} onHistory={setHistory} />
          )}
          {editor && capabilities.editText && <FrontMatterForm editor={editor} />}
          {editor && (
            <ProposalsListPanel
              editor={editor}
              ydoc={conn.ydoc}
              documentId={documentId}
              role={participant.role}
              delegations={delegations}
              name={session.delegationName}
              short={short}
            />
          )}
          <RevisionsPanel documentId={documentId} />
          {editor && !capabilities.propose && !capabilities.editText && (
            <section className="panel" data-panel="observer">
              <h3>Observer</h3>
              <p className="muted">You follow the negotiation: you can move through the text with the keyboard, select and copy it, but not change it. Click a paragraph number to see who changed it.</p>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}

const READER_HINT = {
  delegation:
    'Delegations do not type in the text: select the words concerned (or put the caret where your text goes) and use the Proposals panel to propose a replacement, deletion, insertion or alternative.',
  observer: 'Observers follow the text: you can move through it, select and copy, but not change it.',
} as const;
