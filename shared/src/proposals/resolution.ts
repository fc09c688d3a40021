/**
 * Resolving a bracket group as a recorded, undoable operation (docs/design.md §16). A co-facilitator
 * keeps one alternative (its text becomes agreed text in the group's place) or drops the group; the
 * server applies it and records in the history entry who did it, when, what was kept and what was
 * dropped, with the group itself (ProseMirror JSON: alternatives, proposers, supporters, objectors)
 * and where it stood, so a co-facilitator can undo it from the history: the group is re-created in
 * place, as another operation, recorded too.
 *
 * Undo is refused when the text has moved on: the kept text is no longer where the group stood (it
 * was edited), the paragraph is gone or agreed (locks), or a group with the same id is back already.
 * Known limit: a group resolved inside another group's alternative is restored only while that
 * alternative still exists and the kept text is unchanged, like any other.
 */
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { findGroup } from '../brackets/context.ts';
import { resolveGroup } from '../brackets/commands.ts';
import { checkLocks, lockRefusal } from '../consensus/locks.ts';
import type { HistoryEvent } from '../api/history.ts';
import { labelOf } from './operations.ts';

type Resolved = Extract<HistoryEvent, { kind: 'group-resolved' }>;
export type RecordedResult<E> = { ok: true; tr: Transaction; event: E } | { ok: false; error: string };

/** The top-level block holding `pos`, with its id and start. */
function topBlock(doc: PMNode, pos: number): { node: PMNode; pos: number; id: string } | null {
  const $pos = doc.resolve(pos);
  if ($pos.depth < 1) return null;
  const node = $pos.node(1);
  const id = node.attrs.id;
  return typeof id === 'string' && id ? { node, pos: $pos.before(1), id } : null;
}

function findBlockById(doc: PMNode, id: string): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null;
  doc.forEach((node, pos) => {
    if (!found && node.attrs.id === id) found = { node, pos };
  });
  return found;
}

/** Resolves a group (keep alternative `keep`, or drop it with null) and says what to record. */
export function resolveRecorded(state: EditorState, groupId: string, keep: number | null): RecordedResult<Resolved> {
  const group = findGroup(state.doc, groupId);
  if (!group) return { ok: false, error: 'no such bracket group (it may have been resolved already)' };
  if (keep !== null && (!Number.isInteger(keep) || keep < 0 || keep >= group.node.childCount)) return { ok: false, error: 'no such alternative' };
  const block = topBlock(state.doc, group.pos);
  if (!block) return { ok: false, error: 'this group is not in a paragraph' };
  let tr: Transaction | null = null;
  resolveGroup(groupId, keep)(state, (t) => (tr = t));
  if (!tr) return { ok: false, error: 'the group could not be resolved' };
  const locks = checkLocks(tr);
  if (!locks.ok) return { ok: false, error: lockRefusal(locks, labelOf) };
  const alternatives: { text: string; proposer: string | null }[] = [];
  group.node.forEach((alt) => alternatives.push({ text: alt.textContent, proposer: typeof alt.attrs.proposer === 'string' ? alt.attrs.proposer : null }));
  return {
    ok: true,
    tr,
    event: {
      kind: 'group-resolved',
      blockId: block.id,
      groupId,
      chosen: keep === null ? null : alternatives[keep]!,
      dropped: alternatives.filter((_, i) => i !== keep),
      offset: group.pos - (block.pos + 1),
      keptSize: keep === null ? 0 : group.node.child(keep).content.size,
      group: group.node.toJSON(),
    },
  };
}

/** Re-creates the group a recorded resolution removed, where it stood. */
export function restoreResolved(state: EditorState, resolved: Resolved, undoneSeq: number): RecordedResult<Extract<HistoryEvent, { kind: 'group-restored' }>> {
  const block = findBlockById(state.doc, resolved.blockId);
  if (!block) return { ok: false, error: 'the paragraph of this group no longer exists' };
  if (findGroup(state.doc, resolved.groupId)) return { ok: false, error: 'this group is in the text already' };
  let group: PMNode;
  try {
    group = state.schema.nodeFromJSON(resolved.group);
    group.check();
  } catch {
    return { ok: false, error: 'the recorded group cannot be re-created' };
  }
  if (group.type.name !== 'bracketGroup') return { ok: false, error: 'the recorded group cannot be re-created' };
  const from = block.pos + 1 + resolved.offset;
  const to = from + resolved.keptSize;
  if (to > block.pos + block.node.nodeSize - 1) return { ok: false, error: 'the paragraph has changed since: undo by hand' };
  const $from = state.doc.resolve(from);
  const $to = state.doc.resolve(to);
  const kept = resolved.chosen?.text ?? '';
  if (!$from.sameParent($to) || state.doc.textBetween(from, to) !== kept) return { ok: false, error: 'the text has changed since the group was resolved: undo by hand' };
  if (!$from.parent.type.contentMatch.matchType(group.type) && !$from.parent.canReplaceWith($from.index(), $to.index(), group.type)) {
    return { ok: false, error: 'a group cannot stand there any more' };
  }
  const tr = state.tr.replaceWith(from, to, group);
  const locks = checkLocks(tr);
  if (!locks.ok) return { ok: false, error: lockRefusal(locks, labelOf) };
  return { ok: true, tr, event: { kind: 'group-restored', blockId: resolved.blockId, groupId: resolved.groupId, undoneSeq } };
}
