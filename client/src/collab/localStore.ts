// The browser's copy of a document, so that edits not yet sent survive a reload or a closed tab
// (docs/design.md, "Offline"). IndexedDB through y-indexeddb: every Yjs update of the document is
// appended as it happens and the whole state is loaded back into the next Y.Doc for this document;
// the provider's sync step 2 then sends the server whatever it lacks.
//
// Who keeps what:
//  - One store per document AND participant (storeName): two people signed in one after the other
//    on one browser never see or send each other's unsent edits.
//  - Only roles that write over the sync channel keep a copy. Delegations and observers have a
//    read-only channel (server/src/sync/authorize.ts): they have nothing to keep, and a stored copy
//    would only be a copy of text they may not hold offline; a leftover store is deleted.
//  - When the server refuses a change, the room throws its document away (connection.ts); the store
//    is deleted with it, or the refused change would come back at every load.
//
// Client ids: a reloaded page's Y.Doc gets a fresh random Yjs clientID and loads the old session's
// structs under the old id. The server records which participant owns each id
// (server/src/sync/authorize.ts): the old id is this participant's (claimed when its first update
// arrived, or now if it never did) and the new one is unknown and claimed on the first new edit, so
// the resent edits are accepted and attributed to the same participant. Only a store keyed by
// participant makes that true.
//
// Known limits: the whole document is kept, not only the unsent edits (Yjs has no cheaper way to
// rebuild them); two tabs of one participant share the store, and a refusal in one deletes it under
// the other, whose later writes are lost from the store (not from the server). Nothing is encrypted
// beyond what the browser profile offers, and signing out does not delete it yet (a shared computer
// keeps the text until the same participant opens the document again).
import type * as Y from 'yjs';
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';
import { CAPABILITIES, type Role } from '../../../shared/src/access/roles.ts';

const PREFIX = 'penholder';
const WAITING_KEY = 'waiting';

/** IndexedDB database name for one participant's copy of one document. */
export function storeName(documentId: string, participantId: string): string {
  return `${PREFIX}:${encodeURIComponent(documentId)}:${encodeURIComponent(participantId)}`;
}

/** Whether a participant of this role keeps edits in the browser (those who write over sync). */
export function keepsLocalCopy(role: Role): boolean {
  return CAPABILITIES[role].editText;
}

export interface LocalCopy {
  /** Resolves once the stored state (if any) is in the Y.Doc. */
  loaded: Promise<void>;
  /** The unacknowledged edit count saved with the copy (0 if none). */
  savedWaiting(): Promise<number>;
  saveWaiting(n: number): void;
  /** Stops writing and deletes the database. */
  clear(): Promise<void>;
  /** Stops writing; keeps the data. */
  close(): void;
}

/** Attaches the browser store `name` to `doc`; `origin` is the transaction origin of loaded state. */
export function openLocalCopy(name: string, doc: Y.Doc): { copy: LocalCopy; origin: unknown } {
  const persistence = new IndexeddbPersistence(name, doc);
  const loaded = persistence.whenSynced.then(() => undefined);
  let closed = false;
  const copy: LocalCopy = {
    loaded,
    async savedWaiting() {
      await loaded;
      if (closed) return 0;
      const n: unknown = await persistence.get(WAITING_KEY);
      return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
    },
    saveWaiting(n) {
      if (closed || !persistence.db) return;
      persistence.set(WAITING_KEY, n).catch(() => {});
    },
    async clear() {
      closed = true;
      await persistence.destroy();
      await clearDocument(name);
    },
    close() {
      closed = true;
      void persistence.destroy();
    },
  };
  return { copy, origin: persistence };
}

/** Deletes a store that should not exist (a role that keeps nothing). */
export function deleteLocalCopy(name: string): Promise<void> {
  return clearDocument(name).then(
    () => undefined,
    () => undefined,
  );
}
