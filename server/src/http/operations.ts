// POST /api/documents/:id/operations: how delegations change the document (their sync channel is
// read-only, see sync/authorize.ts). The body is one ProposalOperation; the room applies it with the
// participant's delegation as proposer, and the change is stored, attributed and relayed like any
// accepted update.
// Comment operations (comment, reply, resolve-comment, reopen-comment) go through the same endpoint:
// the shared rules (shared/src/comments) decide who may, the room writes the comments map as the
// server (sync/comments.ts), and the answer carries the stored comment.
import { Router, type Request, type Response } from 'express';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { parseProposalOperation } from '../../../shared/src/proposals/operations.ts';
import { isCommentOperation, parseCommentOperation } from '../../../shared/src/comments/comments.ts';
import { log } from '../log.ts';
import { applyCommentToRoom } from '../sync/comments.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument, participantOf } from './auth.ts';

export function operationsRouter(store: Store, rooms: Rooms): Router {
  const router = Router();
  router.post('/documents/:id/operations', (req: Request, res: Response) => {
    const doc = memberDocument(store, req, res);
    if (!doc) return;
    const participant = participantOf(res);
    if (isCommentOperation(req.body)) {
      const op = parseCommentOperation(req.body);
      if ('error' in op) {
        res.status(400).json({ error: op.error });
        return;
      }
      const result = rooms.using(doc.id, (room) => applyCommentToRoom(room, participant, op));
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
    const op = parseProposalOperation(req.body);
    if ('error' in op) {
      res.status(400).json({ error: op.error });
      return;
    }
    if (op.type === 'position' && !participant.delegationId) {
      // Support and objection are a delegation's positions; a pen-holder has none to record.
      res.status(403).json({ error: 'only delegations support or object' });
      return;
    }
    const result = rooms.using(doc.id, (room) => room.applyOperation(participant, op));
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
