// Pen-holders' recorded changes (docs/design.md §16):
//   POST /api/documents/:id/resolutions {groupId, keep}        resolve a group (keep an alternative, or null to drop it)
//   POST /api/documents/:id/resolutions/:seq/undo {blockId}    re-create the group a resolution removed
//   POST /api/documents/:id/numbering/fix                      fix the current paragraph numbers
// Resolving here, rather than in the editor over sync, is what lets the history say what was chosen
// and dropped and undo it (shared/src/proposals/resolution.ts). Fixing the numbering writes the
// labels a revision would freeze (shared/src/revisions/labelFreeze.ts), without a revision.
import { Router, type Request, type Response } from 'express';
import * as Y from 'yjs';
import { z } from 'zod';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { parseEvents, type HistoryEvent } from '../../../shared/src/api/history.ts';
import { DOCUMENT_FIELD, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { resolveRecorded, restoreResolved } from '../../../shared/src/proposals/resolution.ts';
import { planLabelFreeze } from '../../../shared/src/revisions/labelFreeze.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument, participantOf } from './auth.ts';

const ResolveRequest = z.object({ groupId: z.string().min(1), keep: z.number().int().nonnegative().nullable() });
const UndoRequest = z.object({ blockId: z.string().min(1) });

export function resolutionsRouter(store: Store, rooms: Rooms): Router {
  const router = Router();

  const penHolder = async (req: Request, res: Response, capability: 'resolve' | 'freeze', refusal: string) => {
    const document = await memberDocument(store, req, res);
    if (!document) return null;
    const participant = participantOf(res);
    if (!CAPABILITIES[participant.role][capability]) {
      res.status(403).json({ error: refusal });
      return null;
    }
    return { document, participant };
  };

  router.post('/documents/:id/resolutions', async (req: Request, res: Response) => {
    const who = await penHolder(req, res, 'resolve', 'only co-facilitators and the secretariat resolve bracket groups');
    if (!who) return;
    const body = ResolveRequest.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'give the group (groupId) and the alternative to keep (keep: its index, or null to drop the group)' });
      return;
    }
    const result = await rooms.using(who.document.id, async (room) => (await room.applyRecorded(who.participant, (state) => resolveRecorded(state, body.data.groupId, body.data.keep))));
    if (!result) return void res.status(404).json({ error: 'no such document' });
    if (!result.ok) return void res.status(result.status).json({ error: result.error });
    res.json({ ok: true, event: result.event });
  });

  router.post('/documents/:id/resolutions/:seq/undo', async (req: Request, res: Response) => {
    const who = await penHolder(req, res, 'resolve', 'only co-facilitators and the secretariat undo a resolution');
    if (!who) return;
    const seq = Number(req.params.seq);
    const body = UndoRequest.safeParse(req.body);
    if (!Number.isInteger(seq) || !body.success) return void res.status(400).json({ error: 'name the history entry and its paragraph (blockId)' });
    // the paragraph's own history is an index range scan (update_blocks)
    const entry = (await store.history(who.document.id, { blockId: body.data.blockId, limit: 1000 })).find((e) => e.seq === seq);
    const resolved = parseEvents(entry?.events).find((e): e is Extract<HistoryEvent, { kind: 'group-resolved' }> => e.kind === 'group-resolved');
    if (!resolved) return void res.status(404).json({ error: 'no resolved group recorded in this history entry' });
    const result = await rooms.using(who.document.id, async (room) => (await room.applyRecorded(who.participant, (state) => restoreResolved(state, resolved, seq))));
    if (!result) return void res.status(404).json({ error: 'no such document' });
    if (!result.ok) return void res.status(result.status).json({ error: result.error });
    res.json({ ok: true, event: result.event });
  });

  router.post('/documents/:id/numbering/fix', async (req: Request, res: Response) => {
    const who = await penHolder(req, res, 'freeze', 'only the secretariat and co-facilitators fix the numbering');
    if (!who) return;
    const result = (await rooms.using(who.document.id, async (room) => {
      const plan = planLabelFreeze(docFromYDoc(room.doc), { renumber: false });
      const fragment = room.doc.getXmlFragment(DOCUMENT_FIELD);
      const changes = plan.labels.filter(({ index, label }) => {
        const block = fragment.get(index);
        return block instanceof Y.XmlElement && block.getAttribute('label') !== label;
      });
      if (changes.length === 0) return { ok: true as const, labels: 0 };
      const stored = (await room.writeAs(
        who.participant,
        () => {
          for (const { index, label } of changes) {
            const block = fragment.get(index);
            if (block instanceof Y.XmlElement) block.setAttribute('label', label);
          }
        },
        [{ kind: 'numbering-fixed', labels: changes.length }],
      ));
      return stored ? { ok: true as const, labels: changes.length } : { ok: false as const };
    }));
    if (!result) return void res.status(404).json({ error: 'no such document' });
    if (!result.ok) return void res.status(503).json({ error: 'the numbering could not be stored; try again' });
    res.json({ labels: result.labels });
  });

  return router;
}
