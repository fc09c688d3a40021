// The sync channel's lock check (server/src/sync/locks.ts) on the updates the editor's own binding
// writes: each case is a ProseMirror change made by the shared commands, written into a Y.Doc by
// y-tiptap's updateYFragment (as the Collaboration extension does), and the resulting update judged
// against the server's copy. The editor must never produce an update the server refuses for an
// allowed change (setting and reopening a status, typing next to agreed text, Enter before it), and
// the server must refuse the ones the editor refuses.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { DOCUMENT_FIELD, docFromYDoc } from '../../shared/src/collab/ydoc.ts';
import { boundEditor } from '../helpers/binding.ts';
import { setBlockStatus } from '../../shared/src/brackets/commands.ts';
import { checkLocks } from '../../shared/src/consensus/locks.ts';
import { checkLockedBlocks } from '../../server/src/sync/locks.ts';

const json = {
  type: 'doc',
  content: [
    { type: 'front', attrs: { numberingStyle: 'outcome' }, content: [{ type: 'docTitle', content: [{ type: 'text', text: 'Test' }] }] },
    { type: 'paragraph', attrs: { id: 'p1', kind: 'op', status: 'negotiating' }, content: [{ type: 'text', text: 'We note the open text.' }] },
    { type: 'paragraph', attrs: { id: 'p2', kind: 'op', status: 'agreed' }, content: [{ type: 'text', text: 'We reaffirm the agreed text.' }] },
    { type: 'paragraph', attrs: { id: 'p3', kind: 'op', status: 'negotiating' }, content: [{ type: 'text', text: 'We welcome the last text.' }] },
  ],
};

/** The server's document and an editor's copy of it, bound as the Collaboration extension binds them. */
function room() {
  const bound = boundEditor(json);
  return {
    server: bound.server,
    get state() {
      return bound.state;
    },
    /** Applies the change in the editor, writes it to Y, and returns the server's verdict on the update. */
    edit(change: (s: EditorState) => Transaction) {
      const tr = change(bound.state);
      const local = checkLocks(tr).ok;
      const { update, changed } = bound.write(bound.state.apply(tr));
      const verdict = checkLockedBlocks(Y.decodeUpdate(update), bound.server, true);
      if (verdict.ok) Y.applyUpdate(bound.server, update);
      return { local, server: verdict.ok ? 'ok' : verdict.reason, changed };
    },
  };
}

const posOf = (doc: PMNode, id: string) => {
  let found = -1;
  doc.forEach((node, pos) => void (node.attrs.id === id && (found = pos)));
  return found;
};
const caretIn = (s: EditorState, id: string, offset: number) => s.tr.setSelection(TextSelection.create(s.doc, posOf(s.doc, id) + 1 + offset));
const withCommand = (s: EditorState, at: Transaction, command: ReturnType<typeof setBlockStatus>) => {
  const placed = s.apply(at);
  let out: Transaction | null = null;
  expect(command(placed, (tr) => (out = tr))).toBe(true);
  // the selection move and the command as one transaction from the original state
  const tr = s.tr.setSelection(placed.selection);
  for (const step of out!.steps) tr.step(step);
  return tr;
};

describe("the editor's updates, judged by the server", () => {
  it('typing next to agreed text, and Enter at the end of the paragraph before it, are accepted', () => {
    const r = room();
    expect(r.edit((s) => s.tr.insertText('Indeed, ', posOf(s.doc, 'p1') + 1))).toEqual({ local: true, server: 'ok', changed: true });
    expect(r.edit((s) => s.tr.insertText(' Again.', posOf(s.doc, 'p3') + 1 + s.doc.child(3).content.size))).toMatchObject({ server: 'ok' });
    const endOfP1 = (s: EditorState) => posOf(s.doc, 'p1') + 1 + s.doc.child(1).content.size;
    expect(r.edit((s) => s.tr.split(endOfP1(s)))).toMatchObject({ local: true, server: 'ok', changed: true });
  });

  it('marking a paragraph agreed and reopening one are accepted: the status alone changes', () => {
    const r = room();
    expect(r.edit((s) => withCommand(s, caretIn(s, 'p1', 2), setBlockStatus('agreed')))).toEqual({ local: true, server: 'ok', changed: true });
    expect(r.server.getXmlFragment(DOCUMENT_FIELD).get(1)).toBeInstanceOf(Y.XmlElement);
    expect((r.server.getXmlFragment(DOCUMENT_FIELD).get(1) as Y.XmlElement).getAttribute('status')).toBe('agreed');
    expect(r.edit((s) => withCommand(s, caretIn(s, 'p2', 2), setBlockStatus('negotiating')))).toEqual({ local: true, server: 'ok', changed: true });
    // reopened, its text may change
    expect(r.edit((s) => s.tr.insertText('firmly ', posOf(s.doc, 'p2') + 4))).toMatchObject({ local: true, server: 'ok' });
  });

  it('typing in, splitting, and merging with agreed text are refused on both sides', () => {
    const AGREED = 'Paragraph 2 is agreed; a co-facilitator can reopen it';
    const cases: Array<[string, (s: EditorState) => Transaction]> = [
      ['typing', (s) => s.tr.insertText('x', posOf(s.doc, 'p2') + 3)],
      ['Enter in it', (s) => s.tr.split(posOf(s.doc, 'p2') + 5)],
      ['Backspace at the start of the next paragraph', (s) => s.tr.join(posOf(s.doc, 'p3'))],
      ['Backspace at its start', (s) => s.tr.join(posOf(s.doc, 'p2'))],
      ['deleting it', (s) => s.tr.delete(posOf(s.doc, 'p2'), posOf(s.doc, 'p3'))],
    ];
    for (const [what, change] of cases) {
      const r = room();
      expect({ what, ...r.edit(change) }).toEqual({ what, local: false, server: AGREED, changed: true });
    }
  });

  it('typing into a paragraph another pen-holder has deleted meanwhile passes (Yjs discards it)', () => {
    const r = room();
    // on the server, p3 is deleted (and its content collected) before the typing arrives
    const fragment = r.server.getXmlFragment(DOCUMENT_FIELD);
    r.server.transact(() => fragment.delete(3, 1));
    expect(r.edit((s) => s.tr.insertText('Late ', posOf(s.doc, 'p3') + 1))).toEqual({ local: true, server: 'ok', changed: true });
    expect(docFromYDoc(r.server).childCount).toBe(3);
  });
});
