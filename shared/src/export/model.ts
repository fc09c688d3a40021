// The one model every rich export renders (Word, HTML and so PDF, Akoma Ntoso, and the compilation
// and redline kinds of text, Markdown and JSON): a list of labelled blocks made of marked runs, built
// from the ProseMirror document (clean draft, compilation text) or from a Redline (revisions/).
//
// Why a model between the document and the formats: the three kinds differ only in what the runs carry
// (plain text; text plus attributions in braces; text with insertions and deletions and their
// authors), and the formats differ only in how they print a run and a label. Building the model once
// keeps numbering, brackets and footnotes identical across formats.
//
// Rules kept here and nowhere else:
// - Labels come ONLY from numbering/labels.ts (`labelBlocks`, `printedLabel`); a redline's labels are
//   the Redline's own (already derived by the same functions when it was built).
// - Brackets are printed the way `renderInlineLiteral` prints them (`[` alternative `]`, alternatives
//   joined by the group's separator). The runs carry marks, which renderInlineLiteral cannot, so the
//   walk below repeats its rule; tests/unit/export-model.test.ts checks on both fixtures that every
//   block's runs concatenate to exactly renderInlineLiteral's string.
// - Block types this module does not know (option blocks and whatever numbering/ adds later) are
//   exported as plain paragraphs with the label labelBlocks gives them.
// - A deleted paragraph's placeholder (schema/deletedBlock.ts) is a block of the type it was, with its
//   label and one run "[Deleted]", marked `deleted` so a format may add its own equivalent (HTML's
//   class, Akoma Ntoso's status="removed"); every format prints "12. [Deleted]" from the run alone.
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, printedLabel } from '../numbering/labels.ts';
import { footnotesByNode } from './outline.ts';
import { altAttrs } from '../schema/bracketNodes.ts';
import type { Redline, RedlineRun } from '../revisions/redline.ts';
import { DELETED_TEXT, deletedBlockAttrs, isDeletedBlock } from '../schema/deletedBlock.ts';

export type ExportKind = 'clean' | 'compilation' | 'redline';

export interface ModelRun {
  text: string;
  italic?: boolean;
  bold?: boolean;
  /** A footnote reference: the note's number (text is then empty). */
  footnote?: number;
  /** Compilation only: an attribution `{EU, CELAC}` after an alternative, not part of the text. */
  attribution?: boolean;
  /** Redline only: inserted or deleted text and who did it. */
  change?: 'ins' | 'del';
  author?: string;
}

export interface ModelBlock {
  id: string | null;
  /** heading, or paragraph / subparagraph; unknown block types arrive as 'paragraph'. */
  type: 'heading' | 'paragraph' | 'subparagraph';
  /** Heading level, 1 for sections, 2 for subsections. */
  level: number;
  /** pp / op / text for paragraphs (the preamble in Akoma Ntoso holds unnumbered pp). */
  kind: string;
  /** The label as printed (`12.`, `12 bis`, `(a)`, `1.1`, or for a renumbered redline block `12. → 13.`). */
  label: string | null;
  runs: ModelRun[];
  /** Redline only: the block as a whole. */
  change?: 'same' | 'changed' | 'inserted' | 'deleted' | 'moved';
  /** A deleted paragraph's placeholder: its label and the one run "[Deleted]" (schema/deletedBlock.ts). */
  deleted?: boolean;
  author?: string;
}

export interface ModelFootnote {
  number: number;
  runs: ModelRun[];
}

export interface ProvenanceRow {
  /** Printed label of the paragraph holding the proposals (its id when unnumbered). */
  paragraph: string;
  /** Each attributed alternative as `text` with its proposer (or null for the pen-holders' text). */
  proposals: { text: string; proposer: string | null }[];
  proposers: string[];
  supporters: string[];
  objectors: string[];
}

/**
 * The paragraph numbers a revision changed when it was issued (`12 bis` became `13`), printed after
 * the text of that revision's exports, because delegations quote paragraph numbers.
 */
export interface LabelMap {
  /** The revision that renumbered: "Rev.1". */
  revision: string;
  entries: { from: string; to: string }[];
}

