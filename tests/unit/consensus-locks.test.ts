// Agreed text stays agreed (shared/src/consensus/locks.ts): what a locked paragraph refuses, what
// reopening allows, and that nothing with open brackets can be marked agreed.
import { describe, it, expect } from 'vitest';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { JSONContent } from '@tiptap/core';
import { Fragment, Slice } from '@tiptap/pm/model';
import {
  checkLocks,
  isLockedBlock,
  lockRefusal,
  lockedMessage,
  openGroupCount,
  reopenSlice,
  statusChange,
} from '../../shared/src/consensus/locks.ts';
import { assignMissingIds } from '../../shared/src/schema/ensureIds.ts';
import { setBlockStatus, wrapInBracket } from '../../shared/src/brackets/commands.ts';
import { applyProposal, labelOf, type ProposalOperation } from '../../shared/src/proposals/operations.ts';
import { makeDoc, t, alt, caretAfter, selecting, sub } from '../helpers/docs.ts';

const block = (id: string, status: string, ...content: JSONContent[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id, kind: 'op', status },
  content,
});
const bracketed = (id: string, status: string) =>
  block(id, status, t('We extend the mandate for another '), {
    type: 'bracketGroup',
    attrs: { id: `g-${id}` },
    content: [
      { ...alt(t('five')), attrs: { id: `a5-${id}`, proposer: null } },
      { ...alt(t('ten')), attrs: { id: `a10-${id}`, proposer: 'g77' } },
    ],
  }, t(' years.'));

/** p1 agreed, p2 open, p3 ad ref, p4 open with a group. */
const doc = () =>
  makeDoc([
    block('p1', 'agreed', t('We reaffirm the agreed text.')),
    block('p2', 'negotiating', t('We note the open text.')),
    block('p3', 'adref', t('We welcome the ad ref text.')),
    bracketed('p4', 'negotiating'),
  ]);

const posOf = (d: PMNode, id: string) => {
  let found = -1;
  d.forEach((node, pos) => void (node.attrs.id === id && (found = pos)));
  if (found < 0) throw new Error(`no block ${id}`);
  return found;
};
const state = (d: PMNode = doc()) => EditorState.create({ doc: d });
const refusal = (tr: Transaction) => {
  const check = checkLocks(tr);
  return check.ok ? null : lockRefusal(check, labelOf);
};

describe('a locked paragraph (agreed or ad ref)', () => {
  it('is locked by status, not by kind', () => {
    const d = doc();
    expect([1, 2, 3, 4].map((i) => isLockedBlock(d.child(i)))).toEqual([true, false, true, false]);
  });

  it('refuses typing, deletion, marks and attributes inside it, naming it', () => {
    const d = doc();
    const inside = posOf(d, 'p1') + 5;
    const s = state(d);
    expect(refusal(s.tr.insertText('x', inside))).toBe('Paragraph 1 is agreed; a co-facilitator can reopen it');
    expect(refusal(s.tr.delete(inside, inside + 3))).toBe('Paragraph 1 is agreed; a co-facilitator can reopen it');
    expect(refusal(s.tr.addMark(inside, inside + 3, s.schema.marks.bold.create()))).not.toBeNull();
    expect(refusal(s.tr.setNodeAttribute(posOf(d, 'p1'), 'kind', 'pp'))).not.toBeNull();
    const p3 = posOf(d, 'p3') + 3;
    expect(refusal(s.tr.insertText('x', p3))).toBe('Paragraph 3 is agreed ad ref; a co-facilitator can reopen it');
  });

  it('refuses a split, a merge with its neighbour and its deletion', () => {
    const d = doc();
    const s = state(d);
    const p1 = posOf(d, 'p1');
    const p2 = posOf(d, 'p2');
    expect(refusal(s.tr.split(p1 + 6))).not.toBeNull();
    // Backspace at the start of p2 joins it into p1: the boundary between them goes
    expect(refusal(s.tr.join(p2))).not.toBeNull();
    expect(refusal(s.tr.delete(p1, p1 + d.child(1).nodeSize))).not.toBeNull();
    // a range from the open p2 into the locked p3 is refused whole
    const p3 = posOf(d, 'p3');
    expect(refusal(s.tr.delete(p2 + 3, p3 + 4))).toBe('Paragraph 3 is agreed ad ref; a co-facilitator can reopen it');
  });

  it('refuses a transaction that touches it and an open paragraph at once', () => {
    const d = doc();
    const tr = state(d).tr.insertText('x', posOf(d, 'p2') + 2).insertText('y', posOf(d, 'p1') + 2);
    expect(refusal(tr)).toBe('Paragraph 1 is agreed; a co-facilitator can reopen it');
  });

  it('lets edits elsewhere through, and a new paragraph inserted between two blocks', () => {
    const d = doc();
    const s = state(d);
    expect(checkLocks(s.tr.insertText('x', posOf(d, 'p2') + 2))).toEqual({ ok: true });
    const newBlock = s.schema.nodes.paragraph.create({ id: 'p9', kind: 'op' }, s.schema.text('New.'));
    expect(checkLocks(s.tr.insert(posOf(d, 'p2'), newBlock))).toEqual({ ok: true });
  });

  it('accepts the status change itself: reopening, then edits are accepted', () => {
    const d = doc();
    const reopen = state(d).tr.setNodeAttribute(posOf(d, 'p1'), 'status', 'negotiating');
    expect(checkLocks(reopen)).toEqual({ ok: true });
    const reopened = state(d).apply(reopen).doc;
    expect(checkLocks(state(reopened).tr.insertText('x', posOf(reopened, 'p1') + 3))).toEqual({ ok: true });
  });

  it('locks subparagraphs by their own status', () => {
    const d = makeDoc([block('p1', 'negotiating', t('Chapeau:')), { ...sub('first item'), attrs: { id: 's1', status: 'agreed' } }]);
    const s = state(d);
    expect(refusal(s.tr.insertText('x', posOf(d, 's1') + 2))).toBe('Subparagraph (a) is agreed; a co-facilitator can reopen it');
    expect(checkLocks(s.tr.insertText('x', posOf(d, 'p1') + 2))).toEqual({ ok: true });
  });
});

