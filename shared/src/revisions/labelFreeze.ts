// Freezing the paragraph labels when a revision is issued (docs/design.md §1): from then on labels are
// stable references in the room, so a paragraph inserted after 12 becomes `12 bis` (numbering/labels.ts)
// instead of pushing 13 and everything after it down. Issuing a revision may first renumber: every
// paragraph label is derived afresh (`12 bis` becomes 13), and the old-to-new map is kept with the
// revision, because delegations quote paragraph numbers.
//
// Only paragraph labels are frozen: subparagraph letters, headings and option markers follow their
// paragraph and stay derived (a letter inserted between (a) and (b) still relabels the letters after
// it). Known limit, said here rather than guessed at. Renumbering drops deleted paragraphs'
// placeholders ("12. [Deleted]"): the new revision closes the gaps they held open.
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks } from '../numbering/labels.ts';
import { isDeletedBlock } from '../schema/deletedBlock.ts';

export interface LabelFreeze {
  /** For each top-level block (by index in the document, front block included) the label to store. */
  labels: { index: number; label: string }[];
  /** Old label -> new label, for paragraphs whose label changed (renumbering only). */
  renumbered: { from: string; to: string }[];
  /**
   * Renumbering only, when there are any: indexes (in the document as it is) of deleted paragraphs'
   * placeholders ("12. [Deleted]", schema/deletedBlock.ts), to remove. A renumbered text closes up its
   * gaps, so their numbers go to the paragraphs after them; `labels` are derived without them.
   */
  removed?: number[];
}

/** Paragraph labels by block index, as the document shows them now. */
function paragraphLabels(doc: PMNode): Map<number, string> {
  const byPos = new Map(labelBlocks(doc).filter((b) => b.node.type.name === 'paragraph' && b.label).map((b) => [b.pos, b.label!]));
  const out = new Map<number, string>();
  doc.forEach((_node, pos, index) => {
    const label = byPos.get(pos);
    if (label) out.set(index, label);
  });
  return out;
}

/** The labels to store to freeze `doc`'s paragraph numbering, renumbering first if asked. */
export function planLabelFreeze(doc: PMNode, options: { renumber: boolean }): LabelFreeze {
  const before = paragraphLabels(doc);
  let after = before;
  const removed: number[] = [];
  if (options.renumber) {
    const blocks: PMNode[] = [];
    const originalIndex: number[] = [];
    doc.forEach((node, _pos, index) => {
      if (isDeletedBlock(node)) {
        removed.push(index);
        return;
      }
      originalIndex.push(index);
      blocks.push(node.type.name === 'paragraph' && node.attrs.label ? node.type.create({ ...node.attrs, label: null }, node.content, node.marks) : node);
    });
    if (blocks.length < 2) removed.length = 0; // a document keeps at least one block: nothing but placeholders stay
    after = new Map([...paragraphLabels(doc.type.create(doc.attrs, blocks))].map(([index, label]) => [originalIndex[index]!, label]));
  }
  const labels = [...after].map(([index, label]) => ({ index, label }));
  const renumbered = [...after]
    .filter(([index, label]) => before.get(index) !== label)
    .map(([index, label]) => ({ from: before.get(index)!, to: label }));
  return removed.length ? { labels, renumbered, removed } : { labels, renumbered };
}
