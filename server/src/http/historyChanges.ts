// Before and after text of the paragraphs each history entry touched (GET .../history?changes=1),
// computed on demand by replaying stored updates (docs/design.md §16). Cost: every update of the
// document from the starting point to the newest entry shown is applied once to a scratch Y.Doc, and
// the document is read as ProseMirror twice per entry shown (at most 50 entries per request by
// default). The starting point is the latest frozen revision before the oldest entry shown (its full
// state is stored) or the beginning; past MAX_REPLAY updates nothing is replayed and the entries go
// without their redline (the panel then shows who and when only).
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { renderInlineLiteral } from '../../../shared/src/brackets/literal.ts';
import { textRedline } from '../../../shared/src/revisions/textRedline.ts';
import type { BlockChange } from '../../../shared/src/api/history.ts';
import type { Store } from '../storage/store.ts';

export const MAX_REPLAY = 20_000;

function blockTexts(doc: PMNode, ids: readonly string[]): Map<string, string> {
  const wanted = new Set(ids);
  const out = new Map<string, string>();
  doc.forEach((node) => {
    const id = node.attrs.id;
    if (typeof id === 'string' && wanted.has(id)) out.set(id, renderInlineLiteral(node));
  });
  return out;
}

/** Changes per history entry (by seq), for the entries given; entries beyond the bound are left out. */
export async function blockChanges(store: Store, documentId: string, entries: readonly { seq: number; blocks: readonly string[] }[]): Promise<Map<number, BlockChange[]>> {
  const out = new Map<number, BlockChange[]>();
  const wanted = new Map(entries.filter((e) => e.blocks.length > 0).map((e) => [e.seq, e.blocks]));
  if (wanted.size === 0) return out;
  const first = Math.min(...wanted.keys());
  const last = Math.max(...wanted.keys());
  const start = (await store.listRevisions(documentId))
    .filter((r) => r.uptoSeq < first)
    .sort((a, b) => a.uptoSeq - b.uptoSeq)
    .at(-1);
  const from = start?.uptoSeq ?? 0;
  if ((await store.countUpdates(documentId)) > MAX_REPLAY && !start) return out;
  const updates = await store.updatesBetween(documentId, from, last);
  if (updates.length > MAX_REPLAY) return out;
  const ydoc = new Y.Doc({ gc: true });
  try {
    const state = start ? (await store.getRevision(start.id))?.state : undefined;
    if (state) Y.applyUpdate(ydoc, state);
    for (const u of updates) {
      const blocks = wanted.get(u.seq);
      const before = blocks ? blockTexts(docFromYDoc(ydoc), blocks) : null;
      Y.applyUpdate(ydoc, u.update);
      if (!blocks || !before) continue;
      const after = blockTexts(docFromYDoc(ydoc), blocks);
      out.set(
        u.seq,
        blocks
          .filter((id) => before.has(id) || after.has(id))
          .map((id) => {
            const b = before.get(id) ?? null;
            const a = after.get(id) ?? null;
            return { blockId: id, before: b, after: a, runs: textRedline(b, a) };
          }),
      );
    }
  } finally {
    ydoc.destroy();
  }
  return out;
}
