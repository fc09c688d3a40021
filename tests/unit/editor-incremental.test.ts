// The editor's margin labels, footnote numbers and attribution tints are kept up to date after each
// change by rebuilding only the blocks that changed (client/src/editor/blockDiff.ts). Whatever the
// change (a split with its new ids, typing, attributes, a deleted block, a remote change that rebuilds
// every node, a paragraph inserted above others), the result must be exactly what building all
// decorations from scratch gives.
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { largeDocumentJSON } from '../../bench/fixtures/largeDocument.ts';
import { labelDecorations, labelsPlugin, labelsPluginKey, labelAt, blockLabels, catchUpLabels, type NearScreen } from '../../client/src/editor/labels.ts';
import { labelBlocks } from '../../shared/src/numbering/labels.ts';
import { ensureIdsPlugin } from '../../client/src/editor/ensureIds.ts';
import { assignIds, assignMissingIds, idsComplete } from '../../shared/src/schema/ensureIds.ts';
import { buildDecorations, updateDecorations } from '../../client/src/editor/attribution.ts';
import { blockDiff, oldIndexOf } from '../../client/src/editor/blockDiff.ts';

const name = (id: string) => id.toUpperCase();
const names = { name, short: (id: string) => id.slice(0, 3).toUpperCase() };

/**
 * A decoration as the view sees it: where, and what it adds. The attributes of node decorations
 * are not public API (Decoration.type is internal), hence the one structural read here.
 */
function described(set: DecorationSet): string[] {
  return set
    .find()
    .map((d: Decoration) => {
      const type = (d as unknown as { type: { attrs?: Record<string, string> } }).type;
      return `${d.from}-${d.to} ${JSON.stringify(type.attrs ?? null)} ${JSON.stringify(d.spec)}`;
    })
    .sort();
}

function startState(): EditorState {
  const doc = docFromJSON(largeDocumentJSON({ paragraphs: 40, groups: 220, footnotes: 12 }));
  return EditorState.create({ doc, plugins: [ensureIdsPlugin(), labelsPlugin()] });
}

/** Positions inside running text of top-level paragraph `index` (a text node directly in it). */
function textIn(doc: PMNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  let found = -1;
  doc.child(index).forEach((child, offset) => {
    if (found < 0 && child.isText && child.text!.length > 4) found = pos + 1 + offset + 2;
  });
  return found;
}

function paragraphIndexes(doc: PMNode): number[] {
  const out: number[] = [];
  doc.forEach((node, _pos, i) => {
    if (node.type.name === 'paragraph' && textIn(doc, i) > 0) out.push(i);
  });
  return out;
}

function firstGroupAlt(doc: PMNode, afterBlock: number): number {
  let pos = 0;
  for (let i = 0; i < afterBlock; i++) pos += doc.child(i).nodeSize;
  let found = -1;
  doc.nodesBetween(pos, doc.content.size, (node, p) => {
    if (found < 0 && node.type.name === 'bracketAlt') found = p;
    return found < 0;
  });
  return found;
}

type Edit = [string, (state: EditorState) => Transaction];

const edits: Edit[] = [
  ['Enter in the middle of a paragraph (ids assigned after the split)', (s) => {
    const at = textIn(s.doc, paragraphIndexes(s.doc)[10]!);
    return s.tr.setSelection(TextSelection.create(s.doc, at)).split(at);
  }],
  ['typing in a paragraph', (s) => s.tr.insertText('abc', textIn(s.doc, paragraphIndexes(s.doc)[5]!))],
  ['an alternative proposed by another delegation (attribute step, empty step map)', (s) => {
    const alt = firstGroupAlt(s.doc, paragraphIndexes(s.doc)[12]!);
    return s.tr.setNodeAttribute(alt, 'proposer', s.doc.nodeAt(alt)!.attrs.proposer === 'usa' ? 'eu' : 'usa');
  }],
  ['a paragraph deleted', (s) => {
    const i = paragraphIndexes(s.doc)[3]!;
    let pos = 0;
    for (let k = 0; k < i; k++) pos += s.doc.child(k).nodeSize;
    return s.tr.delete(pos, pos + s.doc.child(i).nodeSize);
  }],
  ['two paragraphs joined (Backspace at the start of one)', (s) => {
    const i = paragraphIndexes(s.doc)[7]!;
    let pos = 0;
    for (let k = 0; k < i; k++) pos += s.doc.child(k).nodeSize;
    return s.tr.join(pos);
  }],
  ['a paragraph copied above the first one (every label after it moves)', (s) => {
    const i = paragraphIndexes(s.doc)[0]!;
    let pos = 0;
    for (let k = 0; k < i; k++) pos += s.doc.child(k).nodeSize;
    return s.tr.insert(pos, s.doc.child(paragraphIndexes(s.doc)[20]!));
  }],
  ['a remote change: the whole document replaced by rebuilt nodes, one paragraph changed', (s) => {
    const json = s.doc.toJSON();
    const i = paragraphIndexes(s.doc)[15]!;
    json.content[i].content.unshift({ type: 'text', text: 'Remote words ' });
    const rebuilt = docFromJSON(json);
    return s.tr.replaceWith(0, s.doc.content.size, rebuilt.content);
  }],
];

