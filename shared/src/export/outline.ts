// The document's structure as plain data: what `penholder outline` prints and what overviews and
// tests read. Labels come from numbering/, text from the literal bracket renderer. A deleted paragraph's
// placeholder is listed as the paragraph (or subparagraph) it was, text "[Deleted]", `deleted: true`.
// `fixed` says a label is the block's own (typed in the source or frozen), not derived. Level-2
// subparagraphs (i), (ii) sit in their level-1 subparagraph's `subparagraphs`. Option markers are
// listed in `options`, each with the paragraphs it offers; a paragraph names its option. An option
// covers the blocks after it up to the next option or heading when its own line holds no text or
// only a note ("(paras 6-9bis):", or a note in italics); an option with text of its own ("Option 2: No text")
// covers itself only. That rule is a reading of UNFCCC practice, not something the source states.
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, footnoteNumbers } from '../numbering/labels.ts';
import { renderInlineLiteral } from '../brackets/literal.ts';
import { superscript } from './superscript.ts';
import type { ParagraphKind, ParagraphStatus } from '../model/types.ts';
import { DELETED_TEXT, deletedBlockAttrs, isDeletedBlock } from '../schema/deletedBlock.ts';

export interface OutlineFootnote { number: number; text: string }
export interface OutlineSubparagraph {
  label: string;
  fixed: boolean;
  level: number;
  text: string;
  status: ParagraphStatus;
  footnotes: OutlineFootnote[];
  /** Level-2 subparagraphs (i), (ii)... of a level-1 subparagraph. */
  subparagraphs: OutlineSubparagraph[];
  /** A deleted subparagraph that keeps its label: text "[Deleted]" (schema/deletedBlock.ts). */
  deleted?: true;
}
export interface OutlineParagraph {
  id: string;
  label: string | null;
  fixed: boolean;
  kind: ParagraphKind;
  status: ParagraphStatus;
  section: string | null;
  /** Label of the option marker this paragraph belongs to, if any. */
  option: string | null;
  /** "12" for a paragraph labelled "12 Alt" or "3.3alt": the paragraph it is an alternative to. */
  alternativeOf: string | null;
  text: string;
  subparagraphs: OutlineSubparagraph[];
  footnotes: OutlineFootnote[];
  /** A deleted paragraph that keeps its label: text "[Deleted]" (schema/deletedBlock.ts). */
  deleted?: true;
}
export interface OutlineOption {
  id: string;
  /** The marker as typed: "Option 1:". */
  label: string;
  section: string | null;
  /** Text on the marker's own line. */
  text: string;
  /** Labels (ids when unnumbered) of the paragraphs it offers. */
  paragraphs: string[];
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
  headings: { label: string | null; fixed: boolean; text: string; level: number }[];
  paragraphs: OutlineParagraph[];
  options: OutlineOption[];
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
    options: [],
    groups: [],
    report,
  };
  let option: OutlineOption | null = null; // the option whose scope is open
  for (const { node, label, section, fixed } of labelBlocks(doc)) {
    const name = node.type.name;
    if (name === 'sectionHeading') {
      outline.headings.push({ label, fixed, text: node.textContent, level: Number(node.attrs.level) });
      option = null;
      continue;
    }
    const placeholder = isDeletedBlock(node) ? deletedBlockAttrs(node) : null;
    const text = placeholder ? DELETED_TEXT : blockText(node, numbers);
    const footnotes = footnotesIn(node, numbers);
    const owner = label ?? node.attrs.id;
    if (name === 'option') {
      const marker: OutlineOption = { id: node.attrs.id, label: label ?? '', section, text, paragraphs: [], footnotes };
      outline.options.push(marker);
      option = coversFollowing(node, text) ? marker : null;
      outline.groups.push(...groupsIn(node, label ?? node.attrs.id, numbers));
      continue;
    }
    if (name === 'subparagraph' || placeholder?.was === 'subparagraph') {
      const parent = outline.paragraphs[outline.paragraphs.length - 1];
      const entry: OutlineSubparagraph = {
        label: label!,
        fixed,
        level: placeholder ? placeholder.level : Number(node.attrs.level) || 1,
        text,
        status: placeholder ? 'negotiating' : node.attrs.status,
        footnotes,
        subparagraphs: [],
        ...(placeholder ? { deleted: true as const } : {}),
      };
      const upper = parent?.subparagraphs[parent.subparagraphs.length - 1];
      const nested = entry.level >= 2 && upper !== undefined;
      (nested ? upper.subparagraphs : parent?.subparagraphs)?.push(entry);
      const subLabel = `${parent?.label ?? parent?.id ?? ''}${nested ? upper.label : ''}${label}`;
      outline.groups.push(...groupsIn(node, subLabel, numbers));
      continue;
    }
    outline.paragraphs.push({
      id: node.attrs.id,
      label,
      fixed,
      kind: placeholder ? placeholder.kind : node.attrs.kind,
      status: placeholder ? 'negotiating' : node.attrs.status,
      section,
      option: option?.label ?? null,
      alternativeOf: label ? (/^(.*?\d)\s?alt\b/i.exec(label)?.[1] ?? null) : null,
      text,
      subparagraphs: [],
      footnotes,
      ...(placeholder ? { deleted: true as const } : {}),
    });
    option?.paragraphs.push(owner);
    outline.groups.push(...groupsIn(node, owner, numbers));
  }
  return outline;
}

/**
 * An option marker with no text of its own, or only a note such as "(paras 6-9bis):" or an italic
 * "*communication to 5 year time period*", introduces the blocks after it.
 */
function coversFollowing(node: PMNode, text: string): boolean {
  if (text.trim() === '' || /^\(.*\)\s*:?$/.test(text.trim())) return true;
  let allItalic = true;
  node.descendants((child) => {
    if (child.isText && child.text!.trim() && !child.marks.some((m) => m.type.name === 'italic')) allItalic = false;
    return true;
  });
  return allItalic;
}
