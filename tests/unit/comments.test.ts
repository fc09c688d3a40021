// Comments: who may write and resolve them, limits, threads; the operation decides what the server
// writes, and the author is always the one the server names, never one the operation carries.
import { describe, it, expect } from 'vitest';
import {
  MAX_COMMENT_LENGTH,
  applyCommentOperation,
  commentTextProblem,
  mayComment,
  mayResolve,
  openThreadCount,
  parseCommentOperation,
  readStoredComment,
  targetKey,
  threadsByTarget,
  threadsOf,
  type CommentAuthor,
  type CommentOperation,
  type StoredComment,
} from '../../shared/src/comments/comments.ts';
import type { Role } from '../../shared/src/access/roles.ts';
import { makeDoc, t } from '../helpers/docs.ts';

const doc = makeDoc([
  {
    type: 'paragraph',
    attrs: { id: 'p37', kind: 'op' },
    content: [
      t('We extend the mandate for another '),
      { type: 'bracketGroup', attrs: { id: 'g' }, content: [
        { type: 'bracketAlt', attrs: { id: 'a-five' }, content: [t('five')] },
        { type: 'bracketAlt', attrs: { id: 'a-ten', proposer: 'g77' }, content: [t('ten')] },
      ] },
      t(' years.'),
    ],
  },
]);

const who = (role: Role, id: string = role): CommentAuthor => ({
  participantId: id,
  name: `${id} person`,
  role,
  delegationId: role === 'delegation' ? id : null,
  delegationName: role === 'delegation' ? id.toUpperCase() : null,
});

function run(ops: Array<[CommentOperation, CommentAuthor]>) {
  const comments = new Map<string, StoredComment>();
  let n = 0;
  const results = ops.map(([op, author], i) => {
    const result = applyCommentOperation({ comments, doc, author, now: `2026-11-29T17:00:0${i}Z`, newId: () => `c${++n}` }, op);
    if (result.ok) comments.set(result.write.id, result.write);
    return result;
  });
  return { comments, results };
}

describe('who may comment and resolve', () => {
  it('delegations, co-facilitators and the secretariat comment; observers read', () => {
    expect((['delegation', 'cofacilitator', 'secretariat'] as Role[]).map((r) => mayComment(r).ok)).toEqual([true, true, true]);
    expect(mayComment('observer')).toEqual({ ok: false, reason: 'observers read comments but do not write them' });
  });
  it('co-facilitators and the secretariat resolve', () => {
    expect((['cofacilitator', 'secretariat', 'delegation', 'observer'] as Role[]).map((r) => mayResolve(r).ok)).toEqual([true, true, false, false]);
  });
});

describe('comment text', () => {
  it('is not empty, not too long, without control characters; line breaks are fine', () => {
    expect(commentTextProblem('  ')).toBe('the comment is empty');
    expect(commentTextProblem('x'.repeat(MAX_COMMENT_LENGTH + 1))).toMatch(/longer than/);
    expect(commentTextProblem('bell\u0007')).toMatch(/control/);
    expect(commentTextProblem('We can accept ten.\nNot fifteen.')).toBeNull();
  });
});