describe('incremental decorations equal decorations built from scratch', () => {
  it.each(edits)('%s', (_what, edit) => {
    let state = startState();
    let attribution = buildDecorations(state.doc, null, null, names);
    // two rounds: the second edit starts from incrementally kept decorations
    for (let round = 0; round < 2; round++) {
      const before = state.doc;
      // the appended transaction (ensureIds) included, as in the editor
      state = state.apply(edit(state));
      expect(state.doc.eq(before)).toBe(false);
      attribution = updateDecorations(attribution, before, state.doc, null, null, names);
      expect(described(attribution)).toEqual(described(buildDecorations(state.doc, null, null, names)));
      expect(described(labelsPluginKey.getState(state)!.decorations)).toEqual(described(labelDecorations(state.doc)));
    }
  });

  it('a split keeps ids unique and the labels after it move by one', () => {
    const state = startState();
    const indexes = paragraphIndexes(state.doc);
    const i = indexes[10]!;
    let pos = 0;
    for (let k = 0; k < i; k++) pos += state.doc.child(k).nodeSize;
    const labelBefore = labelAt(state, pos);
    let nextPos = pos + state.doc.child(i).nodeSize;
    const nextLabel = labelAt(state, nextPos);
    const at = textIn(state.doc, i);
    const { state: after } = state.applyTransaction(state.tr.split(at));
    expect(labelAt(after, pos)).toBe(labelBefore);
    nextPos = pos + after.doc.child(i).nodeSize;
    // the new paragraph takes the next number, and the old next paragraph the one after
    expect(labelAt(after, nextPos)).toBe(nextLabel);
    expect(after.doc.child(i).attrs.id).not.toBe(after.doc.child(i + 1).attrs.id);
  });
});

/** The label the decorations show on top-level block `index` (what the margin displays). */
function shownLabel(state: EditorState, index: number): string | null {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
  const set = labelsPluginKey.getState(state)!.decorations;
  const found = set.find(pos, pos + state.doc.child(index).nodeSize, (spec: { label?: string }) => typeof spec.label === 'string');
  return (found.find((d) => d.from === pos)?.spec as { label?: string } | undefined)?.label ?? null;
}

/** Every block's label from scratch, by index (shared/numbering). */
function exactLabels(doc: PMNode): (string | null)[] {
  const byNode = new Map(labelBlocks(doc).map((b) => [b.node, b.label]));
  const out: (string | null)[] = [];
  doc.forEach((node) => out.push(byNode.get(node) ?? null));
  return out;
}

