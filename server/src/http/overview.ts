// GET /api/documents/:id/overview: the numbers of the overview page (shared/src/consensus/overview.ts),
// for every role. The document and the silence procedures come from the room; the delegations'
// activity from the recorded history events; open bracket groups over time by replaying the stored
// updates of the document into a fresh Y.Doc and counting groups at up to MAX_POINTS evenly spaced
// updates. Cost of the replay: every update applied once (Yjs, proportional to the update) plus one
// ProseMirror read of the document per point; at most MAX_REPLAY updates are replayed: past that the
// series starts at the latest frozen revision (its stored state) and says so. The series is cached
// per document and last update, so a page reload with nothing new costs nothing.
import { Router, type Request, type Response } from 'express';
import * as Y from 'yjs';
import { docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { computeOverview, countOpenGroups, samplePoints, type GroupPoint } from '../../../shared/src/consensus/overview.ts';
import { parseEvents } from '../../../shared/src/api/history.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { proceduresOf } from '../sync/silence.ts';
import { memberDocument } from './auth.ts';

const MAX_POINTS = 60;
const MAX_REPLAY = 20_000;
/** Newest history entries read for the delegations' activity. */
const MAX_HISTORY = 20_000;

export async function groupSeries(store: Store, documentId: string, lastSeq: number): Promise<{ points: GroupPoint[]; note: string | null }> {
  let start: { seq: number; state: Uint8Array | null; name: string | null } = { seq: 0, state: null, name: null };
  const total = await store.countUpdates(documentId);
  if (total > MAX_REPLAY) {
    const revisions = await store.listRevisions(documentId);
    const latest = revisions[revisions.length - 1];
    const full = latest ? (await store.getRevision(latest.id)) : undefined;
    if (!latest || !full) return { points: [], note: `the history is too long to replay (${total} updates) and no revision has been frozen` };
    start = { seq: latest.uptoSeq, state: full.state, name: latest.name };
  }
  const updates = await store.updatesBetween(documentId, start.seq, lastSeq);
  const ydoc = new Y.Doc({ gc: true });
  try {
    if (start.state) Y.applyUpdate(ydoc, start.state);
    const picks = new Set(samplePoints(0, updates.length, MAX_POINTS).map((i) => i - 1));
    const points: GroupPoint[] = [];
    updates.forEach((u, i) => {
      Y.applyUpdate(ydoc, u.update);
      if (picks.has(i)) points.push({ seq: u.seq, at: u.at, groups: countOpenGroups(docFromYDoc(ydoc)) });
    });
    return { points, note: start.name ? `from revision "${start.name}" on (the whole history is ${total} updates)` : null };
  } finally {
    ydoc.destroy();
  }
}

export function overviewRouter(store: Store, rooms: Rooms): Router {
  const router = Router();
  const cache = new Map<string, { lastSeq: number; series: Awaited<ReturnType<typeof groupSeries>> }>();
  router.get('/documents/:id/overview', async (req: Request, res: Response) => {
    const document = await memberDocument(store, req, res);
    if (!document) return;
    const live = await rooms.using(document.id, async (room) => ({ doc: docFromYDoc(room.doc), procedures: proceduresOf(room.doc), seq: await room.storedSeq() }));
    if (!live) {
      res.status(404).json({ error: `No document with id "${document.id}".` });
      return;
    }
    let cached = cache.get(document.id);
    if (!cached || cached.lastSeq !== live.seq) {
      cached = { lastSeq: live.seq, series: await groupSeries(store, document.id, live.seq) };
      cache.set(document.id, cached);
    }
    const history = (await store.history(document.id, { limit: MAX_HISTORY })).map((e) => ({ seq: e.seq, delegationId: e.participant.delegationId, events: parseEvents(e.events) }));
    res.json(
      computeOverview({
        doc: live.doc,
        delegations: await store.listDelegations(document.negotiationId),
        history,
        procedures: live.procedures,
        groupsOverTime: cached.series.points,
        groupsOverTimeNote: cached.series.note,
      }),
    );
  });
  return router;
}
