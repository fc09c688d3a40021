// Domain benchmarks: import, numbering, exports, the Yjs bridge, and typing into the large document
// with the per-keystroke work the editor does (minus the DOM). No server, no browser.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { updateYFragment, initProseMirrorDoc, ySyncPluginKey } from '@tiptap/y-tiptap';
import { EditorState, Plugin, TextSelection } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { importDocument } from '../shared/src/import/index.ts';
import { docFromJSON, outcomeSchema } from '../shared/src/schema/schema.ts';
import { labelBlocks } from '../shared/src/numbering/labels.ts';
import { outlineOf } from '../shared/src/export/outline.ts';
import { exportDocument, exportFile, exportRedline, type ExportFormat } from '../shared/src/export/index.ts';
import { modelOfDocument } from '../shared/src/export/model.ts';
import type { Redline } from '../shared/src/revisions/redline.ts';
import { pdfRenderer } from '../server/src/export/pdf.ts';
import { chromiumAvailable } from '../tests/helpers/browser.ts';
import { yUpdateFromDocJSON, docFromYDoc, DOCUMENT_FIELD } from '../shared/src/collab/ydoc.ts';
import { assignMissingIds } from '../shared/src/schema/ensureIds.ts';
// The editor's own rules for "what to recompute per keystroke", so the simulation follows the editor
// when they change (client/src/editor/ensureIds.ts and labels.ts wrap these in TipTap extensions).
import { labelDecorations, labelsPlugin } from '../client/src/editor/labels.ts';
import { ensureIdsPlugin } from '../client/src/editor/ensureIds.ts';
import { largeDocumentJSON } from './fixtures/largeDocument.ts';
import { measure, once, stats, keep, type Row } from './lib.ts';

const EXPORT_TARGET = { ms: 1000, label: 'DESIGN §4: exports < 1 s' };
const KEY_TARGET_P95 = { ms: 16, on: 'p95' as const, label: 'DESIGN §4: typing within one frame (16 ms)' };

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The editor's per-transaction plugins (EnsureIds, Labels), the same code, without TipTap or a view. */
function editorPlugins(): Plugin[] {
  return [ensureIdsPlugin(), labelsPlugin()];
}

/** Position inside the node with this id, `offset` characters into its content. */
function posIn(doc: PMNode, id: string, offset: number): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.attrs.id === id) found = pos + 1 + Math.min(offset, node.content.size);
    return true;
  });
  if (found < 0) throw new Error(`no node ${id}`);
  return found;
}

interface Spot {
  id: string;
  offset: number;
  what: string;
}

/** Where the typist types: running text, an alternative, a nested alternative, a subparagraph. */
function typingSpots(doc: PMNode): Spot[] {
  const spots: Spot[] = [];
  const blocks = doc.childCount;
  const block = (i: number) => doc.child(Math.min(blocks - 1, Math.max(1, i)));
  const find = (from: number, test: (node: PMNode, depth: number) => boolean, what: string) => {
    for (let i = from; i < blocks + from; i++) {
      const b = block(1 + (i % (blocks - 1)));
      let hit: PMNode | null = null;
      const walk = (node: PMNode, depth: number) => {
        node.forEach((child) => {
          if (hit) return;
          if (child.type.name === 'bracketGroup') {
            child.forEach((alt) => {
              if (!hit && test(alt, depth + 1)) hit = alt;
              if (!hit) walk(alt, depth + 1);
            });
          }
        });
      };
      if (test(b, 0)) hit = b;
      else walk(b, 0);
      if (hit) {
        spots.push({ id: (hit as PMNode).attrs.id, offset: 3, what });
        return;
      }
    }
    throw new Error(`no typing spot: ${what}`);
  };
  const startsWithText = (n: PMNode) => n.childCount > 0 && n.firstChild!.isText && n.firstChild!.text!.length > 5;
  find(Math.floor(blocks * 0.1), (n, d) => d === 0 && n.type.name === 'paragraph' && startsWithText(n), 'running text');
  find(Math.floor(blocks * 0.5), (n, d) => d === 1 && startsWithText(n), 'alternative');
  find(Math.floor(blocks * 0.6), (n, d) => d === 2 && startsWithText(n), 'nested alternative');
  find(Math.floor(blocks * 0.9), (n, d) => d === 0 && n.type.name === 'subparagraph' && startsWithText(n), 'subparagraph');
  return spots;
}

