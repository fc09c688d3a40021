// Paragraph, heading, subparagraph and option labels (docs/design.md §1). The editor's margin, the outline,
// every export and the importer call the same derivation, so a label is computed in one place.
//
// Labels are derived from document order, with one exception: a block may carry a FIXED label in its
// `label` attribute, the label as typed ("12 bis", "9bis", "3.3alt", "I", "A", "Article 3bis",
// "Option 2:"). A fixed label is shown as is, and the blocks after it continue from it: the successor
// of "12 bis" is "13", of "3.3alt" is "3.4", of "II" is "III", of "B" is "C", of "(c)" is "(d)".
// The importer fixes a label only where derivation would not give the label the source typed (see
// `fixedLabels`), so a plain 1..N document stays fully derived and renumbers itself when edited,
// while a negotiated text keeps "12 bis" where delegations put it. The same attribute is where a
// revision will freeze its labels: a frozen label is just a fixed one.
//
// Styles: `outcome` numbers preambular and operative paragraphs in one run; `resolution` numbers
// operative paragraphs only; `treaty` numbers paragraphs from 1 again under every heading (Articles),
// derives level-1 numbered headings as "Article N", and leaves the preamble unnumbered.
// Subparagraphs have two levels: (a)..(z), (aa).. and under them (i), (ii)...
// Known limits: a successor is found from the last label's shape alone (a single "I" is taken as
// roman, a single "C" as a letter); the importer's fixing keeps imports exact whatever it guesses.
// A gap in the source ("6" after "4") is kept as typed and reported, so it does not close by itself
// when a paragraph is inserted before it.
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NumberingStyle, ParagraphKind } from '../model/types.ts';
import { deletedBlockAttrs, isDeletedBlock } from '../schema/deletedBlock.ts';
import { paragraphKind } from '../schema/documentNodes.ts';

export interface BlockLabel {
  /** Position of the block in the document (for editor decorations). */
  pos: number;
  node: PMNode;
  /** "12", "1.1", "(a)", "12 bis", "Option 1:"; null for unnumbered blocks. */
  label: string | null;
  /** Label of the heading the block sits under, or that heading's text when it is unnumbered. */
  section: string | null;
  /** The label is the block's own `label` attribute (as typed or frozen), not derived. */
  fixed: boolean;
}

/** What the derivation needs to know of a block; the importer builds these before any node exists. */
export interface LabelItem {
  type: 'heading' | 'paragraph' | 'sub' | 'option' | 'other';
  /** Heading level (1, 2) or subparagraph level (1, 2). */
  level: number;
  /** Headings: numbered or not. */
  numbered: boolean;
  kind: ParagraphKind;
  /** Fixed label, or null to derive. */
  label: string | null;
  /** Heading text, for the section of unnumbered headings. */
  text: string;
}

export interface DerivedLabel {
  label: string | null;
  section: string | null;
  fixed: boolean;
}

export function numberingStyleOf(doc: PMNode): NumberingStyle {
  const front = doc.firstChild;
  const style = front?.type.name === 'front' ? front.attrs.numberingStyle : null;
  return style === 'resolution' || style === 'treaty' ? style : 'outcome';
}

/** Whether a paragraph of this kind carries a number in the given style. */
export function isNumbered(kind: ParagraphKind, style: NumberingStyle): boolean {
  if (kind === 'op') return true;
  if (kind === 'pp') return style === 'outcome';
  return false;
}

/** (a), (b), ... (z), (aa), (bb): the UN convention past z. */
export function subparagraphLetter(index: number): string {
  const letter = String.fromCharCode(97 + (index % 26));
  return letter.repeat(Math.floor(index / 26) + 1);
}

const ROMAN: Array<[number, string]> = [
  [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
  [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
];

export function toRoman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN) while (n >= v) {
    out += s;
    n -= v;
  }
  return out;
}

/** The value of a well-formed roman numeral (either case), else 0. */
export function fromRoman(s: string): number {
  const t = s.toLowerCase();
  if (!/^[ivxlcdm]+$/.test(t)) return 0;
  let n = 0;
  let rest = t;
  for (const [v, sym] of ROMAN) while (rest.startsWith(sym)) {
    n += v;
    rest = rest.slice(sym.length);
  }
  return rest === '' && toRoman(n) === t ? n : 0;
}

/** Index of a subparagraph letter run ("a" -> 0, "z" -> 25, "aa" -> 26), or -1. */
function letterIndex(s: string): number {
  if (!/^([a-z])\1*$/.test(s)) return -1;
  return (s.length - 1) * 26 + (s.charCodeAt(0) - 97);
}

/**
 * The label that follows `label` in its own shape: the last number goes up by one and any suffix
 * ("bis", "alt") is dropped; a roman numeral or a letter goes to the next one. `read` says how to
 * take an ambiguous letter such as "i" (a second-level subparagraph is roman, a first-level one a
 * letter; elsewhere a lone "I" and multi-letter numerals are roman).
 */
