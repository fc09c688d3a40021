// Access management, for the secretariat of a negotiation only: participants and their links,
// revocation (which closes the participant's connections at once), delegations.
import { Router, type Request, type Response } from 'express';
import { AccessError, addDelegation, issueParticipant, listParticipants, revokeParticipant } from '../access/links.ts';
import type { Store } from '../storage/store.ts';
import { CloseCode } from '../sync/closeCodes.ts';
import { participantJSON } from '../sync/participant.ts';
import type { Rooms } from '../sync/rooms.ts';
import { participantOf } from './auth.ts';

const FORBIDDEN = 'only the secretariat of this negotiation manages access';

export function managementRouter(store: Store, options: { rooms: Rooms; publicUrl: () => string }): Router {
  const router = Router();

  /** Answers 403 unless the caller is the secretariat of `negotiationId`. */
  const secretariatOf = (res: Response, negotiationId: string | undefined): boolean => {
    const p = participantOf(res);
    if (p.role === 'secretariat' && negotiationId !== undefined && p.negotiationId === negotiationId) return true;
    res.status(403).json({ error: FORBIDDEN });
    return false;
  };

  const answer = (res: Response, err: unknown) => {
    if (err instanceof AccessError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    throw err;
  };

  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

  router.get('/negotiations/:id/participants', async (req: Request, res: Response) => {
    if (!secretariatOf(res, String(req.params.id))) return;
    res.json((await listParticipants(store, String(req.params.id))).map(participantJSON));
  });

  router.post('/negotiations/:id/participants', async (req: Request, res: Response) => {
    const negotiationId = String(req.params.id);
    if (!secretariatOf(res, negotiationId)) return;
    const b = body(req);
    try {
      const { participant, link } = (await issueParticipant(
        store,
        { negotiationId, role: b.role, name: b.name, delegationId: b.delegationId, expiresAt: b.expiresAt },
        options.publicUrl(),
      ));
      res.status(201).json({ participant: participantJSON(participant), link });
    } catch (err) {
      answer(res, err);
    }
  });

  router.post('/participants/:id/revoke', async (req: Request, res: Response) => {
    const target = await store.getParticipant(String(req.params.id));
    // An unknown id and another negotiation's participant look the same to the caller.
    if (!secretariatOf(res, target?.negotiationId)) return;
    try {
      const participant = await revokeParticipant(store, target!.id);
      options.rooms.closeParticipant(participant.id, CloseCode.unauthenticated, 'access revoked');
      res.json({ participant: participantJSON(participant) });
    } catch (err) {
      answer(res, err);
    }
  });

  router.post('/negotiations/:id/delegations', async (req: Request, res: Response) => {
    const negotiationId = String(req.params.id);
    if (!secretariatOf(res, negotiationId)) return;
    const b = body(req);
    try {
      const d = await addDelegation(store, negotiationId, { name: b.name, kind: b.kind });
      res.status(201).json({ delegation: { id: d.id, name: d.name, kind: d.kind } });
    } catch (err) {
      answer(res, err);
    }
  });

  return router;
}
