// The bridge between document JSON and the Y.Doc the room syncs. Uses the same binding as the
// editor (@tiptap/y-tiptap, a maintained fork of y-prosemirror) so that the server and the browser
// agree on how nodes map onto Y.XmlElements.
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import { outcomeSchema, docFromJSON } from '../schema/schema.ts';
import type { DocJSON } from '../model/types.ts';

/** Name of the Y.XmlFragment holding the document (TipTap's Collaboration default). */
export const DOCUMENT_FIELD = 'default';

/**
 * Name of the Y.Map holding the comments (shared/src/comments/comments.ts): comment id -> StoredComment
 * as plain JSON. Written only by the server, through named operations; clients read it.
 */
export const COMMENTS_FIELD = 'comments';

/** A Y update that, applied to an empty Y.Doc, yields the given document. */
export function yUpdateFromDocJSON(json: DocJSON): Uint8Array {
  docFromJSON(json); // validate before it reaches a room
  const ydoc = prosemirrorJSONToYDoc(outcomeSchema, json, DOCUMENT_FIELD);
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

/**
 * Applies stored updates to `doc` in order, in one transaction (one `afterTransaction`, one observer
 * pass), update by update. Not `Y.mergeUpdates` first: merging is quadratic in the number of updates
 * (8,000 small updates: 2.5 s; a 50,000-update log: minutes), applying them one by one is linear
 * (50,000: about a second). This is how a document's log tail is read everywhere (design notes §11).
 */
export function applyUpdatesInOrder(doc: Y.Doc, updates: Iterable<Uint8Array>, origin: unknown = null): void {
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  }, origin);
}

/** The ProseMirror document a Y.Doc currently holds. */
export function docFromYDoc(ydoc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(DOCUMENT_FIELD), outcomeSchema);
}

/**
 * Name of the Y.Map holding the silence procedures (consensus/silence.ts), procedure id -> plain JSON.
 * Only the server writes it, through its named operations (server/src/sync/silence.ts); it travels to
 * every client with the document so banners and the overview need no extra request.
 */
export const SILENCE_FIELD = 'silence';

/**
 * Roots besides the document that the server writes for its named operations (comments, silence
 * procedures). The sync server refuses any client update that touches them (server/src/sync/validate.ts).
 */
export const SERVER_WRITTEN_ROOTS: readonly string[] = [COMMENTS_FIELD, SILENCE_FIELD];
