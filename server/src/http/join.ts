// GET /join?token=SECRET: what an access link opens. A valid link signs the person in (session cookie)
// and sends them to their negotiation's first document; anything else gets a plain page saying why.
import { Router, type Request, type Response } from 'express';
import { HTTP_MESSAGES, authenticate, credentialsOf } from '../access/authenticate.ts';
import { issueSession, sessionCookie } from '../access/sessions.ts';
import type { Store } from '../storage/store.ts';
import { queryParams } from './auth.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function refusalPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Penholder: access link</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>Penholder</h1>
<p>${escapeHtml(message)}</p>
<p>Ask the secretariat of your negotiation for a new access link.</p>
</body></html>
`;
}

export function joinRouter(store: Store, options: { secureCookies: () => boolean }): Router {
  const router = Router();
  router.get('/join', async (req: Request, res: Response) => {
    const params = queryParams(req);
    // Only the link's own token counts here: a stale cookie must not sign someone in as another person.
    const auth = await authenticate(store, { ...credentialsOf(req, params), session: null, token: params.get('token') });
    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer');
    if (!auth.ok) {
      const message = auth.refusal === 'missing' ? HTTP_MESSAGES.malformed : HTTP_MESSAGES[auth.refusal];
      res.status(401).type('html').send(refusalPage(message));
      return;
    }
    const secret = await issueSession(store, auth.participant.id);
    res.set('Set-Cookie', sessionCookie(secret, { secure: options.secureCookies() }));
    const first = (await store.listDocuments(auth.participant.negotiationId))[0];
    res.redirect(303, first ? `/d/${first.id}` : '/');
  });
  return router;
}
