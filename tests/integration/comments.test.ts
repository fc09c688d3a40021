// Comments travel as named operations (POST /api/documents/:id/operations): the server stamps the
// author from the session, writes the room's comments map, and every client sees the comment live
// through sync; it survives a restart. Observers read but do not write; only co-facilitators and the
// secretariat resolve. A client cannot write the comments map over sync (its update is refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMMENTS_FIELD } from '../../shared/src/collab/ydoc.ts';
import { readStoredComment, threadsOf, type StoredComment } from '../../shared/src/comments/comments.ts';
import {
  connectProvider,
  issueLink,
  postJSON,
  seededDataDir,
  startServerProcess,
  tokenOf,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';
import { agreedAndBracketed } from '../helpers/fixtureContent.ts';

let server: ServerProcess;
let dataDir: string;
let documentId: string;
let g77Token: string;
const clients: ProviderClient[] = [];

beforeAll(async () => {
  const seeded = await seededDataDir({ content: agreedAndBracketed });
  dataDir = seeded.dataDir;
  documentId = seeded.documentId;
  server = await startServerProcess({ dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
  g77Token = tokenOf((await issueLink(server, { role: 'delegation', delegationId: 'g77', name: 'G77 delegate' })).link);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop('SIGKILL');
});

const operate = (op: unknown, token: string) => postJSON(server, `/api/documents/${documentId}/operations`, op, token);
const comments = (doc: Y.Doc): StoredComment[] =>
  [...doc.getMap(COMMENTS_FIELD).values()].map(readStoredComment).filter((c): c is StoredComment => c !== null);
const connect = (token: string) => {
  const client = connectProvider(server, documentId, { token });
  clients.push(client);
  return client;
};

describe('comment operations', () => {
  let first: StoredComment;

  it('a delegation comments on an alternative; the server names the author, and an observer sees it live', async () => {
    const observer = connect(server.tokens.observer);
    await observer.synced;
    const res = await operate(
      { type: 'comment', blockId: 'p2', altId: 'a2', text: 'We prefer a high-level meeting.', author: { name: 'Someone else' } },
      server.tokens.delegation,
    );
    expect(res.status).toBe(200);
    first = res.body.comment;
    expect(first).toMatchObject({
      target: { blockId: 'p2', altId: 'a2' },
      parentId: null,
      text: 'We prefer a high-level meeting.',
      author: { role: 'delegation', delegationId: 'eu', delegationName: 'European Union' },
      resolved: null,
    });
    expect(first.author.name).not.toBe('Someone else');
    await waitUntil(() => comments(observer.doc).some((c) => c.id === first.id), 5_000, 'the comment to reach the observer');
    expect(comments(observer.doc).find((c) => c.id === first.id)).toEqual(first);
  });

  it('another delegation replies; the thread holds both, in order', async () => {
    const res = await operate({ type: 'reply', commentId: first.id, text: 'We can accept either.' }, g77Token);
    expect(res.status).toBe(200);
    expect(res.body.comment).toMatchObject({ parentId: first.id, target: first.target, author: { delegationId: 'g77' } });
    const cofac = connect(server.tokens.cofacilitator);
    await cofac.synced;
    const [thread] = threadsOf(comments(cofac.doc));
    expect([thread.root.text, ...thread.replies.map((r) => r.text)]).toEqual(['We prefer a high-level meeting.', 'We can accept either.']);
  });

  it('refuses observers, delegations resolving, missing targets and empty or overlong text, with the reason', async () => {
    const cases: Array<[unknown, string, number, string]> = [
      [{ type: 'comment', blockId: 'p2', text: 'x' }, server.tokens.observer, 403, 'observers read comments but do not write them'],
      [{ type: 'resolve-comment', commentId: first.id }, server.tokens.delegation, 403, 'only co-facilitators and the secretariat resolve comments'],
      [{ type: 'comment', blockId: 'p9', text: 'x' }, server.tokens.delegation, 409, 'no such paragraph'],
      [{ type: 'comment', blockId: 'p2', text: ' ' }, server.tokens.delegation, 400, 'the comment is empty'],
      [{ type: 'comment', blockId: 'p2', text: 'x'.repeat(2001) }, server.tokens.delegation, 400, 'the comment is longer than 2000 characters'],
      [{ type: 'reply', commentId: 'nope', text: 'x' }, server.tokens.delegation, 404, 'no such comment'],
    ];
    for (const [op, token, status, error] of cases) expect(await operate(op, token)).toEqual({ status, body: { error } });
  });

  it('the co-facilitator resolves the thread; everyone sees it resolved', async () => {
    const watcher = connect(g77Token);
    await watcher.synced;
    const res = await operate({ type: 'resolve-comment', commentId: first.id }, server.tokens.cofacilitator);
    expect(res.status).toBe(200);
    await waitUntil(() => comments(watcher.doc).find((c) => c.id === first.id)?.resolved != null, 5_000, 'the resolution to arrive');
    expect(comments(watcher.doc).find((c) => c.id === first.id)?.resolved).toMatchObject({ by: expect.any(String), byName: expect.any(String) });
  });

  // The sync server refuses client updates outside the document fragment (server/src/sync/validate.ts).
  it('a client writing the comments map over sync is not believed: the server keeps only its own', async () => {
    const forger = connect(server.tokens.cofacilitator);
    await forger.synced;
    forger.doc.getMap(COMMENTS_FIELD).set('forged', { ...first, id: 'forged', text: 'Forged', author: { ...first.author, name: 'Forged' } });
    await new Promise((r) => setTimeout(r, 500));
    const check = connect(server.tokens.observer);
    await check.synced;
    expect(comments(check.doc).some((c) => c.id === 'forged')).toBe(false);
  });

  it('survives a restart', async () => {
    await server.stop('SIGKILL');
    server = await startServerProcess({ dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: server.tokens });
    const after = connect(server.tokens.observer);
    await after.synced;
    expect(threadsOf(comments(after.doc))[0].replies).toHaveLength(1);
    expect(comments(after.doc).find((c) => c.id === first.id)?.resolved).not.toBeNull();
  });
});
