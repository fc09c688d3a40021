// Pen-holders edit the document's identity lines (symbol, date, stage) shown top right of the
// heading. Values are plain text; the editor command (editor/frontMatter.ts) does the change.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { FRONT_FIELD_MAX, frontMatterOf, frontNode, setFrontMatter, type FrontMatter } from '../editor/frontMatter.ts';
import { runCommand } from '../editor/keymap.ts';

const FIELDS: Array<{ field: keyof FrontMatter; label: string; placeholder: string }> = [
  { field: 'symbol', label: 'Symbol', placeholder: 'A/70/L.33' },
  { field: 'date', label: 'Date', placeholder: '1 December 2015' },
  { field: 'stage', label: 'Stage', placeholder: 'Zero draft' },
];

export function FrontMatterForm({ editor }: { editor: Editor }) {
  const [values, setValues] = useState<FrontMatter>(() => frontMatterOf(editor.state.doc));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  // follow changes made by others while this form is untouched (cheap: the front node is compared
  // by identity, and ProseMirror keeps it the same object when nothing in it changed)
  useEffect(() => {
    let front = frontNode(editor.state.doc);
    const onUpdate = () => {
      const next = frontNode(editor.state.doc);
      if (next === front) return;
      front = next;
      if (!dirtyRef.current) setValues(frontMatterOf(editor.state.doc));
    };
    editor.on('update', onUpdate);
    return () => void editor.off('update', onUpdate);
  }, [editor]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    runCommand(editor, setFrontMatter(values));
    setValues(frontMatterOf(editor.state.doc));
    setDirty(false);
    setSaved(true);
  };

  return (
    <details className="panel front-matter" data-panel="front-matter">
      <summary>Document heading</summary>
      <form onSubmit={save} data-front-form>
        {FIELDS.map(({ field, label, placeholder }) => (
          <label key={field}>
            {label}{' '}
            <input
              value={values[field]}
              maxLength={FRONT_FIELD_MAX}
              placeholder={placeholder}
              data-front-field={field}
              onChange={(e) => {
                setValues((v) => ({ ...v, [field]: e.target.value }));
                setDirty(true);
                setSaved(false);
              }}
            />
          </label>
        ))}
        <button type="submit" disabled={!dirty}>
          Save heading
        </button>
        {saved && (
          <span className="muted" role="status" data-front-saved>
            Saved
          </span>
        )}
      </form>
    </details>
  );
}
