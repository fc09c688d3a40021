// Typed access to the server's HTTP API (server/README.md). Identity travels in the
// HTTP-only session cookie the server set when the person opened their access link; the browser
// sends it with every same-origin request and WebSocket, so nothing here handles secrets.
import type { CommentOperation, StoredComment } from '../../shared/src/comments/comments.ts';
import type { NumberingStyle } from '../../shared/src/model/types.ts';
import type { Capabilities, Role } from '../../shared/src/access/roles.ts';
import type { ProposalOperation } from '../../shared/src/proposals/operations.ts';
import { CreatedNegotiation, ImportPreview } from '../../shared/src/api/imports.ts';
import { RevisionList, RevisionSummary } from '../../shared/src/api/revisions.ts';
import type { Redline } from '../../shared/src/revisions/redline.ts';
import type { JSONContent } from '@tiptap/core';
import type { BlockChange, HistoryEvent } from '../../shared/src/api/history.ts';
import { SilenceAnswer, type SilenceOperation } from '../../shared/src/api/silence.ts';
import { Overview } from '../../shared/src/consensus/overview.ts';

export interface DelegationSummary {
  id: string;
  name: string;
  kind: string;
}
export interface NegotiationSummary {
  id: string;
  title: string;
  documents: Array<{ id: string; title: string }>;
  delegations: DelegationSummary[];
}
export interface DocumentInfo {
  id: string;
  title: string;
  negotiationId: string;
  numberingStyle: NumberingStyle;
}
export interface Me {
  participant: {
    id: string;
    name: string;
    role: Role;
    negotiationId: string;
    delegation: DelegationSummary | null;
  };
  capabilities: Capabilities;
}
export interface Participant {
  id: string;
  name: string;
  role: Role;
  delegation: DelegationSummary | null;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
}
export interface HistoryEntry {
  seq: number;
  at: string;
  participant: { id: string; name: string; role: Role; delegation: { id: string; name: string } | null };
  blocks: string[];
  /** Statuses the change set, by paragraph id: { p12: 'agreed' } (agreeing, reopening). */
  statuses?: Record<string, string>;
  /** What the server did through a named operation (a group resolved, agreed under silence...). */
  events?: HistoryEvent[];
  /** The touched paragraphs' text before and after the change (asked for with `changes=1`). */
  changes?: BlockChange[];
}

/**
 * The request never reached the server (no network, server down): nothing was done. Distinct from
 * ApiError so the page can say "offline, nothing was sent" instead of a browser's "Failed to fetch".
 */
export class OfflineError extends Error {
  constructor() {
    super('The room is offline: nothing was sent. Try again once the connection is back.');
  }
}

/** An HTTP refusal, with the server's own message (shown to the person as text). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    // fetch rejects only when no answer came (network down, server gone) or the caller aborted
    if (signal?.aborted) throw err;
    throw new OfflineError();
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const json = (await res.json()) as { error?: unknown };
      if (typeof json?.error === 'string') message = json.error;
    } catch {
      /* not JSON: keep the status line */
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

export const getMe = (signal?: AbortSignal) => request<Me>('GET', '/api/me', undefined, signal);
export const logout = () => request<unknown>('POST', '/api/logout', {});
export const listNegotiations = (signal?: AbortSignal) => request<NegotiationSummary[]>('GET', '/api/negotiations', undefined, signal);
export const getDocument = (id: string, signal?: AbortSignal) =>
  request<DocumentInfo>('GET', `/api/documents/${enc(id)}`, undefined, signal);

/**
 * Asks the server to apply a proposal; it answers 4xx with the reason when it refuses. `onBehalfOf`:
 * a co-facilitator entering it for a delegation speaking in the room (screen negotiation).
 */
export const postOperation = (documentId: string, op: ProposalOperation, onBehalfOf?: string) =>
  request<{ ok: true }>('POST', `/api/documents/${enc(documentId)}/operations`, onBehalfOf ? { ...op, onBehalfOf } : op);

/** A comment operation (comment, reply, resolve, reopen): the server stamps the author and writes it. */
export const postCommentOperation = (documentId: string, op: CommentOperation) =>
  request<{ ok: true; comment: StoredComment }>('POST', `/api/documents/${enc(documentId)}/operations`, op);

export const getHistory = (documentId: string, blockId: string | null, signal?: AbortSignal) =>
  request<HistoryEntry[]>(
    'GET',
    `/api/documents/${enc(documentId)}/history?${blockId ? `block=${enc(blockId)}&` : ''}limit=50&changes=1`,
    undefined,
    signal,
  );

/** Who writes under each Yjs client id in the document (for the "Colour by author" view). */
export const getAuthors = (documentId: string, signal?: AbortSignal) =>
  request<{ authors: Record<string, { participantId: string; name: string; role: string; delegationId: string | null }> }>(
    'GET',
    `/api/documents/${enc(documentId)}/authors`,
    undefined,
    signal,
  );