export function successor(label: string, read: 'auto' | 'roman' | 'letter' = 'auto'): string {
  const alternative = /^(.*\d)\s?alt(?:\s\d+)?$/i.exec(label); // "12 Alt 2" -> "13", as "12 Alt" does
  if (alternative) return successor(alternative[1]!, read);
  const inserted = /^\(([a-z]{1,2})\)\s?[a-z]+$|^\(([a-z]{1,2})\s?(?:bis|ter|quater|alt)\)$/.exec(label); // "(a)bis" -> "(b)"
  if (inserted) return successor(`(${inserted[1] ?? inserted[2]})`, read === 'auto' ? 'letter' : read);
  const paren = /^\((.+)\)$/.exec(label);
  if (paren) return `(${successor(paren[1], read)})`;
  const num = /^(.*?)(\d+)([^\d]*)$/.exec(label);
  if (num) return `${num[1]}${Number(num[2]) + 1}${num[3].endsWith(':') ? ':' : ''}`;
  const lower = label === label.toLowerCase();
  const r = fromRoman(label);
  const multi = label.length > 1;
  const roman = read === 'roman' || (read === 'auto' && (multi || label.toUpperCase() === 'I'));
  if (r && roman) {
    const next = toRoman(r + 1);
    return lower ? next : next.toUpperCase();
  }
  const li = letterIndex(label.toLowerCase());
  if (li >= 0) {
    const next = subparagraphLetter(li + 1);
    return lower ? next : next.toUpperCase();
  }
  const word = /^(.*\s)(\S+?)(:?)$/.exec(label); // "Option I:" -> "Option II:"
  if (word) return `${word[1]}${successor(word[2], read)}${word[3]}`;
  return label;
}

/** Where derivation stands after some blocks: the last label at each level. */
interface Counters {
  top: string | null; // last level-1 heading label
  second: string | null; // last level-2 heading label under it
  para: string | null; // last paragraph label
  sub1: string | null;
  sub2: string | null;
  option: string | null;
  section: string | null;
}

const START: Counters = { top: null, second: null, para: null, sub1: null, sub2: null, option: null, section: null };

/** The label of one block and the counters after it; null for blocks that take no part. */
function step(c: Counters, item: LabelItem, style: NumberingStyle): [DerivedLabel, Counters] | null {
  const fixed = item.label !== null && item.label !== '';
  const n = { ...c };
  let label: string | null = null;
  switch (item.type) {
    case 'heading':
      n.sub1 = n.sub2 = n.option = null;
      if (style === 'treaty') n.para = null;
      if (fixed || item.numbered) {
        if (item.level >= 2) {
          label = fixed ? item.label : c.second ? successor(c.second) : `${c.top ?? '0'}.1`;
          n.second = label;
        } else {
          label = fixed ? item.label : c.top ? successor(c.top) : style === 'treaty' ? 'Article 1' : '1';
          n.top = label;
          n.second = null;
        }
      }
      n.section = label ?? item.text;
      return [{ label, section: n.section, fixed }, n];
    case 'paragraph':
      n.sub1 = n.sub2 = null;
      if (fixed) label = item.label;
      else if (isNumbered(item.kind, style)) label = c.para ? successor(c.para) : '1';
      if (label !== null) n.para = label;
      break;
    case 'sub':
      if (item.level >= 2) {
        label = fixed ? item.label : c.sub2 ? successor(c.sub2, 'roman') : '(i)';
        n.sub2 = label;
      } else {
        label = fixed ? item.label : c.sub1 ? successor(c.sub1, 'letter') : '(a)';
        n.sub1 = label;
        n.sub2 = null;
      }
      break;
    case 'option':
      n.sub1 = n.sub2 = null;
      label = fixed ? item.label : c.option ? successor(c.option) : 'Option 1:';
      n.option = label;
      break;
    default:
      return null;
  }
  return [{ label, section: n.section, fixed: fixed && label !== null }, n];
}

const LATIN = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'];

/**
 * The label of a paragraph inserted after `previous` where the next number is already someone's
 * fixed label: `12` -> `12 bis`, `12 bis` -> `12 ter`... (UN practice once labels are frozen).
 */
export function insertedAfter(previous: string): string {
  const m = /^(.*?)\s?(bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)$/.exec(previous);
  if (!m) return `${previous} bis`;
  const next = LATIN[LATIN.indexOf(m[2]!) + 1];
  return next ? `${m[1]} ${next}` : `${previous} bis`;
}