describe('a thread', () => {
  it('opens on an alternative, takes replies, is resolved and reopened by a co-facilitator', () => {
    const { comments, results } = run([
      [{ type: 'comment', blockId: 'p37', altId: 'a-ten', text: 'Ten years gives predictability.' }, who('delegation', 'eu')],
      [{ type: 'reply', commentId: 'c1', text: 'Five with a review.' }, who('delegation', 'usa')],
      [{ type: 'reply', commentId: 'c2', text: 'Noted.' }, who('cofacilitator', 'cf')], // a reply to a reply joins the thread
      [{ type: 'resolve-comment', commentId: 'c2' }, who('cofacilitator', 'cf')],
      [{ type: 'reopen-comment', commentId: 'c1' }, who('secretariat', 'sec')],
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const [thread] = threadsOf(comments.values());
    expect(thread.root.author).toEqual(who('delegation', 'eu'));
    expect(thread.root.target).toEqual({ blockId: 'p37', altId: 'a-ten' });
    expect(thread.replies.map((r) => [r.author.participantId, r.parentId, r.target.altId])).toEqual([
      ['usa', 'c1', 'a-ten'],
      ['cf', 'c1', 'a-ten'],
    ]);
    expect(results[3].ok && results[3].write.resolved).toEqual({ by: 'cf', byName: 'cf person', at: '2026-11-29T17:00:03Z' });
    expect(thread.root.resolved).toBeNull();
  });

  it('is refused for observers, for delegations resolving, on a missing target, twice resolved', () => {
    const { results } = run([
      [{ type: 'comment', blockId: 'p37', altId: null, text: 'Observer view' }, who('observer', 'obs')],
      [{ type: 'comment', blockId: 'p37', altId: null, text: 'On the paragraph' }, who('delegation', 'eu')],
      [{ type: 'resolve-comment', commentId: 'c1' }, who('delegation', 'eu')],
      [{ type: 'comment', blockId: 'p99', altId: null, text: 'x' }, who('delegation', 'eu')],
      [{ type: 'comment', blockId: 'p37', altId: 'nope', text: 'x' }, who('delegation', 'eu')],
      [{ type: 'reply', commentId: 'c42', text: 'x' }, who('delegation', 'eu')],
      [{ type: 'resolve-comment', commentId: 'c1' }, who('cofacilitator', 'cf')],
      [{ type: 'resolve-comment', commentId: 'c1' }, who('cofacilitator', 'cf')],
      [{ type: 'reopen-comment', commentId: 'c1' }, who('cofacilitator', 'cf')],
      [{ type: 'reopen-comment', commentId: 'c1' }, who('cofacilitator', 'cf')],
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.status} ${r.error}`))).toEqual([
      '403 observers read comments but do not write them',
      'ok',
      '403 only co-facilitators and the secretariat resolve comments',
      '409 no such paragraph',
      '409 no such alternative in that paragraph',
      '404 no such comment',
      'ok',
      '409 this thread is already resolved',
      'ok',
      '409 this thread is not resolved',
    ]);
  });
});

describe('parseCommentOperation', () => {
  it('keeps only the fields of the operation: an author sent by the client is dropped', () => {
    expect(parseCommentOperation({ type: 'comment', blockId: 'p1', text: 'x', author: { name: 'Forged' } })).toEqual({
      type: 'comment',
      blockId: 'p1',
      altId: null,
      text: 'x',
    });
    expect(parseCommentOperation({ type: 'reply', commentId: 1, text: 'x' })).toEqual({ error: 'malformed reply operation' });
    expect(parseCommentOperation({ type: 'comment', blockId: 'p1', altId: 3, text: 'x' })).toEqual({ error: 'malformed comment operation' });
    expect(parseCommentOperation({ type: 'delete-comment', commentId: 'c1' })).toEqual({ error: 'unknown operation type: delete-comment' });
  });
});

describe('reading threads back', () => {
  it('skips damaged entries, groups threads by target and counts open ones', () => {
    const { comments } = run([
      [{ type: 'comment', blockId: 'p37', altId: null, text: 'one' }, who('delegation', 'eu')],
      [{ type: 'comment', blockId: 'p37', altId: 'a-ten', text: 'two' }, who('delegation', 'eu')],
      [{ type: 'comment', blockId: 'p37', altId: null, text: 'three' }, who('delegation', 'usa')],
      [{ type: 'resolve-comment', commentId: 'c3' }, who('cofacilitator', 'cf')],
    ]);
    expect(readStoredComment({ id: 'x', text: 1 })).toBeNull();
    expect(readStoredComment(comments.get('c1'))).toEqual(comments.get('c1'));
    const byTarget = threadsByTarget(threadsOf(comments.values()));
    expect(byTarget.get('p37')?.map((th) => th.root.text)).toEqual(['one', 'three']);
    expect(byTarget.get(targetKey({ blockId: 'p37', altId: 'a-ten' }))?.length).toBe(1);
    expect(openThreadCount(byTarget.get('p37'))).toBe(1);
  });
});
