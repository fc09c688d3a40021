// No update may poison a document (docs/design.md "Updates that cannot poison a document").
//
// authorize.ts decides WHO may change the document; this module decides whether the change is one
// the document can hold, for every update a writer sends and for the server's own writes. Two
// stages, both in proportion to the update:
//
// 1. Before applying (`checkUpdate`, on the decoded update against the server's Y.Doc):
//    - Dependencies. Yjs keeps a struct it cannot integrate yet (its clock starts past what the
//      server holds for its client, or its origin, right origin or parent is an item the server does
//      not have) in `store.pendingStructs`, and a delete range over clocks it does not have in
//      `store.pendingDs`. Both are then sent to every client that joins (encodeStateAsUpdate
//      includes them), none of whom can integrate them, and a later update can make them appear,
//      unchecked, or pre-delete text another participant has not typed yet. Such an update is refused
//      whole. A dependency counts as present when the server holds it or the update itself carries it
//      (a struct of the same client earlier in the update, contiguous from the server's clock), so the
//      stock provider's sync step 2, which repeats structs the server already has and carries every
//      deletion the client knows, passes. Delete ranges over unknown clocks are REFUSED, not dropped:
//      an honest client never sends one (it deletes only items it holds, and sends the server every
//      item the server lacks before or with the deletion), and dropping would mean re-encoding the
//      update rather than storing what the client sent.
//    - Shape. Every new struct is placed by its parent (the server's type, a type created earlier in
//      the update, a root name) or, when the encoding leaves the parent out, by its neighbour's
//      parent, and refused when it is not something the Yjs binding of the schema could have written:
//      a root other than DOCUMENT_FIELD, a node name the schema does not know, an attribute the node
//      type does not declare or a value outside its rule (shared/src/schema/validity.ts), text or
//      anything but a node directly in the document, embeds, maps, arrays, binary or JSON content,
//      formatting keys that are not marks.
// 2. After applying, before storing (`checkTransaction`, from the room's 'afterTransaction'): the
//    top-level blocks the transaction touched are read as ProseMirror nodes (shared/src/collab/yBlock.ts,
//    y-tiptap's mapping without its repairs) and checked (blockValidity: content expressions, marks,
//    ids, attribute rules), and when the top level itself changed, the document still starts with its
//    one front matter and has a block after it. The room then neither stores nor relays the update and
//    rebuilds its Y.Doc from the store (room.ts), which never saw it.
//
// Known limits: ids are checked present, not unique (a repeated id is repaired by the editor's
// ensureIds, it does not break anything); a block whose parts arrive in two updates is checked as it
// stands after each (an update that leaves a block invalid is refused even if the next would mend it:
// the y-tiptap binding always writes a block whole in one transaction).
import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '../../../shared/src/collab/ydoc.ts';
import { nodeFromYElement } from '../../../shared/src/collab/yBlock.ts';
import { attributeRemovalValidity, attributeValidity, blockValidity, isElementNodeName, markOfFormatKey, type Validity } from '../../../shared/src/schema/validity.ts';
import type { DecodedUpdate } from './protocol.ts';
import { freshItems, isFresh } from './freshItems.ts';

export const VALIDITY_REFUSALS = {
  missing: 'update depends on content the server does not have',
  unknownDeletion: 'update deletes content the server does not have',
  foreignRoot: 'update writes outside the document',
} as const;

const VALID: Validity = { ok: true };
const invalid = (reason: string): Validity => ({ ok: false, reason });

/** Stage 1: dependencies, then shape. Pure: reads the server's doc, changes nothing. */
export function checkUpdate(decoded: DecodedUpdate, doc: Y.Doc): Validity {
  const deps = checkDependencies(decoded, doc);
  return deps.ok ? checkShape(decoded, doc) : deps;
}

/**
 * Every struct continues its client's clock from what the server holds or what the update carried
 * before it; every origin, right origin and parent id, and every deleted clock, is below that.
 * Cost: the update's structs and delete ranges.
 */