describe('renumbering far from the screen waits for the catch-up', () => {
  function split(state: EditorState, paragraph: number): Transaction {
    const at = textIn(state.doc, paragraphIndexes(state.doc)[paragraph]!);
    return state.tr.setSelection(TextSelection.create(state.doc, at)).split(at);
  }

  it('a split above the screen renumbers the blocks near the screen at once, the others after the frame', () => {
    const screen: NearScreen = { current: null };
    let state = EditorState.create({ doc: startState().doc, plugins: [ensureIdsPlugin(), labelsPlugin(screen)] });
    const count = state.doc.childCount;
    screen.current = { doc: state.doc, first: 20, last: 25 };
    const before = exactLabels(state.doc);
    state = state.apply(split(state, 3));
    const exact = exactLabels(state.doc);
    // the state's labels are exact at once; so is what labelAt reads
    expect(blockLabels(state)).toEqual(exact);
    // the screen moved down one block with its paragraphs
    expect(screen.current).toEqual({ doc: state.doc, first: 21, last: 26 });
    const split3 = paragraphIndexes(state.doc)[3]!;
    for (let i = 0; i < state.doc.childCount; i++) {
      if (i <= split3 + 1 || (i >= 21 && i <= 26)) expect(shownLabel(state, i), `block ${i}`).toBe(exact[i]);
      // far blocks still show the label they had (one block further up before the split)
      else expect(shownLabel(state, i), `block ${i}`).toBe(before[i - 1]);
    }
    expect(exact[40]).not.toBe(before[39]);
    expect(state.doc.childCount).toBe(count + 1);
    expect(labelsPluginKey.getState(state)!.lagging).toBe(true);

    state = state.apply(catchUpLabels(state));
    expect(labelsPluginKey.getState(state)!.lagging).toBe(false);
    expect(described(labelsPluginKey.getState(state)!.decorations)).toEqual(described(labelDecorations(state.doc)));
  });

  it('a second change before the catch-up keeps far blocks lagging and the rest exact', () => {
    const screen: NearScreen = { current: null };
    let state = EditorState.create({ doc: startState().doc, plugins: [ensureIdsPlugin(), labelsPlugin(screen)] });
    screen.current = { doc: state.doc, first: 30, last: 34 };
    state = state.apply(split(state, 2));
    state = state.apply(split(state, 8));
    const exact = exactLabels(state.doc);
    expect(blockLabels(state)).toEqual(exact);
    expect(screen.current).toEqual({ doc: state.doc, first: 32, last: 36 });
    for (let i = 32; i <= 36; i++) expect(shownLabel(state, i)).toBe(exact[i]);
    state = state.apply(catchUpLabels(state));
    expect(described(labelsPluginKey.getState(state)!.decorations)).toEqual(described(labelDecorations(state.doc)));
  });

  it('without a known screen (or for another document) every block is updated at once', () => {
    const screen: NearScreen = { current: null };
    let state = EditorState.create({ doc: startState().doc, plugins: [ensureIdsPlugin(), labelsPlugin(screen)] });
    screen.current = { doc: startState().doc, first: 20, last: 25 }; // measured on another document
    const labelType = (s: EditorState, index: number) => {
      let pos = 0;
      for (let i = 0; i < index; i++) pos += s.doc.child(i).nodeSize;
      const found = labelsPluginKey.getState(s)!.decorations.find(pos, pos + s.doc.child(index).nodeSize, (spec: { label?: string }) => typeof spec.label === 'string');
      return (found.find((d) => d.from === pos) as unknown as { type: object }).type;
    };
    const first = paragraphIndexes(state.doc)[0]!;
    const kept = labelType(state, first);
    state = state.apply(split(state, 3));
    expect(screen.current).toBeNull();
    // the set was built again (every block after the split renumbered), keeping what did not change:
    // the view compares those decorations by identity
    expect(labelType(state, first)).toBe(kept);
    expect(labelsPluginKey.getState(state)!.lagging).toBe(false);
    expect(described(labelsPluginKey.getState(state)!.decorations)).toEqual(described(labelDecorations(state.doc)));
  });
});

/** What assignMissingIds did: the positions of the nodes it renamed, and the labels it dropped. */
function renamed(tr: Transaction): string[] {
  const out: string[] = [];
  tr.before.descendants((node, pos) => {
    const now = tr.doc.nodeAt(pos)!;
    if (now.attrs.id !== node.attrs.id) out.push(`${pos} ${node.type.name} ${String(node.attrs.id)} label:${String(now.attrs.label ?? null)}`);
    return true;
  });
  return out;
}

function allIdsUnique(doc: PMNode): boolean {
  const ids: string[] = [];
  doc.descendants((node) => {
    if (typeof node.attrs.id === 'string') ids.push(node.attrs.id);
    return true;
  });
  return ids.every(Boolean) && new Set(ids).size === ids.length;
}

