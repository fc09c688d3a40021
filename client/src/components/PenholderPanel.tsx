// Co-facilitators and the secretariat: resolve the bracket group at the caret (keep one alternative,
// or drop the group) and set the paragraph's status. The status is a shared/brackets command run on
// the editor (it travels over sync); resolving is asked of the server (POST .../resolutions), which
// records what was kept and dropped in the history so it can be undone there.
// A paragraph marked agreed or ad ref is locked (shared/src/consensus/locks.ts): the panel says so
// and offers "Reopen"; agreeing a paragraph that still holds bracket groups is refused here with the
// reason, by the same rule the server applies (statusChange).
import { useCallback, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { Command, EditorState } from '@tiptap/pm/state';
import { setBlockStatus } from '../../../shared/src/brackets/commands.ts';
import { resolveGroupOnServer } from '../api.ts';
import { isLockedStatus, statusChange, STATUS_WORDS } from '../../../shared/src/consensus/locks.ts';
import type { ParagraphStatus } from '../../../shared/src/model/types.ts';
import { bracketContextAt } from '../../../shared/src/brackets/context.ts';
import { proposalTargets } from '../../../shared/src/proposals/selection.ts';
import { blockLabel } from '../editor/blockLabel.ts';
import { runCommand } from '../editor/keymap.ts';
import { useSelectionContext } from '../editor/useSelectionContext.ts';
import { useSession } from '../session.tsx';
import { shortName } from '../../../shared/src/access/shortNames.ts';
import { alternativeInWords, positionCounts } from '../../../shared/src/proposals/listing.ts';
import { altAttrs } from '../../../shared/src/schema/bracketNodes.ts';
import { DelegationTag } from './ProposalsListPanel.tsx';
import type { HistoryTarget } from './HistoryPanel.tsx';

type Status = ParagraphStatus;
const STATUSES: Array<{ value: Status; label: string }> = [
  { value: 'negotiating', label: 'Under negotiation' },
  { value: 'adref', label: 'Agreed ad ref' },
  { value: 'agreed', label: 'Agreed' },
];

export function PenholderPanel({ editor, documentId, onHistory }: { editor: Editor; documentId: string; onHistory: (t: HistoryTarget) => void }) {
  const session = useSession();
  // once per frame, and only when the selection or its paragraph changed (not on every keystroke
  // of the pen-holder or every remote edit elsewhere)
  const derive = useCallback((state: EditorState) => {
    const { doc, selection } = state;
    const t = proposalTargets(doc, selection.from, selection.to);
    const context = bracketContextAt(selection.$from);
    return {
      block: t.block
        ? { id: t.block.id, label: blockLabel(state, t.block.pos), status: String(t.block.node.attrs.status ?? 'negotiating') }
        : null,
      group: context
        ? {
            id: String(context.group.attrs.id),
            at: context.altIndex,
            alternatives: Array.from({ length: context.group.childCount }, (_, i) => {
              const alt = context.group.child(i);
              const { proposer, supporters, objectors } = altAttrs(alt);
              return { text: alt.textContent, proposer, supporters, objectors };
            }),
          }
        : null,
    };
  }, []);
  type View = ReturnType<typeof derive>;
  const refresh = useCallback((state: EditorState, previous: View): View => {
    if (!previous.block) return previous;
    const label = blockLabel(state, state.selection.$from.before(1));
    return label === previous.block.label ? previous : { ...previous, block: { ...previous.block, label } };
  }, []);
  const view = useSelectionContext(editor, derive, refresh);
  const [refusal, setRefusal] = useState<{ blockId: string; reason: string } | null>(null);
  const run = (command: Command) => {
    runCommand(editor, command);
    editor.view.focus();
  };
  const setStatus = (status: Status) => {
    const { state } = editor;
    const block = proposalTargets(state.doc, state.selection.from, state.selection.to).block;
    if (!block) return;
    const verdict = statusChange(block.node, status, blockLabel(state, block.pos));
    if (!verdict.ok) {
      setRefusal({ blockId: block.id, reason: verdict.reason });
      return;
    }
    setRefusal(null);
    run(setBlockStatus(status));
  };
  const [resolveError, setResolveError] = useState<string | null>(null);
  const resolve = (groupId: string, keep: number | null) => {
    setResolveError(null);
    resolveGroupOnServer(documentId, groupId, keep).then(
      () => editor.view.focus(),
      (err: unknown) => setResolveError(err instanceof Error ? err.message : String(err)),
    );
  };
  const where = view.block ? (view.block.label ? `Paragraph ${view.block.label}` : 'This paragraph') : null;
  const locked = view.block ? isLockedStatus(view.block.status) : false;

  return (
    <section className="panel penholder" data-panel="penholder" aria-label="Brackets and status">
      <h3>Brackets and status</h3>
      {view.block ? (
        <div className="status-row">
          <span>{where}:</span>
          <select
            value={view.block.status}
            data-status-select
            onChange={(e) => setStatus(e.target.value as Status)}
            aria-label="Paragraph status"
          >
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <button type="button" className="link" onClick={() => onHistory({ blockId: view.block!.id, label: view.block!.label })}>
            History
          </button>
        </div>
      ) : (
        <p className="muted">Put the caret in a paragraph to set its status.</p>
      )}
      {view.block && refusal?.blockId === view.block.id && (
        <p className="result error" role="alert" data-status-refusal>
          {refusal.reason}
        </p>
      )}
      {view.block && locked && (
        <div className="locked-note" data-locked-note>
          <p>
            {where} is {STATUS_WORDS[view.block.status as Status]}: its text is locked for everyone, proposals included.
          </p>
          <button type="button" data-reopen onMouseDown={(e) => e.preventDefault()} onClick={() => setStatus('negotiating')}>
            Reopen
          </button>
        </div>
      )}
      {view.group ? (
        <div className="resolve" data-resolve-group={view.group.id}>
          <p className="muted">Resolve the bracket group at the caret: keep one alternative as agreed text, or drop the group.</p>
          <ol className="alternatives">
            {view.group.alternatives.map((alt, i) => (
              <li key={i} className={i === view.group!.at ? 'at-caret' : undefined}>
                <span className="alt-text">[{alt.text}]</span>{' '}
                {alt.proposer ? (
                  <DelegationTag id={alt.proposer} short={shortName(session.delegationName(alt.proposer))} full={session.delegationName(alt.proposer)} />
                ) : (
                  <span className="alt-by">original</span>
                )}
                {positionCounts(alt) && (
                  <span className="alt-pos" title={alternativeInWords({ ...alt, deletes: null }, session.delegationName)}>
                    {' '}
                    <span aria-hidden="true">{positionCounts(alt)}</span>
                    <span className="sr-only">{alternativeInWords({ ...alt, deletes: null }, session.delegationName)}</span>
                  </span>
                )}{' '}
                <button
                  type="button"
                  data-resolve-keep={i}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => resolve(view.group!.id, i)}
                >
                  Keep this
                </button>
              </li>
            ))}
          </ol>
          <button type="button" data-resolve-drop onMouseDown={(e) => e.preventDefault()} onClick={() => resolve(view.group!.id, null)}>
            Drop the whole group
          </button>
          {resolveError && (
            <p className="result error" role="alert" data-resolve-error>
              {resolveError}
            </p>
          )}
        </div>
      ) : (
        <p className="muted">Put the caret in a bracket group to resolve it.</p>
      )}
    </section>
  );
}