export function checkDependencies(decoded: DecodedUpdate, doc: Y.Doc): Validity {
  /** Per client: the clock up to which the server or this update holds everything. */
  const known = new Map<number, number>();
  const knownOf = (client: number) => known.get(client) ?? Y.getState(doc.store, client);
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue; // a gap marker: covers nothing
    const { client, clock } = struct.id;
    const upTo = knownOf(client);
    if (clock > upTo) return invalid(`${VALIDITY_REFUSALS.missing} (client ${client} from clock ${upTo})`);
    known.set(client, Math.max(upTo, clock + struct.length));
  }
  const has = (id: Y.ID) => id.clock < knownOf(id.client);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (!isFresh(struct, doc)) continue; // already held
    for (const dep of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (dep && !has(dep)) return invalid(`${VALIDITY_REFUSALS.missing} (${dep.client}:${dep.clock})`);
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      if (len > 0 && clock + len > knownOf(client)) return invalid(VALIDITY_REFUSALS.unknownDeletion);
    }
  }
  return VALID;
}

/** Where a new struct lands: under a root name, in a type (the server's or one the update creates), or in collected content. */
type Parent = { kind: 'root'; name: string } | { kind: 'type'; type: Y.AbstractType<any> } | { kind: 'gone' };
type Place = { parent: Parent; sub: string | null };

/**
 * Places every struct the server does not hold yet and checks its content against its place.
 * Assumes checkDependencies passed (every id an item names is the server's or the update's).
 */
export function checkShape(decoded: DecodedUpdate, doc: Y.Doc): Validity {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const fresh = freshItems(decoded, doc);
  const findFresh = fresh.find;
  const findStored = (id: Y.ID): Y.Item | 'gone' | null => {
    if (id.clock >= Y.getState(doc.store, id.client)) return null;
    const struct = Y.getItem(doc.store, id);
    return struct instanceof Y.Item ? struct : 'gone';
  };
  /** The type an item holds; a deleted one was collected ('gone'); any other content is not a parent. */
  const typeOf = (item: Y.Item): Parent | null =>
    item.content instanceof Y.ContentType
      ? { kind: 'type', type: item.content.type }
      : item.content instanceof Y.ContentDeleted
        ? { kind: 'gone' }
        : null;

  const places = new Map<Y.Item, Place>();
  /** Places an item; a chain of items placed by their neighbours is followed without recursion. */
  const placeOf = (start: Y.Item): Place | null => {
    const chain: Y.Item[] = [];
    let item: Y.Item | null = start;
    let place: Place | null = null;
    while (item && !place) {
      const memo = places.get(item);
      if (memo) {
        place = memo;
        break;
      }
      const parent = item.parent as unknown;
      if (typeof parent === 'string') place = { parent: { kind: 'root', name: parent }, sub: item.parentSub };
      else if (parent instanceof Y.ID) {
        const stored = findStored(parent);
        const created = stored ? null : findFresh(parent);
        let holder: Parent | null = null;
        if (stored === 'gone') holder = { kind: 'gone' };
        else if (stored) holder = typeOf(stored);
        else if (created && created.id.clock === parent.clock) holder = typeOf(created);
        if (!holder) return null; // missing, or an item that is not a type: nothing can be placed in it
        place = { parent: holder, sub: item.parentSub };
      } else if (parent instanceof Y.AbstractType) place = { parent: { kind: 'type', type: parent }, sub: item.parentSub };
      else {
        // Parent left out of the encoding: the neighbour's parent (and key).
        const neighbour = item.origin ?? item.rightOrigin;
        if (!neighbour) return null;
        const stored = findStored(neighbour);
        if (stored === 'gone') place = { parent: { kind: 'gone' }, sub: null };
        else if (stored) place = { parent: { kind: 'type', type: stored.parent as Y.AbstractType<any> }, sub: stored.parentSub };
        else {
          const created = findFresh(neighbour);
          if (!created || chain.length > decoded.structs.length) return null;
          chain.push(item);
          item = created;
          continue;
        }
      }
      chain.push(item);
    }
    if (!place) return null;
    for (const linked of chain) places.set(linked, place);
    return place;
  };

  for (const item of fresh.items) {
    const place = placeOf(item);
    if (!place) return invalid(VALIDITY_REFUSALS.missing);
    const verdict = contentFits(item.content, place, fragment);
    if (!verdict.ok) return verdict;
  }
  return VALID;
}

