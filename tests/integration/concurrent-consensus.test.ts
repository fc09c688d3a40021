// Consensus under concurrency (docs/design.md §9): what happens when a co-facilitator's change and a
// delegation's operation cross on the wire. The server handles one message at a time, so "at once"
// means one side acted on a copy that had not yet seen the other. Each case runs both orders:
//   - agreeing a paragraph while a proposal to it is in flight: whichever reaches the server first
//     wins; an agreement that arrives after the proposal is refused (the paragraph now holds an open
//     group), a proposal that arrives after the agreement is refused (the paragraph is agreed);
//   - resolving a group while a delegation amends an alternative in it: a resolution that arrives
//     after the amendment still resolves (the co-facilitator chose among the alternatives; the
//     amended words go with the group and the history keeps both), an amendment that arrives after
//     the resolution is refused (the alternative is gone).
// The server side is the real code: checkLockedBlocks (sync/locks.ts) judges the co-facilitator's
// update, applyOperationToDoc (sync/operations.ts) applies the delegation's operation.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Command } from '@tiptap/pm/state';
import { docFromYDoc } from '../../shared/src/collab/ydoc.ts';
import { blockPos, boundEditor } from '../helpers/binding.ts';
import { resolveGroup, setBlockStatus } from '../../shared/src/brackets/commands.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { checkLockedBlocks } from '../../server/src/sync/locks.ts';
import { applyOperationToDoc } from '../../server/src/sync/operations.ts';

const json = {
  type: 'doc',
  content: [
    { type: 'front', attrs: { numberingStyle: 'outcome' }, content: [{ type: 'docTitle', content: [{ type: 'text', text: 'Test' }] }] },
    { type: 'paragraph', attrs: { id: 'p1', kind: 'op', status: 'negotiating' }, content: [{ type: 'text', text: 'We decide to review progress.' }] },
    {
      type: 'paragraph',
      attrs: { id: 'p37', kind: 'op', status: 'negotiating' },
      content: [
        { type: 'text', text: 'We extend the IGF mandate for another ' },
        {
          type: 'bracketGroup',
          attrs: { id: 'g37' },
          content: [
            { type: 'bracketAlt', attrs: { id: 'a-five', proposer: 'g77' }, content: [{ type: 'text', text: 'five' }] },
            { type: 'bracketAlt', attrs: { id: 'a-ten', proposer: 'eu' }, content: [{ type: 'text', text: 'ten' }] },
          ],
        },
        { type: 'text', text: ' years.' },
      ],
    },
  ],
};

/** The server's document and a co-facilitator's editor bound to its own copy (as the Collaboration extension binds it). */
function setup() {
  const bound = boundEditor(json);
  const server = bound.server;
  return {
    server,
    /** The co-facilitator runs a command with the caret in block `id`; returns the update it would send. */
    cofacilitator(id: string, command: Command): Uint8Array {
      const state = bound.state;
      const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, blockPos(state.doc, id) + 2)));
      let out: Transaction | null = null;
      expect(command(placed, (tr) => (out = tr))).toBe(true);
      return bound.write(placed.apply(out!)).update;
    },
    /** The server judges and, if accepted, applies an update from the co-facilitator. */
    receive(update: Uint8Array): string {
      const verdict = checkLockedBlocks(Y.decodeUpdate(update), server, true);
      if (!verdict.ok) return verdict.reason;
      Y.applyUpdate(server, update);
      return 'ok';
    },
    /** The server applies a delegation's operation. */
    operation(op: Parameters<typeof applyOperationToDoc>[1], delegation: string): string {
      const result = applyOperationToDoc(server, op, delegation, 'operation');
      return result.ok ? 'ok' : result.error;
    },
    text(id: string): string {
      let out = '';
      docFromYDoc(server).forEach((node) => void (node.attrs.id === id && (out = renderInlineLiteral(node))));
      return out;
    },
    status(id: string): unknown {
      let out: unknown;
      docFromYDoc(server).forEach((node) => void (node.attrs.id === id && (out = node.attrs.status)));
      return out;
    },
  };
}

const PROPOSAL = { type: 'propose-insertion', blockId: 'p1', at: 'We decide'.length, expected: 'We decide', text: ' firmly' } as const;

describe('agreeing a paragraph while a proposal to it is in flight', () => {
  it('the proposal first: the agreement, made on a copy without it, is refused because the paragraph now holds an open group', () => {
    const room = setup();
    const agree = room.cofacilitator('p1', setBlockStatus('agreed'));
    expect(room.operation(PROPOSAL, 'eu')).toBe('ok');
    expect(room.receive(agree)).toMatch(/open bracket group/);
    expect(room.status('p1')).toBe('negotiating');
    expect(room.text('p1')).toBe('We decide[ firmly] to review progress.');
  });

  it('the agreement first: the proposal is refused because the paragraph is agreed', () => {
    const room = setup();
    expect(room.receive(room.cofacilitator('p1', setBlockStatus('agreed')))).toBe('ok');
    expect(room.operation(PROPOSAL, 'eu')).toMatch(/is agreed/);
    expect(room.status('p1')).toBe('agreed');
    expect(room.text('p1')).toBe('We decide to review progress.');
  });
});

describe('resolving a group while a delegation amends an alternative in it', () => {
  it('the amendment first: the resolution still resolves to the chosen alternative; the amended words go with the group', () => {
    const room = setup();
    const resolve = room.cofacilitator('p37', resolveGroup('g37', 1)); // keep "ten"
    expect(room.operation({ type: 'amend', altId: 'a-five', text: 'fifteen' }, 'g77')).toBe('ok');
    expect(room.text('p37')).toBe('We extend the IGF mandate for another [fifteen] [ten] years.');
    expect(room.receive(resolve)).toBe('ok');
    expect(room.text('p37')).toBe('We extend the IGF mandate for another ten years.');
  });

  it('the resolution first: the amendment is refused, the alternative is gone', () => {
    const room = setup();
    expect(room.receive(room.cofacilitator('p37', resolveGroup('g37', 1)))).toBe('ok');
    expect(room.operation({ type: 'amend', altId: 'a-five', text: 'fifteen' }, 'g77')).toBe('no such alternative');
    expect(room.text('p37')).toBe('We extend the IGF mandate for another ten years.');
  });

  it('amending the very alternative the co-facilitator keeps: the resolution keeps the words the co-facilitator chose', () => {
    const room = setup();
    const resolve = room.cofacilitator('p37', resolveGroup('g37', 1)); // keep "ten"
    expect(room.operation({ type: 'amend', altId: 'a-ten', text: 'twelve' }, 'eu')).toBe('ok');
    expect(room.receive(resolve)).toBe('ok');
    // The resolution wrote "ten" as plain text of the paragraph; the amendment lived inside the group it deleted.
    expect(room.text('p37')).toBe('We extend the IGF mandate for another ten years.');
  });
});
