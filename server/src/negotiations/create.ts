// Starting a negotiation from a secretariat's own draft, and adding a further document to one (an
// annex, a second decision). The command line and the HTTP API both come here, so a negotiation is
// created the same way from either: the caller imports the file (shared/src/import/file.ts), the document
// and its delegations are stored in one transaction, and the first secretariat link is issued.
// Nothing is created when the file or the delegation list is refused.
//
// Loaded on demand by its callers: the importer pulls in the editor schema (TipTap, ProseMirror),
// which the sync server otherwise does not need.
import type { FileImportResult } from '../../../shared/src/import/file.ts';
import { titleOf } from '../../../shared/src/import/preview.ts';
import { yUpdateFromDocJSON } from '../../../shared/src/collab/ydoc.ts';
import { uniqueDelegationId, type ListedDelegation } from '../../../shared/src/access/delegations.ts';
import type { DocumentSeed, Store } from '../storage/store.ts';
import { issueParticipant, AccessError } from '../access/links.ts';
import type { Participant } from '../sync/participant.ts';
import { newRecordId } from '../ids.ts';

function documentSeed(draft: FileImportResult, fallbackTitle: string): DocumentSeed {
  return {
    id: newRecordId(),
    title: titleOf(draft) || fallbackTitle,
    numberingStyle: String(draft.doc.content?.[0]?.attrs?.numberingStyle ?? draft.detectedStyle),
    initialUpdate: yUpdateFromDocJSON(draft.doc),
    origin: 'import',
  };
}

/** "zero-draft.docx" -> "zero-draft": a document title when the file has none. */
export function baseName(filename: string): string {
  return filename.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Draft';
}

export interface NewNegotiation {
  title: string;
  draft: FileImportResult;
  filename: string;
  delegations: readonly Pick<ListedDelegation, 'name' | 'kind'>[];
  /** Name of the first secretariat participant (the person creating it). */
  secretariatName?: string;
}

export interface CreatedNegotiation {
  negotiationId: string;
  document: { id: string; title: string };
  secretariat: Participant;
  link: string;
}

export async function createNegotiation(store: Store, request: NewNegotiation, publicUrl: string): Promise<CreatedNegotiation> {
  const title = request.title.trim();
  if (!title) throw new AccessError('the negotiation needs a title');
  if (title.length > 300) throw new AccessError('the title is longer than 300 characters');
  const document = documentSeed(request.draft, baseName(request.filename));
  const taken = new Set<string>();
  const delegations = request.delegations.map((d) => {
    const id = uniqueDelegationId(d.name, taken);
    taken.add(id);
    return { id, name: d.name, kind: d.kind };
  });
  const negotiationId = newRecordId();
  await store.createNegotiation({ negotiation: { id: negotiationId, title }, delegations, documents: [document] });
  const { participant, link } = (await issueParticipant(
    store,
    { negotiationId, role: 'secretariat', name: request.secretariatName || undefined },
    publicUrl,
  ));
  return { negotiationId, document: { id: document.id, title: document.title }, secretariat: participant, link };
}

export async function addDocument(
  store: Store,
  negotiationId: string,
  draft: FileImportResult,
  filename: string,
): Promise<{ id: string; title: string }> {
  if (!(await store.listNegotiations()).some((n) => n.id === negotiationId)) {
    throw new AccessError(`no negotiation with id "${negotiationId}"`, 404);
  }
  const document = documentSeed(draft, baseName(filename));
  await store.createDocument(negotiationId, document);
  return { id: document.id, title: document.title };
}