/** Whether `content` may stand at `place` in a document of the schema, as the Yjs binding writes one. */
function contentFits(content: Y.Item['content'], place: Place, fragment: Y.XmlFragment): Validity {
  if (content instanceof Y.ContentDeleted) return VALID; // a struct deleted already: holds nothing
  const { parent, sub } = place;
  if (parent.kind === 'gone') return VALID; // lands in collected content: Yjs discards it
  let type: Y.AbstractType<any> | null = parent.kind === 'type' ? parent.type : null;
  if (parent.kind === 'root') {
    if (parent.name !== DOCUMENT_FIELD) return invalid(`${VALIDITY_REFUSALS.foreignRoot} ("${parent.name}")`);
    type = fragment;
  }
  if (type === null) return invalid(VALIDITY_REFUSALS.missing);
  if (type instanceof Y.XmlElement) {
    if (sub !== null) {
      if (!(content instanceof Y.ContentAny) || content.getLength() !== 1) return invalid(`${type.nodeName} attribute "${sub}" is not a plain value`);
      return attributeValidity(type.nodeName, sub, content.getContent()[0]);
    }
    return childFits(content, type.nodeName);
  }
  if (type instanceof Y.XmlText) {
    if (sub !== null) return invalid('text has no attributes');
    if (content instanceof Y.ContentString) return VALID;
    if (content instanceof Y.ContentFormat) {
      return markOfFormatKey(content.key) ? VALID : invalid(`unknown formatting "${content.key}"`);
    }
    return invalid('text holds only characters and formatting');
  }
  if (type instanceof Y.XmlFragment && type._item === null) {
    // a root fragment: the document's, or another one the server holds (not ours to write)
    if (type !== fragment) return invalid(VALIDITY_REFUSALS.foreignRoot);
    if (sub !== null) return invalid('the document has no attributes');
    if (content instanceof Y.ContentType && content.type instanceof Y.XmlText) return invalid('text cannot stand directly in the document');
    return childFits(content, 'the document');
  }
  if (type._item === null) return invalid(VALIDITY_REFUSALS.foreignRoot);
  return invalid('update writes into something that is not a document node');
}

/** A child of a node (or of the document): a node the schema knows, or text. */
function childFits(content: Y.Item['content'], where: string): Validity {
  if (!(content instanceof Y.ContentType)) return invalid(`${where} holds only nodes and text`);
  const { type } = content;
  if (type instanceof Y.XmlText) return VALID;
  if (type instanceof Y.XmlElement) return isElementNodeName(type.nodeName) ? VALID : invalid(`unknown node type "${type.nodeName}"`);
  return invalid(`${where} holds only nodes and text`);
}

/**
 * Stage 2: the blocks a transaction touched, as the editor would read them. Runs inside the doc's
 * 'afterTransaction' (before Yjs collects deleted content and before the 'update' event stores it).
 * Cost: the transaction's structs, each walked up to its block once, plus the size of those blocks.
 */
