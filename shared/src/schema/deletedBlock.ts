// A deleted paragraph that keeps its label (issue 12, "Labels that stay put"; docs/design.md §22). Once
// the numbering is fixed, UN practice prints a deleted paragraph as "12. [Deleted]" rather than
// leaving a gap between 11 and 13, because delegations keep quoting 13 and the gap reads as a
// mistake. The placeholder is a small block node of its own, `deletedBlock`, with the id and fixed
// label of the paragraph (or subparagraph) it replaces, what it was (`was`, with `kind` and `level`
// so numbering and the exports place it as that block), and no content.
//
// Why a node type of its own rather than `deleted: true` on paragraph and subparagraph:
// - Everything that reads paragraphs (consensus locks and overview, silence, proposals, comments,
//   the status control, bracket walks) ignores block types it does not know, which is what a deleted
//   paragraph needs: it is not open, not agreed, holds no groups and takes no proposals. An attribute
//   would make each of them treat the placeholder as an empty open paragraph until taught otherwise.
// - It is a leaf (`atom`, no content), so the schema itself says it holds no text: no one can type
//   into it, and a concurrent edit in the deleted paragraph cannot leave text in a "deleted" one (in
//   Yjs the paragraph's element is deleted and the placeholder is a new element, exactly as a
//   deletion was before; a keystroke typed into the paragraph at that moment is lost with it, as
//   before).
// - What it shows lives with it: `renderHTML` prints the label's place and "[Deleted]", numbering/
//   reads its label through `deletedBlockAttrs`, the exports through `DELETED_TEXT`.
// The price: code that must SHOW the placeholder (numbering, exports, the editor, the redline) names
// the type; those places call `isDeletedBlock` and `deletedBlockAttrs` here, never cast attributes.
//
// Known limits: a placeholder without a label (a copy pasted elsewhere loses its label with its
// repeated id, schema/ensureIds.ts) takes no part in numbering and is left out of the exports.
import { Node, mergeAttributes } from '@tiptap/core';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { isParagraphKind, type ParagraphKind } from '../model/types.ts';
import { dataAttribute } from './attributes.ts';

export const DELETED_BLOCK = 'deletedBlock';

/** What every format prints after the placeholder's label: "12. [Deleted]". */
export const DELETED_TEXT = '[Deleted]';

/** The block types a placeholder may stand for. */
export const DELETABLE_TYPES = ['paragraph', 'subparagraph'] as const;
export type DeletableType = (typeof DELETABLE_TYPES)[number];

/** A placeholder's attributes, typed (an attribute a stored document lacks reads as its default). */
export interface DeletedBlockAttrs {
  id: string | null;
  /** The fixed label it keeps: "12", "12 bis", "(c)"; null only for a stray copy. */
  label: string | null;
  /** What it replaces. */
  was: DeletableType;
  /** The deleted paragraph's kind (pp / op / text), for numbering styles and Akoma Ntoso. */
  kind: ParagraphKind;
  /** The deleted subparagraph's level (1: (a), 2: (i)); 1 for paragraphs. */
  level: number;
}

export const DeletedBlock = Node.create({
  name: DELETED_BLOCK,
  group: 'block',
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      label: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-fixed-label') || null,
        renderHTML: (attrs: Record<string, unknown>) => (attrs.label ? { 'data-fixed-label': String(attrs.label) } : {}),
      },
      was: dataAttribute('was', 'paragraph'),
      kind: dataAttribute('kind', 'op'),
      level: dataAttribute('level', 1),
    };
  },
  // Above paragraph's `p` and subparagraph's `p[data-subparagraph]`: a pasted placeholder stays one.
  parseHTML: () => [{ tag: 'p[data-deleted-block]', priority: 70 }],
  // Drawn as the block it was (the editor's margin styles for p[data-paragraph] / p[data-subparagraph]
  // place its label), not editable, with the words every export prints.
  renderHTML: ({ node, HTMLAttributes }) => {
    const { was } = deletedBlockAttrs(node);
    return [
      'p',
      mergeAttributes(
        { 'data-deleted-block': '', [was === 'subparagraph' ? 'data-subparagraph' : 'data-paragraph']: '', class: 'deleted-block', contenteditable: 'false' },
        HTMLAttributes,
      ),
      DELETED_TEXT,
    ];
  },
});

export function isDeletedBlock(node: PMNode): boolean {
  return node.type.name === DELETED_BLOCK;
}

const isDeletable = (name: string): name is DeletableType => (DELETABLE_TYPES as readonly string[]).includes(name);
const nonEmpty = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The block type a node is shown and printed as: a placeholder as what it was, others as themselves. */
export function shownType(node: PMNode): string {
  return isDeletedBlock(node) ? deletedBlockAttrs(node).was : node.type.name;
}

/** A placeholder's attributes, typed. */
export function deletedBlockAttrs(node: PMNode): DeletedBlockAttrs {
  const a = node.attrs;
  const level = Number(a.level);
  return {
    id: nonEmpty(a.id),
    label: nonEmpty(a.label),
    was: typeof a.was === 'string' && isDeletable(a.was) ? a.was : 'paragraph',
    kind: isParagraphKind(a.kind) ? a.kind : 'op',
    level: Number.isInteger(level) && level >= 1 ? level : 1,
  };
}

/**
 * Whether deleting `node` leaves a placeholder: a paragraph or subparagraph that carries a fixed
 * label (typed in the source, or fixed by "Fix the current numbering" or a revision). Paragraphs
 * with derived numbers are deleted outright and the numbering closes up, as before.
 */
export function keepsLabelWhenDeleted(node: PMNode): boolean {
  return isDeletable(node.type.name) && nonEmpty(node.attrs.label) !== null;
}

/**
 * Whether a numbered line's text says the paragraph was deleted, as UN drafts print it: "[Deleted]",
 * "[deleted]", "Deleted." (the importer then makes the placeholder, so an export reads back as it was).
 */
export function readsAsDeleted(text: string): boolean {
  return /^\s*(?:\[\s*deleted\s*\]|deleted)\s*\.?\s*$/i.test(text);
}

/** The placeholder that replaces `node` when it is deleted, or null when it leaves none. */
export function placeholderFor(node: PMNode, schema: Schema = node.type.schema): PMNode | null {
  if (!keepsLabelWhenDeleted(node)) return null;
  const type = schema.nodes[DELETED_BLOCK];
  if (!type) return null;
  const attrs: DeletedBlockAttrs = {
    id: nonEmpty(node.attrs.id),
    label: nonEmpty(node.attrs.label),
    was: node.type.name as DeletableType,
    kind: isParagraphKind(node.attrs.kind) ? node.attrs.kind : node.type.name === 'paragraph' ? 'op' : 'text',
    level: Number(node.attrs.level) >= 1 ? Number(node.attrs.level) : 1,
  };
  return type.create(attrs);
}
