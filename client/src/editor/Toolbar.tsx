import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { bracketCommands, proposerOf, runCommand, SHORTCUTS, shortcutLabel } from './keymap.ts';

type Action = keyof typeof SHORTCUTS;

const BUTTONS: Array<{ action: Action; label: string; title: string }> = [
  { action: 'wrap', label: '[ ]', title: 'Put the selection in brackets' },
  { action: 'addAlternative', label: '[ ] +', title: 'Add an alternative to this bracket group' },
  { action: 'remove', label: '[ ] ×', title: 'Remove the bracket or alternative at the caret' },
];

export function Toolbar({ editor }: { editor: Editor | null }) {
  // Which commands apply where the caret is: asked of the commands themselves (no dispatch).
  const can = useEditorState({
    editor,
    selector: ({ editor }) => {
      if (!editor) return { wrap: false, addAlternative: false, remove: false };
      const cmds = bracketCommands(proposerOf(editor));
      return {
        wrap: editor.isEditable && cmds.wrap(editor.state),
        addAlternative: editor.isEditable && cmds.addAlternative(editor.state),
        remove: editor.isEditable && cmds.remove(editor.state),
      };
    },
  });
  return (
    <div className="toolbar" role="toolbar" aria-label="Brackets">
      {BUTTONS.map(({ action, label, title }) => (
        <button
          key={action}
          type="button"
          data-action={action}
          title={`${title} (${shortcutLabel(SHORTCUTS[action])})`}
          disabled={!can?.[action]}
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
