// Paragraph, heading, subparagraph and option labels ("12", "1.1", "(a)", "12 bis", "Option 1:") and footnote numbers, shown in the
// margin through node decorations carrying data-label / data-footnote-number (CSS draws them).
// Numbers come from shared/numbering; nothing is stored. Text-only edits just map them; other changes
// derive the labels again (cheap) but replace only the decorations of blocks that changed or whose
// label or footnote numbers changed (update below; blockDiff.ts).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, printedLabel, type BlockLabel } from '../../../shared/src/numbering/labels.ts';
import { blockDiff, oldIndexOf } from './blockDiff.ts';
import { isTextOnlyChange } from './textOnly.ts';
import { shownType } from '../../../shared/src/schema/deletedBlock.ts';

/** What the margin shows for one top-level block; compared to find the blocks whose decorations change. */
interface BlockMarks {
  label: string | null;
  /** printedLabel adds no dot to this label */
  plain: boolean;
  /** Number of the block's first footnote (its others follow), and their offsets in the block. */
  firstFootnote: number;
  footnotes: readonly number[];
  /** The front block's identity lines (the widget's key), '' for other blocks. */
  front: string;
}

interface LabelsState {
  decorations: DecorationSet;
  /** By top-level block index. */
  blocks: BlockMarks[];
}

export const labelsPluginKey = new PluginKey<LabelsState>('penholderLabels');

/** The heading block's identity lines (symbol, date, stage), top right as on a UN document. */
function frontLines(front: PMNode): string[] {
  return [front.attrs.symbol, front.attrs.date, front.attrs.stage].map((v) => String(v ?? '').trim());
}

function frontMatterWidget(lines: string[], at: number): Decoration {
  return Decoration.widget(
    at,
    () => {
      const box = document.createElement('div');
      box.className = 'front-meta';
      lines.forEach((line, i) => {
        if (!line) return;
        const el = document.createElement('div');
        el.className = ['front-symbol', 'front-date', 'front-stage'][i];
        el.textContent = line; // text, never HTML
        box.append(el);
      });
      return box;
    },
    { side: -1, key: `front-meta:${JSON.stringify(lines)}`, ignoreSelection: true },
  );
}

// Footnote offsets inside a block, by block identity: an unchanged block is the same object after
// an edit elsewhere, so only changed blocks are walked.
const footnoteOffsets = new WeakMap<PMNode, readonly number[]>();
function footnotesIn(block: PMNode): readonly number[] {
  let offsets = footnoteOffsets.get(block);
  if (!offsets) {
    const found: number[] = [];
    block.descendants((node, pos) => {
      if (node.type.name === 'footnote') found.push(pos + 1);
      return true;
    });
    offsets = found;
    footnoteOffsets.set(block, offsets);
  }
  return offsets;
}

/** The margin marks of every top-level block: labels from shared/numbering, footnotes numbered in order. */
function blockMarks(doc: PMNode): BlockMarks[] {
  const labelled = new Map<PMNode, BlockLabel>();
  for (const b of labelBlocks(doc)) labelled.set(b.node, b);
  const marks: BlockMarks[] = [];
  let footnote = 1;
  doc.forEach((node, _pos, index) => {
    const label = labelled.get(node)?.label ?? null;
    const footnotes = footnotesIn(node);
    marks.push({
      label,
      plain: label !== null && printedLabel(shownType(node), label) === label,
      firstFootnote: footnote,
      footnotes,
      front: index === 0 && node.type.name === 'front' ? JSON.stringify(frontLines(node)) : '',
    });
    footnote += footnotes.length;
  });
  return marks;
}

function sameMarks(a: BlockMarks, b: BlockMarks): boolean {
  return (
    a.label === b.label &&
    a.plain === b.plain &&
    a.firstFootnote === b.firstFootnote &&
    a.front === b.front &&
    (a.footnotes === b.footnotes || (a.footnotes.length === b.footnotes.length && a.footnotes.every((o, i) => o === b.footnotes[i])))
  );
}

/** The decorations of one top-level block at `pos`. */
function decorationsOf(marks: BlockMarks, node: PMNode, pos: number): Decoration[] {
  const decorations: Decoration[] = [];
  if (marks.front) decorations.push(frontMatterWidget(frontLines(node), pos + 1));
  if (marks.label !== null) {
    // the spec carries the label for labelAt (the DOM only sees data-label); labels printed without
    // a dot ("Article 4", "3.3bis", "Option 1:") say so, since the stylesheet adds the dot otherwise
    const attrs: Record<string, string> = { 'data-label': marks.label, 'data-label-style': marks.plain ? 'plain' : 'dotted' };
    decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs, { label: marks.label }));
  }
  marks.footnotes.forEach((offset, i) => {
    const at = pos + offset;
    const footnote = node.nodeAt(offset - 1);
    if (footnote) decorations.push(Decoration.node(at, at + footnote.nodeSize, { 'data-footnote-number': String(marks.firstFootnote + i) }));
  });
  return decorations;
}

