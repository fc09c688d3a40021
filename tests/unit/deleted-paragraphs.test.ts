// Issue 12, "Labels that stay put": once the numbering is fixed, a deleted paragraph keeps its label,
// marked deleted ("12. [Deleted]"), and the paragraphs after it keep theirs. The domain (placeholder
// node, numbering, validity, exports), then the editor plugin on an EditorState, deleting the ways a
// keyboard deletes.
import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, NodeSelection, TextSelection, type Transaction } from '@tiptap/pm/state';
import { joinBackward, joinForward, deleteSelection } from '@tiptap/pm/commands';
import { history, undo } from '@tiptap/pm/history';
import { ySyncPluginKey, updateYFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { DOCUMENT_FIELD, docFromYDoc, yUpdateFromDocJSON } from '../../shared/src/collab/ydoc.ts';
import { attributionOf, type AttributedUpdate } from '../../shared/src/revisions/attribution.ts';
import { compareStates } from '../../shared/src/revisions/compare.ts';
import { planLabelFreeze } from '../../shared/src/revisions/labelFreeze.ts';
import { makeDoc, t } from '../helpers/docs.ts';
import { labelBlocks } from '../../shared/src/numbering/labels.ts';
import { DELETED_TEXT, deletedBlockAttrs, isDeletedBlock, placeholderFor } from '../../shared/src/schema/deletedBlock.ts';
import { keepDeletedLabels } from '../../shared/src/numbering/deletedLabels.ts';
import { documentValidity, blockValidity } from '../../shared/src/schema/validity.ts';
import { outcomeSchema, docFromJSON } from '../../shared/src/schema/schema.ts';
import { exportText } from '../../shared/src/export/text.ts';
import { exportMarkdown } from '../../shared/src/export/markdown.ts';
import { outlineOf } from '../../shared/src/export/outline.ts';
import { exportFile } from '../../shared/src/export/index.ts';
import { importFile } from '../../shared/src/import/file.ts';
import { aknSchemaErrors } from './export-helpers.ts';
import { sliceToLiteralText } from '../../shared/src/brackets/clipboard.ts';
import { ensureIdsPlugin } from '../../client/src/editor/ensureIds.ts';
import { deletedBlocksPlugin, removePlaceholder, selectPlaceholderBeside, withoutPlaceholders } from '../../client/src/editor/deletedBlocks.ts';

const p = (id: string, text: string, label: string | null = null): JSONContent => ({ type: 'paragraph', attrs: { id, kind: 'op', label }, content: [t(text)] });
const s = (id: string, text: string, label: string | null = null): JSONContent => ({ type: 'subparagraph', attrs: { id, level: 1, label }, content: [t(text)] });
const gone = (id: string, label: string, was: 'paragraph' | 'subparagraph' = 'paragraph'): JSONContent => ({ type: 'deletedBlock', attrs: { id, label, was, kind: 'op', level: 1 } });

/** Paragraphs 1..5 with their numbering fixed, as "Fix the current numbering" leaves them. */
const fixed = () => makeDoc([p('p1', 'One.', '1'), p('p2', 'Two.', '2'), p('p3', 'Three.', '3'), p('p4', 'Four.', '4'), p('p5', 'Five.', '5')]);
const derived = () => makeDoc([p('p1', 'One.'), p('p2', 'Two.'), p('p3', 'Three.'), p('p4', 'Four.'), p('p5', 'Five.')]);

/** What a reader sees: "label text" per block, placeholders as "[Deleted]". */
const shown = (doc: PMNode) => labelBlocks(doc).map((b) => `${b.label ?? ''} ${isDeletedBlock(b.node) ? DELETED_TEXT : b.node.textContent}`.trim());
const ids = (doc: PMNode) => {
  const out: string[] = [];
  doc.forEach((node, _pos, i) => void (i > 0 && out.push(String(node.attrs.id))));
  return out;
};

/** Position of the top-level block with this id, and of its content's start and end. */
function block(doc: PMNode, id: string): { pos: number; start: number; end: number } {
  let found: { pos: number; start: number; end: number } | null = null;
  doc.forEach((node, pos) => {
    if (node.attrs.id === id) found = { pos, start: pos + 1, end: pos + node.nodeSize - 1 };
  });
  if (!found) throw new Error(`no block ${id}`);
  return found;
}

const editor = (doc: PMNode, withHistory = false) =>
  EditorState.create({ doc, plugins: [...(withHistory ? [history()] : []), ensureIdsPlugin(), deletedBlocksPlugin()] });

/** Runs a command the way a key does: its transaction, and whatever the plugins append. */
function press(state: EditorState, command: (state: EditorState, dispatch: (tr: Transaction) => void) => boolean): EditorState {
  let next = state;
  const ran = command(state, (tr) => void (next = state.apply(tr)));
  expect(ran, 'the command applies').toBe(true);
  return next;
}

const select = (state: EditorState, from: number, to: number) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));