export interface ExportModel {
  kind: ExportKind;
  title: string;
  symbol: string;
  date: string;
  stage: string;
  blocks: ModelBlock[];
  footnotes: ModelFootnote[];
  /** Compilation only: who proposed, supported and opposed what, paragraph by paragraph. */
  provenance: ProvenanceRow[];
  /** An exported revision that renumbered: the old-to-new label map, printed after the text. */
  labelMap?: LabelMap;
  /** Redline only: the two states compared, and the summary lines printed after the text. */
  redline?: {
    from: { name: string; at: string };
    to: { name: string; at: string };
    /** ISO date-time used as w:date for every tracked change (the newer state's). */
    at: string;
    summary: string[];
  };
}

/** Delegation names: a function or a map from id to name. An unknown id prints as itself. */
export type DelegationNames = ((id: string) => string) | ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export function nameLookup(names: DelegationNames | undefined): (id: string) => string {
  if (!names) return (id) => id;
  if (typeof names === 'function') return names;
  if (names instanceof Map) return (id) => names.get(id) ?? id;
  const record = names as Readonly<Record<string, string>>;
  return (id) => (Object.prototype.hasOwnProperty.call(record, id) ? record[id] : id);
}

export interface ModelOptions {
  kind?: 'clean' | 'compilation';
  delegationName?: DelegationNames;
  /** Printed after the text when it has entries. */
  labelMap?: LabelMap;
}

/** The heading printed above a label map, in every format. */
export function labelMapHeading(map: LabelMap): string {
  return `Paragraph numbers changed in ${map.revision}`;
}

const uniq = (list: string[]) => [...new Set(list)];

/** The attribution printed after an alternative: `{EU, CELAC}`, `{EU; opposed: Russian Federation}`. */
export function attributionText(proposer: string | null, supporters: string[], objectors: string[]): string | null {
  const backers = uniq([...(proposer ? [proposer] : []), ...supporters]);
  const parts: string[] = [];
  if (backers.length) parts.push(backers.join(', '));
  if (objectors.length) parts.push(`opposed: ${uniq(objectors).join(', ')}`);
  return parts.length ? `{${parts.join('; ')}}` : null;
}

interface Walk {
  numbers: Map<PMNode, number>;
  compilation: boolean;
  name: (id: string) => string;
  /** Alternatives met in the block, for the provenance table. */
  alternatives: { group: number; text: string; proposer: string | null; cosponsors: string[]; supporters: string[]; objectors: string[] }[];
  groups: number;
}

function pushText(out: ModelRun[], text: string, marks: { italic?: boolean; bold?: boolean }): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && !last.footnote && !last.attribution && !!last.italic === !!marks.italic && !!last.bold === !!marks.bold) {
    last.text += text;
    return;
  }
  const run: ModelRun = { text };
  if (marks.italic) run.italic = true;
  if (marks.bold) run.bold = true;
  out.push(run);
}

/** Plain text of inline content as renderInlineLiteral prints it, footnotes left out. */
function literalOf(runs: ModelRun[]): string {
  return runs.filter((r) => !r.attribution).map((r) => r.text).join('');
}

function inlineRuns(node: PMNode, walk: Walk, out: ModelRun[]): void {
  node.forEach((child) => {
    if (child.isText) {
      const marks = { italic: child.marks.some((m) => m.type.name === 'italic'), bold: child.marks.some((m) => m.type.name === 'bold') };
      pushText(out, child.text ?? '', marks);
    } else if (child.type.name === 'bracketGroup') {
      const groupNo = walk.groups++;
      let first = true;
      child.forEach((alt) => {
        if (!first) pushText(out, String(child.attrs.separator ?? ' '), {});
        first = false;
        pushText(out, '[', {});
        const inner: ModelRun[] = [];
        inlineRuns(alt, walk, inner);
        for (const run of inner) {
          if (run.text && !run.footnote && !run.attribution) pushText(out, run.text, run);
          else out.push(run);
        }
        pushText(out, ']', {});
        if (walk.compilation) {
          const attrs = altAttrs(alt);
          const proposer = attrs.proposer ? walk.name(attrs.proposer) : null;
          // Co-sponsors are authors of the proposal: they print with the proposer, before supporters.
          const cosponsors = proposer ? attrs.cosponsors.map(walk.name) : [];
          const supporters = attrs.supporters.map(walk.name);
          const objectors = attrs.objectors.map(walk.name);
          walk.alternatives.push({ group: groupNo, text: literalOf(inner), proposer, cosponsors, supporters, objectors });
          const attribution = attributionText(proposer, [...cosponsors, ...supporters], objectors);
          if (attribution) out.push({ text: attribution, attribution: true });
        }
      });
    } else if (child.type.name === 'footnote') {
      out.push({ text: '', footnote: walk.numbers.get(child) ?? 0 });
    } else inlineRuns(child, walk, out);
  });
}

