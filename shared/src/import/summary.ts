// What an import produced, in the numbers a secretariat checks before creating a negotiation from a
// file: how many paragraphs, headings, subparagraphs, footnotes and bracket groups, and how deep the
// brackets nest. The browser's import preview and the command line both print these.
import type { Node as PMNode } from '@tiptap/pm/model';

export interface ImportCounts {
  /** Paragraphs of every kind (preambular, operative, running text). */
  paragraphs: number;
  headings: number;
  subparagraphs: number;
  footnotes: number;
  /** Bracket groups, nested ones included. */
  bracketGroups: number;
  /** 0 without brackets, 1 for groups in running text only, 2 when a group sits inside an alternative... */
  deepestNesting: number;
}

const BLOCK_COUNTERS: Record<string, keyof ImportCounts> = {
  paragraph: 'paragraphs',
  sectionHeading: 'headings',
  subparagraph: 'subparagraphs',
};

export function importCounts(doc: PMNode): ImportCounts {
  const counts: ImportCounts = { paragraphs: 0, headings: 0, subparagraphs: 0, footnotes: 0, bracketGroups: 0, deepestNesting: 0 };
  const inline = (node: PMNode, depth: number) => {
    node.forEach((child) => {
      if (child.type.name === 'footnote') counts.footnotes++;
      if (child.type.name === 'bracketGroup') {
        counts.bracketGroups++;
        counts.deepestNesting = Math.max(counts.deepestNesting, depth + 1);
        child.forEach((alt) => inline(alt, depth + 1));
      } else if (!child.isText) inline(child, depth);
    });
  };
  doc.forEach((block) => {
    const counter = BLOCK_COUNTERS[block.type.name];
    if (counter) counts[counter]++;
    inline(block, 0);
  });
  return counts;
}
