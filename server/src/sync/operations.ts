// Applying a proposal operation to a room's Y.Doc: read the document as ProseMirror, let the shared
// domain build the change (shared/src/proposals/operations.ts, which is also the permission check:
// it can only add material attributed to the proposer or change the proposer's own), and write the
// resulting document back through the same binding the editor uses (y-tiptap's updateYFragment),
// which turns it into the minimal Yjs change, in one transaction with the given origin.
import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import { updateYFragment } from '@tiptap/y-tiptap';
import { DOCUMENT_FIELD, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { applyProposal, type ProposalOperation } from '../../../shared/src/proposals/operations.ts';
import { outcomeSchema } from '../../../shared/src/schema/schema.ts';
import type { HistoryEvent } from '../../../shared/src/api/history.ts';
import type { Node as PMNode } from '@tiptap/pm/model';

export function applyOperationToDoc(
  doc: Y.Doc,
  op: ProposalOperation,
  proposer: string | null,
  origin: unknown,
  /** Recorded with the stored update (history entries, the overview's delegation activity). */
  events: readonly HistoryEvent[] = [],
): { ok: true } | { ok: false; error: string } {
  const state = editorStateOf(doc);
  const result = applyProposal(state, op, proposer);
  if (!result.ok) return result;
  if (result.tr.docChanged) writeChange(doc, state.doc, result.tr.doc, origin, events);
  return { ok: true };
}

/** The room's document as ProseMirror, in a state the shared commands build transactions on. */
export function editorStateOf(doc: Y.Doc): EditorState {
  return EditorState.create({ schema: outcomeSchema, doc: docFromYDoc(doc) });
}

/**
 * Writes `after` (built from `before`, the document the Y.Doc holds) into the Y.Doc in one
 * transaction with `origin`, recording `events` with the stored update.
 */
export function writeChange(doc: Y.Doc, before: PMNode, after: PMNode, origin: unknown, events: readonly HistoryEvent[] = []): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const yBlocks = fragment.toArray();
  const meta = () => ({ mapping: new Map(), isOMark: new Map() }) as never;
  doc.transact((tr) => {
    if (events.length) tr.meta.set('events', events);
    // Operations change inside one block. Rewriting only the blocks whose node changed (ProseMirror
    // shares unchanged nodes between the two documents) keeps the Yjs change, and its attribution in
    // the history, to the block the operation concerns; anything unexpected falls back to the whole.
    const aligned =
      before.childCount === after.childCount &&
      yBlocks.length === before.childCount &&
      yBlocks.every((y, i) => y instanceof Y.XmlElement && y.nodeName === before.child(i).type.name && y.nodeName === after.child(i).type.name);
    if (!aligned) {
      updateYFragment(doc, fragment, after, meta());
      return;
    }
    for (let i = 0; i < after.childCount; i++) {
      if (before.child(i) !== after.child(i)) updateYFragment(doc, yBlocks[i] as Y.XmlElement, after.child(i), meta());
    }
  }, origin);
}
