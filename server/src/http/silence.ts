// POST /api/documents/:id/silence: the silence procedure's named operations (open, break, cancel;
// shared/src/api/silence.ts), run by the room at the server's clock (sync/silence.ts). Every role
// reads the procedures with the document (they live in its Y.Doc); only these operations write them.
import { Router, type Request, type Response } from 'express';
import { SilenceOperation } from '../../../shared/src/api/silence.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { applySilenceOperation } from '../sync/silence.ts';
import { memberDocument, participantOf } from './auth.ts';

export function silenceRouter(store: Store, rooms: Rooms): Router {
  const router = Router();
  router.post('/documents/:id/silence', async (req: Request, res: Response) => {
    const doc = await memberDocument(store, req, res);
    if (!doc) return;
    const op = SilenceOperation.safeParse(req.body);
    if (!op.success) {
      res.status(400).json({ error: op.error.issues[0]?.message ?? 'malformed silence operation' });
      return;
    }
    const participant = participantOf(res);
    const result = await rooms.using(doc.id, async (room) => (await applySilenceOperation(room, store, participant, op.data, new Date())));
    if (!result) {
      res.status(404).json({ error: `No document with id "${doc.id}".` });
      return;
    }
    if (!result.ok) {
      res.status(result.status).json({ error: result.error });
      return;
    }
    res.json({ procedure: result.procedure });
  });
  return router;
}
