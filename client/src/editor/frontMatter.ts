// The heading block's identity lines (symbol, date, stage: attributes of the `front` node, see
// shared/src/schema/documentNodes.ts) as an editor command for pen-holders. A thin adapter: one
// setNodeAttribute per changed field on the front node, travelling over sync like any edit (the
// server lets co-facilitators and the secretariat edit freely and refuses it from anyone else).
import type { Command } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';

export const FRONT_FIELDS = ['symbol', 'date', 'stage'] as const;
export type FrontField = (typeof FRONT_FIELDS)[number];
export type FrontMatter = Record<FrontField, string>;

/** Longest value kept for a field (a symbol such as A/70/L.33, a date, a stage name). */
export const FRONT_FIELD_MAX = 120;

/** One line of plain text: whitespace collapsed, trimmed, bounded. */
export function cleanFrontValue(value: string): string {
  return value.replace(/\s+/g, ' ').trim().slice(0, FRONT_FIELD_MAX);
}

/** The front node of a document (always its first child), or null. */
export function frontNode(doc: PMNode): PMNode | null {
  const front = doc.firstChild;
  return front && front.type.name === 'front' ? front : null;
}

export function frontMatterOf(doc: PMNode): FrontMatter {
  const front = frontNode(doc);
  const get = (f: FrontField) => String(front?.attrs[f] ?? '');
  return { symbol: get('symbol'), date: get('date'), stage: get('stage') };
}

/** Sets the given fields of the front matter; false (nothing dispatched) when none changes. */
export function setFrontMatter(values: Partial<FrontMatter>): Command {
  return (state, dispatch) => {
    const front = frontNode(state.doc);
    if (!front) return false;
    const tr = state.tr;
    for (const field of FRONT_FIELDS) {
      const value = values[field];
      if (value === undefined) continue;
      const clean = cleanFrontValue(value);
      if (clean !== String(front.attrs[field] ?? '')) tr.setNodeAttribute(0, field, clean);
    }
    if (!tr.docChanged) return false;
    dispatch?.(tr);
    return true;
  };
}