describe('the placeholder of a deleted paragraph (schema/deletedBlock.ts)', () => {
  it('is made only for paragraphs and subparagraphs that carry a fixed label, and keeps their id and label', () => {
    const doc = makeDoc([p('a', 'A', '12'), p('b', 'B'), s('c', 'C', '(c)'), { type: 'sectionHeading', attrs: { id: 'h', label: 'II' }, content: [t('H')] }]);
    const [a, b, c, h] = [1, 2, 3, 4].map((i) => doc.child(i));
    const placeholder = placeholderFor(a!)!;
    expect(placeholder.type.name).toBe('deletedBlock');
    expect(placeholder.content.size).toBe(0);
    expect(deletedBlockAttrs(placeholder)).toEqual({ id: 'a', label: '12', was: 'paragraph', kind: 'op', level: 1 });
    expect(deletedBlockAttrs(placeholderFor(c!)!)).toMatchObject({ id: 'c', label: '(c)', was: 'subparagraph', level: 1 });
    expect(placeholderFor(b!), 'a derived number closes up').toBeNull();
    expect(placeholderFor(h!), 'headings are deleted as before').toBeNull();
  });

  it('holds its label in the numbering: the blocks after it continue from it, and an insertion after it is "bis"', () => {
    const doc = makeDoc([p('a', 'A', '11'), gone('b', '12'), p('c', 'C', '13'), p('d', 'D')]);
    expect(shown(doc)).toEqual(['11 A', '12 [Deleted]', '13 C', '14 D']);
    const inserted = makeDoc([p('a', 'A', '11'), gone('b', '12'), p('n', 'New'), p('c', 'C', '13')]);
    expect(shown(inserted)).toEqual(['11 A', '12 [Deleted]', '12 bis New', '13 C']);
    const letters = makeDoc([p('a', 'A', '3'), s('x', 'X', '(a)'), gone('y', '(b)', 'subparagraph'), s('z', 'Z')]);
    expect(shown(letters)).toEqual(['3 A', '(a) X', '(b) [Deleted]', '(c) Z']);
  });

  it('passes the server\'s validation, which still refuses a placeholder that claims to be something else', () => {
    const doc = makeDoc([p('a', 'A', '11'), gone('b', '12'), p('c', 'C', '13')]);
    expect(documentValidity(doc)).toEqual({ ok: true });
    const wrong = outcomeSchema.nodes.deletedBlock!.create({ id: 'x', label: '12', was: 'sectionHeading' });
    expect(blockValidity(wrong, 'body')).toMatchObject({ ok: false });
    const anonymous = outcomeSchema.nodes.deletedBlock!.create({ label: '12' });
    expect(blockValidity(anonymous, 'body')).toEqual({ ok: false, reason: 'a deletedBlock needs an id' });
    expect(() => docFromJSON({ type: 'doc', content: [doc.child(0).toJSON(), { ...gone('b', '12'), content: [t('text')] }] })).toThrow();
  });
});

