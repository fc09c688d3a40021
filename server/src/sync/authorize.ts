// The single gate every document change from a sync connection passes before it is applied, stored or
// relayed (docs/design.md §5, "where the server enforces a role").
//
// The mechanism: roles that may not edit freely get a READ-ONLY sync channel, and change the document
// only through named operations the server applies itself.
//   - Delegations and observers: any update that would add or delete anything in the server's document
//     is refused. A delegation proposes, amends, withdraws, supports or objects through
//     POST /api/documents/:id/operations (http/operations.ts); the room applies the operation with the
//     delegation as proposer (shared/src/proposals/operations.ts), so the change is built by the server
//     and can only add bracketed material attributed to that delegation or change its own material.
//   - Co-facilitators and the secretariat write freely over the sync channel.
//   - Everyone: every struct an update adds carries a Yjs clientID, and the room keeps, per document, a
//     persisted map clientID -> participant (the server's own writes under '@server'). An update adding
//     structs under a clientID owned by someone else is refused; unknown clientIDs are claimed by the
//     sender. Attribution in the history is therefore the server's, not the client's.
//
// Why not verify arbitrary raw updates structurally, so a delegation could type its proposal straight
// into the shared Y.Doc? Deciding from a binary diff of CRDT items that a change "only touches the
// delegation's own proposal" means re-deriving the ProseMirror schema's meaning (bracket groups,
// alternatives, proposer attributes, statuses) from Yjs internals, for inserts, deletes and attribute
// sets that can arrive in any order and refer to concurrent items; one gap in that reasoning is a way
// to rewrite agreed text. A read-only channel is trivially sound, and the set of things a delegation may
// do is small and already expressed as pure functions over the document (unit-tested), which the server
// runs on its own copy. The cost of the check stays proportional to the update: the update is decoded
// once (Y.decodeUpdate, while parsing the frame) and each struct and delete range is looked up in the
// server's struct store; nothing re-encodes or walks the document.
//
// Agreed text stays agreed (sync/locks.ts): for the roles that write over sync, an update that changes
// the content of a paragraph marked agreed or ad ref, deletes it, or marks a paragraph with open
// bracket groups agreed is refused whole, with the reason; setting the status itself (reopening) is
// allowed to roles that may resolve. Checked after ownership, in proportion to the update too.
//
// "Would add or delete anything" is precise: the stock provider's sync step 2 always carries the
// sender's whole delete set and whatever structs the server lacks. For an honest read-only client that
// is no new structs, and deletions the server already has; both are no-ops for Yjs and are let through.
import * as Y from 'yjs';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import type { Participant } from './participant.ts';
import { checkLockedBlocks } from './locks.ts';
import { isFresh } from './freshItems.ts';
import type { DecodedUpdate } from './protocol.ts';

export type Verdict =
  | { ok: true; /** unowned clientIDs the update writes under, to be recorded as the sender's */ claims: number[] }
  | { ok: false; reason: string };

export const REFUSALS = {
  observer: 'observers cannot change the document',
  delegation: 'delegations change the document through proposals',
  clientId: "update written under another participant's client id",
  clientIds: 'update written under too many new client ids',
} as const;

/**
 * How many Yjs client ids a writer may bring. Yjs copies and walks a document's state vector (one
 * entry per client id that ever wrote in it) in every transaction, on the server and in every browser:
 * a one-character update costs 27 us with 50 writers, 505 us with 2,000 (docs/design.md §28). An honest
 * editor writes under one id per page load, plus those of earlier sessions whose edits never reached
 * the server (restored from the browser's copy); an update written under thousands would slow every
 * later edit of the document for everyone, for good. So: at most `perUpdate` ids new to the document
 * in one update, and at most `perParticipant` in a document over its life: a pen-holder reloading ten
 * times a day for a month stays far below, and a link shared by a room of trainees too; a hostile link
 * can cost a document at most about half a millisecond per transaction.
 */
export const CLIENT_ID_LIMITS = { perUpdate: 16, perParticipant: 2_000 } as const;

/**
 * `participant` is the sender; `owners` the room's clientID -> participant id map; `doc` the room's
 * document as it is now; `ownedBySender` how many client ids of this document the sender owns already
 * (CLIENT_ID_LIMITS). Pure: records nothing (the room persists the claims before applying the update).
 */
export function authorizeUpdate(
  participant: Participant,
  decoded: DecodedUpdate,
  doc: Y.Doc,
  owners: ReadonlyMap<number, string>,
  ownedBySender = 0,
): Verdict {
  const writers = newContentClients(decoded, doc);

  if (!CAPABILITIES[participant.role].editText) {
    if (writers.size > 0 || deletesSomethingNew(decoded.ds, doc)) {
      return { ok: false, reason: participant.role === 'observer' ? REFUSALS.observer : REFUSALS.delegation };
    }
    return { ok: true, claims: [] };
  }

  const claims: number[] = [];
  for (const client of writers) {
    const owner = owners.get(client);
    if (owner === undefined) claims.push(client);
    else if (owner !== participant.id) return { ok: false, reason: REFUSALS.clientId };
  }
  if (claims.length > CLIENT_ID_LIMITS.perUpdate || ownedBySender + claims.length > CLIENT_ID_LIMITS.perParticipant) {
    return { ok: false, reason: REFUSALS.clientIds };
  }
  const locks = checkLockedBlocks(decoded, doc, CAPABILITIES[participant.role].resolve);
  if (!locks.ok) return locks;
  return { ok: true, claims };
}

/** Client ids under which the update adds structs the server does not hold yet. */
function newContentClients(decoded: DecodedUpdate, doc: Y.Doc): Set<number> {
  const clients = new Set<number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    // Entirely below the server's state for that client: already integrated, Yjs ignores it.
    if (!isFresh(struct, doc)) continue;
    clients.add(struct.id.client);
  }
  return clients;
}

/** Whether the delete set deletes an item the server holds undeleted, or one it does not hold at all. */
function deletesSomethingNew(ds: DecodedUpdate['ds'], doc: Y.Doc): boolean {
  for (const [client, ranges] of ds.clients) {
    if (ranges.length === 0) continue;
    const structs = doc.store.clients.get(client);
    const state = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      if (len === 0) continue;
      if (!structs || clock + len > state) return true;
      // Walk the server's structs covering [clock, clock + len): stops at the first live one.
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        if (!structs[i]!.deleted) return true;
      }
    }
  }
  return false;
}
