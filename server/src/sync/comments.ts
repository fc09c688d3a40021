// Comment operations on a room (shared/src/comments/comments.ts has the rules): read the stored
// comments and the document, let the shared rules decide what to write, and write that one entry
// into the room's comments map as the server, with the participant as origin, so the change is
// stored with their attribution and relayed like any accepted update (Room.writeAs). The author is
// the participant the session names; nothing the client sent about itself is used.
import * as Y from 'yjs';
import { COMMENTS_FIELD, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import {
  applyCommentOperation,
  readStoredComment,
  type CommentOperation,
  type StoredComment,
} from '../../../shared/src/comments/comments.ts';
import { newId } from '../../../shared/src/schema/ids.ts';
import type { Participant } from './participant.ts';
import type { Room } from './room.ts';

/** The comments a Y.Doc holds, by id (entries that do not read as comments are skipped). */
export function storedComments(doc: Y.Doc): Map<string, StoredComment> {
  const out = new Map<string, StoredComment>();
  doc.getMap(COMMENTS_FIELD).forEach((value) => {
    const c = readStoredComment(value);
    if (c) out.set(c.id, c);
  });
  return out;
}

export async function applyCommentToRoom(
  room: Room,
  participant: Participant,
  op: CommentOperation,
  now: Date = new Date(),
): Promise<{ ok: true; comment: StoredComment } | { ok: false; status: number; error: string }> {
  const result = applyCommentOperation(
    {
      comments: storedComments(room.doc),
      doc: docFromYDoc(room.doc),
      author: {
        participantId: participant.id,
        name: participant.name,
        role: participant.role,
        delegationId: participant.delegationId,
        delegationName: participant.delegation?.name ?? null,
      },
      now: now.toISOString(),
      newId: () => newId('c'),
    },
    op,
  );
  if (!result.ok) return result;
  const written = await room.writeAs(participant, (doc) => doc.getMap(COMMENTS_FIELD).set(result.write.id, result.write));
  if (!written) return { ok: false, status: 503, error: 'the comment could not be stored, try again' };
  return { ok: true, comment: result.write };
}
