// Panel state derived from the selection (what the proposals and pen-holder panels show), kept off
// the keystroke path. TipTap's useEditorState runs its selector synchronously on every transaction,
// remote ones included; with 200 people in a room, most transactions are other people's edits
// somewhere else in the text. Here:
//  - nothing runs during the transaction, nor in the frame that shows it: the first change (of the
//    document or the selection) after a pause is shown right after the next frame; changes that
//    follow it closely (typing, a held arrow key) only ask for one update once input pauses
//    (QUIET_MS after the last change, and at least every MAX_WAIT_MS while changes keep coming),
//    however many transactions arrive. An update in the next animation frame, as before, ran before that frame was
//    painted: the caret moved by an arrow key waited for the panel's derivation and React's commit
//    (which, while the editor has focus, walks the editor's whole DOM to save the selection as
//    character offsets: ReactDOM's getSelectionInformation). Known cost: while input keeps
//    coming, the panel follows QUIET_MS late;
//  - then, the costly part (`derive`, e.g. asking the shared rules which proposals are
//    possible) runs only if the selection moved or the block holding it changed (ProseMirror keeps
//    untouched nodes identical; the y-sync binding rebuilds them all on a remote edit, so an equal
//    block counts as the same);
//    otherwise only `refresh` runs, for what can change without that (the paragraph's number when
//    a paragraph is inserted above it);
//  - React re-renders only when the value actually changed.
import { useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';

/** Where the selection is, in terms that survive edits elsewhere in the document. */
export interface SelectionKey {
  /** The top-level block holding the selection's start (null at the document level). */
  block: PMNode | null;
  /** Selection offsets from that block's start (absolute when there is no block). */
  from: number;
  to: number;
}

export function selectionKey(state: EditorState): SelectionKey {
  const { $from, from, to } = state.selection;
  if ($from.depth < 1) return { block: null, from, to };
  const start = $from.before(1);
  return { block: $from.node(1), from: from - start, to: to - start };
}

export function sameSelectionKey(a: SelectionKey, b: SelectionKey): boolean {
  // the same object, or an equal one: the y-sync binding builds every node afresh on a remote change
  const sameBlock = a.block === b.block || (a.block !== null && b.block !== null && a.block.eq(b.block));
  return sameBlock && a.from === b.from && a.to === b.to;
}

function sameValue<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

const relevant = (tr: Transaction) => tr.docChanged || tr.selectionSet;

/** The panel updates this long after the last change of the selection or the document... */
export const QUIET_MS = 120;
/** ...or this long after the first change it has not shown yet, while changes keep coming. */
export const MAX_WAIT_MS = 600;

/**
 * `derive(state)` when the selection's context changed, `refresh(state, previous)` (default: keep)
 * when only the rest of the document did; after the next frame, or once input pauses (QUIET_MS, MAX_WAIT_MS).
 */
export function useSelectionContext<T>(
  editor: Editor,
  derive: (state: EditorState) => T,
  refresh?: (state: EditorState, previous: T) => T,
): T {
  const fns = useRef({ derive, refresh });
  fns.current = { derive, refresh };
  const last = useRef<{ key: SelectionKey; value: T } | null>(null);
  const [value, setValue] = useState<T>(() => {
    const v = derive(editor.state);
    last.current = { key: selectionKey(editor.state), value: v };
    return v;
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let frame = 0;
    let pendingSince = 0;
    let lastUpdate = -Infinity;
    const update = () => {
      timer = null;
      frame = 0;
      pendingSince = 0;
      lastUpdate = performance.now();
      if (editor.isDestroyed) return;
      const state = editor.state;
      const key = selectionKey(state);
      const prev = last.current;
      let next: T;
      if (prev && sameSelectionKey(prev.key, key)) {
        const { refresh } = fns.current;
        next = refresh ? refresh(state, prev.value) : prev.value;
      } else {
        next = fns.current.derive(state);
      }
      last.current = { key, value: next };
      setValue((current) => (sameValue(current, next) ? current : next));
    };
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      if (!relevant(transaction) || frame) return;
      const now = performance.now();
      if (!pendingSince && !timer && now - lastUpdate > QUIET_MS) {
        // the first change after a pause: right after the frame that shows it
        pendingSince = now;
        frame = requestAnimationFrame(() => (timer = setTimeout(update, 0)));
        return;
      }
      if (!pendingSince) pendingSince = now;
      else if (now - pendingSince >= MAX_WAIT_MS - QUIET_MS) return; // let the armed update run
      if (timer) clearTimeout(timer);
      timer = setTimeout(update, QUIET_MS);
    };
    editor.on('transaction', onTransaction);
    // the editor may have moved on between the first render and this effect
    timer = setTimeout(update, 0);
    return () => {
      editor.off('transaction', onTransaction);
      if (timer) clearTimeout(timer);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [editor]);

  return value;
}
