/**
 * Comments on the text (docs/design.md §15): a delegation, a co-facilitator or the secretariat
 * attaches a comment to a paragraph or to one alternative of a bracket group; others reply (one
 * level: replies belong to the comment that opened the thread); co-facilitators and the secretariat
 * resolve a thread and may reopen it. Everyone in the negotiation reads them, observers included.
 *
 * Where they live: in the room's Y.Doc, under their own root (COMMENTS_FIELD in collab/ydoc.ts), a
 * Y.Map from comment id to a plain JSON StoredComment. Only the server writes there, through the
 * named operations below (POST /api/documents/:id/operations), stamping the author from the
 * session: a client never says who it is, and the sync channel refuses client writes outside the
 * document fragment. So comments sync live, persist and reach the history like any accepted update.
 *
 * The rules (who may comment or resolve, limits on length and number) are pure functions here; the
 * server asks them, the client asks them only to hide what would be refused.
 *
 * Known limits: a comment is not edited or deleted (a mistaken one is resolved); a comment whose
 * paragraph or alternative is gone (resolved, withdrawn, deleted) is kept, listed as detached; comments
 * are not part of any export yet.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Role } from '../access/roles.ts';

export const MAX_COMMENT_LENGTH = 2000;
/** Comments (replies included) one document holds; past it, new ones are refused. */
export const MAX_COMMENTS = 10_000;
/** Replies in one thread. */
export const MAX_REPLIES = 200;

export interface CommentTarget {
  /** The paragraph (or subparagraph, heading) the comment is about. */
  blockId: string;
  /** One alternative of a bracket group in that block, or null for the block as a whole. */
  altId: string | null;
}

export interface CommentAuthor {
  participantId: string;
  name: string;
  role: Role;
  delegationId: string | null;
  /** The delegation's name as it was when the comment was written. */
  delegationName: string | null;
}

export interface StoredComment {
  id: string;
  target: CommentTarget;
  /** The thread's first comment, or null when this comment opens a thread. */
  parentId: string | null;
  author: CommentAuthor;
  text: string;
  /** ISO 8601, server time. */
  createdAt: string;
  /** Set on the thread's first comment when a co-facilitator or the secretariat resolved the thread. */
  resolved: { by: string; byName: string; at: string } | null;
}

export type CommentOperation =
  | { type: 'comment'; blockId: string; altId: string | null; text: string }
  | { type: 'reply'; commentId: string; text: string }
  | { type: 'resolve-comment'; commentId: string }
  | { type: 'reopen-comment'; commentId: string };

export const COMMENT_OPERATION_TYPES: readonly CommentOperation['type'][] = ['comment', 'reply', 'resolve-comment', 'reopen-comment'];

export function isCommentOperation(value: unknown): boolean {
  return !!value && typeof value === 'object' && (COMMENT_OPERATION_TYPES as readonly unknown[]).includes((value as { type?: unknown }).type);
}

export type Verdict = { ok: true } | { ok: false; reason: string };
const refuse = (reason: string): Verdict => ({ ok: false, reason });
const OK: Verdict = { ok: true };

/** Delegations, co-facilitators and the secretariat comment; observers read. */
export function mayComment(role: Role): Verdict {
  return role === 'observer' ? refuse('observers read comments but do not write them') : OK;
}

/** Co-facilitators and the secretariat resolve (and reopen) a thread. */
export function mayResolve(role: Role): Verdict {
  return role === 'cofacilitator' || role === 'secretariat' ? OK : refuse('only co-facilitators and the secretariat resolve comments');
}

/** Why a comment's text cannot be stored, or null when it can. */
export function commentTextProblem(text: string): string | null {
  if (!text.trim()) return 'the comment is empty';
  if (text.length > MAX_COMMENT_LENGTH) return `the comment is longer than ${MAX_COMMENT_LENGTH} characters`;
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return 'the comment contains control characters';
  return null;
}

/** Checks the shape of an operation received over the network; returns it typed, or an error. */
export function parseCommentOperation(value: unknown): CommentOperation | { error: string } {
  if (!value || typeof value !== 'object') return { error: 'an operation must be a JSON object' };
  const op = value as Record<string, unknown>;
  const str = (key: string) => typeof op[key] === 'string' && (op[key] as string).length <= MAX_COMMENT_LENGTH * 2;
  switch (op.type) {
    case 'comment':
      if (!str('blockId') || !str('text') || !(op.altId == null || str('altId'))) return { error: 'malformed comment operation' };
      return { type: 'comment', blockId: op.blockId as string, altId: (op.altId as string | null | undefined) ?? null, text: op.text as string };
    case 'reply':
      if (!str('commentId') || !str('text')) return { error: 'malformed reply operation' };
      return { type: 'reply', commentId: op.commentId as string, text: op.text as string };
    case 'resolve-comment':
    case 'reopen-comment':
      if (!str('commentId')) return { error: `malformed ${op.type} operation` };
      return { type: op.type, commentId: op.commentId as string };
    default:
      return { error: `unknown operation type: ${String(op.type)}` };
  }
}

/** Whether the target exists in the document: a block with that id, and in it an alternative with that id. */
export function targetExists(doc: PMNode, target: CommentTarget): boolean {
  let block: PMNode | null = null;
  doc.forEach((node) => {
    if (!block && node.attrs.id === target.blockId) block = node;
  });
  if (!block) return false;
  if (target.altId === null) return true;
  let found = false;
  (block as PMNode).descendants((node) => {
    if (found) return false;
    if (node.type.name === 'bracketAlt' && node.attrs.id === target.altId) found = true;
    return !found;
  });
  return found;
}

