// What a document may hold, beyond what ProseMirror's content expressions say: the rules the sync
// server applies to every pen-holder's change (server/src/sync/validate.ts, docs/design.md
// "Updates that cannot poison a document") and that any producer of documents can ask.
//
// Why more than `node.check()`: ProseMirror checks content and marks, but fills a missing attribute
// with its default and drops an unknown one, so a paragraph without an id, a status of 42 or a
// `supporters` that is not a list pass its check and then break the code that reads them (numbering,
// ids, the consensus and proposals panels). The rules here are those attributes' meanings:
//   - nodes that carry an identity (ID_PREFIX: headings, paragraphs, subparagraphs, option markers,
//     bracket groups and alternatives, footnotes) need a non-empty string id;
//   - enumerated attributes take one of their values (kind, status, numbering style), levels are small
//     positive integers, labels and proposers strings or absent, supporters and objectors lists of
//     strings; an attribute without a rule here takes values of its default's type, so an attribute
//     added to the schema later is accepted without a change here;
//   - a document is one `front` then at least one block (the `doc` node's content);
//   - a deleted paragraph's placeholder (`deletedBlock`) is a leaf with an id, its label, and `was`
//     one of paragraph / subparagraph.
// All functions are pure and cost in proportion to what they are given.
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { NUMBERING_STYLES, PARAGRAPH_KINDS, PARAGRAPH_STATUSES } from '../model/types.ts';
import { ID_PREFIX } from './ensureIds.ts';
import { outcomeSchema } from './schema.ts';
import { DELETABLE_TYPES } from './deletedBlock.ts';

export type Validity = { ok: true } | { ok: false; reason: string };

const VALID: Validity = { ok: true };
const invalid = (reason: string): Validity => ({ ok: false, reason });

/** The longest string an attribute may hold (ids, labels, symbols, separators...): generous, but bounded. */
export const MAX_ATTRIBUTE_LENGTH = 1_000;

type ValueRule = (value: unknown) => boolean;

const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_ATTRIBUTE_LENGTH;
const oneOf =
  (values: readonly string[]): ValueRule =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const smallLevel: ValueRule = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 9;
const stringOrNull: ValueRule = (v) => v === null || isShortString(v);
const stringList: ValueRule = (v) => Array.isArray(v) && v.length <= 1_000 && v.every(isShortString);

/** Rules by attribute name (the same name means the same thing on every node that has it). */
const ATTRIBUTE_RULES: Readonly<Record<string, ValueRule>> = {
  id: (v) => isShortString(v) && v.length > 0,
  kind: oneOf(PARAGRAPH_KINDS),
  status: oneOf(PARAGRAPH_STATUSES),
  numberingStyle: oneOf(NUMBERING_STYLES),
  level: smallLevel,
  numbered: (v) => typeof v === 'boolean',
  label: stringOrNull,
  proposer: stringOrNull,
  supporters: stringList,
  objectors: stringList,
  separator: isShortString,
  symbol: isShortString,
  date: isShortString,
  stage: isShortString,
  /** A deleted paragraph's placeholder (deletedBlock.ts): what it stands for. */
  was: oneOf(DELETABLE_TYPES),
};

/** An attribute without a rule: values of its default's JSON type (null default: a string or null). */
function ruleFromDefault(fallback: unknown): ValueRule {
  if (fallback === null || fallback === undefined) return stringOrNull;
  if (Array.isArray(fallback)) return stringList;
  if (typeof fallback === 'string') return isShortString;
  if (typeof fallback === 'number') return (v) => typeof v === 'number' && Number.isFinite(v);
  if (typeof fallback === 'boolean') return (v) => typeof v === 'boolean';
  return () => false;
}

/** Whether a Y.XmlElement may bear this name: a node type of the schema other than text (a Y.XmlText). */
export function isElementNodeName(name: string, schema: Schema = outcomeSchema): boolean {
  return Object.hasOwn(schema.nodes, name) && !schema.nodes[name]!.isText;
}

/**
 * The mark a Y.XmlText formatting key stands for, as @tiptap/y-tiptap writes it: the mark's name, or
 * `name--hash` for marks that may overlap themselves. Null when the schema has no such mark.
 */
