import type { Editor } from '@tiptap/core';
import { bracketCommands, proposerOf, runCommand, SHORTCUTS, shortcutLabel } from './keymap.ts';
import { useSelectionContext } from './useSelectionContext.ts';

type Action = keyof typeof SHORTCUTS;

const BUTTONS: Array<{ action: Action; label: string; title: string }> = [
  { action: 'wrap', label: '[ ]', title: 'Put the selection in brackets' },
  { action: 'addAlternative', label: '[ ] +', title: 'Add an alternative to this bracket group' },
  { action: 'remove', label: '[ ] ×', title: 'Remove the bracket or alternative at the caret' },
];

const NONE: Record<Action, boolean> = { wrap: false, addAlternative: false, remove: false };

export function Toolbar({ editor }: { editor: Editor | null }) {
  return editor ? <BracketButtons editor={editor} /> : <Buttons editor={null} can={NONE} />;
}

function BracketButtons({ editor }: { editor: Editor }) {
  // Which commands apply where the caret is: asked of the commands themselves (no dispatch), off
  // the keystroke path and only when the selection or its block changed (useSelectionContext).
  // A button pressed before the state caught up is still right: the command checks again.
  const can = useSelectionContext(editor, (state) => {
    const cmds = bracketCommands(proposerOf(editor));
    return {
      wrap: editor.isEditable && cmds.wrap(state),
      addAlternative: editor.isEditable && cmds.addAlternative(state),
      remove: editor.isEditable && cmds.remove(state),
    };
  });
  return <Buttons editor={editor} can={can} />;
}

function Buttons({ editor, can }: { editor: Editor | null; can: Record<Action, boolean> }) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Brackets">
      {BUTTONS.map(({ action, label, title }) => (
        <button
          key={action}
          type="button"
          data-action={action}
          title={`${title} (${shortcutLabel(SHORTCUTS[action])})`}
          disabled={!can[action]}
          // keep the editor's selection: act on mousedown without taking focus
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            if (!editor) return;
            runCommand(editor, bracketCommands(proposerOf(editor))[action]);
            editor.view.focus();
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
