// Where the caret stands relative to bracket structure. Commands and the toolbar both ask this.
import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';

export interface BracketContext {
  group: PMNode;
  /** Position just before the group node. */
  groupPos: number;
  alt: PMNode;
  altIndex: number;
  /** Depth of the alternative in the resolved position. */
  altDepth: number;
}

/** The innermost alternative containing `$pos`, with its group; null outside brackets. */
export function bracketContextAt($pos: ResolvedPos): BracketContext | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    if ($pos.node(depth).type.name !== 'bracketAlt') continue;
    return {
      group: $pos.node(depth - 1),
      groupPos: $pos.before(depth - 1),
      alt: $pos.node(depth),
      altIndex: $pos.index(depth - 1),
      altDepth: depth,
    };
  }
  return null;
}

/** Finds a group anywhere in the document by id. */
export function findGroup(doc: PMNode, groupId: string): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.type.name === 'bracketGroup' && node.attrs.id === groupId) {
      found = { node, pos };
      return false;
    }
    return true;
  });
  return found;
}
