// Paragraph, heading, subparagraph and option labels ("12", "1.1", "(a)", "12 bis", "Option 1:") and footnote numbers, shown in the
// margin through node decorations carrying data-label / data-footnote-number (CSS draws them).
// Numbers come from shared/numbering; nothing is stored. Text-only edits just map them; other changes
// derive the labels again (cheap) but replace only the decorations of blocks that changed or whose
// label or footnote numbers changed (update below; blockDiff.ts).
//
// Renumbering off screen waits for the frame. A paragraph inserted near the top renumbers every
// paragraph after it: each gets a new data-label, and the browser restyles and lays out each one
// before it can show the split (about a third of a millisecond per paragraph on the benchmark
// document, in the plugin, ProseMirror's view and Chromium together). So the decorations of blocks
// far from the screen (more than half a screen height above or below it, measured by the plugin's view
// on scroll: NearScreen) keep their old label for a moment; right after the frame that shows the
// change, one more transaction (meta only) brings them up to date. `blocks`, and everything read
// from it (blockLabels, labelAt, the proposals list), is exact at every state: only the DOM of those
// far blocks lags. Without a view (bench/domain.ts, unit tests) or when the screen is not known,
// every block is updated at once, as before.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, printedLabel, type BlockLabel } from '../../../shared/src/numbering/labels.ts';
import { blockDiff, oldIndexOf, type BlockDiff } from './blockDiff.ts';
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
  /** What the margin must show, by top-level block index: exact at every state. */
  blocks: BlockMarks[];
  /**
   * What the decorations show, by index: `blocks`, except for blocks far from the screen after a
   * renumbering, until the catch-up transaction.
   */
  shown: BlockMarks[];
  /** Whether some block's decorations show old marks (shown differs from blocks). */
  lagging: boolean;
}

/**
 * The top-level blocks on or near the screen (indices, inclusive) in `doc`, as the plugin's view
 * last measured them. The state only reads it, for the document it was measured in (or moved
 * through the changes since); for any other document it knows nothing, and updates every block.
 */
export interface NearScreen {
  current: { doc: PMNode; first: number; last: number } | null;
}

/** Meta of the transaction that brings lagging blocks up to date. */
const CATCH_UP = 'catch-up';

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
  return { decorations: DecorationSet.create(doc, decorations), blocks, shown: blocks, lagging: false };
}

// Past this many blocks to replace, the set is built again (replaceDecorations).
const REBUILD_AFTER = 24;

/** A block whose decorations are replaced: where it is, and its index before the change (-1: new). */
interface Stale {
  node: PMNode;
  pos: number;
  index: number;
  old: number;
}

/**
 * Replaces the decorations of the `stale` blocks of `doc` (the others are in `mapped`, moved with
 * their blocks) by those of `marks`. A few blocks: removed from and added to the set. More (a
 * renumbering): the set is built again, from the kept decorations of the other blocks (the same
 * objects: ProseMirror's view compares unchanged decorations by identity, while equal but new
 * ones are compared attribute by attribute, on every later transaction) and the new ones; removing
 * hundreds one by one compares each with every decoration at the set's top level.
 */
function replaceDecorations(mapped: DecorationSet, doc: PMNode, stale: Stale[], marks: BlockMarks[]): DecorationSet {
  if (!stale.length) return mapped;
  const added: Decoration[] = [];
  for (const { node, pos, index } of stale) added.push(...decorationsOf(marks[index]!, node, pos));
  if (stale.length > REBUILD_AFTER) {
    const starts = stale.map((b) => b.pos);
    const ends = stale.map((b) => b.pos + b.node.nodeSize);
    const inStale = (d: Decoration): boolean => {
      // the last stale block starting at or before d.from (stale is in document order)
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= d.from) lo = mid;
        else hi = mid - 1;
      }
      return starts[lo]! <= d.from && d.to <= ends[lo]!;
    };
    const kept = mapped.find().filter((d) => !inStale(d));
    return DecorationSet.create(doc, [...kept, ...added]);
  }
  const removed: Decoration[] = [];
  for (const { node, pos, old } of stale) {
    if (old < 0) continue;
    const end = pos + node.nodeSize;
    removed.push(...mapped.find(pos, end).filter((d) => d.from >= pos && d.to <= end));
  }
  let decorations = mapped;
  if (removed.length) decorations = decorations.remove(removed);
  return decorations.add(doc, added);
}