/** A paragraph whose running text can be split by Enter (a text node at top level, > 20 characters). */
function splitPoint(doc: PMNode, skip: number): number {
  let seen = 0;
  let found = -1;
  doc.forEach((block, offset) => {
    if (found >= 0 || block.type.name !== 'paragraph') return;
    block.forEach((child, childOffset) => {
      if (found >= 0 || !child.isText || child.text!.length < 20) return;
      if (seen++ === skip) found = offset + 1 + childOffset + 10;
    });
  });
  if (found < 0) throw new Error('no split point');
  return found;
}

export interface DomainOptions {
  quick: boolean;
}

export function runDomain({ quick }: DomainOptions): Row[] {
  const rows: Row[] = [];
  const few = (full: number, q: number) => ({ warmup: quick ? 2 : 5, iterations: quick ? q : full });

  // --- import ------------------------------------------------------------------------------------
  const wsis = fixture('wsis10-zero-draft.txt');
  const ecosoc = fixture('ecosoc-2010-2.md');
  rows.push({
    suite: 'import',
    name: 'importDocument wsis10-zero-draft.txt',
    stats: measure(() => importDocument(wsis, { format: 'text' }), few(200, 40)),
    note: kib(Buffer.byteLength(wsis)),
  });
  rows.push({
    suite: 'import',
    name: 'importDocument ecosoc-2010-2.md',
    stats: measure(() => importDocument(ecosoc, { format: 'markdown' }), few(200, 40)),
    note: kib(Buffer.byteLength(ecosoc)),
  });

  // --- the large document ----------------------------------------------------------------------
  const json = largeDocumentJSON();
  const doc = docFromJSON(json);
  rows.push({
    suite: 'large doc',
    name: 'docFromJSON (parse + check)',
    stats: measure(() => docFromJSON(json), few(50, 10)),
    note: `${kib(Buffer.byteLength(JSON.stringify(json)))} JSON`,
  });
  rows.push({ suite: 'large doc', name: 'labelBlocks', stats: measure(() => labelBlocks(doc), few(500, 100)) });
  rows.push({
    suite: 'large doc',
    name: 'labelDecorations (editor margin, full)',
    stats: measure(() => labelDecorations(doc), few(200, 40)),
    note: 'client/src/editor/labels.ts',
  });

  rows.push({
    suite: 'large doc',
    name: 'assignMissingIds (no id missing)',
    stats: measure(() => assignMissingIds(EditorState.create({ doc }).tr), few(200, 40)),
    note: 'walks every node; runs after each structural edit',
  });

  // --- exports ---------------------------------------------------------------------------------
  rows.push({ suite: 'export', name: 'outlineOf', stats: measure(() => outlineOf(doc), few(50, 10)), target: EXPORT_TARGET });
  for (const format of ['text', 'markdown', 'json'] as const) {
    let size = 0;
    const s = measure(() => (size = exportDocument(doc, format).length), few(50, 10));
    rows.push({ suite: 'export', name: `exportDocument ${format}`, stats: s, note: kib(size), target: EXPORT_TARGET });
  }
  rows.push({ suite: 'export', name: 'modelOfDocument compilation', stats: measure(() => modelOfDocument(doc, { kind: 'compilation' }), few(50, 10)), target: EXPORT_TARGET });

  // --- Yjs bridge ------------------------------------------------------------------------------
  let update: Uint8Array = new Uint8Array();
  rows.push({
    suite: 'yjs',
    name: 'yUpdateFromDocJSON',
    stats: measure(() => (update = yUpdateFromDocJSON(json)), few(30, 5)),
    note: `update ${kib(update.length)}`,
  });
  const loaded = new Y.Doc();
  Y.applyUpdate(loaded, update);
  rows.push({ suite: 'yjs', name: 'docFromYDoc', stats: measure(() => docFromYDoc(loaded), few(30, 5)) });
  rows.push({
    suite: 'yjs',
    name: 'open: applyUpdate + initProseMirrorDoc',
    stats: measure(() => {
      const y = new Y.Doc();
      Y.applyUpdate(y, update);
      const r = initProseMirrorDoc(y.getXmlFragment(DOCUMENT_FIELD), outcomeSchema);
      y.destroy();
      return r;
    }, few(30, 5)),
    note: 'what the browser does before rendering; DOM not included',
    target: { ms: 1000, label: 'DESIGN §4: opens < 1 s (in the browser, incl. DOM)' },
  });
  rows.push({
    suite: 'yjs',
    name: 'export from Y: docFromYDoc + markdown',
    stats: measure(() => exportDocument(docFromYDoc(loaded), 'markdown'), few(30, 5)),
    target: EXPORT_TARGET,
  });
  loaded.destroy();

  // --- typing ----------------------------------------------------------------------------------
  rows.push(...typing(json, doc, quick));
  return rows;
}

