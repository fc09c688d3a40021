// Comparing two states of a document into a redline: blocks matched by identity, every change
// attributed to the delegation or role whose update made it. Edits go through the same binding the
// editor runs (y-tiptap's updateYFragment), each under its author's client id, and the updates are
// logged with their authors as the server stores them.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { JSONContent } from '@tiptap/core';
import { DOCUMENT_FIELD, docFromYDoc, yUpdateFromDocJSON } from '../../shared/src/collab/ydoc.ts';
import { attributionOf, type AttributedUpdate } from '../../shared/src/revisions/attribution.ts';
import { compareStates } from '../../shared/src/revisions/compare.ts';
import type { Redline, RedlineBlock } from '../../shared/src/revisions/redline.ts';
import { alt, caretAfter, group, makeDoc, t } from '../helpers/docs.ts';

const p = (id: string, ...content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { id, kind: 'op' }, content });
const h = (id: string, text: string): JSONContent => ({ type: 'sectionHeading', attrs: { id, level: 1, numbered: true }, content: [t(text)] });

const DRAFT = makeDoc([
  h('h1', 'Follow-up'),
  p('p1', t('Decides to convene a high-level meeting in 2025;')),
  p('p2', t('Requests the Secretary-General to report;')),
  p('p3', t('Invites all stakeholders to contribute;')),
  p('p4', t('Decides to hold a '), { ...group(alt(t('World Summit')), alt(t('High Level Meeting'))), attrs: { id: 'g1', separator: ' ' } }, t(' in 2025;')),
  p('p5', t('Encourages regional preparatory meetings.')),
]).toJSON();

/** A room's document with an attributed update log, edited as people do in the editor. */
function room() {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, yUpdateFromDocJSON(DRAFT));
  const log: AttributedUpdate[] = [];
  let author = '';
  doc.on('update', (update: Uint8Array) => log.push({ update, author }));
  const meta = { mapping: new Map(), isOMark: new Map() };
  return {
    doc,
    log,
    freeze: () => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      return { doc: copy, seq: log.length };
    },
    edit(who: string, clientId: number, change: (pm: PMNode) => PMNode) {
      author = who;
      doc.clientID = clientId;
      const next = change(docFromYDoc(doc));
      doc.transact(() => updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FIELD), next, meta as never));
    },
  };
}

const insertAfter = (needle: string, text: string) => (pm: PMNode) => {
  const state = caretAfter(pm, needle);
  return state.apply(state.tr.insertText(text)).doc;
};
const deleteText = (needle: string) => (pm: PMNode) => {
  const state = caretAfter(pm, needle);
  const to = state.selection.from;
  return state.apply(state.tr.delete(to - needle.length, to)).doc;
};
const blockIndex = (pm: PMNode, id: string) => {
  let index = -1;
  pm.forEach((node, _o, i) => void (node.attrs.id === id && (index = i)));
  return index;
};
const posOfBlock = (pm: PMNode, index: number) => {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += pm.child(i).nodeSize;
  return pos;
};

function compare(r: ReturnType<typeof room>, from: { doc: Y.Doc; seq: number }, to = r.freeze()): Redline {
  return compareStates({
    from: { side: { name: 'Zero draft', at: '2026-01-01T00:00:00Z' }, doc: from.doc },
    to: { side: { name: 'Rev.1', at: '2026-02-01T00:00:00Z' }, doc: to.doc },
    attribution: attributionOf(r.log.slice(from.seq, to.seq)),
  });
}

const block = (redline: Redline, id: string): RedlineBlock => redline.blocks.find((b) => b.id === id)!;
// The binding writes an insertion where its text diff puts it (" strongly" may land as "strongly "
// after the shared space): the words and authors are what a reader checks.
const changes = (b: RedlineBlock) => b.runs.filter((r) => r.change !== 'same').map((r) => [r.change, r.text.trim(), r.author]);
const text = (b: RedlineBlock, change: 'same' | 'ins' | 'del' | 'new' = 'new') =>
  b.runs.filter((r) => (change === 'new' ? r.change !== 'del' : r.change === change)).map((r) => r.text).join('');

