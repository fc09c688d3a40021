/**
 * Every open bracket group of a document, in reading order, with where it stands (section and
 * paragraph label) and who is behind each alternative: what the proposals panel walks through and
 * what an overview page counts (docs/design.md §15). A pure function of the ProseMirror document, so
 * the panel derives it again from the Y.Doc after each (debounced) change and a test can pin it.
 *
 * A group's state is read from its alternatives: `open` when no delegation proposed any of them
 * (the pen-holders' brackets, or brackets imported with the draft), `proposed` when a delegation
 * did, `contested` when some alternative has objectors. Nested groups are listed on their own,
 * after the group holding them, with their depth.
 *
 * Derived on every change, it reuses what it found in blocks that did not change (groupsOfBlock).
 *
 * Known limit: groups in footnotes are listed under the paragraph the footnote belongs to; groups
 * in the heading block (title) are listed with a null label and section.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { renderInlineLiteral } from '../brackets/literal.ts';
import { labelBlocks } from '../numbering/labels.ts';
import { altAttrs } from '../schema/bracketNodes.ts';
import { nodeId } from '../schema/ids.ts';

export type GroupState = 'open' | 'proposed' | 'contested';
export const GROUP_STATES: readonly GroupState[] = ['open', 'proposed', 'contested'];
export const GROUP_STATE_WORDS: Readonly<Record<GroupState, string>> = {
  open: 'Open brackets (no delegation proposal)',
  proposed: 'Proposals by delegations',
  contested: 'With objections',
};

export interface ListedAlternative {
  id: string | null;
  /** 0-based place in its group. */
  index: number;
  /** Its text as printed, nested brackets included. */
  text: string;
  proposer: string | null;
  supporters: string[];
  objectors: string[];
  /** An empty alternative that proposes to delete: the text it would delete (see deletedText), else null. */
  deletes: string | null;
}

export interface Section {
  /** The heading's label ("1.1", "II", "Article 4"), or null when unnumbered. */
  label: string | null;
  /** The heading's text. */
  title: string;
  /** Stable key for filters: the heading block's id, or its position when it has none. */
  key: string;
}

export interface ListedGroup {
  id: string | null;
  /** Position of the group node in the document (for scrolling the editor to it). */
  pos: number;
  /** The top-level block holding it. */
  blockId: string | null;
  blockPos: number;
  /** "37", "12 bis", "(a)"; null for an unnumbered block. */
  label: string | null;
  /** The block's kind of node: paragraph, subparagraph, sectionHeading, front... */
  blockType: string;
  /** The nearest heading above the block, or null before the first one. */
  section: Section | null;
  /** 0 for a group in the text, 1 for a group inside an alternative, and so on. */
  depth: number;
  alternatives: ListedAlternative[];
  /** Delegations that proposed an alternative, in order, without repeats. */
  proposers: string[];
  state: GroupState;
}

/**
 * The text an empty alternative proposes to delete: the text of its group's first alternative that
 * no delegation proposed (what stood in the text before the proposals), or, when every alternative
 * is a delegation's, null. A group made of one empty alternative (an imported `[]`) deletes nothing
 * that can be named.
 */
export function deletedText(group: PMNode, index: number): string | null {
  const alt = group.maybeChild(index);
  if (!alt || alt.content.size > 0) return null;
  for (let i = 0; i < group.childCount; i++) {
    const other = group.child(i);
    if (i !== index && !other.attrs.proposer && other.content.size > 0) return renderInlineLiteral(other);
  }
  return null;
}

export function groupState(alternatives: readonly Pick<ListedAlternative, 'proposer' | 'objectors'>[]): GroupState {
  if (alternatives.some((a) => a.objectors.length > 0)) return 'contested';
  if (alternatives.some((a) => a.proposer)) return 'proposed';
  return 'open';
}

function describeGroup(node: PMNode): Pick<ListedGroup, 'alternatives' | 'proposers' | 'state'> {
  const alternatives: ListedAlternative[] = [];
  node.forEach((alt, _offset, index) => {
    const { id, proposer, supporters, objectors } = altAttrs(alt);
    alternatives.push({ id, index, text: renderInlineLiteral(alt), proposer, supporters, objectors, deletes: deletedText(node, index) });
  });
  const proposers = [...new Set(alternatives.map((a) => a.proposer).filter((p): p is string => !!p))];
  return { alternatives, proposers, state: groupState(alternatives) };
}

/** A block's groups, positions relative to the block's start; cached per block node (see below). */
type BlockGroups = Array<Pick<ListedGroup, 'id' | 'depth' | 'alternatives' | 'proposers' | 'state'> & { offset: number }>;

/**
 * ProseMirror shares unchanged nodes between successive documents, so a block nobody touched is the
 * same object after an edit elsewhere: its groups are described once and reused (the panel derives
 * the list again after every change; on a 300-paragraph document with 2,000 groups this keeps a
 * derivation to the changed blocks plus a walk over the top level).
 */
const blockCache = new WeakMap<PMNode, BlockGroups>();

