/**
 * Brackets as structure: a bracket group is an inline node holding one or more alternative nodes,
 * and each alternative holds inline content (text, marks, footnotes and further groups).
 *
 *   paragraph
 *     text "We agree to hold a "
 *     bracketGroup {id, separator: " "}
 *       bracketAlt {id, proposer, cosponsors, supporters, objectors}  "World Summit"
 *       bracketAlt {id, proposer, ...}                    "High Level Meeting"
 *     text " on the Information Society ..."
 *
 * Why inline nodes with content rather than marks (docs/design.md §5):
 * - An empty alternative (a proposal to delete) is an empty node; a mark needs text to hang on.
 * - Nesting (`[Parties [shall] [should] communicate]`) is a node inside a node. Marks of one type
 *   cannot nest, and adjacent marked ranges with equal attrs merge, losing the group boundary.
 * - Identity: the group's id and each alternative's proposer are attributes of Y.XmlElements in
 *   y-prosemirror / y-tiptap. They survive edits around and inside them, and a concurrent edit in
 *   one alternative never rewrites another's attributes (a mark-based design re-applies mark attrs
 *   to text ranges, which the binding turns into formatting on Y.XmlText and loses on splits).
 * - Concurrency: each alternative's text is its own Y.XmlText, so two people typing in two
 *   alternatives of one group edit two independent CRDT sequences; both keep their text.
 * - Literal rendering is a tree walk: `[` + alternative + `]`, alternatives joined by the group's
 *   recorded `separator` (what stood between them in the source, normally one space), so
 *   `[World Summit] [High Level Meeting]` comes back character for character.
 * The price is caret handling around inline nodes with content: the editor view draws the brackets
 * with CSS and lets ProseMirror place the caret inside alternatives, including empty ones.
 * Known limit (tests/unit/concurrent-brackets.test.ts): making a group splits a Y.XmlText and the
 * binding re-creates the text after the split, so a keystroke typed in that very text at that very
 * moment by someone else lands beside the new group rather than inside it. Nothing is lost.
 */
import { Node, mergeAttributes } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { dataAttribute, listAttribute } from './attributes.ts';

export const BracketGroup = Node.create({
  name: 'bracketGroup',
  group: 'inline',
  inline: true,
  content: 'bracketAlt+',
  isolating: true,
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      separator: dataAttribute('separator', ' '),
    };
  },
  parseHTML: () => [{ tag: 'span[data-bracket-group]' }],
  renderHTML: ({ HTMLAttributes }) => [
    'span',
    mergeAttributes({ 'data-bracket-group': '', class: 'bracket-group' }, HTMLAttributes),
    0,
  ],
});

export const BracketAlt = Node.create({
  name: 'bracketAlt',
  inline: true,
  content: 'inline*',
  isolating: true,
  addAttributes() {
    return {
      id: dataAttribute('id', null),
      proposer: dataAttribute('proposer', null),
      /** Delegations that joined the proposer's proposal as co-sponsors (it is theirs too). */
      cosponsors: listAttribute('cosponsors'),
      supporters: listAttribute('supporters'),
      objectors: listAttribute('objectors'),
    };
  },
  parseHTML: () => [{ tag: 'span[data-bracket-alt]' }],
  renderHTML: ({ HTMLAttributes }) => [
    'span',
    mergeAttributes({ 'data-bracket-alt': '', class: 'bracket-alt' }, HTMLAttributes),
    0,
  ],
});

/** A bracket alternative's attributes, typed (documents from before an attribute existed read as its default). */
export interface AltAttrs {
  id: string | null;
  /** The proposing delegation's id; null for the pen-holders' own text. */
  proposer: string | null;
  cosponsors: string[];
  supporters: string[];
  objectors: string[];
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function altAttrs(node: PMNode): AltAttrs {
  const a = node.attrs;
  return {
    id: stringOrNull(a.id),
    proposer: stringOrNull(a.proposer),
    cosponsors: stringList(a.cosponsors),
    supporters: stringList(a.supporters),
    objectors: stringList(a.objectors),
  };
}
