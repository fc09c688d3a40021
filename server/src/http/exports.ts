// GET /api/documents/:id/export?format=text|markdown|json: the clean draft as the room sees it now
// (DESIGN.md §2: every role may export the clean draft). The live room's document is read, so an
// export includes edits not yet compacted; the shared exporters do the rendering.
import { Router, type Request, type Response } from 'express';
import { docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import { EXPORT_FORMATS, exportDocument, type ExportFormat } from '../../../shared/src/export/index.ts';
import type { Store } from '../storage/store.ts';
import type { Rooms } from '../sync/rooms.ts';
import { memberDocument } from './auth.ts';

function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && value in EXPORT_FORMATS;
}

/** A file name from the title: letters, digits and dashes only, so it is safe in a header. */
function fileName(title: string, extension: string): string {
  const stem = title.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'document';
  return `${stem}.${extension}`;
}

export function exportsRouter(store: Store, rooms: Rooms): Router {
  const router = Router();
  router.get('/documents/:id/export', (req: Request, res: Response) => {
    const record = memberDocument(store, req, res);
    if (!record) return;
    const format = req.query.format ?? 'text';
    if (!isExportFormat(format)) {
      res.status(400).json({ error: `format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}` });
      return;
    }
    // memberDocument found the record, so the room exists unless the document vanished meanwhile.
    const doc = rooms.using(record.id, (room) => docFromYDoc(room.doc));
    if (!doc) {
      res.status(404).json({ error: `No document with id "${record.id}".` });
      return;
    }
    const { mime, extension } = EXPORT_FORMATS[format];
    res.type(mime);
    res.set('Content-Disposition', `attachment; filename="${fileName(record.title, extension)}"`);
    res.send(exportDocument(doc, format));
  });
  return router;
}