describe('marking a paragraph agreed', () => {
  it('is refused while it holds open bracket groups, with the reason', () => {
    const d = doc();
    const p4 = d.child(4);
    expect(openGroupCount(p4)).toBe(1);
    expect(statusChange(p4, 'agreed', '4')).toEqual({
      ok: false,
      reason: 'Paragraph 4 still has 1 open bracket group: resolve it before marking it agreed',
    });
    expect(statusChange(p4, 'adref', '4').ok).toBe(false);
    expect(statusChange(p4, 'negotiating', '4')).toEqual({ ok: true });
    expect(statusChange(d.child(2), 'agreed', '2')).toEqual({ ok: true });
  });

  it('counts nested groups', () => {
    const d = makeDoc([
      block('p1', 'negotiating', {
        type: 'bracketGroup',
        content: [alt(t('Parties '), { type: 'bracketGroup', content: [alt(t('shall')), alt(t('should'))] }, t(' act'))],
      }),
    ]);
    expect(statusChange(d.child(1), 'agreed', '1')).toEqual({
      ok: false,
      reason: 'Paragraph 1 still has 2 open bracket groups: resolve them before marking it agreed',
    });
  });

  it('the status command declines with groups open and sets it without', () => {
    const d = doc();
    const inP4 = caretAfter(d, 'another');
    expect(setBlockStatus('agreed')(inP4)).toBe(false);
    const inP2 = caretAfter(d, 'open');
    let next: EditorState | null = null;
    expect(setBlockStatus('agreed')(inP2, (tr) => (next = inP2.apply(tr)))).toBe(true);
    expect(next!.doc.child(2).attrs.status).toBe('agreed');
  });

  it('a transaction that agrees a paragraph and leaves a group in it is refused; resolving first is fine', () => {
    const d = doc();
    const p4 = posOf(d, 'p4');
    const agree = state(d).tr.setNodeAttribute(p4, 'status', 'agreed');
    expect(refusal(agree)).toBe('Paragraph 4 still has 1 open bracket group: resolve it before marking it agreed');
    // resolve the group (keep "ten"), then agree, in one transaction
    const s = state(d);
    let groupPos = -1;
    d.descendants((n, pos) => void (n.type.name === 'bracketGroup' && (groupPos = pos)));
    const tr = s.tr.replaceWith(groupPos, groupPos + d.nodeAt(groupPos)!.nodeSize, s.schema.text('ten'));
    tr.setNodeAttribute(tr.mapping.map(p4), 'status', 'agreed');
    expect(checkLocks(tr)).toEqual({ ok: true });
  });

  it('wrapping words of an agreed paragraph in brackets is refused', () => {
    const s = selecting(doc(), 'reaffirm');
    let dispatched: Transaction | null = null;
    wrapInBracket()(s, (tr) => (dispatched = tr));
    expect(refusal(dispatched!)).toBe('Paragraph 1 is agreed; a co-facilitator can reopen it');
  });
});