/**
 * 1,000 single-character insertions (four spots, a quarter each) through EditorState.apply with
 * the editor's plugins, each followed by the binding's write into the Y.Doc: updateYFragment in a
 * Y transaction with the ySync origin, an UndoManager tracking it (Collaboration's y-undo) and an
 * 'update' listener (the provider's) encoding the change. Then Enter (split paragraph), the
 * structural keystroke that takes the full path (assignMissingIds + labels recomputed).
 */
function typing(json: ReturnType<typeof largeDocumentJSON>, doc: PMNode, quick: boolean): Row[] {
  const rows: Row[] = [];
  const keystrokes = quick ? 200 : 1000;
  const splits = quick ? 20 : 100;

  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, yUpdateFromDocJSON(json));
  const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD);
  const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([ySyncPluginKey]) });
  let updateBytes = 0;
  let updates = 0;
  ydoc.on('update', (u: Uint8Array) => {
    updateBytes += u.length;
    updates++;
  });
  const meta = { mapping: new Map(), isOMark: new Map() };
  const writeY = (pm: PMNode) =>
    ydoc.transact(() => updateYFragment(ydoc, fragment, pm, meta as never), ySyncPluginKey);

  // The first write maps every Y type to its node (the browser does this when it renders the Y doc).
  const cold = once(() => writeY(doc));
  rows.push({
    suite: 'typing',
    name: 'updateYFragment, first call (cold mapping)',
    onceMs: cold.ms,
    note: 'bench only: the browser fills the mapping while rendering (initProseMirrorDoc)',
  });

  let state = EditorState.create({ doc, schema: outcomeSchema, plugins: editorPlugins() });
  const text = 'the Parties shall, in accordance with their national circumstances, ';
  const pm: number[] = [];
  const yw: number[] = [];
  const both: number[] = [];
  const spots = typingSpots(doc);
  const perSpot = Math.ceil(keystrokes / spots.length);
  const warm = quick ? 10 : 30;
  for (let k = 0, typed = 0; k < keystrokes + warm; k++) {
    if (k === warm) typed = 0;
    if (k === 0 || (k >= warm && typed % perSpot === 0)) {
      const spot = spots[Math.floor(typed / perSpot) % spots.length];
      const at = posIn(state.doc, spot.id, spot.offset);
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    }
    const ch = text[k % text.length];
    const t0 = performance.now();
    state = state.apply(state.tr.insertText(ch));
    const t1 = performance.now();
    writeY(state.doc);
    const t2 = performance.now();
    if (k >= warm) {
      pm.push(t1 - t0);
      yw.push(t2 - t1);
      both.push(t2 - t0);
      typed++;
    }
  }
  const bytesPerKey = updates ? updateBytes / updates : 0;
  const where = spots.map((s) => s.what).join(', ');
  rows.push({
    suite: 'typing',
    name: 'keystroke: EditorState.apply (+plugins)',
    stats: stats(pm),
    note: `text-only path; ${where}`,
  });
  rows.push({
    suite: 'typing',
    name: 'keystroke: updateYFragment (binding)',
    stats: stats(yw),
    note: `y transact + undo + update event, ${bytesPerKey.toFixed(0)} B/update`,
  });
  rows.push({ suite: 'typing', name: 'keystroke: total (no DOM)', stats: stats(both), target: KEY_TARGET_P95 });

  // Enter: split a paragraph's running text. Structural, so EnsureIds and Labels do the full work.
  const sp: number[] = [];
  const spW: number[] = [];
  const spY: number[] = [];
  for (let i = 0; i < splits + 3; i++) {
    const at = splitPoint(state.doc, 5 + i * 4);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    const t0 = performance.now();
    state = state.apply(state.tr.split(at));
    const t1 = performance.now();
    writeY(state.doc);
    const t2 = performance.now();
    if (i >= 3) {
      sp.push(t1 - t0);
      spW.push(t2 - t1);
      spY.push(t2 - t0);
    }
  }
  rows.push({
    suite: 'typing',
    name: 'Enter: EditorState.apply (+plugins)',
    stats: stats(sp),
    note: 'structural: assignMissingIds + labels recomputed',
  });
  rows.push({
    suite: 'typing',
    name: 'Enter: updateYFragment (binding)',
    stats: stats(spW),
    note: 'block count changes: every block deep-compared (equalYTypePNode)',
  });
  rows.push({ suite: 'typing', name: 'Enter: total (no DOM)', stats: stats(spY), target: KEY_TARGET_P95 });

  // Sanity: the Y doc followed every keystroke.
  if (!docFromYDoc(ydoc).eq(state.doc)) throw new Error('typing simulation: Y doc and editor state diverged');
  keep(undo);
  undo.destroy();
  ydoc.destroy();
  return rows;
}