export interface CommentContext {
  /** The comments stored so far, by id. */
  comments: ReadonlyMap<string, StoredComment>;
  /** The document now, to check a new comment's target. */
  doc: PMNode;
  author: CommentAuthor;
  /** ISO time to stamp. */
  now: string;
  /** A fresh comment id. */
  newId: () => string;
}

export type CommentResult = { ok: true; write: StoredComment } | { ok: false; status: 400 | 403 | 404 | 409; error: string };

/**
 * What an operation writes: one StoredComment (new, or the thread's first comment with its
 * resolution changed), or why it is refused. The author is the context's, never the operation's.
 */
export function applyCommentOperation(ctx: CommentContext, op: CommentOperation): CommentResult {
  const { author } = ctx;
  if (op.type === 'comment' || op.type === 'reply') {
    const allowed = mayComment(author.role);
    if (!allowed.ok) return { ok: false, status: 403, error: allowed.reason };
    const problem = commentTextProblem(op.text);
    if (problem) return { ok: false, status: 400, error: problem };
    if (ctx.comments.size >= MAX_COMMENTS) return { ok: false, status: 409, error: `this document already holds ${MAX_COMMENTS} comments` };
    if (op.type === 'comment') {
      const target = { blockId: op.blockId, altId: op.altId };
      if (!targetExists(ctx.doc, target)) {
        return { ok: false, status: 409, error: op.altId ? 'no such alternative in that paragraph' : 'no such paragraph' };
      }
      return { ok: true, write: { id: ctx.newId(), target, parentId: null, author, text: op.text, createdAt: ctx.now, resolved: null } };
    }
    const root = threadRoot(ctx.comments, op.commentId);
    if (!root) return { ok: false, status: 404, error: 'no such comment' };
    let replies = 0;
    for (const c of ctx.comments.values()) if (c.parentId === root.id) replies++;
    if (replies >= MAX_REPLIES) return { ok: false, status: 409, error: `this thread already holds ${MAX_REPLIES} replies` };
    return {
      ok: true,
      write: { id: ctx.newId(), target: root.target, parentId: root.id, author, text: op.text, createdAt: ctx.now, resolved: null },
    };
  }
  const allowed = mayResolve(author.role);
  if (!allowed.ok) return { ok: false, status: 403, error: allowed.reason };
  const root = threadRoot(ctx.comments, op.commentId);
  if (!root) return { ok: false, status: 404, error: 'no such comment' };
  if (op.type === 'resolve-comment') {
    if (root.resolved) return { ok: false, status: 409, error: 'this thread is already resolved' };
    return { ok: true, write: { ...root, resolved: { by: author.participantId, byName: author.name, at: ctx.now } } };
  }
  if (!root.resolved) return { ok: false, status: 409, error: 'this thread is not resolved' };
  return { ok: true, write: { ...root, resolved: null } };
}

/** The comment that opened the thread `id` belongs to (itself, or its parent). */
function threadRoot(comments: ReadonlyMap<string, StoredComment>, id: string): StoredComment | null {
  const c = comments.get(id);
  if (!c) return null;
  return c.parentId ? (comments.get(c.parentId) ?? null) : c;
}

/** A stored value read back from the Y.Doc, checked (a damaged or foreign entry is skipped). */
export function readStoredComment(value: unknown): StoredComment | null {
  if (!value || typeof value !== 'object') return null;
  const c = value as Partial<StoredComment>;
  const ok =
    typeof c.id === 'string' &&
    typeof c.text === 'string' &&
    typeof c.createdAt === 'string' &&
    !!c.target &&
    typeof c.target.blockId === 'string' &&
    (c.target.altId === null || typeof c.target.altId === 'string') &&
    (c.parentId === null || typeof c.parentId === 'string') &&
    !!c.author &&
    typeof c.author.name === 'string' &&
    typeof c.author.participantId === 'string';
  return ok ? (c as StoredComment) : null;
}

export interface Thread {
  root: StoredComment;
  replies: StoredComment[];
}

/** Threads in the order they were opened, replies in the order written. Orphan replies are dropped. */
export function threadsOf(comments: Iterable<StoredComment>): Thread[] {
  const all = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const threads = new Map<string, Thread>();
  for (const c of all) if (!c.parentId) threads.set(c.id, { root: c, replies: [] });
  for (const c of all) if (c.parentId) threads.get(c.parentId)?.replies.push(c);
  return [...threads.values()];
}

/** Key of a target, to group threads by paragraph or alternative. */
export function targetKey(target: CommentTarget): string {
  return target.altId ? `${target.blockId}#${target.altId}` : target.blockId;
}

/** Threads by target key (targetKey). */
export function threadsByTarget(threads: readonly Thread[]): Map<string, Thread[]> {
  const out = new Map<string, Thread[]>();
  for (const t of threads) {
    const key = targetKey(t.root.target);
    const list = out.get(key);
    if (list) list.push(t);
    else out.set(key, [t]);
  }
  return out;
}

/** Open (unresolved) threads among these. */
export function openThreadCount(threads: readonly Thread[] | undefined): number {
  return threads ? threads.filter((t) => !t.root.resolved).length : 0;
}
