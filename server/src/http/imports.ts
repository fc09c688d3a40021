// Starting negotiations and adding documents from a file, over HTTP, for a secretariat:
//   POST /api/imports/preview?filename=F[&style=S][&title=T]   what the file would become; creates nothing
//   POST /api/negotiations?filename=F&title=T[&style=S]         creates the negotiation; signs the browser
//                                                               in as its first secretariat participant
//   POST /api/negotiations/:id/documents?filename=F[&style=S]   adds a document to one's own negotiation
// The body is the file itself (any content type, at most MAX_IMPORT_BYTES); the query is checked by
// the shared wire schema (shared/src/api/imports.ts). The importer and the editor schema are loaded on
// first use, as the sync server does not otherwise need them.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ImportQuery, type AddedDocument, type CreatedNegotiation } from '../../../shared/src/api/imports.ts';
import { ImportError, type ImportErrorCode } from '../../../shared/src/import/errors.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/src/import/limits.ts';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import type { Store } from '../storage/store.ts';
import { AccessError } from '../access/links.ts';
import { issueSession, sessionCookie } from '../access/sessions.ts';
import { participantOf, queryParams } from './auth.ts';

const STATUS: Record<ImportErrorCode, number> = {
  unsupported: 415,
  'not-word': 415,
  corrupt: 400,
  encrypted: 400,
  'too-large': 413,
  empty: 400,
  'not-a-draft': 422,
};

const LIMIT_MB = MAX_IMPORT_BYTES / 1048576;
const rawBody = express.raw({ type: () => true, limit: MAX_IMPORT_BYTES });

/** The request body as bytes; a body over the limit is answered 413 with the limit in words. */
function upload(req: Request, res: Response, next: NextFunction): void {
  rawBody(req, res, (err?: unknown) => {
    if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
      res.status(413).json({ error: `The file is larger than the ${LIMIT_MB} MB limit.` });
      return;
    }
    if (err) return next(err);
    if (!Buffer.isBuffer(req.body) || req.body.byteLength === 0) {
      res.status(400).json({ error: 'Send the file as the request body.' });
      return;
    }
    next();
  });
}

const modules = () =>
  Promise.all([import('../../../shared/src/import/file.ts'), import('../../../shared/src/import/preview.ts'), import('../negotiations/create.ts')]);

/** The checked query, or a 400 naming what is wrong. */
function importQuery(req: Request, res: Response): ImportQuery | undefined {
  const params = Object.fromEntries([...queryParams(req)].filter(([k]) => k !== 'token'));
  const parsed = ImportQuery.safeParse(params);
  if (parsed.success) return parsed.data;
  res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
  return undefined;
}

export function importsRouter(store: Store, options: { publicUrl: () => string; secureCookies: () => boolean }): Router {
  const router = Router();

  const mayCreate = (res: Response): boolean => {
    if (CAPABILITIES[participantOf(res).role].manage) return true;
    res.status(403).json({ error: 'only a secretariat starts negotiations and adds documents' });
    return false;
  };

  /** Runs an import-using handler, answering ImportError and AccessError with their reason. */
  const answering = (handler: (req: Request, res: Response, query: ImportQuery) => Promise<void>) =>
    async (req: Request, res: Response) => {
      if (!mayCreate(res)) return;
      const query = importQuery(req, res);
      if (!query) return;
      try {
        await handler(req, res, query);
      } catch (err) {
        if (err instanceof ImportError) res.status(STATUS[err.code]).json({ error: err.message, code: err.code });
        else if (err instanceof AccessError) res.status(err.status).json({ error: err.message });
        else throw err;
      }
    };

  router.post(
    '/imports/preview',
    upload,
    answering(async (req, res, query) => {
      const [{ importFile }, { importPreview }] = await modules();
      const result = importFile(req.body as Buffer, query.filename, { numberingStyle: query.style });
      res.json(importPreview(result, query.filename));
    }),
  );

  router.post(
    '/negotiations',
    upload,
    answering(async (req, res, query) => {
      const [{ importFile }, { titleOf }, { createNegotiation, baseName }] = await modules();
      const draft = importFile(req.body as Buffer, query.filename, { numberingStyle: query.style });
      const me = participantOf(res);
      const created = (await createNegotiation(
        store,
        {
          title: query.title || titleOf(draft) || baseName(query.filename),
          draft,
          filename: query.filename,
          delegations: [],
          secretariatName: me.name,
        },
        options.publicUrl(),
      ));
      // The browser now works in the new negotiation: its session becomes the new secretariat seat.
      // The old link still signs in to the old negotiation.
      const secret = await issueSession(store, created.secretariat.id);
      res.set('Set-Cookie', sessionCookie(secret, { secure: options.secureCookies() }));
      const body: CreatedNegotiation = {
        negotiation: { id: created.negotiationId, title: (await store.listNegotiations()).find((n) => n.id === created.negotiationId)!.title },
        document: created.document,
        link: created.link,
        report: draft.report,
      };
      res.status(201).json(body);
    }),
  );

  router.post(
    '/negotiations/:id/documents',
    upload,
    answering(async (req, res, query) => {
      const negotiationId = String(req.params.id);
      if (participantOf(res).negotiationId !== negotiationId) {
        res.status(403).json({ error: 'only the secretariat of this negotiation adds documents to it' });
        return;
      }
      const [{ importFile }, , { addDocument }] = await modules();
      const draft = importFile(req.body as Buffer, query.filename, { numberingStyle: query.style });
      const document = await addDocument(store, negotiationId, draft, query.filename);
      const body: AddedDocument = { document, report: draft.report };
      res.status(201).json(body);
    }),
  );

  return router;
}