function build(doc: PMNode): LabelsState {
  const blocks = blockMarks(doc);
  const decorations: Decoration[] = [];
  doc.forEach((node, pos, index) => decorations.push(...decorationsOf(blocks[index]!, node, pos)));
  return { decorations: DecorationSet.create(doc, decorations), blocks };
}

const REBUILD_AFTER = 24;

/**
 * After a change: the decorations of unchanged blocks whose marks are the same are moved with them;
 * those of changed blocks (blockDiff), and of blocks whose label or footnote numbers changed
 * (everything after an inserted paragraph), are replaced. The derivation itself runs over the whole
 * block list (numbering is sequential), but it is cheap; what is saved is walking every group for
 * footnotes and building a DecorationSet of the whole document.
 */
function update(previous: LabelsState, before: PMNode, doc: PMNode): LabelsState {
  const blocks = blockMarks(doc);
  const diff = blockDiff(before, doc);
  const stale: Array<{ node: PMNode; pos: number; index: number; old: number }> = [];
  doc.forEach((node, pos, index) => {
    const old = oldIndexOf(diff, index);
    if (old < 0 || !sameMarks(previous.blocks[old]!, blocks[index]!)) stale.push({ node, pos, index, old });
  });
  // Past a few dozen blocks (a paragraph inserted or removed renumbers all those after it),
  // removing decorations one by one from the set costs more than building it (removal compares
  // each with the set's top-level decorations); the footnote walk is memoised either way.
  if (stale.length > REBUILD_AFTER) {
    const all: Decoration[] = [];
    doc.forEach((node, pos, index) => all.push(...decorationsOf(blocks[index]!, node, pos)));
    return { decorations: DecorationSet.create(doc, all), blocks };
  }
  let decorations = previous.decorations.map(diff.mapping, doc);
  const removed: Decoration[] = [];
  const added: Decoration[] = [];
  for (const { node, pos, index, old } of stale) {
    if (old >= 0) {
      const end = pos + node.nodeSize;
      removed.push(...decorations.find(pos, end).filter((d) => d.from >= pos && d.to <= end));
    }
    added.push(...decorationsOf(blocks[index]!, node, pos));
  }
  if (removed.length) decorations = decorations.remove(removed);
  if (added.length) decorations = decorations.add(doc, added);
  return { decorations, blocks };
}

/** Every label and footnote decoration of a document, built from scratch (also run by bench/domain.ts). */
export function labelDecorations(doc: PMNode): DecorationSet {
  return build(doc).decorations;
}

/** The plugin itself, also run by bench/domain.ts without a view. */
export function labelsPlugin(): Plugin<LabelsState> {
  return new Plugin<LabelsState>({
    key: labelsPluginKey,
    state: {
      init: (_config, state) => build(state.doc),
      apply: (tr, previous) => {
        if (!tr.docChanged) return previous;
        // typing inside a paragraph moves decorations but changes no label
        if (isTextOnlyChange(tr)) return { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
        return update(previous, tr.before, tr.doc);
      },
    },
    props: {
      decorations: (state) => labelsPluginKey.getState(state)?.decorations,
    },
  });
}

export const Labels = Extension.create({
  name: 'penholderLabels',
  addProseMirrorPlugins() {
    return [labelsPlugin()];
  },
});

/** The labels of the top-level blocks, by index, as the margin shows them; null without the labels plugin. */
export function blockLabels(state: EditorState): readonly (string | null)[] | null {
  const blocks = labelsPluginKey.getState(state)?.blocks;
  return blocks ? blocks.map((b) => b.label) : null;
}

/**
 * The margin label ("12", "(a)") of the block at `blockPos`, read from the labels plugin's
 * decorations (a lookup in its tree, not a walk over the document); null for unlabelled blocks.
 */
export function labelAt(state: EditorState, blockPos: number): string | null {
  const set = labelsPluginKey.getState(state)?.decorations;
  if (!set) return null;
  const node = state.doc.nodeAt(blockPos);
  if (!node) return null;
  const found = set.find(blockPos, blockPos + node.nodeSize, (spec: { label?: string }) => typeof spec.label === 'string');
  return (found.find((d) => d.from === blockPos)?.spec as { label?: string } | undefined)?.label ?? null;
}
