// The silence procedure on the server (docs/design.md §16): the named operations (open, break,
// cancel) and settling at the deadline. The rules are shared/src/consensus/silence.ts; this module
// reads the room's document, asks the rules, and writes the result into the room's Y.Doc under
// SILENCE_FIELD (procedures) and, when settling, the paragraphs' `status`, all through Room.writeAs
// so it is stored, attributed and relayed like any change.
//
// Deadlines survive restarts because the procedures live in the document itself; what the server
// keeps beside them is an index (the `silence.deadlines` setting: document id -> earliest open
// deadline) so a restarted server knows which documents to open without reading them all.
// watchSilence polls that index (one settings read per tick) and settles what is due; a room that
// loads settles its own expired procedures first (Rooms.open), so a server that was down at the
// deadline settles on start or on first load, whichever comes first. Settling happens within one
// poll interval of the deadline (default 1 s).
import * as Y from 'yjs';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { DOCUMENT_FIELD, SILENCE_FIELD, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import {
  breakSilence,
  cancelSilence,
  nextDeadline,
  openSilence,
  parseProcedures,
  settleSilence,
  type SilenceProcedure,
  type SilenceResult,
} from '../../../shared/src/consensus/silence.ts';
import type { SilenceOperation } from '../../../shared/src/api/silence.ts';
import type { HistoryEvent } from '../../../shared/src/api/history.ts';
import { SERVER_PARTICIPANT, type Store } from '../storage/store.ts';
import { newRecordId } from '../ids.ts';
import { log } from '../log.ts';
import type { Participant } from './participant.ts';
import type { Room } from './room.ts';

export const INDEX_SETTING = 'silence.deadlines';

/** The procedures stored in a document (well-formed ones only), oldest first. */
export function proceduresOf(doc: Y.Doc): SilenceProcedure[] {
  return parseProcedures(doc.getMap<unknown>(SILENCE_FIELD).values());
}

export async function readIndex(store: Store): Promise<Record<string, string>> {
  const stored = await store.getSetting(INDEX_SETTING);
  try {
    const value: unknown = JSON.parse(stored ?? '{}');
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Records the earliest open deadline of a room's document (or that it has none) in the index. */
export async function updateIndex(store: Store, room: Room): Promise<void> {
  const index = await readIndex(store);
  const next = nextDeadline(proceduresOf(room.doc));
  if (next === (index[room.documentId] ?? null)) return;
  if (next) index[room.documentId] = next;
  else delete index[room.documentId];
  await store.setSetting(INDEX_SETTING, JSON.stringify(index));
}

export type SilenceAnswer = { ok: true; procedure: SilenceProcedure } | { ok: false; status: number; error: string };

/** Runs one named silence operation for a participant at `now`. */
export async function applySilenceOperation(room: Room, store: Store, participant: Participant, op: SilenceOperation, now: Date): Promise<SilenceAnswer> {
  if (room.failed) return { ok: false, status: 503, error: 'the document is unavailable, try again' };
  // a procedure whose deadline has passed is settled before anything else is decided
  await settleDueSilence(room, store, now);
  const procedures = proceduresOf(room.doc);
  let result: SilenceResult<SilenceProcedure>;
  if (op.type === 'open') {
    result = openSilence(
      docFromYDoc(room.doc),
      procedures,
      { id: newRecordId(), scope: op.scope, deadline: op.deadline, role: participant.role, opener: { participantId: participant.id, name: participant.name } },
      now,
    );
  } else {
    const procedure = procedures.find((p) => p.id === op.procedureId);
    if (!procedure) return { ok: false, status: 404, error: 'no such silence procedure' };
    result =
      op.type === 'break'
        ? breakSilence(
            procedure,
            { blockId: op.blockId, reason: op.reason, role: participant.role, delegation: participant.delegation, participantId: participant.id },
            now,
          )
        : cancelSilence(procedure, participant.role, now);
  }
  if (!result.ok) {
    // who may do it is a permission (403); anything else is the state of the text or the procedure (409)
    const permitted = CAPABILITIES[participant.role][op.type === 'break' ? 'breakSilence' : 'resolve'];
    return { ok: false, status: permitted ? 409 : 403, error: result.reason };
  }
  const procedure = result.value;
  if (!(await room.writeAs(participant, (doc) => doc.getMap<unknown>(SILENCE_FIELD).set(procedure.id, procedure)))) {
    return { ok: false, status: 503, error: 'the change could not be stored, try again' };
  }
  await updateIndex(store, room);
  return { ok: true, procedure };
}

/** Who the settlement is attributed to: the server, on behalf of the co-facilitator who opened it. */
async function onBehalfOf(store: Store, room: Room, procedure: SilenceProcedure): Promise<Participant> {
  const opener = await store.getParticipant(procedure.openedBy.participantId);
  const name = `Penholder (silence procedure, for ${procedure.openedBy.name})`;
  if (opener) return { ...opener, name };
  return {
    id: SERVER_PARTICIPANT,
    negotiationId: (await store.getDocument(room.documentId))?.negotiationId ?? '',
    role: 'cofacilitator',
    delegationId: null,
    name,
    createdAt: procedure.openedAt,
    revokedAt: null,
    expiresAt: null,
    delegation: null,
  };
}

/**
 * Settles every procedure of the room that is due at `now`: the unbroken paragraphs become agreed,
 * one stored update per procedure, attributed to the server on behalf of its opener. Returns how many
 * procedures were settled.
 */
export async function settleDueSilence(room: Room, store: Store, now: Date): Promise<number> {
  if (room.failed) return 0;
  let settled = 0;
  for (const procedure of proceduresOf(room.doc)) {
    const settlement = settleSilence(procedure, docFromYDoc(room.doc), now);
    if (!settlement) continue;
    const events: HistoryEvent[] = [
      { kind: 'agreed-under-silence', procedureId: procedure.id, blockIds: settlement.procedure.agreed, onBehalfOf: procedure.openedBy.name },
    ];
    const written = await room.writeAs(
      await onBehalfOf(store, room, procedure),
      (doc) => {
        const marks = new Set(settlement.toMark);
        for (const block of doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
          if (!(block instanceof Y.XmlElement)) continue;
          const id = block.getAttribute('id');
          if (typeof id === 'string' && marks.has(id)) block.setAttribute('status', 'agreed');
        }
        doc.getMap<unknown>(SILENCE_FIELD).set(procedure.id, settlement.procedure);
      },
      events,
    );
    if (!written) break;
    settled++;
    log.info(`room ${room.documentId}: silence ${procedure.id} settled, ${settlement.procedure.agreed.length} agreed`);
  }
  if (settled) await updateIndex(store, room);
  return settled;
}