describe('exports print the placeholder as its label and [Deleted]', () => {
  const doc = makeDoc([p('a', 'Alpha.', '11'), gone('b', '12'), p('c', 'Gamma.', '13'), s('x', 'Ex.', '(a)'), gone('y', '(b)', 'subparagraph'), s('z', 'Zed.', '(c)')]);

  it('text and Markdown', () => {
    expect(exportText(doc)).toContain('11. Alpha.\n\n12. [Deleted]\n\n13. Gamma.\n\n(a) Ex.\n\n(b) [Deleted]\n\n(c) Zed.\n');
    expect(exportMarkdown(doc)).toContain('11. Alpha.\n\n12. [Deleted]\n\n13. Gamma.\n\n(a) Ex.\n\n(b) [Deleted]\n\n(c) Zed.\n');
  });

  it('the JSON outline, marked deleted', () => {
    const outline = outlineOf(doc);
    expect(outline.paragraphs.map((x) => [x.label, x.text, x.deleted ?? false])).toEqual([
      ['11', 'Alpha.', false],
      ['12', '[Deleted]', true],
      ['13', 'Gamma.', false],
    ]);
    expect(outline.paragraphs[2]!.subparagraphs.map((x) => [x.label, x.text, x.deleted ?? false])).toEqual([
      ['(a)', 'Ex.', false],
      ['(b)', '[Deleted]', true],
      ['(c)', 'Zed.', false],
    ]);
  });

  it('HTML (label in the margin column, the text "[Deleted]")', async () => {
    const html = String((await exportFile(doc, { format: 'html' })).body);
    expect(html).toContain('<div class="block paragraph deleted-placeholder" data-kind="op" id="b"><span class="label">12.</span><span class="text">[Deleted]</span></div>');
    expect(html).toContain('<span class="label">(b)</span><span class="text">[Deleted]</span>');
  });

  it('Akoma Ntoso (status="removed", num and content), valid against the OASIS schema', async () => {
    const xml = String((await exportFile(doc, { format: 'akn' })).body);
    expect(aknSchemaErrors(xml)).toBe('');
    expect(xml).toMatch(/<paragraph eId="para_2" class="op" status="removed"><num>12\.<\/num><content><p>\[Deleted\]<\/p><\/content><\/paragraph>/);
    expect(xml).toMatch(/<subparagraph eId="para_3__subpara_2" status="removed"><num>\(b\)<\/num><content><p>\[Deleted\]<\/p><\/content><\/subparagraph>/);
  });

  it('Word, read back through the Word reader', async () => {
    const bytes = (await exportFile(doc, { format: 'docx' })).body as Uint8Array;
    const back = docFromJSON(importFile(bytes, 'export.docx').doc);
    expect(exportText(back)).toContain('12. [Deleted]\n\n13. Gamma.');
    expect(exportText(back)).toContain('(b) [Deleted]\n\n(c) Zed.');
  });
});

