// Authentication for the HTTP side: middleware that resolves the request's credentials to a
// participant (access/authenticate.ts, the same function the WebSocket upgrade uses) or answers 401
// with the reason, and the membership check every document route makes.
import type { NextFunction, Request, Response } from 'express';
import { HTTP_MESSAGES, authenticate, credentialsOf } from '../access/authenticate.ts';
import type { DocumentRecord, Store } from '../storage/store.ts';
import type { Participant } from '../sync/participant.ts';

export function queryParams(req: Request): URLSearchParams {
  const q = req.originalUrl.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : req.originalUrl.slice(q + 1));
}

export function requireParticipant(store: Store) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const auth = await authenticate(store, credentialsOf(req, queryParams(req)));
    if (!auth.ok) {
      res.status(401).json({ error: HTTP_MESSAGES[auth.refusal] });
      return;
    }
    res.locals.participant = auth.participant;
    next();
  };
}

export function participantOf(res: Response): Participant {
  return res.locals.participant as Participant;
}

/** The document if it exists and belongs to the participant's negotiation; otherwise answers 404/403. */
export async function memberDocument(store: Store, req: Request, res: Response): Promise<DocumentRecord | undefined> {
  const doc = await store.getDocument(String(req.params.id));
  if (!doc) {
    res.status(404).json({ error: `No document with id "${req.params.id}".` });
    return undefined;
  }
  if (doc.negotiationId !== participantOf(res).negotiationId) {
    res.status(403).json({ error: 'not a participant of this negotiation' });
    return undefined;
  }
  return doc;
}
