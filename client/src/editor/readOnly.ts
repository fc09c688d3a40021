// Read-only text that a reader can still move through: delegations and observers (docs/design.md §2 —
// they never edit the text over sync) get an editor that is contenteditable, so the browser gives
// them a caret, arrow keys, Home/End, shift-selection, find and copy, while nothing typed, pasted,
// dropped, cut, composed or formatted can change the document.
//
// Why not `editable: false`: browsers draw no caret and move no selection with the keyboard in
// non-editable content, so a delegation could only click to say where its proposal goes.
//
// How, in three layers (the server stays the real enforcement: it refuses any change from these
// roles; this only keeps the browser from trying):
//  1. filterTransaction refuses every transaction that changes the document unless it carries a
//     remote change from the y-sync binding (ySyncPluginKey meta with isChangeOrigin). This is the
//     guarantee: whatever path an edit takes (keymap command, DOM mutation read back by
//     ProseMirror, an appended transaction such as EnsureIds', a toolbar), it never reaches the
//     state, so it never reaches Yjs or the server. When ProseMirror read the edit from the DOM
//     (e.g. IME composition, which browsers do not let a page cancel), the refused change leaves
//     the view's DOM marked dirty and ProseMirror redraws it from the unchanged state.
//  2. beforeinput is cancelled for every input type (typing, Enter, deletion, paste, cut, drop,
//     formatting, history), so the DOM is not touched in the first place; compositionstart cannot
//     be cancelled, hence layer 1.
//  3. handleKeyDown swallows keys that only edit (printable characters, Enter, Backspace, Delete,
//     Mod-z/y, formatting shortcuts) before any keymap runs; handleTextInput, handlePaste,
//     handleDrop and cut refuse too. Navigation keys, Tab, and Mod-c / Mod-a / Mod-f pass.
// Selection changes are untouched: the y-sync binding reports the caret as presence, and the
// proposals panel reads it. Every swallowed attempt to edit is reported (onEditAttempt), so the page
// can tell a delegation where proposals are made instead of ignoring its keystrokes without a word;
// the page decides how often to say it (once).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

export const readOnlyPluginKey = new PluginKey('penholderReadOnly');

/** A transaction that brings a remote change from Yjs into the editor (the y-sync binding's). */
export function isFromSync(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/** Keys that move or select, or leave the editor: they keep their default behaviour. */
const NAVIGATION = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Tab',
  'Escape',
  'Shift',
  'Control',
  'Alt',
  'Meta',
  'AltGraph',
  'CapsLock',
  'ContextMenu',
]);

/** With Ctrl/Cmd: copy, select all, find, print, zoom... keep; anything that edits is swallowed. */
const EDITING_WITH_MOD = new Set(['x', 'v', 'z', 'y', 'b', 'i', 'u', 'd', 'k', 'backspace', 'delete', 'enter']);

/** Should this keydown be swallowed in a read-only editor? */
export function editsDocument(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  const { key } = event;
  if (NAVIGATION.has(key) || /^F\d+$/.test(key)) return false;
  if (event.ctrlKey || event.metaKey) {
    // Ctrl+Alt is AltGr on Windows: it types a character like any printable key
    if (event.ctrlKey && event.altKey && key.length === 1) return true;
    return EDITING_WITH_MOD.has(key.toLowerCase()) || event.altKey;
  }
  // printable characters (also with Alt, which types characters on macOS), Enter, deletion
  return key.length === 1 || key === 'Enter' || key === 'Backspace' || key === 'Delete' || key === 'Dead' || key === 'Process';
}

export interface ReadOnlyOptions {
  /** Someone tried to change the text (typed, pasted, dropped, cut); called on every attempt. */
  onEditAttempt: () => void;
}

export const ReadOnlyInput = Extension.create<ReadOnlyOptions>({
  name: 'penholderReadOnly',
  // before every other plugin's props, so no keymap or input rule sees an edit first
  priority: 10_000,
  addOptions() {
    return { onEditAttempt: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    const attempted = () => {
      options.onEditAttempt();
      return true;
    };
    return [
      new Plugin({
        key: readOnlyPluginKey,
        filterTransaction: (tr) => !tr.docChanged || isFromSync(tr),
        props: {
          handleKeyDown: (_view, event) => editsDocument(event) && attempted(),
          handleTextInput: attempted,
          handlePaste: attempted,
          handleDrop: attempted,
          handleDOMEvents: {
            beforeinput: (_view, event) => {
              event.preventDefault();
              return attempted();
            },
            cut: (_view, event) => {
              event.preventDefault();
              return attempted();
            },
            // dragging text out of the document is a copy; moving it inside is refused on drop
            drop: (_view, event) => {
              event.preventDefault();
              return attempted();
            },
          },
        },
      }),
    ];
  },
});
