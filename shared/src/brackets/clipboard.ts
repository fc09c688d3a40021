/**
 * The clipboard's plain text, both ways. Brackets are structure in the document, so without this a
 * copy of `another [five] [ten] [fifteen] years` puts `another fivetenfifteen years` on text/plain
 * (ProseMirror joins the text of the nodes) and a pasted `[five] [ten]` stays two characters that
 * are not a group.
 *
 *  - copy (sliceToLiteralText): the selection as the clean text export writes it: brackets literal,
 *    alternatives joined by their group's own separator, footnotes as their superscript marker (the
 *    caller numbers them, from the whole document), blocks separated by a blank line, no margin labels.
 *    A selection inside one alternative copies its text alone; one across alternatives or out of a
 *    group copies the brackets it covers.
 *  - paste (literalTextToSlice): plain text becomes paragraphs (one a line, as ProseMirror's own plain
 *    text parser does), and `[`...`]` in it become groups by the same rule as typing and importing
 *    (structureBrackets: spans separated only by whitespace are alternatives of one group; unmatched
 *    brackets stay characters). HTML copied from the editor keeps its structure through the schema's
 *    data-* attributes and does not come here.
 * Known limit: HTML from elsewhere (a Word or web page) is parsed as HTML, so its brackets stay
 * characters; typing `]` after them, or the importer, makes groups.
 */
import type { JSONContent } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode, type Schema } from '@tiptap/pm/model';
import { renderInlineLiteral, structureBrackets, type RenderOptions } from './literal.ts';
import { DELETED_TEXT, isDeletedBlock } from '../schema/deletedBlock.ts';

/**
 * Plain text of a copied slice, brackets literal. The editor's copy is `selection.content()`, a slice
 * with its parents (open from the document down), so a group keeps its separator.
 */
export function sliceToLiteralText(slice: Slice, opts: RenderOptions = {}): string {
  let content = slice.content;
  let open = Math.min(slice.openStart, slice.openEnd);
  // A slice within one block is wrapped in the nodes it is open through (paragraph, group,
  // alternative): unwrap them, but keep a group whose several alternatives the selection spans.
  while (open > 0 && content.childCount === 1) {
    const only = content.firstChild!;
    if (only.isText || only.isLeaf) break;
    if (only.type.name === 'bracketGroup' && only.childCount > 1) break;
    content = only.content;
    open--;
  }
  if (content.childCount === 0) return '';
  const first = content.firstChild!;
  const schema = first.type.schema;
  // Alternatives without their group (a slice cut at the group's depth): bracketed, one space apart.
  if (first.type.name === 'bracketAlt') content = Fragment.from(schema.nodes.bracketGroup!.create(null, content));
  if (first.isInline) return renderInlineLiteral(container(schema, content), opts);
  const blocks: string[] = [];
  // a deleted paragraph's placeholder copies as the words it shows (schema/deletedBlock.ts)
  content.forEach((block) => blocks.push(isDeletedBlock(block) ? DELETED_TEXT : renderInlineLiteral(block, opts)));
  return blocks.join('\n\n');
}

/** A node holding inline content, so renderInlineLiteral can walk a bare fragment. */
function container(schema: Schema, content: Fragment): PMNode {
  return schema.nodes.bracketAlt!.create(null, content);
}

/**
 * Pasted plain text as a slice: one line gives inline content (groups where the text has brackets);
 * several lines give paragraphs, open at both ends so the first and last join the text around the
 * caret. `canHoldGroups` says whether the paste lands where groups may go (not in a footnote or
 * the title): there the text stays literal.
 */
export function literalTextToSlice(text: string, schema: Schema, canHoldGroups = true): Slice {
  const lines = text.replace(/\r\n?/g, '\n').split(/\n+/).filter((line, i, all) => line !== '' || all.length === 1);
  const inline = (line: string): PMNode[] => {
    if (!line) return [];
    const json: JSONContent[] = canHoldGroups ? structureBrackets([{ text: line }]).content : [{ type: 'text', text: line }];
    return json.map((n) => schema.nodeFromJSON(n));
  };
  if (lines.length <= 1) return new Slice(Fragment.fromArray(inline(lines[0] ?? '')), 0, 0);
  const paragraphs = lines.map((line) => schema.nodes.paragraph!.create(null, inline(line)));
  return new Slice(Fragment.fromArray(paragraphs), 1, 1);
}
