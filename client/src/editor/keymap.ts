// Keyboard adapter over shared/brackets: shortcuts for the three bracket commands, and `]` typed
// after a `[` turns the typed span into a bracket group (closeTypedBracket decides; when it declines,
// the character is typed as usual).
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
  addOptions() {
    return { proposer: () => null };
  },
  addKeyboardShortcuts() {
    const commands = () => bracketCommands(this.options.proposer());
    return {
      [SHORTCUTS.wrap]: ({ editor }) => runCommand(editor, commands().wrap),
      [SHORTCUTS.addAlternative]: ({ editor }) => runCommand(editor, commands().addAlternative),
      [SHORTCUTS.remove]: ({ editor }) => runCommand(editor, commands().remove),
    };
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

/** "Mod-Alt-b" as the user's platform writes it. */
export function shortcutLabel(shortcut: string, mac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '')): string {
  return shortcut
    .split('-')
    .map((k) => (k === 'Mod' ? (mac ? '⌘' : 'Ctrl') : k === 'Alt' ? (mac ? '⌥' : 'Alt') : k.toUpperCase()))
    .join(mac ? '' : '+');
}
