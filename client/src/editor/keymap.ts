// Keyboard adapter over shared/brackets: shortcuts for the three bracket commands, and `]` typed
// after a `[` turns the typed span into a bracket group (closeTypedBracket decides; when it declines,
// the character is typed as usual).
//
// Which shortcuts. Ctrl+Alt+letter is AltGr+letter on Windows, which types characters on most
// European layouts (Polish Ctrl+Alt+A is ą, German Ctrl+Alt+Q is @, French Ctrl+Alt+E is €), so a
// Ctrl+Alt shortcut either never fires there or eats a character people type. Ctrl/Cmd+Shift+letter
// types nothing on any layout (AltGr is Ctrl+Alt, never Ctrl+Shift; Cmd never types on macOS),
// and ProseMirror's keymap falls back to the physical key when a layout puts another letter there.
// So the primary shortcuts are Mod-Shift-B (bracket), Mod-Shift-A (alternative) and Mod-Shift-X
// (remove). Letters we avoided: U and E (Linux input methods use Ctrl+Shift+U/E for Unicode and
// emoji entry), C/I/J (developer tools), N/T/W/Q (browser-reserved: new window, reopen tab, close,
// quit), R (hard reload), V and Z (paste as text, redo). Mod-Shift-B and Mod-Shift-A do have
// browser meanings (bookmarks bar, tab search) that the editor takes over while it has focus, as
// editors commonly do. The old Ctrl+Alt (Cmd+Option) shortcuts stay as aliases where they work.
//
// Priority above the schema's marks: Bold binds Mod-B, and ProseMirror's keymap retries a
// shifted key without Shift, so without precedence Ctrl+Shift+B would toggle bold.
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type Command } from '@tiptap/pm/state';
import {
  wrapInBracket,
  addAlternative,
  removeBracket,
  closeTypedBracket,
} from '../../../shared/src/brackets/commands.ts';

export interface PenholderKeymapOptions {
  /** Delegation (or role) new alternatives are attributed to; null until identity comes from the server. */
  proposer: () => string | null;
}

/** The shortcuts, also shown in toolbar titles. */
export const SHORTCUTS = {
  wrap: 'Mod-Shift-b',
  addAlternative: 'Mod-Shift-a',
  remove: 'Mod-Shift-x',
} as const;

/** Earlier shortcuts, kept working (not shown): they collide with AltGr on Windows. */
export const SHORTCUT_ALIASES = {
  wrap: 'Mod-Alt-b',
  addAlternative: 'Mod-Alt-a',
  remove: 'Mod-Alt-r',
} as const;

export function runCommand(editor: Editor, command: Command): boolean {
  if (!editor.isEditable) return false;
  return command(editor.state, editor.view.dispatch, editor.view);
}

export const bracketCommands = (proposer: string | null) => ({
  wrap: wrapInBracket({ proposer }),
  addAlternative: addAlternative({ proposer }),
  remove: removeBracket(),
});

export const PenholderKeymap = Extension.create<PenholderKeymapOptions>({
  name: 'penholderKeymap',
  // before Bold's Mod-B (see above)
  priority: 200,
  addOptions() {
    return { proposer: () => null };
  },
  addKeyboardShortcuts() {
    const commands = () => bracketCommands(this.options.proposer());
    const bindings: Record<string, (props: { editor: Editor }) => boolean> = {};
    for (const action of Object.keys(SHORTCUTS) as Array<keyof typeof SHORTCUTS>) {
      const run = ({ editor }: { editor: Editor }) => runCommand(editor, commands()[action]);
      bindings[SHORTCUTS[action]] = run;
      bindings[SHORTCUT_ALIASES[action]] = run;
    }
    return bindings;
  },
  addProseMirrorPlugins() {
    const proposer = () => this.options.proposer();
    return [
      new Plugin({
        key: new PluginKey('penholderTypedBrackets'),
        props: {
          handleTextInput(view, from, to, text) {
            if (text !== ']' || from !== to || view.composing) return false;
            return closeTypedBracket({ proposer: proposer() })(view.state, view.dispatch, view);
          },
        },
      }),
    ];
  },
});

/** The proposer configured on the editor's PenholderKeymap (toolbar and keys attribute alike). */
export function proposerOf(editor: Editor): string | null {
  const ext = editor.extensionManager.extensions.find((e) => e.name === 'penholderKeymap');
  return (ext?.options as PenholderKeymapOptions | undefined)?.proposer() ?? null;
}

/** "Mod-Shift-b" as the user's platform writes it: Ctrl+Shift+B, or ⇧⌘B on a Mac. */
export function shortcutLabel(shortcut: string, mac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '')): string {
  const parts = shortcut.split('-');
  const key = parts.pop()!.toUpperCase();
  if (mac) {
    // macOS order: ⌃ ⌥ ⇧ ⌘
    const order = ['Ctrl', 'Alt', 'Shift', 'Mod'];
    const symbol: Record<string, string> = { Ctrl: '⌃', Alt: '⌥', Shift: '⇧', Mod: '⌘' };
    return [...parts].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((m) => symbol[m] ?? m).join('') + key;
  }
  return [...parts.map((m) => (m === 'Mod' ? 'Ctrl' : m)), key].join('+');
}