function blockType(name: string): ModelBlock['type'] {
  if (name === 'sectionHeading') return 'heading';
  if (name === 'subparagraph') return 'subparagraph';
  return 'paragraph';
}

/** The clean draft or the compilation text of a document, ready for any format. */
export function modelOfDocument(doc: PMNode, options: ModelOptions = {}): ExportModel {
  const front = doc.firstChild!;
  const numbers = footnotesByNode(doc);
  const compilation = options.kind === 'compilation';
  const walk: Walk = { numbers, compilation, name: nameLookup(options.delegationName), alternatives: [], groups: 0 };
  const blocks: ModelBlock[] = [];
  const provenance: ProvenanceRow[] = [];
  let owner: string | null = null;

  for (const { node, label } of labelBlocks(doc)) {
    if (isDeletedBlock(node)) {
      const placeholder = deletedBlockAttrs(node);
      blocks.push({
        id: placeholder.id,
        type: blockType(placeholder.was),
        level: 0,
        kind: placeholder.was === 'paragraph' ? placeholder.kind : '',
        label: label ? printedLabel(placeholder.was, label) : null,
        runs: [{ text: DELETED_TEXT }],
        deleted: true,
      });
      if (placeholder.was === 'paragraph') owner = label ?? placeholder.id;
      continue;
    }
    const type = blockType(node.type.name);
    const printed = label ? printedLabel(node.type.name, label) : null;
    const runs: ModelRun[] = [];
    walk.alternatives = [];
    inlineRuns(node, walk, runs);
    blocks.push({
      id: node.attrs.id ?? null,
      type,
      level: type === 'heading' ? Number(node.attrs.level) || 1 : 0,
      kind: String(node.attrs.kind ?? (type === 'paragraph' ? 'op' : '')),
      label: printed,
      runs,
    });
    if (type === 'paragraph') owner = label ?? node.attrs.id ?? null;
    const here = type === 'subparagraph' ? `${owner ?? ''}${label ?? ''}` : (label ?? node.attrs.id ?? '');
    // Every alternative of a group in which someone proposed, supported or objected to something.
    const isAttributed = (a: Walk['alternatives'][number]) => !!a.proposer || a.supporters.length > 0 || a.objectors.length > 0;
    const groups = new Set(walk.alternatives.filter(isAttributed).map((a) => a.group));
    const attributed = walk.alternatives.filter((a) => groups.has(a.group));
    if (compilation && attributed.length) {
      provenance.push({
        paragraph: here,
        proposals: attributed.map(({ text, proposer, cosponsors }) => ({ text, proposer: proposer ? [proposer, ...cosponsors].join(', ') : null })),
        proposers: uniq(attributed.flatMap((a) => (a.proposer ? [a.proposer, ...a.cosponsors] : []))),
        supporters: uniq(attributed.flatMap((a) => a.supporters)),
        objectors: uniq(attributed.flatMap((a) => a.objectors)),
      });
    }
  }

  const footnotes: ModelFootnote[] = [...numbers.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([node, number]) => {
      const runs: ModelRun[] = [];
      node.forEach((child) => pushText(runs, child.text ?? '', { italic: child.marks.some((m) => m.type.name === 'italic') }));
      return { number, runs };
    });

  return {
    kind: compilation ? 'compilation' : 'clean',
    title: front.textContent,
    symbol: String(front.attrs.symbol ?? ''),
    date: String(front.attrs.date ?? ''),
    stage: String(front.attrs.stage ?? ''),
    blocks,
    footnotes,
    provenance,
    ...(options.labelMap?.entries.length ? { labelMap: options.labelMap } : {}),
  };
}

