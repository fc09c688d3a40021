// Agreed text stays agreed, on the sync channel (rules: shared/src/consensus/locks.ts).
//
// A pen-holder's update arrives as a raw Yjs update, not as a ProseMirror transaction, so the server
// decides from the update itself which top-level blocks it touches, before applying it, and refuses
// the whole update (permission-denied + 4403, like any refusal in authorize.ts) when it:
//   - adds anything inside a locked block (text, a bracket group, a mark, an attribute of a node in
//     it, an attribute of the block other than `status`),
//   - deletes anything inside a locked block, or the locked block itself (a merge with the next or
//     previous paragraph deletes one of the two blocks' content; a split moves text out of the block),
//   - sets `status` to adref/agreed on a block holding bracket groups that this update does not delete
//     (or into which it adds one),
//   - sets or deletes `status` on a block without the `resolve` capability.
// A block counts as locked for an update when it is locked in the server's document and the update
// does not reopen it: reopening and typing in one update is accepted (the editor allows the same in
// one transaction), agreeing and typing in one update is too (the typing is the pen-holder's last
// edit before agreement); what stays refused is any edit of a block that stays locked.
// An update touching a locked block and an open one at once is refused whole: Yjs cannot apply half
// an update, and a tab whose change was half applied would disagree with everyone else.
// A new block inserted between two blocks touches neither, so adding a paragraph after an agreed one
// is allowed.
//
// How the blocks are found, in proportion to the update (no walk over the document):
//   - each new struct is placed by its parent (an id: a type the server holds, or one created earlier
//     in the same update; a name: the root fragment) or, when the encoding leaves the parent out
//     (an item with a left or right origin), by that neighbour's parent; from a type the server holds,
//     `_item.parent` leads up to the top-level block in as many steps as the nesting is deep (block >
//     group > alternative > ... , a handful);
//   - each deleted range is looked up in the server's struct store (findIndexSS) and every live item
//     in it walked up the same way.
// The block's status is read from its Y.XmlElement attribute. Only a refusal reads the whole document
// (once, to name the paragraph by its number in the message), and it closes the connection.
//
// A new struct whose parent or neighbour the server deleted and collected (someone typed into a
// paragraph another pen-holder deleted meanwhile) changes nothing: Yjs discards it, and it passes.
// A new struct whose parent or neighbour the server does not hold (an update that depends on content
// the server never received) cannot be placed, so it is refused rather than left pending: Yjs would
// integrate it later, unchecked, when the missing part arrived. The stock provider never sends such
// an update (it syncs against the server's state vector first).
//
// Known limits: a block newly created by the update with `status: agreed` already set is not checked
// for open groups (only status changes on blocks the server holds are; the editor pastes paragraphs
// reopened); two pen-holders racing (one agrees while the other types in the same paragraph) end
// with the typist's update refused and that tab reconnecting: the server decides by arrival.
import * as Y from 'yjs';
import { DOCUMENT_FIELD, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { isLockedStatus, lockedMessage, statusChange } from '../../../shared/src/consensus/locks.ts';
import { isParagraphStatus } from '../../../shared/src/consensus/locks.ts';
import { labelOf } from '../../../shared/src/proposals/operations.ts';
import type { DecodedUpdate } from './protocol.ts';
import { freshItems } from './freshItems.ts';

export const LOCK_REFUSALS = {
  unplaceable: 'update depends on content the server does not have',
  statusRole: 'only co-facilitators and the secretariat change a paragraph status',
} as const;

/** Where a struct sits: its parent (a type the server holds, a type created in this update, or the root) and key. */
type Place =
  | { kind: 'stored'; parent: Y.AbstractType<unknown>; sub: string | null }
  | { kind: 'fresh'; parent: Y.Item; sub: string | null }
  | { kind: 'root'; name: string; sub: string | null }
  // the parent or neighbour is content the server deleted and collected: Yjs discards the struct
  | { kind: 'gone' };

/** The top-level block a place is in, and whether the struct is an attribute of that block itself. */
type BlockHit =
  | { kind: 'none' } // outside the document fragment, or a new top-level block
  | { kind: 'new' } // inside a block created by this very update
  | { kind: 'block'; block: Y.XmlElement; direct: boolean; sub: string | null }
  | { kind: 'unknown' };

export function checkLockedBlocks(decoded: DecodedUpdate, doc: Y.Doc, canResolve: boolean): { ok: true } | { ok: false; reason: string } {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const { items, find: findFresh } = freshItems(decoded, doc);
  /** The server's struct with this id; 'gone' when it was deleted and garbage-collected. */
  const findStored = (id: Y.ID): Y.Item | 'gone' | null => {
    if (!doc.store.clients.has(id.client) || id.clock >= Y.getState(doc.store, id.client)) return null;
    const struct = Y.getItem(doc.store, id);
    return struct instanceof Y.Item ? struct : 'gone';
  };

  const placeOf = (item: Y.Item, depth = 0): Place | null => {
    if (depth > 10_000) return null;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return { kind: 'root', name: parent, sub: item.parentSub };
    if (parent instanceof Y.ID) {
      const stored = findStored(parent);
      if (stored === 'gone') return { kind: 'gone' };
      // a parent whose type content was deleted (ContentDeleted): collected too
      if (stored) return stored.content instanceof Y.ContentType ? { kind: 'stored', parent: stored.content.type, sub: item.parentSub } : { kind: 'gone' };
      const created = findFresh(parent);
      return created ? { kind: 'fresh', parent: created, sub: item.parentSub } : null;
    }
    if (parent instanceof Y.AbstractType) return { kind: 'stored', parent, sub: item.parentSub };
    // Parent left out of the encoding: it is the neighbour's (origin, else right origin).
    const neighbourId = item.origin ?? item.rightOrigin;
    if (!neighbourId) return null;
    const stored = findStored(neighbourId);
    if (stored === 'gone') return { kind: 'gone' };
    if (stored) return { kind: 'stored', parent: stored.parent as Y.AbstractType<unknown>, sub: stored.parentSub };
    const created = findFresh(neighbourId);
    return created ? placeOf(created, depth + 1) : null;
  };

  const blockOfType = (type: Y.AbstractType<unknown>, sub: string | null): BlockHit => {
    if (type === fragment) return { kind: 'none' };
    let current: Y.AbstractType<unknown> = type;
    let direct = true;
    for (;;) {
      const item = current._item;
      if (!item) return { kind: 'none' }; // another root type: not the document
      if (item.parent === fragment) {
        return current instanceof Y.XmlElement ? { kind: 'block', block: current, direct, sub } : { kind: 'none' };
      }
      current = item.parent as Y.AbstractType<unknown>;
      direct = false;
    }
  };

  const hitOf = (place: Place | null, depth = 0): BlockHit => {
    if (!place || depth > 10_000) return { kind: 'unknown' };
    if (place.kind === 'root') return { kind: 'none' }; // a top-level item: a new block (or another root's)
    if (place.kind === 'gone') return { kind: 'none' }; // lands in deleted content: Yjs discards it
    if (place.kind === 'stored') return blockOfType(place.parent, place.sub);
    // inside a type created by this update: new block, or new content inside a stored block
    const outer = hitOf(placeOf(place.parent), depth + 1);
    if (outer.kind === 'none') return { kind: 'new' }; // the fresh type is itself a new top-level block
    if (outer.kind === 'block') return { ...outer, direct: false, sub: place.sub };
    return outer;
  };

  // First pass: place every new struct, and note the status each block ends with in this update.
  const placed: Array<{ struct: Y.Item; hit: Extract<BlockHit, { kind: 'block' }> }> = [];
  const newStatus = new Map<Y.XmlElement, { clock: number; value: unknown }>();
  /** Blocks that get new bracket groups from this update. */
  const gainsGroups = new Set<Y.XmlElement>();
  for (const struct of items) {
    const hit = hitOf(placeOf(struct));
    if (hit.kind === 'unknown') return { ok: false, reason: LOCK_REFUSALS.unplaceable };
    if (hit.kind !== 'block') continue;
    placed.push({ struct, hit });
    if (struct.content instanceof Y.ContentType && struct.content.type instanceof Y.XmlElement && struct.content.type.nodeName === 'bracketGroup') {
      gainsGroups.add(hit.block);
    }
    if (hit.direct && hit.sub === 'status' && !isDeleted(decoded.ds, struct.id)) {
      const value = struct.content instanceof Y.ContentAny ? struct.content.getContent()[0] : undefined;
      const seen = newStatus.get(hit.block);
      if (!seen || seen.clock < struct.id.clock) newStatus.set(hit.block, { clock: struct.id.clock, value });
    }
  }
  // A block is locked for this update when it is locked now and the update does not reopen it, so
  // "reopen and type" in one update is accepted, as the editor accepts it in one transaction.
  const locked = (block: Y.XmlElement): boolean => {
    const next = newStatus.get(block);
    return isLocked(block) && (next === undefined || isLockedStatus(next.value));
  };

  let refusal: string | null = null;
  const refuseLocked = (block: Y.XmlElement) => {
    refusal ??= lockedReason(doc, fragment, block);
  };
  for (const { hit } of placed) {
    if (hit.direct && hit.sub === 'status') {
      if (!canResolve) return { ok: false, reason: LOCK_REFUSALS.statusRole };
      continue;
    }
    if (locked(hit.block)) {
      refuseLocked(hit.block);
      break;
    }
  }
  if (refusal) return { ok: false, reason: refusal };

  // Deletions of content the server holds.
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const state = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      if (len === 0 || clock >= state) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        const item = structs[i]!;
        if (!(item instanceof Y.Item) || item.deleted) continue;
        const parent = item.parent as Y.AbstractType<unknown>;
        if (parent === fragment) {
          // a whole top-level block deleted
          if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement && locked(item.content.type)) {
            refuseLocked(item.content.type);
          }
          continue;
        }
        const hit = blockOfType(parent, item.parentSub);
        if (hit.kind !== 'block') continue;
        if (hit.direct && hit.sub === 'status') {
          if (!canResolve) return { ok: false, reason: LOCK_REFUSALS.statusRole };
          continue; // the old value of a status being changed
        }
        if (locked(hit.block)) refuseLocked(hit.block);
        if (refusal) return { ok: false, reason: refusal };
      }
    }
  }
  if (refusal) return { ok: false, reason: refusal };

  for (const [block, { value }] of newStatus) {
    if (!isLockedStatus(value) || isLocked(block)) continue; // only newly agreed blocks are checked
    if (gainsGroups.has(block) || hasLiveGroup(block, decoded.ds)) return { ok: false, reason: openGroupsReason(doc, fragment, block, String(value)) };
  }
  return { ok: true };
}

