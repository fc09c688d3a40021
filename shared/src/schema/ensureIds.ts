// Every paragraph, heading, group, alternative and footnote carries a stable id. Splitting a node
// copies its attrs, and pasting may bring ids already in use, so after each local change the
// editor gives a fresh id to any node whose id is missing or repeats an earlier one (and drops a
// fixed label such a copy carries: see numbering/labels.ts).
import type { Transaction } from '@tiptap/pm/state';
import { newId } from './ids.ts';

export const ID_PREFIX: Readonly<Record<string, string>> = {
  sectionHeading: 'h',
  paragraph: 'p',
  subparagraph: 'p',
  option: 'o',
  bracketGroup: 'g',
  bracketAlt: 'a',
  footnote: 'f',
};

export function assignMissingIds(tr: Transaction): boolean {
  const seen = new Set<string>();
  let changed = false;
  tr.doc.descendants((node, pos) => {
    const prefix = ID_PREFIX[node.type.name];
    if (!prefix) return true;
    const id = node.attrs.id as string | null;
    if (!id || seen.has(id)) {
      tr.setNodeAttribute(pos, 'id', newId(prefix));
      // A block that copies another (the second half of a split, a pasted copy) does not copy its
      // fixed label "12 bis": it takes the label that follows, derived.
      if (node.attrs.label) tr.setNodeAttribute(pos, 'label', null);
      changed = true;
    } else {
      seen.add(id);
    }
    return true;
  });
  return changed;
}
