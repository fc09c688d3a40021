// Compares two states of a document (two frozen revisions, or a revision and the live text) into a
// Redline (redline.ts):
//
// - Blocks are matched by their `id` attribute, not by position: the same paragraph in both states
//   is one block, even if it moved or was renumbered; a block only in the newer state was inserted,
//   only in the older deleted. Moves are the common blocks outside the longest run kept in order.
// - Inside a block, a word diff of the literal texts (brackets and separators included) finds what
//   changed, and the Yjs identity of every character finds who: each item was written by one update
//   and removed by one, and the attributed update log (attribution.ts) names the delegation or role
//   behind each. Identity alone would be exact but unreadable, because the editor binding re-writes
//   unchanged text (a bracket group inserted mid-text re-creates the text after it; a paragraph moved
//   by the binding gets a new Y element); the word diff hides that, and two equal words typed by two
//   delegations still stay two insertions with their own authors.
//
// Known limits: formatting changes (italic added to unchanged text) are not shown as changes; a group
// resolved by choosing an alternative reports the kept text when the newer paragraph contains it
// verbatim (otherwise it is reported dropped); text moved between paragraphs (a split) reads as
// deleted in one and inserted in the other, as in Word.
// A deleted paragraph that kept its label (schema/deletedBlock.ts) has the paragraph's id, so it is the
// same block: its words read as deleted, "[Deleted]" as inserted by whoever deleted it (the placeholder's
// element is theirs), under the paragraph's label; it counts as the paragraph or subparagraph it was.
import * as Y from 'yjs';
import { diffWordsWithSpace } from 'diff';
import { DOCUMENT_FIELD, docFromYDoc } from '../collab/ydoc.ts';
import { labelBlocks } from '../numbering/labels.ts';
import type { Attribution } from './attribution.ts';
import { DELETED_BLOCK, DELETED_TEXT } from '../schema/deletedBlock.ts';
import type { Author, Redline, RedlineBlock, RedlineGroupChange, RedlineRun, RedlineSide } from './redline.ts';

interface Token {
  key: string;
  text: string;
  client: number;
  clock: number;
  italic: boolean;
  bold: boolean;
  footnote?: { number: number; text: string };
}

interface GroupInfo {
  key: string;
  blockId: string;
  alternatives: string[];
}

interface BlockState {
  id: string;
  nodeName: string;
  attrs: Record<string, unknown>;
  client: number;
  clock: number;
  tokens: Token[];
}

interface State {
  blocks: BlockState[];
  labels: Map<string, string | null>;
  groups: Map<string, GroupInfo>;
  title: string;
  symbol: string;
}

const idOf = (type: Y.XmlElement | Y.XmlText) => type._item!.id;
const keyOf = (client: number, clock: number) => `${client}:${clock}`;

function plainText(type: Y.XmlElement | Y.XmlText): string {
  if (type instanceof Y.XmlText) {
    let out = '';
    for (let item = type._start; item; item = item.right) {
      if (!item.deleted && item.content instanceof Y.ContentString) out += item.content.str;
    }
    return out;
  }
  return type.toArray().map((c) => (c instanceof Y.XmlElement || c instanceof Y.XmlText ? plainText(c) : '')).join('');
}

