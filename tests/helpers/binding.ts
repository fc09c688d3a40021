// A server's Y.Doc and an editor's copy of it, bound as TipTap's Collaboration extension binds them
// (y-tiptap's updateYFragment under ySyncPluginKey), for tests that judge the updates the editor's own
// binding writes (sync-locks, concurrent-consensus).
import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import { DOCUMENT_FIELD, docFromYDoc, yUpdateFromDocJSON } from '../../shared/src/collab/ydoc.ts';
import type { DocJSON } from '../../shared/src/model/types.ts';

export interface BoundEditor {
  server: Y.Doc;
  client: Y.Doc;
  /** The editor's state now. */
  readonly state: EditorState;
  /** Makes `next` the editor's state and writes it into the client's Y.Doc; returns the update sent (empty when nothing changed). */
  write(next: EditorState): { update: Uint8Array; changed: boolean };
}

export function boundEditor(json: DocJSON | Record<string, unknown>): BoundEditor {
  const server = new Y.Doc();
  Y.applyUpdate(server, yUpdateFromDocJSON(json as DocJSON));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const fragment = client.getXmlFragment(DOCUMENT_FIELD);
  const meta = { mapping: new Map(), isOMark: new Map() };
  let state = EditorState.create({ doc: docFromYDoc(client) });
  const write = (next: EditorState) => {
    state = next;
    const sent: Uint8Array[] = [];
    const listen = (u: Uint8Array) => sent.push(u);
    client.on('update', listen);
    client.transact(() => updateYFragment(client, fragment, state.doc, meta as never), ySyncPluginKey);
    client.off('update', listen);
    return { update: Y.mergeUpdates(sent), changed: sent.length > 0 };
  };
  // map every Y type to its node first, as rendering does; that writes nothing
  if (write(state).changed) throw new Error('binding the editor wrote to the document');
  return {
    server,
    client,
    get state() {
      return state;
    },
    write,
  };
}

/** Position of the top-level block with this id, or -1. */
export function blockPos(doc: PMNode, id: string): number {
  let found = -1;
  doc.forEach((node, pos) => void (node.attrs.id === id && (found = pos)));
  return found;
}
