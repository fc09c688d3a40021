// The margin label ("12", "(a)") of the block at a position. From the labels plugin when the
// editor has it (cheap), else computed from shared/numbering (a walk over the document).
import type { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks } from '../../../shared/src/numbering/labels.ts';
import { labelAt, labelsPluginKey } from './labels.ts';

export function labelOfBlock(doc: PMNode, blockPos: number): string | null {
  return labelBlocks(doc).find((b) => b.pos === blockPos)?.label ?? null;
}

export function blockLabel(state: EditorState, blockPos: number): string | null {
  return labelsPluginKey.getState(state) ? labelAt(state, blockPos) : labelOfBlock(state.doc, blockPos);
}
