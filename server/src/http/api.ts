// The JSON API. Read-only for now: negotiations with their documents and delegations, and one
// document's metadata (its content travels over the sync socket, never over HTTP).
import { Router, type Request, type Response } from 'express';
import type { Store } from '../storage/store.ts';

export function apiRouter(store: Store, status: () => Record<string, unknown>): Router {
  const api = Router();

  api.get('/health', (_req: Request, res: Response) => {
    res.json({ ok: true, ...status() });
  });

  api.get('/negotiations', (_req: Request, res: Response) => {
    res.json(
      store.listNegotiations().map((n) => ({
        id: n.id,
        title: n.title,
        documents: store.listDocuments(n.id).map((d) => ({ id: d.id, title: d.title })),
        delegations: store.listDelegations(n.id).map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
      })),
    );
  });

  api.get('/documents/:id', (req: Request, res: Response) => {
    const doc = store.getDocument(String(req.params.id));
    if (!doc) {
      res.status(404).json({ error: `No document with id "${req.params.id}".` });
      return;
    }
    res.json({ id: doc.id, title: doc.title, negotiationId: doc.negotiationId, numberingStyle: doc.numberingStyle });
  });

  api.use((req: Request, res: Response) => {
    res.status(404).json({ error: `No API route ${req.method} ${req.baseUrl}${req.path}.` });
  });

  return api;
}