export function markOfFormatKey(key: string, schema: Schema = outcomeSchema): string | null {
  const name = key.split('--')[0]!;
  return Object.hasOwn(schema.marks, name) && name !== '' ? name : null;
}

/**
 * Whether `key: value` may be set on a node of type `nodeName` (an attribute as the Yjs binding stores
 * it: a Y.XmlElement attribute). Unknown node types, unknown attribute names and values outside the
 * attribute's rule are refused with the reason.
 */
export function attributeValidity(nodeName: string, key: string, value: unknown, schema: Schema = outcomeSchema): Validity {
  const type = Object.hasOwn(schema.nodes, nodeName) ? schema.nodes[nodeName] : undefined;
  if (!type || type.isText) return invalid(`unknown node type "${nodeName}"`);
  const spec = Object.hasOwn(type.spec.attrs ?? {}, key) ? type.spec.attrs![key] : undefined;
  if (!spec) return invalid(`"${key}" is not an attribute of ${nodeName}`);
  const rule = Object.hasOwn(ATTRIBUTE_RULES, key) ? ATTRIBUTE_RULES[key]! : ruleFromDefault(spec.default);
  if (!rule(value)) return invalid(`${nodeName} attribute "${key}" cannot be ${describeValue(value)}`);
  return VALID;
}

/** Whether a node of type `nodeName` may lose attribute `key` (fall back to its default): not a required id. */
export function attributeRemovalValidity(nodeName: string, key: string): Validity {
  return key === 'id' && ID_PREFIX[nodeName] ? invalid(`a ${nodeName} needs an id`) : VALID;
}

function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Where a top-level block stands: the document's first block must be the front matter, the others blocks. */
export type BlockPosition = 'first' | 'body';

/**
 * Whether `block`, a top-level node, is valid where it stands: its type fits the position, it and
 * everything in it pass ProseMirror's check (content expressions, marks), every node that carries an
 * identity has one, and every attribute keeps to its rule. Cost: the block's size.
 */
export function blockValidity(block: PMNode, position: BlockPosition): Validity {
  const name = block.type.name;
  if (position === 'first' && name !== 'front') return invalid(`the document must start with its front matter, not ${name}`);
  if (position === 'body' && !block.type.isInGroup('block')) {
    return invalid(name === 'front' ? 'a document has one front matter, at its start' : `${name} cannot stand as a block of the document`);
  }
  try {
    block.check();
  } catch (err) {
    return invalid(`${name} does not fit the schema: ${err instanceof Error ? err.message : String(err)}`);
  }
  let problem: Validity = VALID;
  const visit = (node: PMNode): boolean => {
    if (!problem.ok) return false;
    if (node.isText) return false;
    const nodeName = node.type.name;
    if (ID_PREFIX[nodeName] && !(typeof node.attrs.id === 'string' && node.attrs.id !== '')) {
      problem = invalid(`a ${nodeName} needs an id`);
      return false;
    }
    for (const [key, value] of Object.entries(node.attrs)) {
      // ProseMirror fills absent attributes with their defaults (null for label, proposer, id): absent is fine
      if (value === null && key !== 'id' && node.type.spec.attrs?.[key]?.default === null) continue;
      const verdict = attributeValidity(nodeName, key, value, node.type.schema);
      if (!verdict.ok) {
        problem = verdict;
        return false;
      }
    }
    return true;
  };
  if (visit(block)) block.descendants(visit);
  return problem;
}

/**
 * Whether a whole document is valid: `front` then at least one block, each valid. Cost: the
 * document's size (the server checks only the blocks an update touches; this is for importers and tests).
 */
export function documentValidity(doc: PMNode): Validity {
  if (doc.type.name !== 'doc') return invalid(`the root must be a doc, not ${doc.type.name}`);
  if (doc.childCount < 2) return invalid('a document needs its front matter and at least one block');
  for (let i = 0; i < doc.childCount; i++) {
    const verdict = blockValidity(doc.child(i), i === 0 ? 'first' : 'body');
    if (!verdict.ok) return verdict;
  }
  return VALID;
}