/**
 * The near-screen range moved through a change, from indices before it to indices after it; an end
 * that fell among the changed blocks goes to the edge of what replaced them.
 */
function movedRange(range: { first: number; last: number }, diff: BlockDiff): { first: number; last: number } {
  const shift = diff.newCount - diff.oldCount;
  const changedEnd = Math.max(diff.prefix, diff.newCount - diff.suffix - 1);
  const move = (i: number, inside: number): number => (i < diff.prefix ? i : i >= diff.oldCount - diff.suffix ? i + shift : inside);
  const first = move(range.first, diff.prefix);
  return { first, last: Math.max(first, move(range.last, changedEnd)) };
}

/**
 * After a change: the decorations of unchanged blocks whose marks are the same are moved with them;
 * those of changed blocks (blockDiff), and of blocks whose label or footnote numbers changed
 * (everything after an inserted paragraph), are replaced, except, when `near` says where the screen
 * is, for renumbered blocks far from it: those keep their old marks until the catch-up (module
 * comment). The derivation itself runs over the whole block list (numbering is sequential), but it
 * is cheap; what is saved is walking every group for footnotes, building a DecorationSet of the whole
 * document, and restyling paragraphs nobody sees.
 */
function update(previous: LabelsState, before: PMNode, doc: PMNode, screen?: NearScreen): LabelsState {
  const blocks = blockMarks(doc);
  const diff = blockDiff(before, doc);
  const known = screen?.current && screen.current.doc === before ? movedRange(screen.current, diff) : null;
  if (screen) screen.current = known && { doc, ...known };
  // half a screen above and below is measured already (NearScreen); changed blocks always count
  const near = (index: number) => !known || (index >= known.first && index <= known.last);
  const stale: Stale[] = [];
  const shown: BlockMarks[] = [];
  let lagging = false;
  doc.forEach((node, pos, index) => {
    const old = oldIndexOf(diff, index);
    const was = old >= 0 ? previous.shown[old]! : null;
    if (was && sameMarks(was, blocks[index]!)) {
      shown.push(blocks[index]!);
    } else if (!was || near(index)) {
      stale.push({ node, pos, index, old });
      shown.push(blocks[index]!);
    } else {
      shown.push(was);
      lagging = true;
    }
  });
  return { decorations: replaceDecorations(previous.decorations.map(diff.mapping, doc), doc, stale, shown), blocks, shown, lagging };
}

/** The catch-up: every block whose decorations show old marks gets its own. */
function catchUp(previous: LabelsState, doc: PMNode): LabelsState {
  if (!previous.lagging) return previous;
  const stale: Stale[] = [];
  doc.forEach((node, pos, index) => {
    if (!sameMarks(previous.shown[index]!, previous.blocks[index]!)) stale.push({ node, pos, index, old: index });
  });
  const decorations = replaceDecorations(previous.decorations, doc, stale, previous.blocks);
  return { decorations, blocks: previous.blocks, shown: previous.blocks, lagging: false };
}

/**
 * The blocks within half a screen height above and below the screen, by index; null when the editor
 * shows no block. Reads layout (a binary search over the top-level elements' boxes): only called
 * after a scroll or resize, in an animation frame, when layout is clean.
 */
function measureNearScreen(view: EditorView): { first: number; last: number } | null {
  const children = view.dom.children;
  const count = children.length;
  if (!count || !view.state.doc.childCount) return null;
  const height = window.innerHeight || document.documentElement.clientHeight;
  const top = -height / 2;
  const bottom = 1.5 * height;
  const rect = (i: number) => children[i]!.getBoundingClientRect();
  // first element whose bottom reaches below `top`, last whose top is above `bottom`
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rect(mid).bottom < top) lo = mid + 1;
    else hi = mid;
  }
  const firstEl = lo;
  lo = firstEl;
  hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rect(mid).top > bottom) hi = mid - 1;
    else lo = mid;
  }
  const index = (el: Element): number | null => {
    try {
      return view.state.doc.resolve(view.posAtDOM(el, 0)).index(0);
    } catch {
      return null;
    }
  };
  const first = index(children[firstEl]!);
  const last = index(children[lo]!);
  if (first === null || last === null) return null;
  return { first: Math.min(first, last), last: Math.min(Math.max(first, last), view.state.doc.childCount - 1) };
}

