import { getSchema } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { schemaExtensions } from './extensions.ts';
import type { DocJSON } from '../model/types.ts';

/** The ProseMirror schema of an outcome document. */
export const outcomeSchema = getSchema(schemaExtensions);

/** Parses and validates document JSON; throws a RangeError naming the offending node. */
export function docFromJSON(json: DocJSON): PMNode {
  const doc = outcomeSchema.nodeFromJSON(json);
  doc.check();
  return doc;
}
