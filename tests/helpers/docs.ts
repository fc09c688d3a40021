// Small builders for documents in unit tests: a front block plus the given blocks.
import { EditorState, TextSelection } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { JSONContent } from '@tiptap/core';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { textBeforePoint, type ProposalOperation } from '../../shared/src/proposals/operations.ts';

export const t = (text: string, marks?: string[]): JSONContent =>
  marks ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
export const alt = (...content: JSONContent[]): JSONContent => ({ type: 'bracketAlt', content });
export const group = (...alts: JSONContent[]): JSONContent => ({ type: 'bracketGroup', content: alts });
export const para = (kind: 'pp' | 'op' | 'text', ...content: JSONContent[]): JSONContent => ({
  type: 'paragraph',
  attrs: { kind },
  content,
});
export const heading = (text: string, level = 1, numbered = true): JSONContent => ({
  type: 'sectionHeading',
  attrs: { level, numbered },
  content: [t(text)],
});
export const sub = (text: string): JSONContent => ({ type: 'subparagraph', content: [t(text)] });

export function makeDoc(blocks: JSONContent[], numberingStyle: 'outcome' | 'resolution' = 'outcome'): PMNode {
  return docFromJSON({
    type: 'doc',
    content: [{ type: 'front', attrs: { numberingStyle }, content: [{ type: 'docTitle', content: [t('Test')] }] }, ...blocks],
  });
}

function findText(doc: PMNode, needle: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    const at = node.isText ? node.text!.indexOf(needle) : -1;
    if (at >= 0) found = pos + at;
    return true;
  });
  if (found < 0) throw new Error(`text not found: ${needle}`);
  return found;
}

/** An editor state with `needle` (its first occurrence) selected. */
export function selecting(doc: PMNode, needle: string): EditorState {
  const from = findText(doc, needle);
  const state = EditorState.create({ doc });
  return state.apply(state.tr.setSelection(TextSelection.create(doc, from, from + needle.length)));
}

/** An editor state with the caret just after `needle`. */
export function caretAfter(doc: PMNode, needle: string): EditorState {
  const at = findText(doc, needle) + needle.length;
  const state = EditorState.create({ doc });
  return state.apply(state.tr.setSelection(TextSelection.create(doc, at)));
}

/** Applies a command and returns the new state; fails the test when the command refuses. */
export function run(state: EditorState, command: (s: EditorState, d?: (tr: any) => void) => boolean): EditorState {
  let next: EditorState | null = null;
  const ok = command(state, (tr) => (next = state.apply(tr)));
  if (!ok || !next) throw new Error('command refused');
  return next;
}

/** Types text at the selection, as the keyboard would. */
export function type(state: EditorState, text: string): EditorState {
  return state.apply(state.tr.insertText(text));
}

/** Every group in `node`, outermost first, as its alternatives' literal text. */
export function groupTexts(node: PMNode): string[][] {
  const out: string[][] = [];
  node.descendants((n) => {
    if (n.type.name === 'bracketGroup') {
      const alts: string[] = [];
      n.forEach((a) => alts.push(renderInlineLiteral(a)));
      out.push(alts);
    }
    return true;
  });
  return out;
}

/**
 * An insertion proposal at offset `at` of the top-level block `blockId`, with the `expected` text an
 * editor sends (the block's text before the point); '' when there is no such block.
 */
export function insertion(doc: PMNode, blockId: string, at: number, text: string): ProposalOperation {
  let expected = '';
  doc.forEach((block, offset) => {
    if (block.attrs.id === blockId && at <= block.content.size) expected = textBeforePoint(doc, offset + 1, offset + 1 + at);
  });
  return { type: 'propose-insertion', blockId, at, expected, text };
}
