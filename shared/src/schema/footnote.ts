// A footnote lives where it is cited: an inline node whose content is the note's text. Its number is
// derived from document order (numbering/), so inserting a footnote renumbers the rest.
import { Node, mergeAttributes } from '@tiptap/core';
import { dataAttribute } from './attributes.ts';

export const Footnote = Node.create({
  name: 'footnote',
  group: 'inline',
  inline: true,
  content: 'text*',
  marks: 'italic',
  isolating: true,
  addAttributes() {
    return { id: dataAttribute('id', null) };
  },
  parseHTML: () => [{ tag: 'span[data-footnote]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes({ 'data-footnote': '', class: 'footnote' }, HTMLAttributes), 0],
});
