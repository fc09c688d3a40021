// Stable identifiers for paragraphs, headings, bracket groups and alternatives.
// Random rather than sequential so that two offline editors never mint the same id.
import type { Node as PMNode } from '@tiptap/pm/model';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A node's id, typed: null when it has none (or an empty one) and for node types without ids. */
export function nodeId(node: PMNode): string | null {
  const id: unknown = node.attrs.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

export function newId(prefix = ''): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}
