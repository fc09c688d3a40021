// A pen-holder who deletes a paragraph with a fixed label ("Fix the current numbering", a revision, or a
// label typed in the source) sees "12. [Deleted]" where it stood, and 13 stays 13 (docs/design.md §22).
// The rule is shared/src/numbering/deletedLabels.ts; this is the editor adapter:
//   - appendTransaction: after a local change that is not plain typing, the placeholders are added in
//     the same dispatch, so Yjs stores the deletion and its placeholder as one update and one undo
//     (Mod-z) brings the paragraph back. Changes from the y-sync binding (other people's, and undo/redo,
//     which y-undo applies to the Y.Doc) are left alone: their author's editor already did this.
//   - The placeholder is a leaf node drawn by its schema (label in the margin like the paragraph it
//     was, "[Deleted]" as its text, not editable). It is removed for good only on purpose: select it
//     (click it, or Backspace at the start of the paragraph after it, Delete at the end of the one
//     before) and press Backspace or Delete again; `removePlaceholder` is that command. Any other
//     deletion that sweeps it along puts it back. Pastes leave placeholders out (a copy stands for
//     nothing).
// Delegations never get this plugin: their editor refuses every change (readOnly.ts), and the server
// refuses their edits anyway.
import { Extension } from '@tiptap/core';
import { NodeSelection, Plugin, PluginKey, TextSelection, type Command, type EditorState } from '@tiptap/pm/state';
import { Mapping } from '@tiptap/pm/transform';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { keepDeletedLabels } from '../../../shared/src/numbering/deletedLabels.ts';
import { deletedBlockAttrs, isDeletedBlock } from '../../../shared/src/schema/deletedBlock.ts';
import { isRemoteChange } from './ensureIds.ts';
import { isTextOnlyChange } from './textOnly.ts';

export const deletedBlocksPluginKey = new PluginKey('penholderDeletedBlocks');

/** Meta of a transaction that removes placeholders for good: their ids. */
interface RemovalMeta {
  remove: string[];
}

/** The plugin itself, also run by the unit tests on an EditorState without a view. */
export function deletedBlocksPlugin(): Plugin {
  return new Plugin({
    key: deletedBlocksPluginKey,
    appendTransaction(transactions, oldState, newState) {
      if (transactions.some((tr) => tr.docChanged && isRemoteChange(tr))) return null;
      const changes = transactions.filter((tr) => tr.docChanged);
      // plain typing deletes no block; our own placeholders need no second look
      if (!changes.length || changes.every((tr) => isTextOnlyChange(tr) || tr.getMeta(deletedBlocksPluginKey) === 'placeholders')) return null;
      const mapping = new Mapping();
      const removable = new Set<string>();
      for (const tr of transactions) {
        mapping.appendMapping(tr.mapping);
        const meta = tr.getMeta(deletedBlocksPluginKey) as RemovalMeta | undefined;
        if (meta && Array.isArray(meta.remove)) meta.remove.forEach((id) => removable.add(id));
      }
      const tr = newState.tr;
      if (!keepDeletedLabels(oldState.doc, mapping, tr, { removable })) return null;
      return tr.setMeta(deletedBlocksPluginKey, 'placeholders');
    },
    props: {
      // A placeholder stands for one paragraph where it was deleted; a pasted copy would stand for
      // nothing (its id repeats, so it would lose its label), so pastes leave placeholders out.
      transformPasted: (slice) => withoutPlaceholders(slice),
    },
  });
}

/** A slice with its top-level placeholders left out. */
export function withoutPlaceholders(slice: Slice): Slice {
  let found = false;
  const kept: PMNode[] = [];
  slice.content.forEach((node) => {
    if (isDeletedBlock(node)) found = true;
    else kept.push(node);
  });
  if (!found) return slice;
  if (!kept.length) return Slice.empty;
  const openStart = isDeletedBlock(slice.content.firstChild!) ? 0 : slice.openStart;
  const openEnd = isDeletedBlock(slice.content.lastChild!) ? 0 : slice.openEnd;
  return new Slice(Fragment.from(kept), openStart, openEnd);
}

/** The placeholder selected (a NodeSelection on it), with its position, or null. */
function selectedPlaceholder(state: EditorState): { pos: number; id: string | null } | null {
  const sel = state.selection;
  if (!(sel instanceof NodeSelection) || !isDeletedBlock(sel.node)) return null;
  return { pos: sel.from, id: deletedBlockAttrs(sel.node).id };
}

/** Removes the selected placeholder for good (its label goes, the numbering stays as it is). */
export const removePlaceholder: Command = (state, dispatch) => {
  const selected = selectedPlaceholder(state);
  if (!selected) return false;
  if (dispatch) {
    const node = state.doc.nodeAt(selected.pos)!;
    const next = state.tr.delete(selected.pos, selected.pos + node.nodeSize);
    const meta: RemovalMeta = { remove: selected.id ? [selected.id] : [] };
    next.setMeta(deletedBlocksPluginKey, meta);
    next.setSelection(TextSelection.near(next.doc.resolve(Math.min(selected.pos, next.doc.content.size)), 1));
    dispatch(next.scrollIntoView());
  }
  return true;
};

/** Backspace at the start of a block right after a placeholder, Delete at the end of one right before: select it. */
export function selectPlaceholderBeside(direction: -1 | 1): Command {
  return (state, dispatch) => {
    const sel = state.selection;
    if (!(sel instanceof TextSelection) || !sel.empty) return false;
    const $pos = sel.$from;
    if ($pos.depth !== 1) return false;
    const atEdge = direction < 0 ? $pos.parentOffset === 0 : $pos.parentOffset === $pos.parent.content.size;
    if (!atEdge) return false;
    const boundary = direction < 0 ? $pos.before(1) : $pos.after(1);
    const beside = direction < 0 ? state.doc.resolve(boundary).nodeBefore : state.doc.resolve(boundary).nodeAfter;
    if (!beside || !isDeletedBlock(beside)) return false;
    if (dispatch) dispatch(state.tr.setSelection(NodeSelection.create(state.doc, direction < 0 ? boundary - beside.nodeSize : boundary)));
    return true;
  };
}

export const DeletedBlocks = Extension.create({
  name: 'penholderDeletedBlocks',
  // before the default Backspace / Delete (joinBackward would delete the placeholder unasked)
  priority: 300,
  addKeyboardShortcuts() {
    const run = (command: Command) => () => command(this.editor.state, this.editor.view.dispatch, this.editor.view);
    return {
      Backspace: () => run(removePlaceholder)() || run(selectPlaceholderBeside(-1))(),
      Delete: () => run(removePlaceholder)() || run(selectPlaceholderBeside(1))(),
    };
  },
  addProseMirrorPlugins() {
    return [deletedBlocksPlugin()];
  },
});
