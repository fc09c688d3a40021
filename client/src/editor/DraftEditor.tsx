import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import type { Connection } from '../collab/connection.ts';
import type { PresenceUser } from '../collab/presence.ts';
import { editorExtensions } from './extensions.ts';
import { Toolbar } from './Toolbar.tsx';
import { Presence } from '../components/Presence.tsx';

export function DraftEditor({ conn, user }: { conn: Connection; user: PresenceUser }) {
  // Built once per connection; `user` here is only the initial awareness state (see the effect below).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const extensions = useMemo(() => editorExtensions({ ydoc: conn.ydoc, provider: conn.provider, user }), [conn]);
  const editor = useEditor(
    {
      extensions,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: { attributes: { class: 'draft', spellcheck: 'true', 'aria-label': 'Draft text' } },
    },
    // user is deliberately not a dependency: a rename updates awareness without rebuilding the editor
    [conn],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(user);
  }, [editor, user]);

  return (
    <div className="editor-shell">
      <div className="editor-top">
        <Toolbar editor={editor} />
        <Presence provider={conn.provider} />
      </div>
      <div className="sheet">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
