// The block structure of an outcome document, kept flat on purpose: the document is a sequence of
// headings, paragraphs and subparagraphs after one front-matter block. A flat sequence maps onto one
// Y.XmlFragment with one Y.XmlElement per block, so concurrent edits in different paragraphs never
// touch a shared parent, and moving a paragraph between sections is a plain block move. Sections,
// numbers and subparagraph letters are derived from the order (see numbering/), never stored.
import { Node, mergeAttributes } from '@tiptap/core';
import { dataAttribute } from './attributes.ts';

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
    };
  },
  parseHTML: () => [{ tag: 'p' }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes({ 'data-paragraph': '' }, HTMLAttributes), 0],
});

/** Subparagraph (a), (b)... of the paragraph before it; its letter is derived from its position. */
export const Subparagraph = Node.create({
  name: 'subparagraph',
  group: 'block',
  content: 'inline*',
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      status: dataAttribute('status', 'negotiating'),
    };
  },
  parseHTML: () => [{ tag: 'p[data-subparagraph]', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes({ 'data-subparagraph': '' }, HTMLAttributes), 0],
});
