// JSON builders for the outcome schema (schema/documentNodes.ts). Ids are minted here so every
// block that leaves the importer has one. `label` is a fixed label (numbering/labels.ts): null
// leaves the block's label to derivation.
import type { JSONContent } from '@tiptap/core';
import type { DocJSON, FrontMatter, ParagraphKind } from '../model/types.ts';
import { newId } from '../schema/ids.ts';

export function frontNode(title: string, fm: FrontMatter): JSONContent {
  const docTitle: JSONContent = { type: 'docTitle' };
  if (title) docTitle.content = [{ type: 'text', text: title }];
  return { type: 'front', attrs: { ...fm }, content: [docTitle] };
}

export function headingNode(level: 1 | 2, numbered: boolean, content: JSONContent[], label: string | null = null): JSONContent {
  return withContent({ type: 'sectionHeading', attrs: { id: newId('h'), level, numbered, label } }, content);
}

export function paragraphNode(kind: ParagraphKind, content: JSONContent[], label: string | null = null): JSONContent {
  return withContent({ type: 'paragraph', attrs: { id: newId('p'), kind, status: 'negotiating', label } }, content);
}

export function subparagraphNode(content: JSONContent[], level: 1 | 2 = 1, label: string | null = null): JSONContent {
  return withContent({ type: 'subparagraph', attrs: { id: newId('p'), status: 'negotiating', level, label } }, content);
}

/** A deleted paragraph that keeps its label ("12. [Deleted]" in the source): schema/deletedBlock.ts. */
export function deletedBlockNode(was: 'paragraph' | 'subparagraph', label: string, kind: ParagraphKind = 'op', level: 1 | 2 = 1): JSONContent {
  return { type: 'deletedBlock', attrs: { id: newId('p'), label, was, kind, level } };
}

export function optionNode(label: string, content: JSONContent[]): JSONContent {
  return withContent({ type: 'option', attrs: { id: newId('o'), label } }, content);
}

export function docNode(front: JSONContent, blocks: JSONContent[]): DocJSON {
  // The schema needs at least one block after the front.
  return { type: 'doc', content: [front, ...(blocks.length ? blocks : [paragraphNode('op', [])])] };
}

function withContent(node: JSONContent, content: JSONContent[]): JSONContent {
  if (content.length) node.content = content;
  return node;
}
