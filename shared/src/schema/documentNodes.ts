// The block structure of an outcome document, kept flat on purpose: the document is a sequence of
// headings, paragraphs and subparagraphs after one front-matter block. A flat sequence maps onto one
// Y.XmlFragment with one Y.XmlElement per block, so concurrent edits in different paragraphs never
// touch a shared parent, and moving a paragraph between sections is a plain block move. Sections,
// numbers and subparagraph letters are derived from the order (see numbering/), except where a block
// carries a fixed `label` (typed as "12 bis" in the source, or frozen by a revision): then that label
// is shown and the next blocks continue from it. Option markers ("Option 1:") are blocks of their own
// in the same flat sequence, so alternatives of whole paragraphs need no nesting either.
import { Node, mergeAttributes } from '@tiptap/core';
import type { Attribute } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { isParagraphKind, type ParagraphKind } from '../model/types.ts';
import { dataAttribute } from './attributes.ts';

/**
 * The fixed label of a block (null: derived). Rendered as data-fixed-label, not data-label, which
 * the editor's label decorations own.
 */
const fixedLabel: Attribute = {
  default: null,
  parseHTML: (el) => el.getAttribute('data-fixed-label') || null,
  renderHTML: (attrs) => (attrs.label ? { 'data-fixed-label': String(attrs.label) } : {}),
};

export const Doc = Node.create({
  name: 'doc',
  topNode: true,
  content: 'front block+',
});

export const Text = Node.create({
  name: 'text',
  group: 'inline',
});

/** Heading block: title plus the document's identity (symbol, date, stage) and numbering style. */
export const Front = Node.create({
  name: 'front',
  content: 'docTitle',
  defining: true,
  isolating: true,
  addAttributes() {
    return {
      symbol: dataAttribute('symbol', ''),
      date: dataAttribute('date', ''),
      stage: dataAttribute('stage', ''),
      numberingStyle: dataAttribute('numbering-style', 'outcome'),
    };
  },
  parseHTML: () => [{ tag: 'header[data-front]' }],
  renderHTML: ({ HTMLAttributes }) => ['header', mergeAttributes({ 'data-front': '' }, HTMLAttributes), 0],
});

export const DocTitle = Node.create({
  name: 'docTitle',
  content: 'text*',
  marks: '',
  defining: true,
  parseHTML: () => [{ tag: 'h1[data-doc-title]' }],
  renderHTML: () => ['h1', { 'data-doc-title': '' }, 0],
});

/**
 * Section and subsection headings. `numbered: false` for "Preamble" and the unnumbered headings
 * inside a resolution's operative part.
 */
export const SectionHeading = Node.create({
  name: 'sectionHeading',
  group: 'block',
  content: 'text*',
  marks: 'italic bold',
  defining: true,
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      level: dataAttribute('level', 1),
      numbered: dataAttribute('numbered', true),
      label: fixedLabel,
    };
  },
  parseHTML: () => [{ tag: 'h2[data-section-heading]' }],
  renderHTML: ({ HTMLAttributes }) => ['h2', mergeAttributes({ 'data-section-heading': '' }, HTMLAttributes), 0],
});

/** A preambular or operative paragraph, or unnumbered running text. */
export const Paragraph = Node.create({
  name: 'paragraph',
  group: 'block',
  content: 'inline*',
  priority: 1000,
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      kind: dataAttribute('kind', 'op'),
      status: dataAttribute('status', 'negotiating'),
      label: fixedLabel,
    };
  },
  parseHTML: () => [{ tag: 'p' }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes({ 'data-paragraph': '' }, HTMLAttributes), 0],
});

/** A paragraph's kind, typed (the schema's default, operative, when the attribute holds anything else). */
export function paragraphKind(node: PMNode): ParagraphKind {
  const kind: unknown = node.attrs.kind;
  return isParagraphKind(kind) ? kind : 'op';
}

/**
 * Subparagraph (a), (b)... of the paragraph before it (level 1), or (i), (ii)... of the level-1
 * subparagraph before it (level 2); its letter is derived from its position.
 */
export const Subparagraph = Node.create({
  name: 'subparagraph',
  group: 'block',
  content: 'inline*',
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      status: dataAttribute('status', 'negotiating'),
      level: dataAttribute('level', 1),
      label: fixedLabel,
    };
  },
  parseHTML: () => [{ tag: 'p[data-subparagraph]', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes({ 'data-subparagraph': '' }, HTMLAttributes), 0],
});

/**
 * An option marker ("Option 1:", "Option (a):", "Option I"): the paragraphs after it, up to the next
 * marker or heading, are one alternative among several offered for the same place. Its label is the
 * marker as typed; text on the marker's own line ("No text", or a whole alternative sentence) is its
 * content, with brackets and footnotes like any paragraph.
 */
export const OptionMarker = Node.create({
  name: 'option',
  group: 'block',
  content: 'inline*',
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      label: fixedLabel,
    };
  },
  parseHTML: () => [{ tag: 'p[data-option]', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes({ 'data-option': '' }, HTMLAttributes), 0],
});
