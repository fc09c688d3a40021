// Resolving a group as a recorded, undoable operation (shared/src/proposals/resolution.ts), and the
// history's small redline of one paragraph (shared/src/revisions/textRedline.ts).
import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { JSONContent } from '@tiptap/core';
import { resolveRecorded, restoreResolved } from '../../shared/src/proposals/resolution.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { textRedline } from '../../shared/src/revisions/textRedline.ts';
import { makeDoc, t } from '../helpers/docs.ts';

const group: JSONContent = {
  type: 'bracketGroup',
  attrs: { id: 'g1' },
  content: [
    { type: 'bracketAlt', attrs: { id: 'a1', proposer: null, supporters: [], objectors: [] }, content: [t('five')] },
    { type: 'bracketAlt', attrs: { id: 'a2', proposer: 'eu', supporters: ['g77'], objectors: ['usa'] }, content: [t('ten')] },
  ],
};
const doc = (status = 'negotiating') =>
  makeDoc([{ type: 'paragraph', attrs: { id: 'p1', kind: 'op', status }, content: [t('Review in '), group, t(' years.')] }]);
const text = (s: EditorState) => renderInlineLiteral(s.doc.child(1));

describe('resolving a group, recorded', () => {
  it('records what was kept and dropped, where, and the group itself', () => {
    const state = EditorState.create({ doc: doc() });
    const r = resolveRecorded(state, 'g1', 1);
    if (!r.ok) throw new Error(r.error);
    expect(renderInlineLiteral(r.tr.doc.child(1))).toBe('Review in ten years.');
    expect(r.event).toMatchObject({
      kind: 'group-resolved',
      blockId: 'p1',
      groupId: 'g1',
      chosen: { text: 'ten', proposer: 'eu' },
      dropped: [{ text: 'five', proposer: null }],
      offset: 'Review in '.length,
      keptSize: 3,
    });
  });

  it('undoes it: the group is back with its alternatives, proposers and positions', () => {
    const state = EditorState.create({ doc: doc() });
    const r = resolveRecorded(state, 'g1', 1);
    if (!r.ok) throw new Error(r.error);
    const after = state.apply(r.tr);
    const u = restoreResolved(after, r.event, 42);
    if (!u.ok) throw new Error(u.error);
    expect(u.event).toEqual({ kind: 'group-restored', blockId: 'p1', groupId: 'g1', undoneSeq: 42 });
    const restored = after.apply(u.tr);
    expect(restored.doc.eq(state.doc)).toBe(true);
    expect(text(restored)).toBe('Review in [five] [ten] years.');
  });

  it('undoes a dropped group', () => {
    const state = EditorState.create({ doc: doc() });
    const r = resolveRecorded(state, 'g1', null);
    if (!r.ok) throw new Error(r.error);
    expect(r.event.chosen).toBeNull();
    expect(r.event.dropped.map((a) => a.text)).toEqual(['five', 'ten']);
    const after = state.apply(r.tr);
    expect(text(after)).toBe('Review in  years.');
    const u = restoreResolved(after, r.event, 7);
    expect(u.ok && after.apply(u.tr).doc.eq(state.doc)).toBe(true);
  });

  it('refuses to undo once the kept text was edited, or the group is back already', () => {
    const state = EditorState.create({ doc: doc() });
    const r = resolveRecorded(state, 'g1', 1);
    if (!r.ok) throw new Error(r.error);
    const after = state.apply(r.tr);
    const at = 1 + after.doc.child(0).nodeSize + 1 + 'Review in '.length; // inside "ten"
    const edited = after.apply(after.tr.insertText('X', at + 1));
    expect(restoreResolved(edited, r.event, 1)).toEqual({ ok: false, error: 'the text has changed since the group was resolved: undo by hand' });
    expect(restoreResolved(state, r.event, 1)).toEqual({ ok: false, error: 'this group is in the text already' });
  });

  it('refuses unknown groups and alternatives, and groups in agreed text', () => {
    const state = EditorState.create({ doc: doc() });
    expect(resolveRecorded(state, 'nope', 0).ok).toBe(false);
    expect(resolveRecorded(state, 'g1', 5)).toEqual({ ok: false, error: 'no such alternative' });
    const agreed = EditorState.create({ doc: doc('agreed') });
    const r = resolveRecorded(agreed, 'g1', 0);
    expect(r.ok).toBe(false);
  });
});

describe("a paragraph's redline in the history", () => {
  it('marks words inserted and deleted', () => {
    expect(textRedline('Review in [five] [ten] years.', 'Review in ten years.')).toEqual([
      { change: 'same', text: 'Review in ' },
      { change: 'del', text: '[five] [' },
      { change: 'same', text: 'ten' },
      { change: 'del', text: ']' },
      { change: 'same', text: ' years.' },
    ]);
  });
  it('marks a replaced word as deleted then inserted', () => {
    expect(textRedline('We note the report.', 'We welcome the report.')).toEqual([
      { change: 'same', text: 'We ' },
      { change: 'del', text: 'note' },
      { change: 'ins', text: 'welcome' },
      { change: 'same', text: ' the report.' },
    ]);
  });
  it('shows a created or deleted paragraph as one run', () => {
    expect(textRedline(null, 'New text.')).toEqual([{ change: 'ins', text: 'New text.' }]);
    expect(textRedline('Old text.', null)).toEqual([{ change: 'del', text: 'Old text.' }]);
    expect(textRedline('Same.', 'Same.')).toEqual([{ change: 'same', text: 'Same.' }]);
  });
});