// --- Redline ------------------------------------------------------------------------------------

function printedRedlineLabel(type: string, label: string | null): string | null {
  return label ? printedLabel(type === 'heading' ? 'sectionHeading' : type, label) : null;
}

/** `12. → 13.` when a block present in both states was renumbered; else its one label. */
export function redlineLabel(type: string, oldLabel: string | null, newLabel: string | null, change: string): string | null {
  const older = printedRedlineLabel(type, oldLabel);
  const newer = printedRedlineLabel(type, newLabel);
  if (change === 'deleted') return older;
  if (change === 'inserted') return newer;
  if (older && newer && oldLabel !== newLabel) return `${older} → ${newer}`;
  return newer ?? older;
}

/**
 * A Redline as the model. Footnotes are numbered afresh in reading order (a deleted note keeps its
 * place), because the Redline numbers notes in two states that may both have a note 3.
 */
export function modelOfRedline(redline: Redline): ExportModel {
  const footnotes: ModelFootnote[] = [];
  const runOf = (run: RedlineRun): ModelRun[] => {
    const base: ModelRun = { text: run.text };
    if (run.italic) base.italic = true;
    if (run.bold) base.bold = true;
    if (run.change !== 'same') base.change = run.change;
    if (run.change !== 'same' && run.author) base.author = run.author;
    const out: ModelRun[] = run.text ? [base] : [];
    if (run.footnote) {
      footnotes.push({ number: footnotes.length + 1, runs: [{ text: run.footnote.text }] });
      const ref: ModelRun = { text: '', footnote: footnotes.length };
      if (run.change !== 'same') ref.change = run.change;
      if (run.author) ref.author = run.author;
      out.push(ref);
    }
    return out;
  };
  const blocks: ModelBlock[] = redline.blocks.map((block) => {
    const label = redlineLabel(block.type, block.oldLabel, block.newLabel, block.change);
    const whole = block.change === 'inserted' ? 'ins' : block.change === 'deleted' ? 'del' : null;
    const runs = block.runs.flatMap(runOf).map((run) => {
      // A wholly inserted or deleted block is tracked as such even where its runs say 'same'.
      if (whole && !run.change) return { ...run, change: whole, ...(block.author ? { author: block.author } : {}) } as ModelRun;
      return run;
    });
    const model: ModelBlock = {
      id: block.id,
      type: block.type,
      level: block.level ?? (block.type === 'heading' ? 1 : 0),
      kind: block.kind ?? (block.type === 'paragraph' ? 'op' : ''),
      label,
      runs,
      change: block.change,
    };
    if (block.author) model.author = block.author;
    return model;
  });

  const summary: string[] = [];
  for (const g of redline.groupsAdded) {
    summary.push(`Brackets added${g.paragraph ? ` in paragraph ${g.paragraph}` : ''}: ${g.alternatives.map((a) => `[${a}]`).join(' ')}`);
  }
  for (const g of redline.groupsResolved) {
    const kept = g.kept === undefined || g.kept === null ? 'dropped' : `kept "${g.kept}"`;
    summary.push(`Brackets resolved${g.paragraph ? ` in paragraph ${g.paragraph}` : ''}: ${g.alternatives.map((a) => `[${a}]`).join(' ')}, ${kept}`);
  }
  if (redline.renumbered.length) {
    summary.push(`Renumbered: ${redline.renumbered.map((r) => `${r.from} → ${r.to}`).join(', ')}`);
  }

  return {
    kind: 'redline',
    title: redline.title,
    symbol: redline.symbol,
    date: redline.to.at.slice(0, 10),
    stage: `Changes from ${redline.from.name} to ${redline.to.name}`,
    blocks,
    footnotes,
    provenance: [],
    redline: { from: redline.from, to: redline.to, at: redline.to.at, summary },
  };
}

/** The text of a block's runs (no footnote markers, attributions included): for tests and plain renderers. */
export function runsText(runs: ModelRun[], marker: (n: number) => string = () => ''): string {
  return runs.map((r) => (r.footnote ? marker(r.footnote) : r.text)).join('');
}
