// Exports from the command line, without a server: `convert` turns a draft file into any export
// format, `revisions` lists a stored document's frozen revisions, and `export` writes a stored
// document (its current text, or a frozen revision) in any format. PDF is printed by the same
// Chromium renderer the server uses (server/src/export/pdf.ts).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { applyUpdatesInOrder, docFromYDoc } from '../../../shared/src/collab/ydoc.ts';
import {
  EXPORT_KINDS,
  exportFile,
  exportFormatFromFilename,
  isDocumentExportKind,
  type DocumentExportKind,
  type ExportFormat,
} from '../../../shared/src/export/index.ts';
import { pdfRenderer, PdfUnavailable } from '../export/pdf.ts';
import type { Store } from '../storage/store.ts';
import type { LabelMap } from '../../../shared/src/export/model.ts';
import { CliError, importDraft, printReport } from './files.ts';
import { withStore } from './access.ts';

const FORMATS = '.txt, .md, .json, .docx, .html, .pdf, .akn.xml';

function outputFormat(path: string): ExportFormat {
  const format = exportFormatFromFilename(path);
  if (!format) throw new CliError(`${path}: unknown output format (use ${FORMATS})`);
  return format;
}

function kindOption(value: string | undefined): DocumentExportKind {
  const kind = value ?? 'clean';
  if (kind === 'redline') {
    throw new CliError('a redline compares two states of a stored document: use the compare view or GET /api/documents/:id/compare?from=...&format=...');
  }
  if (!isDocumentExportKind(kind)) throw new CliError(`--kind must be one of ${Object.keys(EXPORT_KINDS).join(', ')}`);
  return kind;
}

/** Renders and writes the file (PDF through Chromium, closed afterwards so the command can exit). */
async function write(
  doc: PMNode,
  output: string,
  format: ExportFormat,
  kind: DocumentExportKind,
  names?: Map<string, string>,
  labelMap?: LabelMap,
): Promise<void> {
  const out = await exportFile(doc, { format, kind, delegationName: names, labelMap });
  try {
    const body = out.printToPdf ? await pdfRenderer.render(String(out.body)) : out.body;
    writeFileSync(output, body);
  } catch (error) {
    if (error instanceof PdfUnavailable) throw new CliError(error.message);
    throw error;
  } finally {
    if (out.printToPdf) await pdfRenderer.close();
  }
}

export async function convertCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { kind: { type: 'string' } } });
  if (positionals.length !== 2) throw new CliError(`convert takes IN and OUT (OUT: ${FORMATS})`);
  const [input, output] = positionals as [string, string];
  const format = outputFormat(output);
  const kind = kindOption(values.kind);
  const { doc, report } = importDraft(input);
  printReport(input, report);
  await write(doc, output, format, kind);
  return 0;
}

export async function revisionsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { document: { type: 'string' } } });
  if (!values.document) throw new CliError('--document ID is required (see penholder negotiations)');
  return (await withStore(async (store) => {
    if (!(await store.getDocument(values.document!))) throw new CliError(`no document with id "${values.document}"`);
    const revisions = await store.listRevisions(values.document!);
    if (revisions.length === 0) process.stderr.write('no revisions\n');
    for (const r of revisions) {
      const by = r.participantId ? (await store.getParticipant(r.participantId))?.name : undefined;
      process.stdout.write([r.id, r.name, r.createdAt, by ?? '-', r.note].join('\t') + '\n');
    }
    return 0;
  }));
}

/** The stored document's current text (snapshot + updates after it), or a frozen revision. */
async function storedDoc(store: Store, documentId: string, revision: string | undefined): Promise<{ doc: PMNode; labelMap?: LabelMap }> {
  const ydoc = new Y.Doc();
  try {
    if (revision) {
      const r = await store.getRevision(revision);
      if (!r || r.documentId !== documentId) throw new CliError(`no revision "${revision}" of document ${documentId} (see penholder revisions)`);
      Y.applyUpdate(ydoc, r.state);
      return { doc: docFromYDoc(ydoc), labelMap: { revision: r.name, entries: r.renumbered } };
    } else {
      const state = await store.loadDocumentState(documentId);
      applyUpdatesInOrder(ydoc, state.snapshot ? [state.snapshot, ...state.tail] : state.tail);
    }
    return { doc: docFromYDoc(ydoc) };
  } finally {
    ydoc.destroy();
  }
}

export async function exportCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { document: { type: 'string' }, revision: { type: 'string' }, kind: { type: 'string' } },
  });
  if (!values.document) throw new CliError('--document ID is required (see penholder negotiations)');
  if (positionals.length !== 1) throw new CliError(`export takes one OUT file (${FORMATS})`);
  const output = positionals[0]!;
  const format = outputFormat(output);
  const kind = kindOption(values.kind);
  const { stored, names } = (await withStore(async (store) => {
    const record = await store.getDocument(values.document!);
    if (!record) throw new CliError(`no document with id "${values.document}"`);
    return {
      stored: await storedDoc(store, record.id, values.revision),
      names: new Map((await store.listDelegations(record.negotiationId)).map((d) => [d.id, d.name])),
    };
  }));
  await write(stored.doc, output, format, kind, names, stored.labelMap);
  return 0;
}
