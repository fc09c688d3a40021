// A delegation's proposals, driven by the selection in the (read-only) editor. Each button builds a
// ProposalOperation (shared/proposals) and posts it; the server applies it with the delegation as
// proposer and the result arrives through sync like any change. Whether an operation is possible
// here is asked of the shared rules (whyNot), never decided in this component.
import { useState } from 'react';
import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { postOperation } from '../api.ts';
import { proposalOps, proposalTargets, whyNot } from '../../../shared/src/proposals/selection.ts';
import type { ProposalOperation } from '../../../shared/src/proposals/operations.ts';
import { labelOfBlock } from '../editor/blockLabel.ts';
import { useSession } from '../session.tsx';
import type { HistoryTarget } from './HistoryPanel.tsx';

type Action = 'replace' | 'delete' | 'insert' | 'alternative' | 'amend' | 'withdraw' | 'support' | 'object' | 'clear';

const PLACEHOLDER = 'x';

/** The operation an action would send from this editor state, or the reason it cannot. */
function operationFor(editor: Editor, action: Action, text: string): ProposalOperation | string {
  const { doc, selection } = editor.state;
  const t = proposalTargets(doc, selection.from, selection.to);
  switch (action) {
    case 'replace':
      return t.range ? proposalOps.replacement(t.range, text) : 'select the text to replace, within one paragraph';
    case 'delete':
      return t.range ? proposalOps.deletion(t.range) : 'select the text to delete, within one paragraph';
    case 'insert':
      return t.insertion ? proposalOps.insertion(t.insertion, text) : 'put the caret where the text should go';
    case 'alternative':
      return t.alternative ? proposalOps.alternative(t.alternative.groupId, text) : 'put the caret in a bracket group';
    case 'amend':
      return t.alternative ? proposalOps.amend(t.alternative.id, text) : 'put the caret in your alternative';
    case 'withdraw':
      return t.alternative ? proposalOps.withdraw(t.alternative.id) : 'put the caret in your alternative';
    case 'support':
    case 'object':
    case 'clear':
      return t.alternative
        ? proposalOps.position(t.alternative.id, action === 'clear' ? 'none' : action)
        : 'put the caret in an alternative';
  }
}

const ACTIONS: Array<{ action: Action; label: string; needsText: boolean; row: number }> = [
  { action: 'replace', label: 'Propose replacement', needsText: true, row: 0 },
  { action: 'delete', label: 'Propose deletion', needsText: false, row: 0 },
  { action: 'insert', label: 'Propose insertion', needsText: true, row: 1 },
  { action: 'alternative', label: 'Propose another alternative', needsText: false, row: 1 },
  { action: 'amend', label: 'Amend my alternative', needsText: false, row: 2 },
  { action: 'withdraw', label: 'Withdraw my alternative', needsText: false, row: 2 },
  { action: 'support', label: 'Support', needsText: false, row: 3 },
  { action: 'object', label: 'Object', needsText: false, row: 3 },
  { action: 'clear', label: 'Clear my position', needsText: false, row: 3 },
];

const ROWS = ['Selected text', 'At the caret', 'Your alternative', 'Your position on the alternative'];

export function ProposalPanel({
  editor,
  documentId,
  delegationId,
  onHistory,
}: {
  editor: Editor;
  documentId: string;
  delegationId: string;
  onHistory: (t: HistoryTarget) => void;
}) {
  const session = useSession();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  const view = useEditorState({
    editor,
    selector: ({ editor }) => {
      const { doc, selection } = editor.state;
      const t = proposalTargets(doc, selection.from, selection.to);
      const reasons = {} as Record<Action, string | null>;
      for (const { action } of ACTIONS) {
        const op = operationFor(editor, action, PLACEHOLDER);
        reasons[action] = typeof op === 'string' ? op : whyNot(editor.state, op, delegationId);
      }
      return {
        reasons,
        selected: t.range?.expected ?? null,
        block: t.block ? { id: t.block.id, label: labelOfBlock(doc, t.block.pos) } : null,
        alternative: t.alternative,
      };
    },
  });
  if (!view) return null;

  const run = async (action: Action) => {
    const op = operationFor(editor, action, text);
    if (typeof op === 'string') {
      setResult({ ok: false, message: op });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      await postOperation(documentId, op);
      setResult({ ok: true, message: 'Sent: the text shows your proposal once the server has applied it.' });
      if (action !== 'support' && action !== 'object' && action !== 'clear') setText('');
      // the selected text is now inside the proposal's group: keep only a caret where it began
      if (!editor.isDestroyed && !editor.state.selection.empty) {
        editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, editor.state.selection.from)));
      }
    } catch (err) {
      setResult({ ok: false, message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const alt = view.alternative;
  const own = alt?.proposer === delegationId;
  const where = view.block ? (view.block.label ? `paragraph ${view.block.label}` : 'this paragraph') : null;

  return (
    <section className="panel proposals" data-panel="proposals" aria-label="Proposals">
      <h3>Proposals of {session.delegationName(delegationId)}</h3>
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
      {result && (
        <p className={result.ok ? 'result ok' : 'result error'} role={result.ok ? 'status' : 'alert'} data-proposal-result={result.ok ? 'ok' : 'error'}>
          {result.ok ? result.message : `Refused: ${result.message}`}
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