describe('proposals to a locked paragraph', () => {
  const cases: Array<[string, ProposalOperation]> = [
    ['replacement', { type: 'propose-replacement', blockId: 'p1', from: 3, to: 11, expected: 'reaffirm', text: 'recall' }],
    ['deletion', { type: 'propose-deletion', blockId: 'p1', from: 3, to: 11, expected: 'reaffirm' }],
    ['insertion', { type: 'propose-insertion', blockId: 'p3', at: 0, expected: '', text: 'Further, ' }],
  ];
  for (const [what, op] of cases) {
    it(`refuses a ${what}, from a delegation and from a pen-holder`, () => {
      for (const proposer of ['eu', null]) {
        const result = applyProposal(state(), op, proposer);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/^Paragraph [13] is agreed( ad ref)?; a co-facilitator can reopen it$/);
      }
    });
  }

  it('refuses alternatives, amendments, withdrawals and positions in a group of a paragraph locked before this rule', () => {
    // A paragraph agreed with a group still in it (marked before groups were checked) is frozen whole.
    const d = makeDoc([bracketed('p4', 'agreed')]);
    const ops: ProposalOperation[] = [
      { type: 'propose-alternative', groupId: 'g-p4', text: 'fifteen' },
      { type: 'amend', altId: 'a10-p4', text: 'twelve' },
      { type: 'position', altId: 'a5-p4', position: 'support' },
    ];
    for (const op of ops) expect(applyProposal(state(d), op, 'g77')).toEqual({ ok: false, error: 'Paragraph 1 is agreed; a co-facilitator can reopen it' });
    expect(applyProposal(state(d), { type: 'withdraw', altId: 'a10-p4' }, 'g77').ok).toBe(false);
  });

  it('accepts the same proposal once the paragraph is reopened', () => {
    const d = doc();
    const reopened = state(d).apply(state(d).tr.setNodeAttribute(posOf(d, 'p1'), 'status', 'negotiating')).doc;
    expect(applyProposal(state(reopened), cases[0]![1], 'eu').ok).toBe(true);
  });

  it('message names the block as the room numbers it', () => {
    const d = doc();
    expect(lockedMessage(d.child(3), '3')).toBe('Paragraph 3 is agreed ad ref; a co-facilitator can reopen it');
    expect(lockedMessage(d.child(1), null)).toBe('This paragraph is agreed; a co-facilitator can reopen it');
  });
});

describe('transactions without steps in locked text', () => {
  it('a selection change is not an edit', () => {
    const s = state();
    expect(checkLocks(s.tr.setSelection(TextSelection.create(s.doc, posOf(s.doc, 'p1') + 3)))).toEqual({ ok: true });
  });
});

describe('copies of an agreed paragraph', () => {
  it('are pasted under negotiation', () => {
    const d = doc();
    const slice = new Slice(Fragment.fromArray([d.child(1), d.child(2), d.child(3)]), 0, 0);
    const pasted = reopenSlice(slice);
    expect([0, 1, 2].map((i) => pasted.content.child(i).attrs.status)).toEqual(['negotiating', 'negotiating', 'negotiating']);
    expect(pasted.content.child(0).textContent).toBe('We reaffirm the agreed text.');
    const open = new Slice(Fragment.from(d.child(2)), 0, 0);
    expect(reopenSlice(open)).toBe(open);
  });

  it('pasted before it, take a fresh id: the agreed paragraph keeps its own', () => {
    const d = doc();
    // a copy of p1 (agreed) pasted, reopened, before p1
    const s = state(d);
    const copy = reopenSlice(new Slice(Fragment.from(d.child(1)), 0, 0)).content;
    const tr = s.tr.insert(posOf(d, 'p1'), copy);
    expect(checkLocks(tr)).toEqual({ ok: true });
    const after = s.apply(tr);
    const fix = after.tr;
    expect(assignMissingIds(fix)).toBe(true);
    expect(checkLocks(fix)).toEqual({ ok: true });
    const fixed = after.apply(fix).doc;
    expect(fixed.child(2).attrs).toMatchObject({ id: 'p1', status: 'agreed' });
    expect(fixed.child(1).attrs.id).not.toBe('p1');
    expect(fixed.child(1).attrs.status).toBe('negotiating');
  });
});

