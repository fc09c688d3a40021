// First-start content: the WSIS+10 negotiation with its zero draft, so a fresh install opens on a real
// document. Runs only when the store holds no negotiation, so a restart never creates it twice.
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from './storage/store.ts';
import { fixturesDir } from './config.ts';
import { demoDelegations } from './demoDelegations.ts';
import { log } from './log.ts';
import { issueParticipant } from './access/links.ts';
import type { Role } from '../../shared/src/access/roles.ts';
import { newRecordId } from './ids.ts';

export const DEMO_NEGOTIATION_TITLE = 'WSIS+10 overall review';
const DEMO_SOURCE = path.join(fixturesDir, 'wsis10-zero-draft.txt');

export interface DemoState {
  /** A document to open, if any. */
  documentId: string | undefined;
  /** Set when this call created the demo negotiation (its first start). */
  createdNegotiationId?: string;
}

/** Creates the demo negotiation if the store is empty. */
export async function ensureDemo(store: Store): Promise<DemoState> {
  const existing = await store.listNegotiations();
  if (existing.length > 0) return { documentId: (await store.listDocuments(existing[0]!.id))[0]?.id };

  // Loaded only when seeding: the importer and the editor schema (TipTap, ProseMirror) are otherwise
  // not needed by the server, which syncs Yjs updates without interpreting them.
  const { importDocument } = await import('../../shared/src/import/index.ts');
  const { yUpdateFromDocJSON } = await import('../../shared/src/collab/ydoc.ts');
  const { titleOf } = await import('../../shared/src/import/preview.ts');

  const source = fs.readFileSync(DEMO_SOURCE, 'utf8');
  const { doc, report } = importDocument(source, { format: 'text' });
  for (const issue of report) log.info(`demo import, line ${issue.line}: ${issue.message}`);
  const front = doc.content?.[0]?.attrs ?? {};
  const titleText = titleOf({ doc });

  const documentId = newRecordId();
  const negotiationId = newRecordId();
  await store.createNegotiation({
    negotiation: { id: negotiationId, title: DEMO_NEGOTIATION_TITLE },
    delegations: demoDelegations,
    documents: [
      {
        id: documentId,
        title: titleText.trim() || 'Zero draft',
        numberingStyle: typeof front.numberingStyle === 'string' ? front.numberingStyle : 'outcome',
        initialUpdate: yUpdateFromDocJSON(doc),
        origin: 'import',
      },
    ],
  });
  log.info(`created the demo negotiation "${DEMO_NEGOTIATION_TITLE}" (document ${documentId})`);
  return { documentId, createdNegotiationId: negotiationId };
}

export interface DemoLink {
  /** What the start-up line calls it: 'secretariat', 'co-facilitator', 'delegation (European Union)', 'observer'. */
  label: string;
  role: Role;
  link: string;
}

/** One access link per role for the demo negotiation, issued on its first start (secrets are not kept). */
export async function issueDemoLinks(store: Store, negotiationId: string, publicUrl: string): Promise<DemoLink[]> {
  const seats: { label: string; role: Role; name: string; delegationId?: string }[] = [
    { label: 'secretariat', role: 'secretariat', name: 'Secretariat' },
    { label: 'co-facilitator', role: 'cofacilitator', name: 'Co-facilitator' },
    { label: 'delegation (European Union)', role: 'delegation', name: 'European Union', delegationId: 'eu' },
    { label: 'observer', role: 'observer', name: 'Observer' },
  ];
  return Promise.all(seats.map(async (seat) => ({
    label: seat.label,
    role: seat.role,
    link: (await issueParticipant(store, { negotiationId, role: seat.role, name: seat.name, delegationId: seat.delegationId }, publicUrl)).link,
  })));
}
