// Caret handling around bracket structure (view behaviour only; no document rules here).
//
// Browsers cannot hold a caret inside an empty inline element: when ProseMirror puts its selection in
// an empty alternative (after "add alternative", or by arrow keys), Chrome moves the DOM caret to the
// end of the text before, and typed text would land in the previous alternative. So:
//  - the same holds right beside a group: "after the group" and "end of its last alternative" are one
//    DOM spot, and the browser picks the inside;
//  - so while the selection sits in such a place, typed text is inserted by us at ProseMirror's
//    selection (beforeinput), and a drawn caret marks the spot (the native one is hidden);
//  - ArrowLeft/ArrowRight step over bracket boundaries one at a time, as over the `[` and `]` the
//    reader sees: `all |[stakeholders]` -> `all [|stakeholders]`, end of one alternative -> start of
//    the next, end of the last -> after the group. Empty alternatives are stops on the way.
//    Backspace and Delete against a bracket do the same step rather than delete the group.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';

export const bracketCaretPluginKey = new PluginKey('penholderBracketCaret');

/** Can the caret stand in this node, i.e. can it hold text (paragraph, alternative, footnote, title)? */
export function holdsText(node: PMNode): boolean {
  return node.inlineContent && node.type.contentMatch.matchType(node.type.schema.nodes.text) !== null;
}

/** An inline node that holds inline content: a bracket group or alternative, a footnote. */
function isInlineContainer(node: PMNode | null | undefined): boolean {
  return !!node && node.isInline && !node.isText && node.inlineContent;
}

/** An inline container (alternative, footnote) that is empty and holds the empty selection. */
export function emptyInlineContainerAtCursor(state: EditorState): { pos: number; node: PMNode } | null {
  const { selection } = state;
  if (!selection.empty) return null;
  const { $from } = selection;
  const parent = $from.parent;
  if ($from.depth === 0 || parent.isTextblock || !holdsText(parent) || parent.content.size > 0) return null;
  return { pos: $from.before(), node: parent };
}

/**
 * Where the browser cannot put its caret where ProseMirror's is: in an empty alternative, or right
 * beside a group or footnote (the DOM offers one spot, inside the span, for "end of the alternative"
 * and "after the group"). Text typed there is inserted by us; null when the browser can be trusted.
 */
export function ambiguousCaret(state: EditorState): 'empty' | 'beside' | null {
  const { selection } = state;
  if (!selection.empty) return null;
  if (emptyInlineContainerAtCursor(state)) return 'empty';
  const { $from } = selection;
  if (isInlineContainer($from.nodeBefore) || isInlineContainer($from.nodeAfter)) return 'beside';
  return null;
}

/**
 * The next caret stop from `$pos` in direction `dir` when that step crosses a bracket (or footnote)
 * boundary; null when the step is an ordinary one the browser handles.
 */
export function boundaryStep($pos: ResolvedPos, dir: 1 | -1): number | null {
  const parent = $pos.parent;
  const neighbour = dir > 0 ? $pos.nodeAfter : $pos.nodeBefore;
  const atEdgeOfInlineContainer = !neighbour && !parent.isTextblock && holdsText(parent);
  if (!isInlineContainer(neighbour) && !atEdgeOfInlineContainer) return null;
  const doc = $pos.doc;
  for (let p = $pos.pos + dir; p >= 0 && p <= doc.content.size; p += dir) {
    if (holdsText(doc.resolve(p).parent)) return p;
  }
  return null;
}

/**
 * Deleting inside an alternative or footnote: when the browser's deletion would empty it (Chrome then
 * removes the whole span, and ProseMirror would read that as the group deleted) or reach out of it,
 * we delete the characters ourselves, clamped to the container.
 */
