// Every paragraph, heading, group, alternative and footnote carries a stable id. Splitting a node
// copies its attrs, and pasting may bring ids already in use, so after each local change the
// editor gives a fresh id to any node whose id is missing or repeats an earlier one (and drops a
// fixed label such a copy carries: see numbering/labels.ts).
import type { Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { newId, nodeId } from './ids.ts';
import { isLockedBlock } from '../consensus/locks.ts';

export const ID_PREFIX: Readonly<Record<string, string>> = {
  sectionHeading: 'h',
  paragraph: 'p',
  subparagraph: 'p',
  option: 'o',
  deletedBlock: 'p',
  bracketGroup: 'g',
  bracketAlt: 'a',
  footnote: 'f',
};

export function assignMissingIds(tr: Transaction): boolean {
  const seen = new Set<string>();
  let changed = false;
  // Paragraphs marked agreed or ad ref are locked (consensus/locks.ts): their ids are taken as they
  // are, so a copy of one pasted before it is the one renamed, and nothing inside them is touched.
  const locked = new Set<PMNode>();
  const see = (node: PMNode) => {
    const id = ID_PREFIX[node.type.name] ? nodeId(node) : null;
    if (id) seen.add(id);
  };
  tr.doc.forEach((block) => {
    if (!isLockedBlock(block)) return;
    locked.add(block);
    block.descendants((node) => void see(node));
    see(block);
  });
  tr.doc.descendants((node, pos) => {
    if (locked.has(node)) return false;
    const prefix = ID_PREFIX[node.type.name];
    if (!prefix) return true;
    const id = nodeId(node);
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