/** Every label and footnote decoration of a document, built from scratch (also run by bench/domain.ts). */
export function labelDecorations(doc: PMNode): DecorationSet {
  return build(doc).decorations;
}

/** Runs `f` when the main thread is idle (within 200 ms), or in the next task without idle callbacks; returns a cancel. */
function whenIdle(f: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(f, { timeout: 200 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(f, 0);
  return () => clearTimeout(id);
}

/**
 * The plugin itself, also run by bench/domain.ts and the unit tests without a view (then `screen`
 * stays unknown unless the caller sets it, and every block is updated at once).
 */
export function labelsPlugin(screen: NearScreen = { current: null }): Plugin<LabelsState> {
  return new Plugin<LabelsState>({
    key: labelsPluginKey,
    state: {
      init: (_config, state) => build(state.doc),
      apply: (tr, previous) => {
        if (tr.getMeta(labelsPluginKey) === CATCH_UP && !tr.docChanged) return catchUp(previous, tr.doc);
        if (!tr.docChanged) return previous;
        // typing inside a paragraph moves decorations but changes no label
        if (isTextOnlyChange(tr)) {
          if (screen.current?.doc === tr.before) screen.current = { ...screen.current, doc: tr.doc };
          return { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
        }
        return update(previous, tr.before, tr.doc, screen);
      },
    },
    props: {
      decorations: (state) => labelsPluginKey.getState(state)?.decorations,
    },
    view: (view) => {
      let frame = 0;
      let afterFrame: (() => void) | null = null;
      let fallback: ReturnType<typeof setTimeout> | null = null;
      let measuring = 0;
      const measure = () => {
        measuring = 0;
        if (view.isDestroyed) return;
        const range = measureNearScreen(view);
        screen.current = range && { doc: view.state.doc, ...range };
      };
      const onScroll = () => {
        if (!measuring) measuring = requestAnimationFrame(measure);
      };
      const cancelCatchUp = () => {
        if (frame) cancelAnimationFrame(frame);
        afterFrame?.();
        if (fallback) clearTimeout(fallback);
        frame = 0;
        afterFrame = fallback = null;
      };
      const runCatchUp = () => {
        cancelCatchUp();
        if (view.isDestroyed || !labelsPluginKey.getState(view.state)?.lagging) return;
        view.dispatch(catchUpLabels(view.state));
      };
      // scrolling of the page or of any scrolling ancestor
      window.addEventListener('scroll', onScroll, { capture: true, passive: true });
      window.addEventListener('resize', onScroll, { passive: true });
      onScroll();
      return {
        update(view, prevState) {
          // blocks added or removed (a split, the document loaded), or the screen not known: measure
          // again in the next frame (its layout is done then anyway)
          if (!screen.current || view.state.doc.childCount !== prevState.doc.childCount) onScroll();
          if (!labelsPluginKey.getState(view.state)?.lagging || frame || afterFrame) return;
          // after the frame that shows the change, once the tasks already waiting have run (the
          // next keystroke's among them): an idle callback asked for from the frame's callback; a
          // hidden page gets no frames, hence the fallback
          frame = requestAnimationFrame(() => {
            frame = 0;
            afterFrame = whenIdle(runCatchUp);
          });
          fallback = setTimeout(runCatchUp, 300);
        },
        destroy() {
          cancelCatchUp();
          if (measuring) cancelAnimationFrame(measuring);
          window.removeEventListener('scroll', onScroll, { capture: true });
          window.removeEventListener('resize', onScroll);
        },
      };
    },
  });
}

/** The transaction that brings lagging label decorations up to date (the plugin's view sends it). */
export function catchUpLabels(state: EditorState): Transaction {
  return state.tr.setMeta(labelsPluginKey, CATCH_UP).setMeta('addToHistory', false);
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
 * The margin label ("12", "(a)") of the block at `blockPos` (a top-level block's start), read from
 * the labels plugin's state (a lookup by index, not a walk over the document); null for unlabelled
 * blocks and positions that start no top-level block.
 */
export function labelAt(state: EditorState, blockPos: number): string | null {
  const blocks = labelsPluginKey.getState(state)?.blocks;
  if (!blocks || blockPos < 0 || blockPos >= state.doc.content.size) return null;
  const $pos = state.doc.resolve(blockPos);
  if ($pos.depth !== 0) return null;
  return blocks[$pos.index(0)]?.label ?? null;
}