/** Reads one state: its blocks with keyed tokens, labels by block id, bracket groups. */
function readState(doc: Y.Doc): State {
  // Labels by block position: the ProseMirror document has one node per Y element, in order.
  const pm = docFromYDoc(doc);
  const labelAtPos = new Map(labelBlocks(pm).map((b) => [b.pos, b.label]));
  const labelAt: (string | null)[] = [];
  pm.forEach((_node, pos) => void labelAt.push(labelAtPos.get(pos) ?? null));
  const labels = new Map<string, string | null>();
  const groups = new Map<string, GroupInfo>();
  const blocks: BlockState[] = [];
  let footnotes = 0;
  let title = '';
  let symbol = '';

  const inline = (parent: Y.XmlElement, blockId: string, out: Token[]): void => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText) {
        const marks: Record<string, unknown> = {};
        for (let item = child._start; item; item = item.right) {
          if (item.deleted) continue;
          const content = item.content;
          if (content instanceof Y.ContentFormat) {
            if (content.value === null) delete marks[content.key];
            else marks[content.key] = content.value;
          } else if (content instanceof Y.ContentString) {
            for (let k = 0; k < content.str.length; k++) {
              const clock = item.id.clock + k;
              out.push({ key: keyOf(item.id.client, clock), text: content.str[k]!, client: item.id.client, clock, italic: 'italic' in marks, bold: 'bold' in marks });
            }
          }
        }
      } else if (child instanceof Y.XmlElement) {
        const { client, clock } = idOf(child);
        if (child.nodeName === 'bracketGroup') {
          const separator = String(child.getAttribute('separator') ?? ' ');
          const alternatives: string[] = [];
          child.toArray().forEach((alt, i) => {
            if (!(alt instanceof Y.XmlElement)) return;
            const a = idOf(alt);
            const altKey = keyOf(a.client, a.clock);
            if (i > 0) out.push({ key: `${altKey}~`, text: separator, client: a.client, clock: a.clock, italic: false, bold: false });
            out.push({ key: `${altKey}[`, text: '[', client: a.client, clock: a.clock, italic: false, bold: false });
            const start = out.length;
            inline(alt, blockId, out);
            alternatives.push(out.slice(start).map((t) => t.text).join(''));
            out.push({ key: `${altKey}]`, text: ']', client: a.client, clock: a.clock, italic: false, bold: false });
          });
          groups.set(keyOf(client, clock), { key: keyOf(client, clock), blockId, alternatives });
        } else if (child.nodeName === 'footnote') {
          out.push({ key: keyOf(client, clock), text: '', client, clock, italic: false, bold: false, footnote: { number: ++footnotes, text: plainText(child) } });
        } else {
          inline(child, blockId, out);
        }
      }
    }
  };

  for (const [index, block] of doc.getXmlFragment(DOCUMENT_FIELD).toArray().entries()) {
    if (!(block instanceof Y.XmlElement)) continue;
    if (block.nodeName === 'front') {
      title = plainText(block).trim();
      symbol = String(block.getAttribute('symbol') ?? '');
      continue;
    }
    const { client, clock } = idOf(block);
    // A block written without an id (a raw client) is still compared, under its element's identity.
    const attr = block.getAttribute('id');
    const id = typeof attr === 'string' && attr ? attr : `@${keyOf(client, clock)}`;
    labels.set(id, labelAt[index] ?? null);
    const tokens: Token[] = [];
    if (block.nodeName === DELETED_BLOCK) {
      for (let k = 0; k < DELETED_TEXT.length; k++) {
        tokens.push({ key: `${keyOf(client, clock)}#${k}`, text: DELETED_TEXT[k]!, client, clock, italic: false, bold: false });
      }
    }
    inline(block, id, tokens);
    blocks.push({ id, nodeName: block.nodeName, attrs: block.getAttributes(), client, clock, tokens });
  }
  return { blocks, labels, groups, title, symbol };
}

type Change = RedlineRun['change'];

/** Merges consecutive tokens with the same change, author and marks into runs. */
function toRuns(items: { token: Token; change: Change; author?: Author }[]): RedlineRun[] {
  const runs: RedlineRun[] = [];
  for (const { token, change, author } of items) {
    if (token.footnote) {
      runs.push({ change, text: '', author: change === 'same' ? undefined : author, footnote: token.footnote });
      continue;
    }
    const last = runs[runs.length - 1];
    const who = change === 'same' ? undefined : author;
    if (last && !last.footnote && last.change === change && last.author === who && !!last.italic === token.italic && !!last.bold === token.bold) {
      last.text += token.text;
      continue;
    }
    const run: RedlineRun = { change, text: token.text };
    if (who) run.author = who;
    if (token.italic) run.italic = true;
    if (token.bold) run.bold = true;
    runs.push(run);
  }
  return runs;
}

/**
 * The changes inside one block: a word diff of the two texts says WHAT changed, as a reader (and
 * Word) expects it; the Yjs identity of each character says WHO: an inserted character was written
 * by whoever wrote its item, a deleted one removed by whoever deleted its item. Where the binding
 * re-wrote text that did not change for the reader (inserting a bracket group splits a Y.XmlText and
 * re-creates the text after it; typing "i" before "in" may reuse the old "i"), the word diff shows no
 * change there, and a character of a changed word that identity does not attribute takes the author
 * of its neighbours.
 */
function diffTokens(older: Token[], newer: Token[], attribution: Attribution) {
  const text = (tokens: Token[]) => tokens.map((t) => (t.footnote ? '\uFFFC' : t.text)).join('');
  const out: { token: Token; change: Change; author?: Author }[] = [];
  let i = 0;
  let j = 0;
  // Tokens are single UTF-16 units (a footnote is one placeholder), so string offsets are token indices.
  for (const part of diffWordsWithSpace(text(older), text(newer))) {
    const start = out.length;
    for (let k = 0; k < part.value.length; k++) {
      if (part.removed) {
        const t = older[i++]!;
        out.push({ token: t, change: 'del', author: attribution.deletedBy(t.client, t.clock) });
      } else if (part.added) {
        const t = newer[j++]!;
        out.push({ token: t, change: 'ins', author: attribution.insertedBy(t.client, t.clock) });
      } else {
        out.push({ token: newer[j++]!, change: 'same' });
        i++;
      }
    }
    if (part.added || part.removed) fillAuthors(out, start);
  }
  return out;
}

/** Gives the unattributed entries of one changed part the author of the nearest attributed one. */
function fillAuthors(items: { author?: Author }[], start: number): void {
  let last: Author | undefined;
  for (let k = start; k < items.length; k++) last = items[k]!.author ??= last;
  let next: Author | undefined;
  for (let k = items.length - 1; k >= start; k--) next = items[k]!.author ??= next;
}