function deleteInsideContainer(view: EditorView, e: InputEvent): boolean {
  const { selection } = view.state;
  if (!selection.empty || view.composing) return false;
  const { $from } = selection;
  const parent = $from.parent;
  if ($from.depth === 0 || parent.isTextblock || !holdsText(parent)) return false;
  const ranges = e.getTargetRanges?.() ?? [];
  if (!ranges.length) return false;
  let from: number;
  let to: number;
  try {
    from = view.posAtDOM(ranges[0].startContainer, ranges[0].startOffset);
    to = view.posAtDOM(ranges[0].endContainer, ranges[0].endOffset);
  } catch {
    return false;
  }
  const start = $from.start();
  const end = $from.end();
  const clampedFrom = Math.max(from, start);
  const clampedTo = Math.min(to, end);
  const clamped = clampedFrom !== from || clampedTo !== to;
  const empties = clampedTo - clampedFrom === parent.content.size;
  if (!clamped && !empties) return false;
  e.preventDefault();
  if (clampedFrom < clampedTo) view.dispatch(view.state.tr.delete(clampedFrom, clampedTo).scrollIntoView());
  return true;
}

function drawnCaret(): HTMLElement {
  const el = document.createElement('span');
  el.className = 'drawn-caret';
  return el;
}

/**
 * ProseMirror learns of native caret moves from (asynchronous) selectionchange events; a key pressed
 * right after a native move would otherwise be judged against the old selection. `domObserver` is
 * internal to prosemirror-view, hence the guarded access.
 */
function syncSelectionFromDOM(view: EditorView): void {
  (view as unknown as { domObserver?: { flush(): void } }).domObserver?.flush();
}

/**
 * Moves the empty selection one stop in direction `dir` when the browser would get it wrong: across a
 * bracket boundary, or (for arrows) onto a spot beside a group, which the browser would resolve to
 * the inside of the neighbouring alternative.
 */
function step(view: EditorView, dir: 1 | -1, arrowKey: boolean): boolean {
  syncSelectionFromDOM(view);
  const { selection, doc } = view.state;
  if (!selection.empty) return false;
  const $head = selection.$head;
  let target = boundaryStep($head, dir);
  if (target === null && arrowKey) {
    const neighbour = dir > 0 ? $head.nodeAfter : $head.nodeBefore;
    if (neighbour?.isText) {
      const $next = doc.resolve($head.pos + dir);
      if (isInlineContainer($next.nodeBefore) || isInlineContainer($next.nodeAfter)) target = $next.pos;
    }
  }
  if (target === null) return false;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, target)).scrollIntoView());
  return true;
}

export const BracketCaret = Extension.create({
  name: 'penholderBracketCaret',
  addKeyboardShortcuts() {
    return {
      ArrowRight: ({ editor }) => step(editor.view, 1, true),
      ArrowLeft: ({ editor }) => step(editor.view, -1, true),
      // Backspace/Delete against a bracket step over it instead of deleting the structure (a whole
      // proposal would vanish with one key); removing brackets is the explicit command's job.
      Backspace: ({ editor }) => step(editor.view, -1, false),
      Delete: ({ editor }) => step(editor.view, 1, false),
    };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: bracketCaretPluginKey,
        props: {
          decorations(state) {
            const kind = ambiguousCaret(state);
            if (!kind) return null;
            if (kind === 'empty') {
              const at = emptyInlineContainerAtCursor(state)!;
              return DecorationSet.create(state.doc, [
                Decoration.node(at.pos, at.pos + at.node.nodeSize, { class: 'caret-here' }),
              ]);
            }
            return DecorationSet.create(state.doc, [
              Decoration.widget(state.selection.from, drawnCaret, { key: 'drawn-caret', side: 0, ignoreSelection: true }),
            ]);
          },
          attributes(state): Record<string, string> {
            return ambiguousCaret(state) ? { class: 'caret-drawn' } : {};
          },
          handleDOMEvents: {
            beforeinput(view, event) {
              const e = event as InputEvent;
              if (e.inputType.startsWith('delete')) return deleteInsideContainer(view, e);
              if (e.inputType !== 'insertText' || !e.data || view.composing) return false;
              if (!ambiguousCaret(view.state)) return false;
              e.preventDefault();
              const { from, to } = view.state.selection;
              const handled = view.someProp('handleTextInput', (f) => f(view, from, to, e.data!, () => view.state.tr));
              if (!handled) view.dispatch(view.state.tr.insertText(e.data, from, to).scrollIntoView());
              return true;
            },
          },
        },
      }),
    ];
  },
});