function isDeleted(ds: DecodedUpdate['ds'], id: Y.ID): boolean {
  return (ds.clients.get(id.client) ?? []).some((r) => id.clock >= r.clock && id.clock < r.clock + r.len);
}

function isLocked(block: Y.XmlElement): boolean {
  return isLockedStatus(block.getAttribute('status'));
}

/** A bracket group directly in the block (any group means one at the top) that this update leaves standing. */
function hasLiveGroup(block: Y.XmlElement, ds: DecodedUpdate['ds']): boolean {
  for (let item = block._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const type = item.content.type;
    if (type instanceof Y.XmlElement && type.nodeName === 'bracketGroup' && !isDeleted(ds, item.id)) return true;
  }
  return false;
}

/** The top-level ProseMirror block matching a Y block, with its label: reads the document once (refusals only). */
function describe(doc: Y.Doc, fragment: Y.XmlFragment, block: Y.XmlElement) {
  const index = fragment.toArray().indexOf(block);
  const pm = docFromYDoc(doc);
  if (index < 0 || index >= pm.childCount) return null;
  let pos = 0;
  for (let i = 0; i < index; i++) pos += pm.child(i).nodeSize;
  return { node: pm.child(index), label: labelOf(pm, pos) };
}

function lockedReason(doc: Y.Doc, fragment: Y.XmlFragment, block: Y.XmlElement): string {
  const found = describe(doc, fragment, block);
  return found ? lockedMessage(found.node, found.label) : 'this paragraph is agreed; a co-facilitator can reopen it';
}

function openGroupsReason(doc: Y.Doc, fragment: Y.XmlFragment, block: Y.XmlElement, status: string): string {
  const found = describe(doc, fragment, block);
  const target = isParagraphStatus(status) ? status : 'agreed';
  const result = found ? statusChange(found.node, target, found.label) : null;
  return result && !result.ok ? result.reason : 'a paragraph with open bracket groups cannot be marked agreed';
}