/** Indices (into `seq`) of one longest strictly increasing subsequence. */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  seq.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) keep.add(k);
  return keep;
}

const BLOCK_TYPE: Record<string, RedlineBlock['type']> = { sectionHeading: 'heading', paragraph: 'paragraph', subparagraph: 'subparagraph' };

function blockTypeOf(block: BlockState): RedlineBlock['type'] {
  if (block.nodeName !== DELETED_BLOCK) return BLOCK_TYPE[block.nodeName] ?? 'paragraph';
  return block.attrs.was === 'subparagraph' ? 'subparagraph' : 'paragraph';
}

function redlineBlock(
  older: BlockState | undefined,
  newer: BlockState | undefined,
  from: State,
  to: State,
  attribution: Attribution,
  moved: boolean,
): RedlineBlock {
  const base = (newer ?? older)!;
  const items = diffTokens(older?.tokens ?? [], newer?.tokens ?? [], attribution);
  const textChanged = items.some((x) => x.change !== 'same');
  const block: RedlineBlock = {
    id: base.id,
    type: blockTypeOf(base),
    oldLabel: older ? (from.labels.get(base.id) ?? null) : null,
    newLabel: newer ? (to.labels.get(base.id) ?? null) : null,
    change: !older ? 'inserted' : !newer ? 'deleted' : moved ? 'moved' : textChanged ? 'changed' : 'same',
    textChanged,
    runs: toRuns(items),
  };
  if (block.type === 'heading') block.level = Number(base.attrs.level ?? 1);
  if (block.type === 'paragraph') block.kind = String(base.attrs.kind ?? (BLOCK_TYPE[base.nodeName] ? 'op' : 'text'));
  const author = !older
    ? attribution.insertedBy(base.client, base.clock)
    : !newer
      ? attribution.deletedBy(base.client, base.clock)
      : undefined;
  if (author) block.author = author;
  return block;
}

export interface CompareInput {
  from: { side: RedlineSide; doc: Y.Doc };
  to: { side: RedlineSide; doc: Y.Doc };
  attribution: Attribution;
}

export function compareStates({ from, to, attribution }: CompareInput): Redline {
  const a = readState(from.doc);
  const b = readState(to.doc);
  const olderById = new Map(a.blocks.map((blk) => [blk.id, blk]));
  const newerById = new Map(b.blocks.map((blk) => [blk.id, blk]));

  // Moves: among blocks in both states, those outside the longest run kept in the older order.
  const common = b.blocks.filter((blk) => olderById.has(blk.id));
  const olderIndex = new Map(a.blocks.map((blk, i) => [blk.id, i]));
  const keep = longestIncreasing(common.map((blk) => olderIndex.get(blk.id)!));
  const moved = new Set(common.filter((_, i) => !keep.has(i)).map((blk) => blk.id));

  // Deleted blocks follow the older block before them that survives (or open the document).
  const deletedAfter = new Map<string | null, BlockState[]>();
  let anchor: string | null = null;
  for (const blk of a.blocks) {
    if (newerById.has(blk.id)) {
      if (!moved.has(blk.id)) anchor = blk.id;
      continue;
    }
    const list = deletedAfter.get(anchor) ?? [];
    list.push(blk);
    deletedAfter.set(anchor, list);
  }

  const blocks: RedlineBlock[] = [];
  const emitDeleted = (after: string | null) => {
    for (const blk of deletedAfter.get(after) ?? []) blocks.push(redlineBlock(blk, undefined, a, b, attribution, false));
  };
  emitDeleted(null);
  for (const blk of b.blocks) {
    blocks.push(redlineBlock(olderById.get(blk.id), blk, a, b, attribution, moved.has(blk.id)));
    emitDeleted(blk.id);
  }

  const labelOf = (state: State, blockId: string) => state.labels.get(blockId) ?? null;
  const groupsAdded: RedlineGroupChange[] = [...b.groups.values()]
    .filter((g) => !a.groups.has(g.key))
    .map((g) => ({ paragraph: labelOf(b, g.blockId), alternatives: g.alternatives }));
  const groupsResolved: RedlineGroupChange[] = [...a.groups.values()]
    .filter((g) => !b.groups.has(g.key))
    .map((g) => {
      const newer = newerById.get(g.blockId);
      const text = newer ? newer.tokens.map((t) => t.text).join('') : '';
      const kept = newer ? (g.alternatives.find((alt) => alt && text.includes(alt)) ?? null) : null;
      return { paragraph: labelOf(a, g.blockId), alternatives: g.alternatives, kept };
    });
  const renumbered = b.blocks
    .filter((blk) => olderById.has(blk.id))
    .map((blk) => ({ from: labelOf(a, blk.id), to: labelOf(b, blk.id) }))
    .filter((r): r is { from: string; to: string } => r.from !== null && r.to !== null && r.from !== r.to);

  return { title: b.title || a.title, symbol: b.symbol || a.symbol, from: from.side, to: to.side, blocks, groupsAdded, groupsResolved, renumbered };
}