describe('keepDeletedLabels (numbering/deletedLabels.ts)', () => {
  it('gives every labelled block a change removed its placeholder, where it stood', () => {
    const before = fixed();
    const tr = EditorState.create({ doc: before }).tr;
    const { pos } = block(before, 'p3');
    tr.delete(pos, pos + before.nodeAt(pos)!.nodeSize);
    expect(keepDeletedLabels(before, tr.mapping, tr)).toBe(true);
    expect(shown(tr.doc)).toEqual(['1 One.', '2 Two.', '3 [Deleted]', '4 Four.', '5 Five.']);
    expect(ids(tr.doc)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('changes nothing where no label is fixed', () => {
    const before = derived();
    const tr = EditorState.create({ doc: before }).tr;
    const { pos } = block(before, 'p3');
    tr.delete(pos, pos + before.nodeAt(pos)!.nodeSize);
    expect(keepDeletedLabels(before, tr.mapping, tr)).toBe(false);
    expect(shown(tr.doc)).toEqual(['1 One.', '2 Two.', '3 Four.', '4 Five.']);
  });
});

describe('the editor plugin: deleting a paragraph whose number is fixed leaves "N. [Deleted]"', () => {
  it('Shift+Down from the start of 3, then Delete: 3 is deleted, 4 keeps its words, id and number', () => {
    let state = editor(fixed());
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p4').start);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 [Deleted]', '4 Four.', '5 Five.']);
    expect(ids(state.doc)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(documentValidity(state.doc)).toEqual({ ok: true });
  });

  it('selecting from the end of 2 to the end of 3, then Delete', () => {
    let state = editor(fixed());
    state = select(state, block(state.doc, 'p2').end, block(state.doc, 'p3').end);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 [Deleted]', '4 Four.', '5 Five.']);
  });

  it('Backspace in an emptied paragraph 3, and Delete at the end of 2 with 3 empty', () => {
    const empty3 = () => makeDoc([p('p1', 'One.', '1'), p('p2', 'Two.', '2'), { type: 'paragraph', attrs: { id: 'p3', kind: 'op', label: '3' } }, p('p4', 'Four.', '4')]);
    let state = editor(empty3());
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p3').start);
    state = press(state, joinBackward);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 [Deleted]', '4 Four.']);
    state = editor(empty3());
    state = select(state, block(state.doc, 'p2').end, block(state.doc, 'p2').end);
    state = press(state, joinForward);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 [Deleted]', '4 Four.']);
  });

  it('Backspace at the start of 3 joins its words into 2: paragraph 3 as such is gone, 4 stays 4', () => {
    let state = editor(fixed());
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p3').start);
    state = press(state, joinBackward);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.Three.', '3 [Deleted]', '4 Four.', '5 Five.']);
  });

  it('a selection over several paragraphs leaves one placeholder each, in order', () => {
    let state = editor(fixed());
    state = select(state, block(state.doc, 'p2').start + 2, block(state.doc, 'p5').start);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '2 TwFive.', '3 [Deleted]', '4 [Deleted]', '5 [Deleted]']);
  });

  it('typing over whole paragraphs also leaves their placeholders', () => {
    let state = editor(fixed());
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p4').start);
    state = state.apply(state.tr.insertText('Thr'));
    // the typed text stands in paragraph 4's node: 3's words were replaced, 4's are kept after them
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 [Deleted]', '4 ThrFour.', '5 Five.']);
  });

  it('deletes paragraphs without a fixed label as before: the numbering closes up', () => {
    let state = editor(derived());
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p4').start);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 Four.', '4 Five.']);
  });

  it('an emptied paragraph (its text selected and deleted) stays a paragraph', () => {
    let state = editor(fixed());
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p3').end);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3', '4 Four.', '5 Five.']);
  });

  it('undo brings the paragraph back in one step (deletion and placeholder are one change)', () => {
    let state = editor(fixed(), true);
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p4').start);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toContain('3 [Deleted]');
    state = press(state, undo);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '3 Three.', '4 Four.', '5 Five.']);
    expect(state.doc.eq(fixed())).toBe(true);
  });

  it('a placeholder goes for good only when removed on purpose; swept along with paragraphs, it comes back', () => {
    let state = editor(makeDoc([p('p1', 'One.', '1'), gone('p2', '2'), p('p3', 'Three.', '3'), p('p4', 'Four.', '4')]));
    state = select(state, block(state.doc, 'p1').start + 3, block(state.doc, 'p4').start);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 OneFour.', '2 [Deleted]', '3 [Deleted]', '4 [Deleted]']);

    state = editor(makeDoc([p('p1', 'One.', '1'), gone('p2', '2'), p('p3', 'Three.', '3')]));
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, block(state.doc, 'p2').pos)));
    state = press(state, removePlaceholder);
    expect(shown(state.doc)).toEqual(['1 One.', '3 Three.']);
    expect(removePlaceholder(state), 'nothing to remove without a selected placeholder').toBe(false);
  });

  it('Backspace at the start of the paragraph after a placeholder (Delete at the end of the one before) selects it; again removes it', () => {
    const start = () => editor(makeDoc([p('p1', 'One.', '1'), gone('p2', '2'), p('p3', 'Three.', '3')]));
    let state = start();
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p3').start);
    state = press(state, selectPlaceholderBeside(-1));
    expect(state.selection instanceof NodeSelection && state.selection.node.attrs.id).toBe('p2');
    state = press(state, removePlaceholder);
    expect(shown(state.doc)).toEqual(['1 One.', '3 Three.']);

    state = start();
    state = select(state, block(state.doc, 'p1').end, block(state.doc, 'p1').end);
    state = press(state, selectPlaceholderBeside(1));
    expect(state.selection instanceof NodeSelection && state.selection.node.attrs.id).toBe('p2');
    state = start();
    state = select(state, block(state.doc, 'p1').end - 1, block(state.doc, 'p1').end - 1);
    expect(selectPlaceholderBeside(1)(state), 'not at the end of the paragraph: the key does what it always does').toBe(false);
  });

  it('a selected placeholder deleted by the default Backspace comes back (only the command removes it)', () => {
    let state = editor(makeDoc([p('p1', 'One.', '1'), gone('p2', '2'), p('p3', 'Three.', '3')]));
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, block(state.doc, 'p2').pos)));
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '2 [Deleted]', '3 Three.']);
  });

  it('a copy of a selection holding a placeholder reads "[Deleted]" as plain text', () => {
    const state = editor(makeDoc([p('p1', 'One.', '1'), gone('p2', '2'), p('p3', 'Three.', '3')]));
    const copy = state.doc.slice(block(state.doc, 'p1').pos, block(state.doc, 'p3').pos + state.doc.child(3).nodeSize);
    expect(sliceToLiteralText(copy)).toBe('One.\n\n[Deleted]\n\nThree.');
  });

  it('a paste leaves placeholders out (a copy would stand for no paragraph)', () => {
    const doc = makeDoc([p('p1', 'One.', '1'), gone('p2', '2'), p('p3', 'Three.', '3')]);
    const whole = doc.slice(block(doc, 'p1').start + 1, block(doc, 'p3').start + 2);
    const pasted = withoutPlaceholders(whole);
    expect(pasted.content.childCount).toBe(2);
    expect([pasted.content.child(0).textContent, pasted.content.child(1).textContent]).toEqual(['ne.', 'Th']);
    expect([pasted.openStart, pasted.openEnd]).toEqual([whole.openStart, whole.openEnd]);
    expect(withoutPlaceholders(doc.slice(block(doc, 'p2').pos, block(doc, 'p3').pos)).size).toBe(0);
    const plain = doc.slice(block(doc, 'p1').start, block(doc, 'p1').end);
    expect(withoutPlaceholders(plain)).toBe(plain);
  });

  it('a deleted subparagraph with a fixed letter keeps it', () => {
    let state = editor(makeDoc([p('p1', 'One.', '1'), s('a', 'Ay.', '(a)'), s('b', 'Bee.', '(b)'), s('c', 'Sea.', '(c)')]));
    state = select(state, block(state.doc, 'b').start, block(state.doc, 'c').start);
    state = press(state, deleteSelection);
    expect(shown(state.doc)).toEqual(['1 One.', '(a) Ay.', '(b) [Deleted]', '(c) Sea.']);
    expect(state.doc.child(4).type.name).toBe('subparagraph');
  });

  it('leaves changes from the sync binding alone (other people\'s, undo and redo)', () => {
    let state = editor(fixed());
    const { pos } = block(state.doc, 'p3');
    const tr = state.tr.delete(pos, pos + state.doc.nodeAt(pos)!.nodeSize).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    state = state.apply(tr);
    expect(shown(state.doc)).toEqual(['1 One.', '2 Two.', '4 Four.', '5 Five.']);
  });
});

