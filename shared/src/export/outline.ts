// The document's structure as plain data: what `penholder outline` prints and what overviews and
// tests read. Labels come from numbering/, text from the literal bracket renderer.
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, footnoteNumbers } from '../numbering/labels.ts';
import { renderInlineLiteral } from '../brackets/literal.ts';
import { superscript } from './superscript.ts';
import type { ParagraphKind, ParagraphStatus } from '../model/types.ts';

export interface OutlineFootnote { number: number; text: string }
export interface OutlineSubparagraph { label: string; text: string; status: ParagraphStatus; footnotes: OutlineFootnote[] }
export interface OutlineParagraph {
  id: string;
  label: string | null;
  kind: ParagraphKind;
  status: ParagraphStatus;
  section: string | null;
  text: string;
  subparagraphs: OutlineSubparagraph[];
  footnotes: OutlineFootnote[];
}
export interface OutlineGroup {
  id: string;
  /** Label of the paragraph holding the group (its id when unnumbered). */
  paragraph: string;
  alternatives: string[];
  proposers: (string | null)[];
  /** 0 for a group in running text, 1 for a group inside an alternative, and so on. */
  depth: number;
}
export interface Outline {
  title: string;
  symbol: string;
  date: string;
  stage: string;
  numberingStyle: string;
  headings: { label: string | null; text: string; level: number }[];
  paragraphs: OutlineParagraph[];
  groups: OutlineGroup[];
  report: unknown[];
}

/** Renders inline content with footnote markers as superscript numbers. */
export function blockText(node: PMNode, numbers: Map<PMNode, number>): string {
  return renderInlineLiteral(node, { footnote: (fn) => superscript(numbers.get(fn) ?? 0) });
}

/** Footnote numbers keyed by node, for renderers that walk nodes rather than positions. */
export function footnotesByNode(doc: PMNode): Map<PMNode, number> {
  const byPos = footnoteNumbers(doc);
  const byNode = new Map<PMNode, number>();
  doc.descendants((node, pos) => {
    const n = byPos.get(pos);
    if (n !== undefined) byNode.set(node, n);
    return true;
  });
  return byNode;
}

function footnotesIn(block: PMNode, numbers: Map<PMNode, number>): OutlineFootnote[] {
  const notes: OutlineFootnote[] = [];
  block.descendants((node) => {
    if (node.type.name === 'footnote') notes.push({ number: numbers.get(node) ?? 0, text: node.textContent });
    return node.type.name !== 'footnote';
  });
  return notes;
}

function groupsIn(block: PMNode, paragraph: string, numbers: Map<PMNode, number>): OutlineGroup[] {
  const groups: OutlineGroup[] = [];
  const walk = (node: PMNode, depth: number) => {
    node.forEach((child) => {
      if (child.type.name === 'bracketGroup') {
        const alts: PMNode[] = [];
        child.forEach((alt) => alts.push(alt));
        groups.push({
          id: child.attrs.id,
          paragraph,
          alternatives: alts.map((alt) => blockText(alt, numbers)),
          proposers: alts.map((alt) => alt.attrs.proposer ?? null),
          depth,
        });
        for (const alt of alts) walk(alt, depth + 1);
      }
    });
  };
  walk(block, 0);
  return groups;
}

export function outlineOf(doc: PMNode, report: unknown[] = []): Outline {
  const front = doc.firstChild!;
  const numbers = footnotesByNode(doc);
  const outline: Outline = {
    title: front.textContent,
    symbol: front.attrs.symbol,
    date: front.attrs.date,
    stage: front.attrs.stage,
    numberingStyle: front.attrs.numberingStyle,
    headings: [],
    paragraphs: [],
    groups: [],
    report,
  };
  for (const { node, label, section } of labelBlocks(doc)) {
    const name = node.type.name;
    if (name === 'sectionHeading') {
      outline.headings.push({ label, text: node.textContent, level: Number(node.attrs.level) });
      continue;
    }
    const text = blockText(node, numbers);
    const footnotes = footnotesIn(node, numbers);
    const owner = label ?? node.attrs.id;
    if (name === 'subparagraph') {
      const parent = outline.paragraphs[outline.paragraphs.length - 1];
      const subLabel = `${parent?.label ?? parent?.id ?? ''}${label}`;
      parent?.subparagraphs.push({ label: label!, text, status: node.attrs.status, footnotes });
      outline.groups.push(...groupsIn(node, subLabel, numbers));
      continue;
    }
    outline.paragraphs.push({
      id: node.attrs.id,
      label,
      kind: node.attrs.kind,
      status: node.attrs.status,
      section,
      text,
      subparagraphs: [],
      footnotes,
    });
    outline.groups.push(...groupsIn(node, owner, numbers));
  }
  return outline;
}
