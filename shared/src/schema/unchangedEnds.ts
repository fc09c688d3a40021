// How many top-level blocks two versions of a document share at their start and at their end: what
// derived state (ids checked, labels kept, decorations) needs to look at after a change is what lies
// between. ProseMirror nodes are persistent, so after a local edit the untouched blocks are the same
// objects and identity (the default) finds them; a caller that also sees documents rebuilt node by
// node (a remote change through the y-sync binding) passes a structural comparison instead.
import type { Node as PMNode } from '@tiptap/pm/model';

export interface UnchangedEnds {
  /** Blocks the same at the start of both documents. */
  prefix: number;
  /** Blocks the same at the end of both documents, not overlapping the prefix. */
  suffix: number;
}

export function unchangedEnds(before: PMNode, after: PMNode, same: (a: PMNode, b: PMNode) => boolean = (a, b) => a === b): UnchangedEnds {
  const min = Math.min(before.childCount, after.childCount);
  let prefix = 0;
  while (prefix < min && same(before.child(prefix), after.child(prefix))) prefix++;
  let suffix = 0;
  while (suffix < min - prefix && same(before.child(before.childCount - 1 - suffix), after.child(after.childCount - 1 - suffix))) suffix++;
  return { prefix, suffix };
}