export function checkTransaction(
  tr: Y.Transaction,
  fragment: Y.XmlFragment,
  /** Other roots this transaction may write: the server's own (SERVER_WRITTEN_ROOTS), never a client's. */
  allowedRoots: ReadonlySet<Y.AbstractType<any>> = new Set(),
): Validity {
  const doc = fragment.doc!;
  const blocks = new Set<Y.XmlElement>();
  const blockOf = new Map<Y.AbstractType<any>, Y.XmlElement | null>();
  let topChanged = false;
  let newFront = false;
  let problem: Validity = VALID;

  const note = (item: Y.Item): void => {
    if (!problem.ok || plainTextEdit(item, tr)) return;
    const parent = item.parent as Y.AbstractType<any>;
    if (item.parentSub !== null && parent instanceof Y.XmlElement && parent._item && heldBefore(parent._item, tr)) {
      // an attribute of a node the document held: its rule alone decides (no block to read)
      if (!parent._item.deleted) problem = attributeChange(parent, item.parentSub, item);
      return;
    }
    if (parent === fragment) {
      if (item.parentSub !== null) return;
      topChanged = true;
      if (item.deleted) return;
      const type = item.content instanceof Y.ContentType ? item.content.type : null;
      if (!(type instanceof Y.XmlElement)) {
        problem = invalid('only nodes stand directly in the document');
        return;
      }
      if (type.nodeName === 'front') newFront = true;
      blocks.add(type);
      return;
    }
    // walk up to the top-level block, remembering every type on the way
    const path: Y.AbstractType<any>[] = [];
    let type: Y.AbstractType<any> = parent;
    let block: Y.XmlElement | null | undefined;
    for (;;) {
      block = blockOf.get(type);
      if (block !== undefined) break;
      path.push(type);
      const up = type._item;
      if (!up) {
        block = null; // a root: ours only when it is the fragment, which is handled above
        if (type !== fragment && !allowedRoots.has(type)) problem = invalid(VALIDITY_REFUSALS.foreignRoot);
        break;
      }
      if (up.parent === fragment) {
        block = type instanceof Y.XmlElement ? type : null;
        break;
      }
      type = up.parent as Y.AbstractType<any>;
    }
    for (const t of path) blockOf.set(t, block);
    if (block && !block._item!.deleted) blocks.add(block);
  };

  tr.afterState.forEach((clock, client) => {
    const before = tr.beforeState.get(client) ?? 0;
    if (clock <= before) return;
    const structs = doc.store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, before); i < structs.length && problem.ok; i++) {
      const s = structs[i];
      if (s instanceof Y.Item) note(s);
    }
  });
  Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
    if (s instanceof Y.Item) note(s);
  });
  if (!problem.ok) return problem;

  const first = firstLiveChild(fragment);
  if (topChanged) {
    if (fragment.length < 2) return invalid('a document needs its front matter and at least one block');
    if (!(first instanceof Y.XmlElement) || first.nodeName !== 'front') return invalid('the document must start with its front matter');
    if (newFront && countFronts(fragment) !== 1) return invalid('a document has one front matter, at its start');
  }
  for (const block of blocks) {
    const converted = nodeFromYElement(block);
    if (!converted.ok) return converted;
    const verdict = blockValidity(converted.node, block === first ? 'first' : 'body');
    if (!verdict.ok) return verdict;
  }
  return VALID;
}

const heldBefore = (item: Y.Item, tr: Y.Transaction) => item.id.clock < (tr.beforeState.get(item.id.client) ?? 0);

/** An attribute of `element` set (the live item) or replaced or removed (a deleted one) in this transaction. */
function attributeChange(element: Y.XmlElement, key: string, item: Y.Item): Validity {
  if (!item.deleted) {
    if (!(item.content instanceof Y.ContentAny) || item.content.getLength() !== 1) return invalid(`${element.nodeName} attribute "${key}" is not a plain value`);
    return attributeValidity(element.nodeName, key, item.content.getContent()[0]);
  }
  return element.getAttribute(key) === undefined ? attributeRemovalValidity(element.nodeName, key) : VALID;
}

/**
 * Characters typed into or deleted from a text the document held before this transaction, or a struct
 * that arrives deleted: these cannot make a valid block invalid (every text in the schema may be
 * empty, and marks come from formatting structs, which are checked), so a keystroke costs no block
 * conversion.
 */
function plainTextEdit(item: Y.Item, tr: Y.Transaction): boolean {
  const isNew = item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
  if (isNew && item.content instanceof Y.ContentDeleted) return true;
  if (!(item.content instanceof Y.ContentString) || item.parentSub !== null || !(item.parent instanceof Y.XmlText)) return false;
  const text = item.parent._item;
  return text !== null && text.id.clock < (tr.beforeState.get(text.id.client) ?? 0);
}

function firstLiveChild(fragment: Y.XmlFragment): unknown {
  for (let item = fragment._start; item !== null; item = item.right) {
    if (!item.deleted && item.countable) return item.content.getContent()[0];
  }
  return undefined;
}

/** Walks the top level by node name: only when a transaction inserted a front matter. */
function countFronts(fragment: Y.XmlFragment): number {
  let count = 0;
  for (let item = fragment._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const type = item.content.type;
    if (type instanceof Y.XmlElement && type.nodeName === 'front') count++;
  }
  return count;
}