describe('comparing two states of a document', () => {
  it('shows nothing when a state is compared with itself', () => {
    const r = room();
    const zero = r.freeze();
    const redline = compare(r, zero, zero);
    expect(redline.blocks.every((b) => b.change === 'same' && !b.textChanged)).toBe(true);
    expect(redline.blocks.map((b) => b.newLabel)).toEqual(['1', '1', '2', '3', '4', '5']);
    expect(redline.groupsAdded).toEqual([]);
    expect(redline.groupsResolved).toEqual([]);
    expect(redline.renumbered).toEqual([]);
  });

  it('attributes insertions and deletions inside a paragraph to whoever made them', () => {
    const r = room();
    const zero = r.freeze();
    r.edit('European Union', 101, insertAfter('Requests the Secretary-General', ', in consultation with Member States,'));
    r.edit('Group of 77 and China', 102, deleteText(' all stakeholders'));
    const redline = compare(r, zero);
    expect(block(redline, 'p2').change).toBe('changed');
    // A word diff keeps the unchanged space between the two inserted pieces, so "reject all" in Word
    // gives back the old text exactly.
    expect(changes(block(redline, 'p2'))).toEqual([
      ['ins', ',', 'European Union'],
      ['ins', 'in consultation with Member States,', 'European Union'],
    ]);
    expect(text(block(redline, 'p2'), 'same') + '').toBe('Requests the Secretary-General to report;');
    expect(text(block(redline, 'p2'))).toBe('Requests the Secretary-General, in consultation with Member States, to report;');
    expect(changes(block(redline, 'p3'))).toEqual([['del', 'all stakeholders', 'Group of 77 and China']]);
    expect(text(block(redline, 'p3'))).toBe('Invites to contribute;');
    expect(block(redline, 'p1').change).toBe('same');
  });

  it('keeps two equal words typed by two delegations as two attributed insertions', () => {
    const r = room();
    const zero = r.freeze();
    r.edit('European Union', 101, insertAfter('Encourages', ' strongly'));
    r.edit('CELAC', 103, insertAfter('Encourages strongly', ' strongly'));
    const p5 = block(compare(r, zero), 'p5');
    expect(changes(p5)).toEqual([
      ['ins', 'strongly', 'European Union'],
      ['ins', 'strongly', 'CELAC'],
    ]);
    expect(text(p5)).toBe('Encourages strongly strongly regional preparatory meetings.');
  });

  it('shows inserted and deleted paragraphs with their authors, and the labels that moved', () => {
    const r = room();
    const zero = r.freeze();
    r.edit('Co-facilitator', 104, (pm) => {
      const at = posOfBlock(pm, blockIndex(pm, 'p1') + 1);
      const node = pm.type.schema.nodeFromJSON(p('new', t('Welcomes the offer of Brazil to host the meeting;')));
      const state = caretAfter(pm, 'in 2025;');
      return state.apply(state.tr.insert(at, node)).doc;
    });
    r.edit('Secretariat', 105, (pm) => {
      const from = posOfBlock(pm, blockIndex(pm, 'p3'));
      const state = caretAfter(pm, 'Follow-up');
      return state.apply(state.tr.delete(from, from + pm.child(blockIndex(pm, 'p3')).nodeSize)).doc;
    });
    const redline = compare(r, zero);
    expect(redline.blocks.map((b) => [b.id, b.change, b.oldLabel, b.newLabel])).toEqual([
      ['h1', 'same', '1', '1'],
      ['p1', 'same', '1', '1'],
      ['new', 'inserted', null, '2'],
      ['p2', 'same', '2', '3'],
      ['p3', 'deleted', '3', null],
      ['p4', 'same', '4', '4'],
      ['p5', 'same', '5', '5'],
    ]);
    expect(block(redline, 'new').author).toBe('Co-facilitator');
    expect(block(redline, 'p3').author).toBe('Secretariat');
    expect(changes(block(redline, 'p3'))).toEqual([['del', 'Invites all stakeholders to contribute;', 'Secretariat']]);
    expect(text(block(redline, 'new'), 'ins')).toBe('Welcomes the offer of Brazil to host the meeting;');
    expect(redline.renumbered).toEqual([{ from: '2', to: '3' }]);
  });

  it('shows a paragraph moved elsewhere as moved, not as deleted and inserted', () => {
    const r = room();
    const zero = r.freeze();
    r.edit('Co-facilitator', 104, (pm) => {
      const index = blockIndex(pm, 'p5');
      const moving = pm.child(index);
      const from = posOfBlock(pm, index);
      const state = caretAfter(pm, 'Follow-up');
      const tr = state.tr.delete(from, from + moving.nodeSize);
      tr.insert(posOfBlock(pm, blockIndex(pm, 'p1')), moving);
      return state.apply(tr).doc;
    });
    const redline = compare(r, zero);
    expect(redline.blocks.map((b) => [b.id, b.change])).toEqual([
      ['h1', 'same'],
      ['p5', 'moved'],
      ['p1', 'same'],
      ['p2', 'same'],
      ['p3', 'same'],
      ['p4', 'same'],
    ]);
    expect(block(redline, 'p5')).toMatchObject({ oldLabel: '5', newLabel: '1', textChanged: false });
    expect(redline.blocks.every((b) => !b.textChanged)).toBe(true);
    expect(redline.renumbered).toEqual([
      { from: '5', to: '1' },
      { from: '1', to: '2' },
      { from: '2', to: '3' },
      { from: '3', to: '4' },
      { from: '4', to: '5' },
    ]);
  });

  it('lists bracket groups resolved (with the text kept) and added', () => {
    const r = room();
    const zero = r.freeze();
    r.edit('Co-facilitator', 104, (pm) => {
      // Resolve by choosing "High Level Meeting": the group becomes plain text.
      const index = blockIndex(pm, 'p4');
      const from = posOfBlock(pm, index);
      const state = caretAfter(pm, 'Follow-up');
      const node = pm.type.schema.nodeFromJSON(p('p4', t('Decides to hold a High Level Meeting in 2025;')));
      return state.apply(state.tr.replaceWith(from, from + pm.child(index).nodeSize, node)).doc;
    });
    r.edit('Co-facilitator', 104, (pm) => {
      const index = blockIndex(pm, 'p2');
      const from = posOfBlock(pm, index);
      const state = caretAfter(pm, 'Follow-up');
      const node = pm.type.schema.nodeFromJSON(
        p('p2', t('Requests the Secretary-General to report '), { ...group(alt(t('annually')), alt(t('biennially'))), attrs: { id: 'g2', separator: ' ' } }, t(';')),
      );
      return state.apply(state.tr.replaceWith(from, from + pm.child(index).nodeSize, node)).doc;
    });
    const redline = compare(r, zero);
    expect(redline.groupsResolved).toEqual([{ paragraph: '4', alternatives: ['World Summit', 'High Level Meeting'], kept: 'High Level Meeting' }]);
    expect(redline.groupsAdded).toEqual([{ paragraph: '2', alternatives: ['annually', 'biennially'] }]);
    const p4 = block(redline, 'p4');
    expect(p4.runs.filter((x) => x.change === 'del').map((x) => x.text).join('')).toContain('[World Summit]');
  });
});