describe('ids checked in the changed blocks only give what the whole walk gives', () => {
  const more: Edit[] = [
    ['a new bracket group inserted without ids', (s) => {
      const at = textIn(s.doc, paragraphIndexes(s.doc)[9]!);
      const group = s.schema.nodes.bracketGroup!.create({ id: null }, [
        s.schema.nodes.bracketAlt!.create({ id: null }, s.schema.text('one')),
        s.schema.nodes.bracketAlt!.create({ id: null }, s.schema.text('two')),
      ]);
      return s.tr.insert(at, group);
    }],
    ['a paragraph copied after the original (its copy is renamed)', (s) => {
      const i = paragraphIndexes(s.doc)[4]!;
      let pos = 0;
      for (let k = 0; k <= i; k++) pos += s.doc.child(k).nodeSize;
      return s.tr.insert(pos, s.doc.child(i));
    }],
  ];
  it.each([...edits, ...more])('%s', (_what, edit) => {
    const start = startState();
    const changed = edit(start);
    const bare = EditorState.create({ doc: changed.doc });
    const whole = bare.tr;
    const incremental = bare.tr;
    const a = assignMissingIds(whole);
    const b = assignMissingIds(incremental, start.doc);
    expect(b).toBe(a);
    expect(renamed(incremental)).toEqual(renamed(whole));
    expect(allIdsUnique(incremental.doc)).toBe(true);
  });

  it('says the result is complete unless locked blocks repeat an id (taken as they are)', () => {
    const start = startState();
    expect(idsComplete(start.doc)).toBe(true);
    const [a, b] = paragraphIndexes(start.doc);
    const posOf = (doc: PMNode, index: number) => {
      let pos = 0;
      for (let k = 0; k < index; k++) pos += doc.child(k).nodeSize;
      return pos;
    };
    // two agreed paragraphs with one id: neither is renamed, and the document may not serve as `since`
    const tr = start.tr
      .setNodeAttribute(posOf(start.doc, a!), 'status', 'agreed')
      .setNodeAttribute(posOf(start.doc, b!), 'status', 'agreed')
      .setNodeAttribute(posOf(start.doc, b!), 'id', start.doc.child(a!).attrs.id);
    const fix = EditorState.create({ doc: tr.doc }).tr;
    expect(idsComplete(fix.doc)).toBe(false);
    expect(assignIds(fix)).toEqual({ changed: false, complete: false });
    expect(assignIds(start.tr)).toEqual({ changed: false, complete: true });
  });

  it('a split renames the second half only, and nothing when checked again', () => {
    const start = startState();
    const at = textIn(start.doc, paragraphIndexes(start.doc)[10]!);
    const split = EditorState.create({ doc: start.tr.split(at).doc });
    const fix = split.tr;
    expect(assignMissingIds(fix, start.doc)).toBe(true);
    expect(renamed(fix)).toHaveLength(1);
    expect(assignMissingIds(EditorState.create({ doc: fix.doc }).tr, split.doc)).toBe(false);
  });
});

describe('blockDiff', () => {
  it('finds the changed blocks by identity and maps positions around them', () => {
    const state = startState();
    const i = paragraphIndexes(state.doc)[4]!;
    const at = textIn(state.doc, i);
    const after = state.apply(state.tr.split(at)).doc;
    const diff = blockDiff(state.doc, after);
    expect(diff.prefix).toBe(i);
    expect(diff.suffix).toBe(state.doc.childCount - i - 1);
    expect(diff.newCount).toBe(state.doc.childCount + 1);
    expect(oldIndexOf(diff, i - 1)).toBe(i - 1);
    expect(oldIndexOf(diff, i)).toBe(-1);
    expect(oldIndexOf(diff, i + 1)).toBe(-1);
    expect(oldIndexOf(diff, i + 2)).toBe(i + 1);
    // a position in the last block moves by the split's two tokens
    const last = state.doc.content.size - 2;
    expect(diff.mapping.map(last)).toBe(last + 2);
    // a position inside the split block is inside the replaced range: deleted
    expect(diff.mapping.mapResult(at).deleted).toBe(true);
  });

  it('answers the same pair of documents once (each plugin asks for it)', () => {
    const state = startState();
    const after = state.apply(state.tr.insertText('x', textIn(state.doc, paragraphIndexes(state.doc)[3]!))).doc;
    expect(blockDiff(state.doc, after)).toBe(blockDiff(state.doc, after));
    expect(blockDiff(after, state.doc)).not.toBe(blockDiff(state.doc, after));
  });

  it('takes rebuilt but equal blocks as unchanged', () => {
    const state = startState();
    const rebuilt = docFromJSON(state.doc.toJSON());
    const diff = blockDiff(state.doc, rebuilt);
    expect(diff.prefix).toBe(state.doc.childCount);
    expect(diff.from).toBe(diff.to);
  });
});
