// Cheap test for the common keystroke: a transaction that only inserts or deletes text (or changes
// marks) inside one inline run cannot change block structure, ids or footnote order, so derived
// view state can be mapped instead of recomputed.
import type { Transaction } from '@tiptap/pm/state';
import type { Fragment } from '@tiptap/pm/model';
import { ReplaceStep, AddMarkStep, RemoveMarkStep } from '@tiptap/pm/transform';

function onlyText(fragment: Fragment): boolean {
  let ok = true;
  fragment.forEach((node) => {
    if (!node.isText) ok = false;
  });
  return ok;
}

export function isTextOnlyChange(tr: Transaction): boolean {
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i];
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) continue;
    if (!(step instanceof ReplaceStep)) return false;
    // from/to/slice are public in prosemirror-transform but typed as internal
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: { openStart: number; openEnd: number; content: Fragment } };
    if (slice.openStart !== 0 || slice.openEnd !== 0 || !onlyText(slice.content)) return false;
    if (from !== to) {
      const removed = tr.docs[i].slice(from, to);
      if (removed.openStart !== 0 || removed.openEnd !== 0 || !onlyText(removed.content)) return false;
    }
  }
  return true;
}
