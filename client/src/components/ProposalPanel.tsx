// A delegation's proposals, driven by the selection in the read-only (but navigable) editor. Each
// button builds a ProposalOperation (shared/proposals) and posts it; the server applies it with the
// delegation as proposer and the result arrives through sync like any change. Whether an operation
// is possible here is asked of the shared rules (proposalReasons -> whyNot), never decided in this
// component; that question is asked once per frame at most, only when the selection or its
// paragraph changed, and only of the paragraph (useSelectionContext, blockScopedState).
//
// Offline: a proposal is not queued for later. It is built against the text the delegation sees
// (`expected`), and a negotiation moves on while a laptop is offline; sending it minutes later, maybe
// after the delegate has left the screen, would either be refused as stale or land where they no
// longer expect it. So while the room is offline (the sync connection is down) the panel sends
// nothing and says so, keeping the typed text to send again; a request that gets no answer at all
// says the same (OfflineError), never a browser's "Failed to fetch".
import { useCallback, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type { Editor } from '@tiptap/core';
import { TextSelection, type EditorState } from '@tiptap/pm/state';
import { OfflineError, postOperation } from '../api.ts';
import { useConnectionState } from '../collab/connection.ts';
import {
  operationFor,
  proposalReasons,
  proposalTargets,
  type ProposalAction,
  type ProposalTargets,
} from '../../../shared/src/proposals/selection.ts';
import { blockLabel } from '../editor/blockLabel.ts';
import { useSelectionContext } from '../editor/useSelectionContext.ts';
import { useSession } from '../session.tsx';
import type { HistoryTarget } from './HistoryPanel.tsx';

type Action = ProposalAction;

const ACTIONS: Array<{ action: Action; label: string; needsText: boolean; row: number }> = [
  { action: 'replace', label: 'Propose replacement', needsText: true, row: 0 },
  { action: 'delete', label: 'Propose deletion', needsText: false, row: 0 },
  { action: 'insert', label: 'Propose insertion', needsText: true, row: 1 },
  { action: 'alternative', label: 'Propose another alternative', needsText: false, row: 1 },
  { action: 'new-paragraph', label: 'Propose a new paragraph after this one', needsText: true, row: 2 },
  { action: 'paragraph-alternative', label: 'Propose an alternative paragraph (Alt)', needsText: true, row: 2 },
  { action: 'amend', label: 'Amend my alternative', needsText: false, row: 3 },
  { action: 'withdraw', label: 'Withdraw my alternative', needsText: false, row: 3 },
  { action: 'cosponsor', label: 'Co-sponsor', needsText: false, row: 4 },
  { action: 'support', label: 'Support', needsText: false, row: 4 },
  { action: 'object', label: 'Object', needsText: false, row: 4 },
  { action: 'clear', label: 'Clear my position', needsText: false, row: 4 },
];

const ROWS = ['Selected text', 'At the caret', 'Whole paragraphs', 'Your alternative', 'Your position on the alternative'];
/** Actions that leave the typed text in the box (they send none). */
const KEEPS_TEXT = new Set<Action>(['cosponsor', 'support', 'object', 'clear']);

interface PanelView {
  reasons: Record<Action, string | null>;
  selected: string | null;
  block: { id: string; label: string | null } | null;
  alternative: ProposalTargets['alternative'];
}

export function ProposalPanel({
  editor,
  documentId,
  delegationId,
  provider,
  onHistory,
  screen = false,
}: {
  editor: Editor;
  documentId: string;
  delegationId: string;
  /** Screen negotiation: a co-facilitator enters these for `delegationId`, speaking in the room. */
  screen?: boolean;
  /** The room's sync connection: whether the room is online. */
  provider: WebsocketProvider;
  onHistory: (t: HistoryTarget) => void;
}) {
  const session = useSession();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'ok' | 'refused' | 'offline'; message: string } | null>(null);
  const connection = useConnectionState(provider);

  // Which proposals are possible here: asked of the shared rules, on the block holding the
  // selection only, once per frame and only when the selection or its block changed.
  const derive = useCallback(
    (state: EditorState): PanelView => {
      const { targets: t, reasons } = proposalReasons(state.doc, state.selection.from, state.selection.to, delegationId);
      return {
        reasons,
        selected: t.range?.expected ?? null,
        block: t.block ? { id: t.block.id, label: blockLabel(state, t.block.pos) } : null,
        alternative: t.alternative,
      };
    },
    [delegationId],
  );
  // the block is the same, but a paragraph inserted above renumbers it
  const refresh = useCallback((state: EditorState, previous: PanelView): PanelView => {
    if (!previous.block) return previous;
    const label = blockLabel(state, state.selection.$from.before(1));
    return label === previous.block.label ? previous : { ...previous, block: { ...previous.block, label } };
  }, []);
  const view = useSelectionContext(editor, derive, refresh);

  const run = async (action: Action) => {
    const { doc, selection } = editor.state;
    const op = operationFor(proposalTargets(doc, selection.from, selection.to), action, text);
    if (typeof op === 'string') {
      setResult({ kind: 'refused', message: op });
      return;
    }
    if (connection === 'offline') {
      setResult({ kind: 'offline', message: new OfflineError().message });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      await postOperation(documentId, op, screen ? delegationId : undefined);
      setResult({ kind: 'ok', message: 'Sent: the text shows your proposal once the server has applied it.' });
      if (!KEEPS_TEXT.has(action)) setText('');
      // the selected text is now inside the proposal's group: keep only a caret where it began
      if (!editor.isDestroyed && !editor.state.selection.empty) {
        editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, editor.state.selection.from)));
      }
    } catch (err) {
      if (err instanceof OfflineError) setResult({ kind: 'offline', message: err.message });
      else setResult({ kind: 'refused', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const alt = view.alternative;
  const own = alt?.proposer === delegationId;
  const where = view.block ? (view.block.label ? `paragraph ${view.block.label}` : 'this paragraph') : null;

  return (
    <section className="panel proposals" data-panel="proposals" aria-label="Proposals">
      <h3>{screen ? `Entering for ${session.delegationName(delegationId)}` : `Proposals of ${session.delegationName(delegationId)}`}</h3>
      <p className="context" data-proposal-context>
        {view.selected !== null ? (
          <>
            Selected in {where}: “<span className="quote">{view.selected}</span>”
          </>
        ) : where ? (
          <>Caret in {where}.</>
        ) : (
          <>Select text in a paragraph, or put the caret where your proposal goes.</>
        )}
      </p>
      {alt && (
        <p className="context alt-context" data-alt-context>
          In an alternative {alt.proposer ? <>proposed by {session.delegationName(alt.proposer)}</> : <>of the original text</>}
          {own ? ' (yours)' : ''}
          {alt.cosponsors.length > 0 && <>; co-sponsored by {alt.cosponsors.map(session.delegationName).join(', ')}</>}
          {alt.supporters.length > 0 && <>; supported by {alt.supporters.map(session.delegationName).join(', ')}</>}
          {alt.objectors.length > 0 && <>; objected to by {alt.objectors.map(session.delegationName).join(', ')}</>}.
        </p>
      )}
      <label className="proposal-text">
        Your text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} data-proposal-text placeholder="Text of your proposal" />
      </label>
      {ROWS.map((title, row) => (
        <div className="actions" key={title} role="group" aria-label={title}>
          <span className="actions-title">{title}</span>
          {ACTIONS.filter((a) => a.row === row).map(({ action, label, needsText }) => {
            const reason = view.reasons[action] ?? (needsText && !text.trim() ? 'type your text first' : null);
            return (
              <button
                key={action}
                type="button"
                data-propose={action}
                disabled={busy || reason !== null}
                title={reason ?? label}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => run(action)}
              >
                {label}
              </button>
            );
          })}
        </div>
      ))}
      {connection === 'offline' && (
        <p className="result error" role="status" data-proposal-offline>
          The room is offline: proposals cannot be sent until the connection is back.
        </p>
      )}
      {result && (
        <p
          className={result.kind === 'ok' ? 'result ok' : 'result error'}
          role={result.kind === 'ok' ? 'status' : 'alert'}
          data-proposal-result={result.kind === 'ok' ? 'ok' : result.kind === 'offline' ? 'offline' : 'error'}
        >
          {result.kind === 'refused' ? `Refused: ${result.message}` : result.message}
        </p>
      )}
      {view.block && (
        <button type="button" className="link" onClick={() => onHistory({ blockId: view.block!.id, label: view.block!.label })}>
          History of {where}
        </button>
      )}
    </section>
  );
}
