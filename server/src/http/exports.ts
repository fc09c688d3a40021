// GET /api/documents/:id/export?format=text|markdown|json|docx|html|pdf|akn&kind=clean|compilation|redline
//     [&revision=ID]   a frozen revision instead of the live text (for redline: the newer side)
//     [&against=ID]    for a redline: the older revision
//
// The document as the room sees it now: the live room's document is read, so an export includes
// edits not yet compacted; the shared exporters (shared/src/export/) do the rendering and this
// handler adds only permission, names and transport. Every role may export the clean draft
// (docs/design.md §2); the compilation text names delegations and their positions, so only roles with
// CAPABILITIES[role].exportCompilation get it (403 otherwise, whatever the client shows).
// PDF is the HTML export printed by Chromium (server/src/export/pdf.ts); without Chromium the answer
// is 503 with the command that installs it.
import { Router, type Request, type Response } from 'express';
import { CAPABILITIES } from '../../../shared/src/access/roles.ts';
import { docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { EXPORT_FORMATS, EXPORT_KINDS, isDocumentExportKind, isExportFormat } from '../../../shared/src/export/formats.ts';
import type { ExportOutput } from '../../../shared/src/export/index.ts';
import type { LabelMap } from '../../../shared/src/export/model.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument, participantOf } from './auth.ts';

// The renderers (docx, Akoma Ntoso, HTML) and Chromium's driver load on the first export, not at
// server start: most of a room's life needs none of them.
const renderers = () => import('../../../shared/src/export/index.ts');
const printer = () => import('../export/pdf.ts');

export function exportsRouter(store: Store, rooms: Rooms): Router {
  const router = Router();
  router.get('/documents/:id/export', async (req: Request, res: Response) => {
    const record = await memberDocument(store, req, res);
    if (!record) return;
    const format = req.query.format ?? 'text';
    if (!isExportFormat(format)) {
      res.status(400).json({ error: `format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}` });
      return;
    }
    const kind = req.query.kind ?? 'clean';
    const revision = typeof req.query.revision === 'string' && req.query.revision ? req.query.revision : undefined;
    const against = typeof req.query.against === 'string' && req.query.against ? req.query.against : undefined;
    const { compareRevisions, revisionNode, RevisionError } = await import('../revisions/revisions.ts');
    const { exportFile, exportFileName, exportRedline } = await renderers();
    if (kind === 'redline') {
      // The changes from revision `against` to `revision` (or the live text); every role may read them.
      if (!against) {
        res.status(400).json({ error: 'a redline needs against=REVISION (the older revision)' });
        return;
      }
      try {
        const redline = await compareRevisions(store, rooms, record, against, revision ?? 'live');
        const which = `${redline.from.name} to ${redline.to.name}`;
        await sendExport(res, () => exportRedline(redline, format), exportFileName(redline.symbol || record.title, 'redline', format, which));
      } catch (err) {
        if (!(err instanceof RevisionError)) throw err;
        res.status(err.status).json({ error: err.message });
      }
      return;
    }
    if (!isDocumentExportKind(kind)) {
      res.status(400).json({ error: `kind must be one of ${[...Object.keys(EXPORT_KINDS), 'redline'].join(', ')}` });
      return;
    }
    const participant = participantOf(res);
    if (kind === 'compilation' && !CAPABILITIES[participant.role].exportCompilation) {
      res.status(403).json({ error: `the ${participant.role} role may not export the compilation text` });
      return;
    }
    let doc;
    let revisionName = '';
    let labelMap: LabelMap | undefined;
    if (revision) {
      try {
        const frozen = await revisionNode(store, record, revision);
        doc = frozen.doc;
        revisionName = frozen.revision.name;
        labelMap = { revision: frozen.revision.name, entries: frozen.revision.renumbered };
      } catch (err) {
        if (!(err instanceof RevisionError)) throw err;
        res.status(err.status).json({ error: err.message });
        return;
      }
    } else {
      // memberDocument found the record, so the room exists unless the document vanished meanwhile.
      doc = await rooms.using(record.id, (room) => docFromYDoc(room.doc));
    }
    if (!doc) {
      res.status(404).json({ error: `No document with id "${record.id}".` });
      return;
    }
    const names = new Map((await store.listDelegations(record.negotiationId)).map((d) => [d.id, d.name]));
    const symbol = String(doc.firstChild?.attrs.symbol ?? '');
    const node = doc;
    await sendExport(res, () => exportFile(node, { format, kind, delegationName: names, labelMap }), exportFileName(symbol || record.title, kind, format, revisionName));
  });
  return router;
}

/** Renders an export (printing PDF through Chromium) and sends it as a download, or says why not. */
export async function sendExport(res: Response, render: () => Promise<ExportOutput>, fileName: string): Promise<void> {
  const { pdfRenderer, PdfUnavailable } = await printer();
  try {
    const out = await render();
    const body = out.printToPdf ? await pdfRenderer.render(String(out.body)) : out.body;
    res.type(out.printToPdf ? EXPORT_FORMATS.pdf.mime : out.mime);
    res.set('Content-Disposition', `attachment; filename="${fileName}"`);
    res.send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  } catch (error) {
    if (error instanceof PdfUnavailable) {
      res.status(503).json({ error: error.message });
      return;
    }
    res.status(500).json({ error: `export failed: ${(error as Error).message}` });
  }
}
