// Agreed text stays agreed, in the pen-holders' editor: a local change that would touch a paragraph
// marked agreed or ad ref (typing, deleting, pasting, Enter or Backspace at its edges, brackets,
// formatting), or mark a paragraph with open bracket groups agreed, never reaches the document, and
// the person is told why ("Paragraph 12 is agreed; a co-facilitator can reopen it") instead of
// seeing nothing happen. The rule is shared/src/consensus/locks.ts checkLocks, the one the server
// applies to proposals; the server also refuses such updates on the sync channel (sync/locks.ts),
// so this plugin's job is that the browser never sends one (a refused update resets the tab).
//
// How: filterTransaction refuses the transaction (as readOnly.ts does for readers), so whatever path
// the edit takes (keymap, input rule, DOM mutation read back, paste, an appended transaction), it
// stops here; ProseMirror redraws DOM it had let the browser change. Remote changes from the y-sync
// binding pass: they are the server's, already checked.
//
// Undo and redo (y-undo, Mod-z / Mod-y / Shift-Mod-z) work on the Y.Doc below ProseMirror: their
// change arrives in ProseMirror as a sync transaction, after it was sent. So the keys are checked
// first: when the change they would undo or redo touches the content of a locked paragraph (an edit
// made before it was agreed), they do nothing and say why. Undoing the agreement itself (a change of
// the status attribute only) goes through: that is a reopening. The check walks the Yjs items of the
// one stack entry up to their top-level block (its size, not the document's).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { checkLocks, isLockedStatus, lockRefusal, lockedMessage } from '../../../shared/src/consensus/locks.ts';
import { DOCUMENT_FIELD } from '../../../shared/src/collab/ydoc.ts';
import { labelOfBlock } from './blockLabel.ts';
import { isFromSync } from './readOnly.ts';

export interface AgreedLockOptions {
  /** Told why a change was refused; called once per refused transaction. */
  onRefused: (message: string) => void;
}

export const agreedLockPluginKey = new PluginKey('penholderAgreedLock');

export const AgreedLock = Extension.create<AgreedLockOptions>({
  name: 'penholderAgreedLock',
  // before the keymaps and input rules, like ReadOnlyInput
  priority: 9_000,
  addOptions() {
    return { onRefused: () => {} };
  },
  addKeyboardShortcuts() {
    const guard = (stack: 'undoStack' | 'redoStack') => () => {
      const message = lockedByHistory(this.editor.state, stack);
      if (message === null) return false; // let y-undo do it
      this.options.onRefused(message);
      return true;
    };
    return { 'Mod-z': guard('undoStack'), 'Mod-y': guard('redoStack'), 'Shift-Mod-z': guard('redoStack') };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: agreedLockPluginKey,
        filterTransaction: (tr) => {
          if (!tr.docChanged || isFromSync(tr)) return true;
          const check = checkLocks(tr);
          if (check.ok) return true;
          options.onRefused(lockRefusal(check, labelOfBlock));
          return false;
        },
      }),
    ];
  },
});

interface UndoStackItem {
  insertions: { clients: Map<number, Array<{ clock: number; len: number }>> };
  deletions: { clients: Map<number, Array<{ clock: number; len: number }>> };
}

/**
 * Why the next undo (or redo) may not run: the refusal for the first locked block whose content it
 * would change, or null when it changes none (or there is nothing to undo).
 */
export function lockedByHistory(state: EditorState, stack: 'undoStack' | 'redoStack'): string | null {
  const manager = (yUndoPluginKey.getState(state) as { undoManager?: Y.UndoManager } | undefined)?.undoManager;
  const entry = manager?.[stack].at(-1) as UndoStackItem | undefined;
  if (!manager || !entry) return null;
  const ydoc = manager.doc;
  const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD);
  for (const set of [entry.insertions, entry.deletions]) {
    for (const [client, ranges] of set.clients) {
      const structs = ydoc.store.clients.get(client);
      if (!structs) continue;
      const known = Y.getState(ydoc.store, client);
      for (const { clock, len } of ranges) {
        if (clock >= known) continue;
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
          const item = structs[i];
          if (!(item instanceof Y.Item)) continue;
          const block = topLevelBlock(item, fragment);
          if (!block || !isLockedStatus(block.getAttribute('status'))) continue;
          // the block's own status: undoing an agreement is reopening
          if (item.parent === block && item.parentSub === 'status') continue;
          return messageFor(state, fragment, block);
        }
      }
    }
  }
  return null;
}

/** The top-level block an item is in (or is), walking up its parents. */
function topLevelBlock(item: Y.Item, fragment: Y.XmlFragment): Y.XmlElement | null {
  if (item.parent === fragment) return item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement ? item.content.type : null;
  let type = item.parent as Y.AbstractType<unknown> | null;
  while (type && type._item && type._item.parent !== fragment) type = type._item.parent as Y.AbstractType<unknown>;
  return type instanceof Y.XmlElement && type._item ? type : null;
}

/** "Paragraph 12 is agreed; ..." for a Y block: its index in the fragment is its index in the document. */
function messageFor(state: EditorState, fragment: Y.XmlFragment, block: Y.XmlElement): string {
  const index = fragment.toArray().indexOf(block);
  const doc = state.doc;
  if (index < 0 || index >= doc.childCount) return 'This paragraph is agreed; a co-facilitator can reopen it';
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return lockedMessage(doc.child(index), labelOfBlock(doc, pos));
}
