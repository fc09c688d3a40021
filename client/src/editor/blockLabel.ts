// The margin label ("12", "(a)") of the block at a position, from shared/numbering.
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks } from '../../../shared/src/numbering/labels.ts';

export function labelOfBlock(doc: PMNode, blockPos: number): string | null {
  return labelBlocks(doc).find((b) => b.pos === blockPos)?.label ?? null;
}
