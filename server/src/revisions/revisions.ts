// Frozen revisions and comparison, for the HTTP API (docs/design.md §1). A revision is the document's
// full Yjs state at the last stored update it includes, so reading and comparing never replay
// history; who changed what between two revisions comes from the attributed updates in between
// (shared/src/revisions/attribution.ts).
//
// Loaded on demand (it pulls in the editor schema through the Yjs bridge).
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ROLE_NAMES } from '../../../shared/src/access/roles.ts';
import { DOCUMENT_FIELD, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { planLabelFreeze } from '../../../shared/src/revisions/labelFreeze.ts';
import { attributionOf } from '../../../shared/src/revisions/attribution.ts';
import { compareStates } from '../../../shared/src/revisions/compare.ts';
import type { Redline } from '../../../shared/src/revisions/redline.ts';
import { RevisionNameTaken, type DocumentRecord, type RevisionRecord, type Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import type { Participant } from '../sync/participant.ts';
import { newRecordId } from '../ids.ts';

/** A request the caller got wrong (400) or that names nothing known (404), or a name in use (409). */
export class RevisionError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export const LIVE = 'live';

export interface RevisionSummary {
  id: string;
  name: string;
  note: string;
  at: string;
  by: { name: string; role: string } | null;
  uptoSeq: number;
  renumbered: { from: string; to: string }[];
}

export async function summarize(store: Store, r: RevisionRecord): Promise<RevisionSummary> {
  const p = r.participantId ? (await store.getParticipant(r.participantId)) : undefined;
  return { id: r.id, name: r.name, note: r.note, at: r.createdAt, by: p ? { name: p.name, role: p.role } : null, uptoSeq: r.uptoSeq, renumbered: r.renumbered };
}

/** Freezes the live text of the document as a named revision. */
export async function freezeRevision(
  store: Store,
  rooms: Rooms,
  document: DocumentRecord,
  participant: Participant,
  request: { name: string; note: string; renumber: boolean },
): Promise<RevisionSummary> {
  if ((await store.listRevisions(document.id)).some((r) => r.name === request.name)) {
    throw new RevisionNameTaken(`a revision named "${request.name}" already exists`);
  }
  const frozen = (await rooms.using(document.id, async (room) => {
    if (room.failed) throw new RevisionError('the document is recovering from a storage failure; try again', 503);
    // Labels become stable references once a revision is issued (renumbered first if asked), so a
    // paragraph inserted later is `12 bis` (shared/src/revisions/labelFreeze.ts).
    const plan = planLabelFreeze(docFromYDoc(room.doc), { renumber: request.renumber });
    const fragment = room.doc.getXmlFragment(DOCUMENT_FIELD);
    const stored = (await room.writeAs(participant, () => {
      for (const { index, label } of plan.labels) {
        const block = fragment.get(index);
        if (block instanceof Y.XmlElement && block.getAttribute('label') !== label) block.setAttribute('label', label);
      }
      // renumbering closes the gaps: deleted paragraphs' placeholders go (from the last, so indexes hold)
      for (const index of [...(plan.removed ?? [])].reverse()) fragment.delete(index, 1);
    }));
    if (!stored) throw new RevisionError('the labels could not be stored; try again', 503);
    const seq = await room.storedSeq();
    return { state: Y.encodeStateAsUpdate(room.doc), seq, renumbered: plan.renumbered };
  }));
  if (!frozen) throw new RevisionError(`No document with id "${document.id}".`, 404);
  const record: RevisionRecord = {
    id: newRecordId(),
    documentId: document.id,
    name: request.name,
    note: request.note,
    createdAt: new Date().toISOString(),
    participantId: participant.id,
    uptoSeq: frozen.seq,
    renumbered: frozen.renumbered,
  };
  await store.createRevision(record, frozen.state);
  return await summarize(store, record);
}

async function revisionOf(store: Store, document: DocumentRecord, id: string): Promise<RevisionRecord & { state: Uint8Array }> {
  const revision = await store.getRevision(id);
  if (!revision || revision.documentId !== document.id) throw new RevisionError(`No revision "${id}" of this document.`, 404);
  return revision;
}

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, state);
  return doc;
}

/** The revision's document as ProseMirror nodes, for exports of a frozen revision. */
export async function revisionNode(store: Store, document: DocumentRecord, id: string): Promise<{ revision: RevisionSummary; doc: PMNode }> {
  const revision = await revisionOf(store, document, id);
  const doc = docOf(revision.state);
  try {
    return { revision: (await summarize(store, revision)), doc: docFromYDoc(doc) };
  } finally {
    doc.destroy();
  }
}

/** The revision's document as ProseMirror JSON, for the read-only view. */
export async function revisionDocument(store: Store, document: DocumentRecord, id: string): Promise<{ revision: RevisionSummary; doc: unknown }> {
  const revision = await revisionOf(store, document, id);
  const doc = docOf(revision.state);
  try {
    return { revision: (await summarize(store, revision)), doc: docFromYDoc(doc).toJSON() };
  } finally {
    doc.destroy();
  }
}

/** Redline from revision `fromId` to revision `toId` or the live text (`live`). */
export async function compareRevisions(store: Store, rooms: Rooms, document: DocumentRecord, fromId: string, toId: string): Promise<Redline> {
  const from = await revisionOf(store, document, fromId);
  let to: { state: Uint8Array; seq: number; name: string; at: string };
  if (toId === LIVE) {
    const live = await rooms.using(document.id, async (room) => {
      const seq = await room.storedSeq();
      return { state: Y.encodeStateAsUpdate(room.doc), seq };
    });
    if (!live) throw new RevisionError(`No document with id "${document.id}".`, 404);
    to = { ...live, name: 'Live text', at: new Date().toISOString() };
  } else {
    const r = await revisionOf(store, document, toId);
    to = { state: r.state, seq: r.uptoSeq, name: r.name, at: r.createdAt };
  }
  // Who made each change: the delegation for a delegation's update, else the role ("Co-facilitator").
  const delegations = new Map((await store.listDelegations(document.negotiationId)).map((d) => [d.id, d.name]));
  const [lo, hi] = from.uptoSeq <= to.seq ? [from.uptoSeq, to.seq] : [to.seq, from.uptoSeq];
  const updates = (await store.updatesBetween(document.id, lo, hi)).map((u) => ({
    update: u.update,
    author: u.delegationId ? (delegations.get(u.delegationId) ?? u.delegationId) : u.role ? ROLE_NAMES[u.role] : 'Secretariat',
  }));
  const older = docOf(from.state);
  const newer = docOf(to.state);
  try {
    return compareStates({
      from: { side: { name: from.name, at: from.createdAt }, doc: older },
      to: { side: { name: to.name, at: to.at }, doc: newer },
      attribution: attributionOf(updates),
    });
  } finally {
    older.destroy();
    newer.destroy();
  }
}
