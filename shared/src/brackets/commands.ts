// Bracket operations as ProseMirror commands. The editor binds them to keys and buttons; the server
// can run the same commands on its own EditorState for operations it applies itself.
import { TextSelection, type Command, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Fragment, type Node as PMNode } from '@tiptap/pm/model';
import { newId } from '../schema/ids.ts';
import { bracketContextAt, findGroup } from './context.ts';
import { statusChange } from '../consensus/locks.ts';
import type { ParagraphStatus } from '../model/types.ts';

export interface ProposalOptions {
  /** Delegation or role proposing the alternative; null for the pen-holders' own text. */
  proposer?: string | null;
}

function makeAlt(state: EditorState, content: Fragment, opts: ProposalOptions): PMNode {
  return state.schema.nodes.bracketAlt.createChecked({ id: newId('a'), proposer: opts.proposer ?? null }, content);
}

function makeGroup(state: EditorState, alts: PMNode[]): PMNode {
  return state.schema.nodes.bracketGroup.createChecked({ id: newId('g') }, alts);
}

/** Puts the selection (within one paragraph or alternative) in brackets; an empty selection makes `[]`. */
export function wrapInBracket(opts: ProposalOptions = {}): Command {
  return (state, dispatch) => {
    const { $from, $to, from, to } = state.selection;
    if (!$from.sameParent($to) || !$from.parent.inlineContent) return false;
    const groupType = state.schema.nodes.bracketGroup;
    if (!$from.parent.canReplaceWith($from.index(), $to.indexAfter(), groupType)) return false;
    const content = $from.parent.content.cut($from.parentOffset, $to.parentOffset);
    const group = makeGroup(state, [makeAlt(state, content, opts)]);
    if (dispatch) {
      const tr = state.tr.replaceWith(from, to, group);
      tr.setSelection(TextSelection.create(tr.doc, from + 2 + content.size));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * Adds an empty alternative after the one holding the caret (or to the group just before the
 * caret) and moves the caret into it.
 */
export function addAlternative(opts: ProposalOptions = {}): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const context = bracketContextAt($from);
    let insertAt: number;
    if (context) insertAt = $from.after(context.altDepth);
    else if ($from.nodeBefore?.type.name === 'bracketGroup') insertAt = $from.pos - 1;
    else return false;
    if (dispatch) {
      const tr = state.tr.insert(insertAt, makeAlt(state, Fragment.empty, opts));
      tr.setSelection(TextSelection.create(tr.doc, insertAt + 1));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * Removes the bracket at the caret: in a group of one, the brackets go and the text stays; in a
 * group of several, the alternative holding the caret goes.
 */
export function removeBracket(): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const context = bracketContextAt($from);
    if (!context) return false;
    if (dispatch) {
      const tr = state.tr;
      if (context.group.childCount === 1) {
        const offset = $from.pos - $from.start(context.altDepth);
        tr.replaceWith(context.groupPos, context.groupPos + context.group.nodeSize, context.alt.content);
        tr.setSelection(TextSelection.create(tr.doc, context.groupPos + offset));
      } else {
        const altStart = $from.before(context.altDepth);
        tr.delete(altStart, $from.after(context.altDepth));
        // Land at the end of the previous alternative, or the start of the next one.
        const caret = context.altIndex > 0 ? altStart - 1 : altStart + 1;
        tr.setSelection(TextSelection.create(tr.doc, caret));
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * Resolves a group: the chosen alternative's text becomes agreed text in its place, or with
 * `altIndex` null the whole group is dropped.
 */
export function resolveGroup(groupId: string, altIndex: number | null): Command {
  return (state, dispatch) => {
    const found = findGroup(state.doc, groupId);
    if (!found) return false;
    if (altIndex !== null && (altIndex < 0 || altIndex >= found.node.childCount)) return false;
    if (dispatch) {
      const content = altIndex === null ? Fragment.empty : found.node.child(altIndex).content;
      dispatch(state.tr.replaceWith(found.pos, found.pos + found.node.nodeSize, content).scrollIntoView());
    }
    return true;
  };
}

/** Offset in `parent` of the innermost `[` before `end` that no later `]` closes, or -1. */
function unmatchedOpening(parent: PMNode, end: number): number {
  const open: number[] = [];
  parent.forEach((child, offset) => {
    if (!child.isText || offset >= end) return;
    const text = child.text!.slice(0, end - offset);
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '[') open.push(offset + i);
      else if (text[i] === ']') open.pop();
    }
  });
  return open.length ? open[open.length - 1] : -1;
}

/**
 * Run when the user types `]`: the text since the matching typed `[` becomes a bracket group, or
 * another alternative of the group right before it (whitespace only between, as in
 * `[World Summit] [High Level Meeting]`). Returns false when there is no `[` to match, so the
 * character is typed as usual.
 */
export function closeTypedBracket(opts: ProposalOptions = {}): Command {
  return (state, dispatch) => {
    const { $from, empty } = state.selection;
    if (!empty || !$from.parent.inlineContent) return false;
    const parent = $from.parent;
    const openOffset = unmatchedOpening(parent, $from.parentOffset);
    if (openOffset < 0) return stepOutOfAlternative(state, dispatch);
    if (!parent.type.contentMatch.matchType(state.schema.nodes.bracketGroup)) return false;

    const start = $from.start();
    const alt = makeAlt(state, parent.content.cut(openOffset + 1, $from.parentOffset), opts);
    const adjacent = adjacentGroupBefore(parent, openOffset);
    if (!dispatch) return true;

    const tr = state.tr;
    if (adjacent) {
      const separator = adjacent.group.childCount === 1 ? adjacent.whitespace : adjacent.group.attrs.separator;
      const group = adjacent.group.type.create(
        { ...adjacent.group.attrs, separator },
        adjacent.group.content.addToEnd(alt),
      );
      const groupStart = start + adjacent.offset;
      tr.replaceWith(groupStart, $from.pos, group);
      tr.setSelection(TextSelection.create(tr.doc, groupStart + group.nodeSize));
    } else {
      const from = start + openOffset;
      const group = makeGroup(state, [alt]);
      tr.replaceWith(from, $from.pos, group);
      tr.setSelection(TextSelection.create(tr.doc, from + group.nodeSize));
    }
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** `]` typed at the end of an alternative steps past its group, as over a closing bracket. */
function stepOutOfAlternative(state: EditorState, dispatch?: (tr: Transaction) => void): boolean {
  const { $from } = state.selection;
  const context = bracketContextAt($from);
  if (!context || $from.parentOffset !== $from.parent.content.size || $from.parent !== context.alt) return false;
  if (context.altIndex !== context.group.childCount - 1) return false;
  if (dispatch) {
    dispatch(state.tr.setSelection(TextSelection.create(state.doc, context.groupPos + context.group.nodeSize)));
  }
  return true;
}

/** The group directly before `offset` in `parent`, with only whitespace between them. */
function adjacentGroupBefore(
  parent: PMNode,
  offset: number,
): { group: PMNode; offset: number; whitespace: string } | null {
  let result: { group: PMNode; offset: number; whitespace: string } | null = null;
  let whitespace = '';
  parent.forEach((child, childOffset) => {
    if (childOffset >= offset) return;
    if (child.type.name === 'bracketGroup') {
      result = { group: child, offset: childOffset, whitespace: '' };
      whitespace = '';
    } else if (child.isText) {
      const before = child.text!.slice(0, offset - childOffset);
      if (result && /^\s*$/.test(whitespace + before)) whitespace += before;
      else result = null;
    } else {
      result = null;
    }
  });
  if (!result) return null;
  return { ...(result as { group: PMNode; offset: number }), whitespace };
}

/**
 * Sets the negotiation status of the paragraph or subparagraph holding the caret. Declines (returns
 * false) where consensus/locks.ts statusChange refuses: agreeing a block that holds open groups.
 */
export function setBlockStatus(status: ParagraphStatus): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    if ($from.depth < 1) return false;
    const block = $from.node(1);
    if (!block || !('status' in block.attrs)) return false;
    if (!statusChange(block, status).ok) return false;
    if (dispatch) dispatch(state.tr.setNodeAttribute($from.before(1), 'status', status));
    return true;
  };
}