/** Times an async function once per iteration after `warmup` untimed calls. */
async function measureAsync(fn: () => Promise<unknown>, { warmup, iterations }: { warmup: number; iterations: number }) {
  for (let i = 0; i < warmup; i++) keep(await fn());
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    keep(await fn());
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const byteLength = (body: string | Uint8Array) => (typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);

/** A redline over the whole large document: every block changed, one run deleted and one inserted. */
function largeRedline(doc: PMNode): Redline {
  const outline = modelOfDocument(doc);
  return {
    title: outline.title,
    symbol: outline.symbol,
    from: { name: 'Rev.1', at: '2026-01-01T00:00:00.000Z' },
    to: { name: 'Rev.2', at: '2026-02-01T00:00:00.000Z' },
    blocks: outline.blocks.map((b, i) => {
      const text = b.runs.map((r) => r.text).join('');
      const cut = text.length >> 1;
      return {
        id: b.id ?? `b${i}`,
        type: b.type,
        level: b.level,
        kind: b.kind,
        oldLabel: b.label,
        newLabel: b.label,
        change: 'changed' as const,
        textChanged: true,
        runs: [
          { change: 'same' as const, text: text.slice(0, cut) },
          { change: 'del' as const, text: 'old words ', author: i % 2 ? 'European Union' : 'CELAC' },
          { change: 'ins' as const, text: 'new words ', author: i % 2 ? 'Group of 77 and China' : 'Russian Federation' },
          { change: 'same' as const, text: text.slice(cut) },
        ],
      };
    }),
    groupsAdded: [],
    groupsResolved: [],
    renumbered: [],
  };
}

/**
 * The exports delegations take home, of the 300-paragraph document: Word, HTML, Akoma Ntoso, the
 * compilation text, the redline in Word, and the PDF (Chromium printing the HTML; warm browser).
 */
export async function runExports({ quick }: DomainOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const few = (full: number, q: number) => ({ warmup: quick ? 1 : 3, iterations: quick ? q : full });
  const doc = docFromJSON(largeDocumentJSON());
  const cases: { name: string; format: ExportFormat; kind: 'clean' | 'compilation' }[] = [
    { name: 'docx clean', format: 'docx', kind: 'clean' },
    { name: 'docx compilation', format: 'docx', kind: 'compilation' },
    { name: 'html clean', format: 'html', kind: 'clean' },
    { name: 'akn clean', format: 'akn', kind: 'clean' },
    { name: 'akn compilation', format: 'akn', kind: 'compilation' },
    { name: 'text compilation', format: 'text', kind: 'compilation' },
  ];
  for (const c of cases) {
    let size = 0;
    const s = await measureAsync(async () => (size = byteLength((await exportFile(doc, { format: c.format, kind: c.kind })).body)), few(20, 5));
    rows.push({ suite: 'export', name: `exportFile ${c.name}`, stats: s, note: kib(size), target: EXPORT_TARGET });
  }
  const redline = largeRedline(doc);
  for (const format of ['docx', 'html', 'akn'] as const) {
    let size = 0;
    const s = await measureAsync(async () => (size = byteLength((await exportRedline(redline, format)).body)), few(20, 5));
    rows.push({ suite: 'export', name: `exportRedline ${format}`, stats: s, note: `${kib(size)}, ${redline.blocks.length * 2} tracked changes`, target: EXPORT_TARGET });
  }
  if (chromiumAvailable()) {
    const html = String((await exportFile(doc, { format: 'pdf' })).body);
    let size = 0;
    const s = await measureAsync(async () => (size = (await pdfRenderer.render(html)).byteLength), few(5, 2));
    rows.push({ suite: 'export', name: 'PDF (Chromium prints the HTML)', stats: s, note: `${kib(size)}; warm browser`, target: EXPORT_TARGET });
    await pdfRenderer.close();
  }
  return rows;
}
