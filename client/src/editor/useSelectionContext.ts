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
//  - React re-renders only when the value actually changed;
//  - every panel of an editor updates on one clock (PanelClock): their updates run in one task, so
//    React renders and commits them together, once.
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

/** What the clock listens to: an editor's transactions (TipTap's Editor, or a stand-in in tests). */
export interface TransactionSource {
  readonly isDestroyed: boolean;
  on(event: 'transaction', fn: (props: { transaction: Transaction }) => void): unknown;
  off(event: 'transaction', fn: (props: { transaction: Transaction }) => void): unknown;
}

/**
 * When the panels of one editor update: one schedule for all of them, so that their state updates
 * run in the same task and React renders and commits them together, once (every commit while the
 * editor has focus costs React's selection bookkeeping, see reactSelection.ts). Each panel used to
 * keep its own timer: a click could cost three commits, one per panel.
 */
export class PanelClock {
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private pendingSince = 0;
  private lastUpdate = -Infinity;

  constructor(private readonly source: TransactionSource) {}

  /** `listener` runs at each update, with every other listener, in one task. */
  subscribe(listener: () => void): () => void {
    if (!this.listeners.size) this.source.on('transaction', this.onTransaction);
    this.listeners.add(listener);
    // the editor may have moved on between a panel's first render and its subscription
    this.soon();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size) return;
      this.source.off('transaction', this.onTransaction);
      this.cancel();
    };
  }

  private cancel() {
    if (this.timer) clearTimeout(this.timer);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.timer = null;
    this.frame = 0;
    this.pendingSince = 0;
  }

  private soon() {
    if (this.timer || this.frame) return;
    this.timer = setTimeout(this.run, 0);
  }

  private readonly run = () => {
    this.timer = null;
    this.frame = 0;
    this.pendingSince = 0;
    this.lastUpdate = performance.now();
    if (this.source.isDestroyed) return;
    for (const listener of [...this.listeners]) listener();
  };

  private readonly onTransaction = ({ transaction }: { transaction: Transaction }) => {
    if (!relevant(transaction) || this.frame) return;
    const now = performance.now();
    if (!this.pendingSince && !this.timer && now - this.lastUpdate > QUIET_MS) {
      // the first change after a pause: right after the frame that shows it
      this.pendingSince = now;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.timer = setTimeout(this.run, 0);
      });
      return;
    }
    if (!this.pendingSince) this.pendingSince = now;
    else if (now - this.pendingSince >= MAX_WAIT_MS - QUIET_MS) return; // let the armed update run
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.run, QUIET_MS);
  };
}

const clocks = new WeakMap<TransactionSource, PanelClock>();

/** The one clock of an editor's panels. */
export function panelClock(editor: TransactionSource): PanelClock {
  let clock = clocks.get(editor);
  if (!clock) clocks.set(editor, (clock = new PanelClock(editor)));
  return clock;
}

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

  useEffect(
    () =>
      panelClock(editor).subscribe(() => {
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
      }),
    [editor],
  );

  return value;
}
