// The proposals panel keeps its list while a new derivation shows nothing new
// (client/src/components/listingView.ts): typing that moves positions keeps it, so React renders and
// commits nothing; any change a row shows (a group's text, a position taken, a label, a new group)
// gives a new list.
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { largeDocumentJSON } from '../../bench/fixtures/largeDocument.ts';
import { listBracketGroups } from '../../shared/src/proposals/listing.ts';
import { labelsPlugin } from '../../client/src/editor/labels.ts';
import { ensureIdsPlugin } from '../../client/src/editor/ensureIds.ts';
import { ROWS_AT_FIRST, ROWS_MORE, blockPosition, deriveListing, rowsToRender, sameListing } from '../../client/src/components/listingView.ts';

function startState(): EditorState {
  const doc = docFromJSON(largeDocumentJSON({ paragraphs: 40, groups: 220, footnotes: 12 }));
  return EditorState.create({ doc, plugins: [ensureIdsPlugin(), labelsPlugin()] });
}

const blockStart = (doc: PMNode, index: number) => {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
};

/** Top-level paragraphs with running text directly in them, and with or without bracket groups. */
function paragraphs(doc: PMNode, withGroups: boolean): number[] {
  const out: number[] = [];
  doc.forEach((node, _pos, i) => {
    if (node.type.name !== 'paragraph') return;
    let groups = false;
    node.descendants((n) => {
      if (n.type.name === 'bracketGroup') groups = true;
      return !groups;
    });
    if (groups === withGroups && textIn(doc, i) > 0) out.push(i);
  });
  return out;
}

/** A position inside running text of top-level block `index`. */
function textIn(doc: PMNode, index: number): number {
  const start = blockStart(doc, index);
  let found = -1;
  doc.child(index).forEach((child, offset) => {
    if (found < 0 && child.isText && child.text!.length > 4) found = start + 1 + offset + 2;
  });
  return found;
}

/** The first alternative with text after block `index`, and a position inside its text. */
function altAfter(doc: PMNode, index: number): { alt: number; text: number } {
  let alt = -1;
  let text = -1;
  doc.nodesBetween(blockStart(doc, index), doc.content.size, (node, p) => {
    if (alt >= 0) return false;
    if (node.type.name === 'bracketAlt' && node.firstChild?.isText && node.firstChild.text!.length > 2) {
      alt = p;
      text = p + 2;
    }
    return true;
  });
  return { alt, text };
}

function after(state: EditorState, edit: (s: EditorState) => Transaction) {
  const next = state.apply(edit(state));
  return { before: deriveListing(state), after: deriveListing(next), state: next };
}

describe('the proposals list while the text changes', () => {
  it('stays the same while someone types in a paragraph, though every group after it moved', () => {
    const state = startState();
    const where = paragraphs(state.doc, false)[2]!;
    const { before, after: next } = after(state, (s) => s.tr.insertText('the Parties ', textIn(s.doc, where)));
    const moved = next.groups.filter((g, i) => g.pos !== before.groups[i]!.pos);
    expect(moved.length).toBeGreaterThan(100); // positions did change...
    expect(sameListing(before, next)).toBe(true); // ...what the list shows did not
  });

  it('stays the same while typing in a paragraph that holds groups, outside them', () => {
    const state = startState();
    const where = paragraphs(state.doc, true)[3]!;
    const { before, after: next } = after(state, (s) => s.tr.insertText('x', textIn(s.doc, where)));
    expect(sameListing(before, next)).toBe(true);
  });

  it('changes when the text of an alternative changes', () => {
    const state = startState();
    const { text } = altAfter(state.doc, 5);
    const { before, after: next } = after(state, (s) => s.tr.insertText('new ', text));
    expect(sameListing(before, next)).toBe(false);
  });

  it('changes when a delegation takes a position on an alternative', () => {
    const state = startState();
    const { alt } = altAfter(state.doc, 8);
    const objectors = state.doc.nodeAt(alt)!.attrs.objectors as string[];
    const { before, after: next } = after(state, (s) => s.tr.setNodeAttribute(alt, 'objectors', [...objectors, 'zz-new']));
    expect(sameListing(before, next)).toBe(false);
  });

  it('changes when a paragraph is split above groups (the labels after it move)', () => {
    const state = startState();
    const at = textIn(state.doc, paragraphs(state.doc, false)[1]!);
    const { before, after: next } = after(state, (s) => s.tr.setSelection(TextSelection.create(s.doc, at)).split(at));
    expect(sameListing(before, next)).toBe(false);
    expect(next.groups.map((g) => g.label)).not.toEqual(before.groups.map((g) => g.label));
  });

  it('changes when a group is removed', () => {
    const state = startState();
    const firstGroup = before(state.doc);
    const { before: was, after: next } = after(state, (s) => s.tr.delete(firstGroup.pos, firstGroup.pos + firstGroup.size));
    expect(next.groups.length).toBeLessThan(was.groups.length);
    expect(sameListing(was, next)).toBe(false);

    function before(doc: PMNode) {
      let found = { pos: -1, size: 0 };
      doc.descendants((n, p) => {
        if (found.pos < 0 && n.type.name === 'bracketGroup') found = { pos: p, size: n.nodeSize };
        return found.pos < 0;
      });
      return found;
    }
  });
});

describe('the listing itself', () => {
  it('labels groups and paragraphs as the shared numbering does', () => {
    const state = startState();
    const listing = deriveListing(state);
    expect(listing.groups.map((g) => [g.id, g.label])).toEqual(listBracketGroups(state.doc).map((g) => [g.id, g.label]));
    expect(listing.groups.length).toBe(220);
  });

  it('finds a block where it is now, from its id', () => {
    const state = startState();
    const index = paragraphs(state.doc, false)[4]!;
    const id = state.doc.child(index).attrs.id as string;
    expect(blockPosition(state, id)).toBe(blockStart(state.doc, index));
    const moved = state.apply(state.tr.insertText('words ', textIn(state.doc, 1)));
    expect(blockPosition(moved, id)).toBe(blockStart(state.doc, index) + 'words '.length);
    expect(blockPosition(state, 'no-such-block')).toBe(null);
  });
});

describe('the rows rendered', () => {
  it('are all of a short list', () => {
    expect(rowsToRender(ROWS_AT_FIRST, 12, -1)).toBe(12);
    expect(rowsToRender(ROWS_AT_FIRST, 0, -1)).toBe(0);
  });

  it('are the first ones of a long list, then as many as scrolling asked for', () => {
    expect(rowsToRender(ROWS_AT_FIRST, 2000, -1)).toBe(ROWS_AT_FIRST);
    expect(rowsToRender(ROWS_AT_FIRST + ROWS_MORE, 2000, -1)).toBe(ROWS_AT_FIRST + ROWS_MORE);
    expect(rowsToRender(5000, 2000, -1)).toBe(2000);
  });

  it('always hold the current item, and some after it, wherever the keyboard took it', () => {
    expect(rowsToRender(ROWS_AT_FIRST, 2000, 1999)).toBe(2000); // End
    const far = rowsToRender(ROWS_AT_FIRST, 2000, 900);
    expect(far).toBeGreaterThan(900 + 1);
    expect(far).toBeLessThan(2000);
    expect(rowsToRender(ROWS_AT_FIRST, 2000, 3)).toBe(ROWS_AT_FIRST);
  });
});
