// Frozen revisions and comparison over HTTP (server/README.md):
//   POST /api/documents/:id/revisions {name, note?}     freeze the live text (secretariat, co-facilitators)
//   GET  /api/documents/:id/revisions                   list, oldest first (every participant)
//   GET  /api/documents/:id/revisions/:revisionId       the revision's document, for the read-only view
//   GET  /api/documents/:id/compare?from=R&to=R|live    the redline between two states (JSON), or with
//        &format=docx|pdf|html|akn|text|markdown|json   as a file (Word: tracked changes by author)
import { Router, type Request, type Response } from 'express';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { CompareQuery, FreezeRequest } from '../../../shared/src/api/revisions.ts';
import { RevisionNameTaken, type Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument, participantOf } from './auth.ts';
import { sendExport } from './exports.ts';

const revisions = () => import('../revisions/revisions.ts');

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function revisionsRouter(store: Store, rooms: Rooms): Router {
  const router = Router();

  /** Answers RevisionError and a taken name with their status; rethrows anything else. */
  const answer = async (res: Response, run: () => Promise<void>) => {
    const { RevisionError } = await revisions();
    try {
      await run();
    } catch (err) {
      if (err instanceof RevisionError) res.status(err.status).json({ error: err.message });
      else if (err instanceof RevisionNameTaken) res.status(409).json({ error: err.message });
      else throw err;
    }
  };

  router.post('/documents/:id/revisions', async (req: Request, res: Response) => {
    const document = await memberDocument(store, req, res);
    if (!document) return;
    const participant = participantOf(res);
    if (!CAPABILITIES[participant.role].freeze) {
      res.status(403).json({ error: 'only the secretariat and co-facilitators freeze revisions' });
      return;
    }
    const parsed = FreezeRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: issues(parsed.error) });
      return;
    }
    await answer(res, async () => {
      const { freezeRevision } = await revisions();
      res.status(201).json((await freezeRevision(store, rooms, document, participant, parsed.data)));
    });
  });

  router.get('/documents/:id/revisions', async (req: Request, res: Response) => {
    const document = await memberDocument(store, req, res);
    if (!document) return;
    const { summarize } = await revisions();
    res.json(await Promise.all((await store.listRevisions(document.id)).map((r) => summarize(store, r))));
  });

  router.get('/documents/:id/revisions/:revisionId', async (req: Request, res: Response) => {
    const document = await memberDocument(store, req, res);
    if (!document) return;
    await answer(res, async () => {
      const { revisionDocument } = await revisions();
      res.json(await revisionDocument(store, document, String(req.params.revisionId)));
    });
  });

  router.get('/documents/:id/compare', async (req: Request, res: Response) => {
    const document = await memberDocument(store, req, res);
    if (!document) return;
    const parsed = CompareQuery.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: issues(parsed.error) });
      return;
    }
    await answer(res, async () => {
      const { compareRevisions } = await revisions();
      const redline = await compareRevisions(store, rooms, document, parsed.data.from, parsed.data.to);
      const format = parsed.data.format;
      if (!format) {
        res.json(redline);
        return;
      }
      const { exportRedline, exportFileName } = await import('../../../shared/src/export/index.ts');
      await sendExport(res, () => exportRedline(redline, format), exportFileName(redline.symbol || redline.title, 'redline', format, `${redline.from.name} to ${redline.to.name}`));
    });
  });

  return router;
}
