// The Express application: JSON API under /api, the built client everywhere else (a single-page app,
// so unknown paths such as /d/<documentId> get index.html). /sync is the WebSocket endpoint, handled on
// the 'upgrade' event; a plain GET there gets a hint rather than the app.
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { StoreUnavailable, type Store } from '../storage/store.ts';
import { log } from '../log.ts';
import { apiRouter, type ApiOptions } from './api.ts';
import { joinRouter } from './join.ts';

export function createApp(store: Store, options: ApiOptions & { clientDir: string }) {
  const app = express();
  app.disable('x-powered-by');

  // JSON bodies only (a cross-site form cannot send one, and SameSite=Lax keeps the cookie off
  // cross-site POSTs anyway); small, since proposals are short.
  app.use('/api', express.json({ limit: '256kb' }), apiRouter(store, options));
  app.use(joinRouter(store, options));

  app.use('/sync', async (_req: Request, res: Response) => {
    res.status(426).json({ error: 'The sync endpoint speaks WebSocket: connect with ws://.../sync/<documentId>.' });
  });

  const indexHtml = path.join(options.clientDir, 'index.html');
  // The service worker (client/src/sw.ts) and its registration script: served at the root so that the
  // worker's scope is the whole app, and never cached by HTTP, so that a new build reaches the browser
  // at its next check (the browser compares the script byte for byte).
  app.get(['/sw.js', '/registerSW.js'], async (req: Request, res: Response, next: NextFunction) => {
    const file = path.join(options.clientDir, path.basename(req.path));
    if (!fs.existsSync(file)) return next();
    res.sendFile(file, { cacheControl: false, headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'text/javascript' } });
  });
  app.use(express.static(options.clientDir, { index: false }));
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset (/assets/x.js) is a 404, not the app: serving HTML there hides broken builds.
    if (path.extname(req.path) !== '') return next();
    // Checked per request so a build made while the server runs is picked up.
    if (!fs.existsSync(indexHtml)) {
      res
        .status(503)
        .type('text/plain')
        .send(`The Penholder client is not built (no ${indexHtml}).\nRun \`npm run build\`, then reload this page.\n`);
      return;
    }
    res.sendFile(indexHtml);
  });

  app.use(async (req: Request, res: Response) => {
    res.status(404).json({ error: `Not found: ${req.method} ${req.path}` });
  });

  // Express 5 forwards thrown and rejected errors here; answer JSON, never an HTML stack trace.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) log.error(`${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) return;
    // A store that cannot write is an answer the person can act on (try again), not an internal error.
    const sayable = status < 500 || err instanceof StoreUnavailable;
    res.status(status).json({ error: sayable ? (err as Error).message : 'Internal server error.' });
  });

  return app;
}