export const listParticipants = (negotiationId: string, signal?: AbortSignal) =>
  request<Participant[]>('GET', `/api/negotiations/${enc(negotiationId)}/participants`, undefined, signal);
export const addParticipant = (
  negotiationId: string,
  body: { role: Role; name: string; delegationId?: string; expiresAt?: string },
) => request<{ participant: Participant; link: string }>('POST', `/api/negotiations/${enc(negotiationId)}/participants`, body);
export const revokeParticipant = (participantId: string) =>
  request<{ participant: Participant }>('POST', `/api/participants/${enc(participantId)}/revoke`, {});
export const addDelegation = (negotiationId: string, body: { name: string; kind: 'group' | 'state' | 'organization' }) =>
  request<{ delegation: DelegationSummary }>('POST', `/api/negotiations/${enc(negotiationId)}/delegations`, body);

/** ws(s)://host/sync — the provider appends `/<documentId>`. */
export function syncServerUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/sync`;
}

/** Sends a file as the request body (the import endpoints) and parses the answer with its wire schema. */
async function upload<T>(path: string, file: Blob, schema: { parse(value: unknown): T }, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    signal,
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
    body: file,
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (json as { error?: unknown } | null)?.error;
    throw new ApiError(res.status, typeof error === 'string' ? error : `${res.status} ${res.statusText}`);
  }
  return schema.parse(json);
}

function importPath(path: string, query: { filename: string; title?: string; style?: NumberingStyle }): string {
  const params = new URLSearchParams({ filename: query.filename });
  if (query.title) params.set('title', query.title);
  if (query.style) params.set('style', query.style);
  return `${path}?${params}`;
}

/** What a draft file would become; creates nothing. */
export const previewImport = (file: File, style: NumberingStyle | undefined, signal?: AbortSignal) =>
  upload(importPath('/api/imports/preview', { filename: file.name, style }), file, ImportPreview, signal);

/** Creates a negotiation from a draft file; the browser is then signed in as its secretariat. */
export const createNegotiationFromFile = (file: File, title: string, style: NumberingStyle) =>
  upload(importPath('/api/negotiations', { filename: file.name, title, style }), file, CreatedNegotiation);

export const listRevisions = (documentId: string, signal?: AbortSignal) =>
  request<RevisionSummary[]>('GET', `/api/documents/${enc(documentId)}/revisions`, undefined, signal).then((v) => RevisionList.parse(v));
export const freezeRevision = (documentId: string, body: { name: string; note: string; renumber: boolean }) =>
  request<RevisionSummary>('POST', `/api/documents/${enc(documentId)}/revisions`, body).then((v) => RevisionSummary.parse(v));
export const getRevision = (documentId: string, revisionId: string, signal?: AbortSignal) =>
  request<{ revision: RevisionSummary; doc: JSONContent }>('GET', `/api/documents/${enc(documentId)}/revisions/${enc(revisionId)}`, undefined, signal);
/** The redline from a revision to another revision or the live text (`live`). */
export const compareRevisions = (documentId: string, from: string, to: string, signal?: AbortSignal) =>
  request<Redline>('GET', `/api/documents/${enc(documentId)}/compare?from=${enc(from)}&to=${enc(to)}`, undefined, signal);

/** The overview page's numbers (shared/src/consensus/overview.ts). */
export const getOverview = (documentId: string, signal?: AbortSignal) =>
  request<unknown>('GET', `/api/documents/${enc(documentId)}/overview`, undefined, signal).then((v) => Overview.parse(v));
/** Opens, breaks or withdraws a silence procedure (shared/src/api/silence.ts). */
export const postSilence = (documentId: string, op: SilenceOperation) =>
  request<unknown>('POST', `/api/documents/${enc(documentId)}/silence`, op).then((v) => SilenceAnswer.parse(v));
/** Fixes the current paragraph numbers: a paragraph inserted after 12 is then 12 bis. */
export const fixNumbering = (documentId: string) =>
  request<{ labels: number }>('POST', `/api/documents/${enc(documentId)}/numbering/fix`, {});
/** Resolves a bracket group through the server, so the history records what was chosen and dropped. */
export const resolveGroupOnServer = (documentId: string, groupId: string, keep: number | null) =>
  request<{ ok: true }>('POST', `/api/documents/${enc(documentId)}/resolutions`, { groupId, keep });
/** Re-creates a group resolved in the history entry `seq`. */
export const undoResolution = (documentId: string, seq: number, blockId: string) =>
  request<{ ok: true }>('POST', `/api/documents/${enc(documentId)}/resolutions/${seq}/undo`, { blockId });