/**
 * Labels of a block sequence in a numbering style: the one derivation every caller shares.
 * Inside frozen numbering (the paragraph before is fixed, as a revision leaves every paragraph), a
 * derived number never takes the next fixed one: a paragraph inserted after 12 is `12 bis` rather
 * than a second 13. Derived numbers after derived ones are left alone, so a source whose numbering
 * restarts (options re-using 6, 7...) keeps deriving as typed.
 */
export function deriveLabels(items: LabelItem[], style: NumberingStyle): DerivedLabel[] {
  // The next fixed paragraph label after each item.
  const nextFixed: Array<string | null> = new Array(items.length).fill(null);
  for (let i = items.length - 1, next: string | null = null; i >= 0; i--) {
    nextFixed[i] = next;
    const it = items[i]!;
    if (it.type === 'paragraph' && it.label) next = it.label;
  }
  const out: DerivedLabel[] = [];
  let counters = START;
  let frozen = false; // the last paragraph label was fixed, or inserted after a fixed one
  items.forEach((item, i) => {
    let r = step(counters, item, style);
    if (!r) return;
    if (item.type === 'paragraph' && r[0].label !== null) {
      if (!r[0].fixed && frozen && counters.para && r[0].label === nextFixed[i]) {
        let label = insertedAfter(counters.para);
        while (label === nextFixed[i]) label = insertedAfter(label);
        r = step(counters, { ...item, label }, style)!;
        r[0].fixed = false;
      } else {
        frozen = r[0].fixed;
      }
    }
    out.push(r[0]);
    counters = r[1];
  });
  return out;
}

/** The derivation's view of a document block; null for blocks that take no part. */
export function labelItemOf(node: PMNode): LabelItem | null {
  const label = typeof node.attrs.label === 'string' && node.attrs.label ? node.attrs.label : null;
  const base = { label, numbered: false, kind: 'text' as ParagraphKind, level: 1, text: '' };
  switch (node.type.name) {
    case 'sectionHeading':
      return { ...base, type: 'heading', level: Number(node.attrs.level), numbered: Boolean(node.attrs.numbered), text: node.textContent };
    case 'paragraph':
      return { ...base, type: 'paragraph', kind: paragraphKind(node) };
    case 'subparagraph':
      return { ...base, type: 'sub', level: Number(node.attrs.level) || 1 };
    case 'option':
      return { ...base, type: 'option' };
    default:
      return isDeletedBlock(node) ? deletedItem(node) : null;
  }
}

/**
 * A deleted paragraph's placeholder ("12. [Deleted]", schema/deletedBlock.ts) counts as the block it
 * was, with its fixed label, so the blocks after it continue from it; one without a label takes no part.
 */
function deletedItem(node: PMNode): LabelItem | null {
  const { label, was, kind, level } = deletedBlockAttrs(node);
  if (label === null) return null;
  const base = { label, numbered: false, kind, level, text: '' };
  return was === 'subparagraph' ? { ...base, type: 'sub' } : { ...base, type: 'paragraph' };
}

export function labelBlocks(doc: PMNode): BlockLabel[] {
  const nodes: Array<{ pos: number; node: PMNode; item: LabelItem }> = [];
  doc.forEach((node, pos) => {
    const item = labelItemOf(node);
    if (item) nodes.push({ pos, node, item });
  });
  const derived = deriveLabels(nodes.map((n) => n.item), numberingStyleOf(doc));
  return nodes.map((n, i) => ({ pos: n.pos, node: n.node, ...derived[i] }));
}

/**
 * Which typed labels must be kept as fixed labels: those derivation would not give. Fixing a label
 * changes what follows it, so this walks in order, fixing one block at a time.
 */
export function fixedLabels(items: Array<LabelItem & { typed: string | null }>, style: NumberingStyle): Array<string | null> {
  let counters = START;
  return items.map((it) => {
    const derived = step(counters, { ...it, label: null }, style);
    const keep = it.typed !== null && (derived?.[0].label ?? null) !== it.typed;
    const taken = keep ? step(counters, { ...it, label: it.typed }, style) : derived;
    if (taken) counters = taken[1];
    return keep ? it.typed : null;
  });
}

/** Footnote numbers by position, in document order (1-based). */
export function footnoteNumbers(doc: PMNode): Map<number, number> {
  const numbers = new Map<number, number>();
  doc.descendants((node, pos) => {
    if (node.type.name === 'footnote') numbers.set(pos, numbers.size + 1);
    return true;
  });
  return numbers;
}

/**
 * A label as UN drafts print it: `12.`, `12 bis.`, `I.`, `A.` but `1.1`, `3.3bis`, `(a)`,
 * `Article 4` and `Option 1:`.
 */
export function printedLabel(type: string, label: string): string {
  if (type === 'subparagraph' || type === 'option') return label;
  if (/^\d+\.\d/.test(label) || /^article\s/i.test(label) || /[.:)]$/.test(label)) return label;
  return `${label}.`;
}
