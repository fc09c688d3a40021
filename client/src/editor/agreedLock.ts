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
// Known limit: y-undo (Mod-z) works on the Y.Doc below ProseMirror, so undoing an edit made before the
// paragraph was agreed reaches the server, which refuses it; the tab then reconnects with the text as
// the room has it. Nothing is lost but that undo.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { checkLocks, lockRefusal } from '../../../shared/src/consensus/locks.ts';
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