describe('a revision compared with the live text after a deletion (revisions/compare.ts)', () => {
  it('shows the paragraph\'s words deleted and "[Deleted]" inserted, by whoever deleted it, under its label', () => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, yUpdateFromDocJSON(fixed().toJSON()));
    const frozen = new Y.Doc();
    Y.applyUpdate(frozen, Y.encodeStateAsUpdate(ydoc));
    const log: AttributedUpdate[] = [];
    ydoc.on('update', (update: Uint8Array) => log.push({ update, author: 'Co-facilitator' }));
    ydoc.clientID = 4242;
    // the pen-holder's editor: Shift+Down from the start of 3, Delete, the plugin's placeholder
    let state = editor(docFromYDoc(ydoc));
    state = select(state, block(state.doc, 'p3').start, block(state.doc, 'p4').start);
    state = press(state, deleteSelection);
    ydoc.transact(() => updateYFragment(ydoc, ydoc.getXmlFragment(DOCUMENT_FIELD), state.doc, { mapping: new Map(), isOMark: new Map() } as never));

    const redline = compareStates({
      from: { side: { name: 'Rev.1', at: '2026-01-01T00:00:00Z' }, doc: frozen },
      to: { side: { name: 'Live', at: '2026-02-01T00:00:00Z' }, doc: ydoc },
      attribution: attributionOf(log),
    });
    const p3 = redline.blocks.find((b) => b.id === 'p3')!;
    expect(p3).toMatchObject({ type: 'paragraph', oldLabel: '3', newLabel: '3', change: 'changed' });
    expect(p3.runs.map((r) => [r.change, r.text, r.author ?? null])).toEqual([
      ['del', 'Three.', 'Co-facilitator'],
      ['ins', '[Deleted]', 'Co-facilitator'],
    ]);
    expect(redline.blocks.find((b) => b.id === 'p4')).toMatchObject({ change: 'same', oldLabel: '4', newLabel: '4' });
    expect(redline.renumbered).toEqual([]);
  });
});

