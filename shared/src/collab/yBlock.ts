// One Y.XmlElement read as the ProseMirror node the editor would make of it, WITHOUT changing the Y.Doc.
//
// The mapping is @tiptap/y-tiptap's (createNodeFromYElement / createTextNodesFromYText): element name ->
// node type, element attributes -> node attributes, each Y.XmlText's delta -> text nodes whose
// formatting keys are marks (`name` or `name--hash`). y-tiptap cannot be called for this on the
// server: where a node cannot be built it DELETES the offending Y type in a transaction of its own
// ("probably a concurrent action"), and it merges adjacent texts made by the doc's own client. On a
// hostile update that deletion is exactly the damage to avoid (every editor deletes the paragraph and
// sends the deletion), and the server must not write while it is checking. So this reads the same
// structure with the same rules and says what y-tiptap would have stumbled on, instead of repairing
// it. tests/unit/sync-validate.test.ts checks that it yields y-tiptap's node for valid documents.
//
// Also refused here, where y-tiptap would throw or crash the editor: embeds and nested types inside a
// text, children that are neither elements nor texts, attributes the node type does not declare
// (ProseMirror would drop them silently) and nesting deeper than MAX_DEPTH (y-tiptap recurses).
import * as Y from 'yjs';
import type { Mark, Node as PMNode, Schema } from '@tiptap/pm/model';
import { outcomeSchema } from '../schema/schema.ts';
import { attributeValidity, markOfFormatKey } from '../schema/validity.ts';

export type Conversion = { ok: true; node: PMNode } | { ok: false; reason: string };

/** Deeper than any real bracket nesting; deep enough recursion would overflow the editor's stack. */
export const MAX_DEPTH = 64;

class Unconvertible extends Error {}

export function nodeFromYElement(el: Y.XmlElement, schema: Schema = outcomeSchema): Conversion {
  try {
    return { ok: true, node: convertElement(el, schema, 0) };
  } catch (err) {
    if (err instanceof Unconvertible) return { ok: false, reason: err.message };
    throw err;
  }
}

function convertElement(el: Y.XmlElement, schema: Schema, depth: number): PMNode {
  if (depth > MAX_DEPTH) throw new Unconvertible(`nodes nested deeper than ${MAX_DEPTH} levels`);
  const name = el.nodeName;
  const type = Object.hasOwn(schema.nodes, name) ? schema.nodes[name] : undefined;
  if (!type || type.isText) throw new Unconvertible(`unknown node type "${name}"`);
  const attrs = el.getAttributes() as Record<string, unknown>;
  for (const [key, value] of Object.entries(attrs)) {
    const verdict = attributeValidity(name, key, value, schema);
    if (!verdict.ok) throw new Unconvertible(verdict.reason);
  }
  const children: PMNode[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlElement) children.push(convertElement(child, schema, depth + 1));
    else if (child instanceof Y.XmlText) children.push(...convertText(child, schema));
    else throw new Unconvertible(`${name} holds something that is neither a node nor text`);
  }
  try {
    return schema.node(type, attrs, children);
  } catch (err) {
    throw new Unconvertible(`${name} does not fit the schema: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function convertText(text: Y.XmlText, schema: Schema): PMNode[] {
  const nodes: PMNode[] = [];
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string') throw new Unconvertible('text holds an embedded object');
    const marks: Mark[] = [];
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      const markName = markOfFormatKey(key, schema);
      if (!markName) throw new Unconvertible(`unknown formatting "${key}"`);
      try {
        marks.push(schema.mark(markName, (typeof value === 'object' ? value : null) as Record<string, unknown> | null));
      } catch (err) {
        throw new Unconvertible(`formatting "${key}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    nodes.push(schema.text(op.insert, marks));
  }
  return nodes;
}