function groupsOfBlock(block: PMNode): BlockGroups {
  const cached = blockCache.get(block);
  if (cached) return cached;
  const out: BlockGroups = [];
  const walk = (node: PMNode, start: number, depth: number) => {
    node.forEach((child, childOffset) => {
      const offset = start + childOffset;
      if (child.type.name === 'bracketGroup') {
        out.push({ id: nodeId(child), offset, depth, ...describeGroup(child) });
        child.forEach((alt, altOffset) => walk(alt, offset + 1 + altOffset + 1, depth + 1));
      } else if (!child.isText && child.content.size > 0) {
        walk(child, offset + 1, depth);
      }
    });
  };
  walk(block, 1, 0);
  blockCache.set(block, out);
  return out;
}

/**
 * Every bracket group of the document, in reading order. `labelAt` gives a block's label from its
 * position; by default the labels are derived here (labelBlocks), and an editor that already keeps
 * them (its labels plugin) passes its own.
 */
export function listBracketGroups(doc: PMNode, labelAt?: (blockPos: number) => string | null): ListedGroup[] {
  const out: ListedGroup[] = [];
  let labels: Map<number, string | null> | null = null;
  const label =
    labelAt ??
    ((pos: number) => {
      labels ??= new Map(labelBlocks(doc).map((b) => [b.pos, b.label]));
      return labels.get(pos) ?? null;
    });
  let section: Section | null = null;
  doc.forEach((block, blockPos) => {
    const type = block.type.name;
    if (type === 'sectionHeading') {
      section = { label: label(blockPos), title: block.textContent.trim(), key: String(block.attrs.id ?? `@${blockPos}`) };
    }
    const groups = groupsOfBlock(block);
    if (!groups.length) return;
    const blockId = nodeId(block);
    const blockLabel = type === 'front' ? null : label(blockPos);
    const blockSection = type === 'front' ? null : section;
    for (const g of groups) {
      out.push({
        id: g.id,
        pos: blockPos + g.offset,
        blockId,
        blockPos,
        label: blockLabel,
        blockType: type,
        section: blockSection,
        depth: g.depth,
        alternatives: g.alternatives,
        proposers: g.proposers,
        state: g.state,
      });
    }
  });
  return out;
}

export interface BracketFilter {
  /** Groups where this delegation proposed, supported or objected to an alternative. */
  delegation?: string | null;
  /** Section key (Section.key), or '' for the blocks before the first heading. */
  section?: string | null;
  state?: GroupState | null;
}

/** Whether the delegation took part in the group: proposed, supported or objected. */
export function involves(group: ListedGroup, delegation: string): boolean {
  return group.alternatives.some(
    (a) => a.proposer === delegation || a.supporters.includes(delegation) || a.objectors.includes(delegation),
  );
}

export function filterBracketGroups(groups: readonly ListedGroup[], filter: BracketFilter): ListedGroup[] {
  return groups.filter(
    (g) =>
      (!filter.delegation || involves(g, filter.delegation)) &&
      (filter.section == null || (g.section?.key ?? '') === filter.section) &&
      (!filter.state || g.state === filter.state),
  );
}

/** The sections that hold groups, in order, each once. */
export function sectionsWithGroups(groups: readonly ListedGroup[]): Section[] {
  const seen = new Map<string, Section>();
  for (const g of groups) if (g.section && !seen.has(g.section.key)) seen.set(g.section.key, g.section);
  return [...seen.values()];
}

export interface BracketCounts {
  groups: number;
  /** Alternatives proposed by a delegation. */
  proposals: number;
  byState: Record<GroupState, number>;
  /** Per delegation: alternatives it proposed, supported, objected to. */
  byDelegation: Record<string, { proposed: number; supported: number; objected: number }>;
}

export function countBracketGroups(groups: readonly ListedGroup[]): BracketCounts {
  const counts: BracketCounts = { groups: groups.length, proposals: 0, byState: { open: 0, proposed: 0, contested: 0 }, byDelegation: {} };
  const of = (d: string) => (counts.byDelegation[d] ??= { proposed: 0, supported: 0, objected: 0 });
  for (const g of groups) {
    counts.byState[g.state]++;
    for (const a of g.alternatives) {
      if (a.proposer) {
        counts.proposals++;
        of(a.proposer).proposed++;
      }
      for (const d of a.supporters) of(d).supported++;
      for (const d of a.objectors) of(d).objected++;
    }
  }
  return counts;
}

/** "+3 −1": supporters and objectors as counts; '' when there are none. */
export function positionCounts(alt: Pick<ListedAlternative, 'supporters' | 'objectors'>): string {
  const parts: string[] = [];
  if (alt.supporters.length) parts.push(`+${alt.supporters.length}`);
  if (alt.objectors.length) parts.push(`−${alt.objectors.length}`);
  return parts.join(' ');
}

/**
 * One alternative in words, for a tooltip and for screen readers: "Proposed by European Union;
 * supported by Brazil, Japan; objected to by Egypt." (`name` maps a delegation id to its name).
 */
export function alternativeInWords(
  alt: Pick<ListedAlternative, 'proposer' | 'supporters' | 'objectors' | 'deletes'>,
  name: (id: string) => string,
): string {
  const parts = [alt.proposer ? `Proposed by ${name(alt.proposer)}` : 'Text before the proposals'];
  if (alt.deletes !== null) parts[0] += ` (deletion of “${alt.deletes}”)`;
  if (alt.supporters.length) parts.push(`supported by ${alt.supporters.map(name).join(', ')}`);
  if (alt.objectors.length) parts.push(`objected to by ${alt.objectors.map(name).join(', ')}`);
  return `${parts.join('; ')}.`;
}
