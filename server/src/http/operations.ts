// POST /api/documents/:id/operations: how delegations change the document (their sync channel is
// read-only, see sync/authorize.ts). The body is one proposal operation (zod schema in
// shared/src/api/operations.ts); the room applies it with the participant's delegation as proposer,
// and the change is stored, attributed and relayed like any accepted update.
//
// Screen negotiation: a participant whose role may `enterForDelegation` (co-facilitators, the
// secretariat) adds `onBehalfOf: <delegation id>` to enter a proposal, support or objection for a
// delegation speaking in the room. It is applied exactly as that delegation's own would be (the same
// rules, the delegation as proposer), and the history records it as entered by the participant for
// that delegation (updates.role is the participant's, updates.delegation_id the delegation's).
//
// Comment operations (comment, reply, resolve-comment, reopen-comment) go through the same endpoint:
// the shared rules (shared/src/comments) decide who may, the room writes the comments map as the
// server (sync/comments.ts), and the answer carries the stored comment.
import { Router, type Request, type Response } from 'express';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { OnBehalfOf, operationProblem } from '../../../shared/src/api/operations.ts';
import { parseProposalOperation } from '../../../shared/src/proposals/operations.ts';
import { isCommentOperation, parseCommentOperation } from '../../../shared/src/comments/comments.ts';
import { log } from '../log.ts';
import { applyCommentToRoom } from '../sync/comments.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument, participantOf } from './auth.ts';

export function operationsRouter(store: Store, rooms: Rooms): Router {
  const router = Router();
  router.post('/documents/:id/operations', async (req: Request, res: Response) => {
    const doc = await memberDocument(store, req, res);
    if (!doc) return;
    const participant = participantOf(res);
    if (isCommentOperation(req.body)) {
      const op = parseCommentOperation(req.body);
      if ('error' in op) {
        res.status(400).json({ error: op.error });
        return;
      }
      const result = await rooms.using(doc.id, (room) => applyCommentToRoom(room, participant, op));
      if (!result) {
        res.status(404).json({ error: `No document with id "${doc.id}".` });
        return;
      }
      if (!result.ok) {
        if (result.status >= 500) log.error(`comment on ${doc.id} by ${participant.id}: ${result.error}`);
        res.status(result.status).json({ error: result.error });
        return;
      }
      res.json({ ok: true, comment: result.comment });
      return;
    }
    if (!CAPABILITIES[participant.role].propose) {
      res.status(403).json({ error: `${participant.role === 'observer' ? 'observers' : participant.role} cannot propose` });
      return;
    }
    // The operation's schema drops fields it does not know, onBehalfOf among them: read apart.
    const op = parseProposalOperation(req.body);
    if ('error' in op) {
      res.status(400).json({ error: op.error });
      return;
    }
    const request = OnBehalfOf.safeParse(req.body);
    if (!request.success) {
      res.status(400).json({ error: operationProblem(request.error) });
      return;
    }
    let delegation = participant.delegationId;
    if (request.data.onBehalfOf !== undefined) {
      if (!CAPABILITIES[participant.role].enterForDelegation) {
        res.status(403).json({ error: `a ${participant.role} speaks only for itself` });
        return;
      }
      const known = (await store.listDelegations(doc.negotiationId)).some((d) => d.id === request.data.onBehalfOf);
      if (!known) {
        res.status(400).json({ error: `no delegation "${request.data.onBehalfOf}" in this negotiation` });
        return;
      }
      delegation = request.data.onBehalfOf;
    }
    if (op.type === 'position' && !delegation) {
      // Support and objection are a delegation's positions; a pen-holder has none to record.
      res.status(403).json({ error: 'only delegations support or object' });
      return;
    }
    const onBehalfOfDelegation = delegation !== participant.delegationId ? delegation : null;
    const result = await rooms.using(doc.id, async (room) => (await room.applyOperation(participant, op, onBehalfOfDelegation)));
    if (!result) {
      res.status(404).json({ error: `No document with id "${doc.id}".` });
      return;
    }
    if (!result.ok) {
      if (result.status >= 500) log.error(`operation on ${doc.id} by ${participant.id}: ${result.error}`);
      res.status(result.status).json({ error: result.error });
      return;
    }
    res.json({ ok: true });
  });
  return router;
}