describe('importing a text that prints a deleted paragraph', () => {
  it('"12. [Deleted]" (or "Deleted.") becomes the placeholder with its label, and the text export reads back as it was', () => {
    const source = ['Draft outcome', '', '11. Alpha.', '', '12. [Deleted]', '', '13. Gamma.', '', '(a) Ex.', '', '(b) Deleted.', '', '(c) Zed.', ''].join('\n');
    const imported = importFile(new TextEncoder().encode(source), 'draft.txt');
    const doc = docFromJSON(imported.doc);
    expect(shown(doc)).toEqual(['11 Alpha.', '12 [Deleted]', '13 Gamma.', '(a) Ex.', '(b) [Deleted]', '(c) Zed.']);
    expect(imported.report.map((r) => r.message)).toContain('Paragraph 12 read as deleted; it keeps its label');
    const again = docFromJSON(importFile(new TextEncoder().encode(exportText(doc)), 'again.txt').doc);
    expect(exportText(again)).toBe(exportText(doc));
    expect(shown(docFromJSON(importFile(new TextEncoder().encode(exportMarkdown(doc)), 'again.md').doc))).toEqual(shown(doc));
  });

  it('leaves a paragraph that only mentions a deletion alone', () => {
    const doc = docFromJSON(importFile(new TextEncoder().encode('Draft\n\n1. Deleted text is restored.\n\n2. [deleted words]\n'), 'd.txt').doc);
    expect(shown(doc)).toEqual(['1 Deleted text is restored.', '2 deleted words']); // a bracket group, shown without its brackets here
    expect(exportText(doc)).toContain('2. [deleted words]');
    expect([1, 2].map((i) => doc.child(i).type.name)).toEqual(['paragraph', 'paragraph']);
  });
});

describe('issuing a revision', () => {
  const doc = () => makeDoc([p('a', 'A', '1'), p('n', 'New'), gone('b', '2'), p('c', 'C', '3')]);

  it('without renumbering keeps the placeholders and their labels', () => {
    expect(shown(doc())).toEqual(['1 A', '1 bis New', '2 [Deleted]', '3 C']);
    const plan = planLabelFreeze(doc(), { renumber: false });
    expect(plan.removed).toBeUndefined();
    expect(plan.labels).toEqual([
      { index: 1, label: '1' },
      { index: 2, label: '1 bis' },
      { index: 4, label: '3' },
    ]);
  });

  it('with renumbering removes them and closes the gaps they held (1 bis becomes 2, and 3 stays 3)', () => {
    const plan = planLabelFreeze(doc(), { renumber: true });
    expect(plan.removed).toEqual([3]);
    expect(plan.labels).toEqual([
      { index: 1, label: '1' },
      { index: 2, label: '2' },
      { index: 4, label: '3' },
    ]);
    expect(plan.renumbered).toEqual([{ from: '1 bis', to: '2' }]);
  });
});
