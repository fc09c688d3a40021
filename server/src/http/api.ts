// The JSON API. Everything but /health needs a participant (access link secret as Bearer or ?token,
// or the session cookie a link opened), and shows only that participant's negotiation.
import { Router, type Request, type Response } from 'express';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { parseEvents } from '../../../shared/src/api/history.ts';
import { clearedSessionCookie, parseCookies, SESSION_COOKIE } from '../access/sessions.ts';
import { hashToken, isWellFormedToken } from '../access/tokens.ts';
import { SERVER_PARTICIPANT, type Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument, participantOf, requireParticipant } from './auth.ts';
import { managementRouter } from './management.ts';
import { operationsRouter } from './operations.ts';
import { exportsRouter } from './exports.ts';
import { importsRouter } from './imports.ts';
import { revisionsRouter } from './revisions.ts';
import { silenceRouter } from './silence.ts';
import { overviewRouter } from './overview.ts';
import { resolutionsRouter } from './resolutions.ts';

export interface ApiOptions {
  status: () => Record<string, unknown>;
  /** Whether this instance can serve now (its database answers; its link to other instances, if any, is up). */
  readiness: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  rooms: Rooms;
  publicUrl: () => string;
  secureCookies: () => boolean;
}

export function apiRouter(store: Store, options: ApiOptions): Router {
  const api = Router();

  api.get('/health', async (_req: Request, res: Response) => {
    res.json({ ok: true, ...options.status() });
  });
  // For a load balancer or an orchestrator: live = the process answers (restart it if not);
  // ready = it can serve (send it traffic only if so). Neither needs credentials nor says anything
  // about negotiations.
  api.get('/health/live', async (_req: Request, res: Response) => {
    res.json({ live: true });
  });
  api.get('/health/ready', async (_req: Request, res: Response) => {
    const { ready, checks } = await options.readiness();
    res.status(ready ? 200 : 503).json({ ready, ...checks });
  });

  // Ends the browser session (if any) and clears the cookie; needs no valid credentials.
  api.post('/logout', async (req: Request, res: Response) => {
    const secret = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (isWellFormedToken(secret)) await store.deleteSession(hashToken(secret));
    res.set('Set-Cookie', clearedSessionCookie({ secure: options.secureCookies() }));
    res.json({ ok: true });
  });

  api.use(requireParticipant(store));

  api.get('/me', async (_req: Request, res: Response) => {
    const p = participantOf(res);
    res.json({
      participant: { id: p.id, name: p.name, role: p.role, negotiationId: p.negotiationId, delegation: p.delegation },
      capabilities: CAPABILITIES[p.role],
    });
  });

  api.get('/negotiations', async (_req: Request, res: Response) => {
    const p = participantOf(res);
    const negotiations = (await store.listNegotiations()).filter((n) => n.id === p.negotiationId);
    res.json(
      await Promise.all(
        negotiations.map(async (n) => ({
          id: n.id,
          title: n.title,
          documents: (await store.listDocuments(n.id)).map((d) => ({ id: d.id, title: d.title })),
          delegations: (await store.listDelegations(n.id)).map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
        })),
      ),
    );
  });

  api.get('/documents/:id', async (req: Request, res: Response) => {
    const doc = await memberDocument(store, req, res);
    if (!doc) return;
    res.json({ id: doc.id, title: doc.title, negotiationId: doc.negotiationId, numberingStyle: doc.numberingStyle });
  });

  api.get('/documents/:id/history', async (req: Request, res: Response) => {
    const doc = await memberDocument(store, req, res);
    if (!doc) return;
    const limitParam = req.query.limit;
    const limit = limitParam === undefined ? 50 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      res.status(400).json({ error: 'limit must be an integer from 1 to 1000' });
      return;
    }
    const block = req.query.block;
    if (block !== undefined && typeof block !== 'string') {
      res.status(400).json({ error: 'block must be one paragraph id' });
      return;
    }
    const names = new Map((await store.listDelegations(doc.negotiationId)).map((d) => [d.id, d.name]));
    const entries = await store.history(doc.id, { blockId: block, limit });
    // before/after text of the touched paragraphs, on request (a bounded replay, see historyChanges.ts)
    // Loaded on the first such request: it brings the text differ (the `diff` package), which nothing
    // else needs until a redline is asked for (memory at start).
    const changes = req.query.changes === '1' ? await (await import('./historyChanges.ts')).blockChanges(store, doc.id, entries) : null;
    res.json(
      entries.map((e) => ({
        seq: e.seq,
        at: e.at,
        participant: {
          id: e.participant.id,
          name: e.participant.name,
          role: e.participant.role,
          delegation: e.participant.delegationId
            ? { id: e.participant.delegationId, name: names.get(e.participant.delegationId) ?? e.participant.delegationId }
            : null,
        },
        blocks: e.blocks,
        ...(e.statuses ? { statuses: e.statuses } : {}),
        ...(e.events ? { events: parseEvents(e.events) } : {}),
        ...(changes?.has(e.seq) ? { changes: changes.get(e.seq) } : {}),
      })),
    );
  });

  // Who wrote under each Yjs client id in this document, for the "Colour by author" view.
  api.get('/documents/:id/authors', async (req: Request, res: Response) => {
    const doc = await memberDocument(store, req, res);
    if (!doc) return;
    const people = new Map((await store.listParticipants(doc.negotiationId)).map((p) => [p.id, p]));
    const authors: Record<string, { participantId: string; name: string; role: string; delegationId: string | null }> = {};
    for (const [clientId, participantId] of await store.clientIdOwners(doc.id)) {
      if (participantId === SERVER_PARTICIPANT) {
        authors[String(clientId)] = { participantId, name: 'Imported text', role: 'server', delegationId: null };
        continue;
      }
      const p = people.get(participantId);
      if (!p) continue;
      authors[String(clientId)] = { participantId, name: p.name, role: p.role, delegationId: p.delegationId };
    }
    res.json({ authors });
  });

  api.use(operationsRouter(store, options.rooms));
  api.use(exportsRouter(store, options.rooms));
  api.use(managementRouter(store, options));
  api.use(importsRouter(store, options));
  api.use(revisionsRouter(store, options.rooms));
  api.use(silenceRouter(store, options.rooms));
  api.use(overviewRouter(store, options.rooms));
  api.use(resolutionsRouter(store, options.rooms));

  api.use(async (req: Request, res: Response) => {
    res.status(404).json({ error: `No API route ${req.method} ${req.baseUrl}${req.path}.` });
  });

  return api;
}
