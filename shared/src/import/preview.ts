// The import preview: what a file would become, shown before anything is created (browser and CLI).
import { docFromJSON } from '../schema/schema.ts';
import { labelBlocks, printedLabel } from '../numbering/labels.ts';
import { blockText, footnotesByNode } from '../export/outline.ts';
import { importCounts } from './summary.ts';
import type { FileImportResult } from './file.ts';
import type { ImportPreview } from '../api/imports.ts';

const SAMPLE_BLOCKS = 6;
const SAMPLE_CHARS = 160;

export function titleOf(result: { doc: FileImportResult['doc'] }): string {
  const title = result.doc.content?.[0]?.content?.[0]?.content ?? [];
  return title.map((t) => t.text ?? '').join('').trim();
}

export function importPreview(result: FileImportResult, filename: string): ImportPreview {
  const doc = docFromJSON(result.doc);
  const numbers = footnotesByNode(doc);
  const sample = labelBlocks(doc)
    .filter((b) => b.label && b.node.type.name !== 'sectionHeading')
    .slice(0, SAMPLE_BLOCKS)
    .map(({ node, label }) => {
      const line = `${printedLabel(node.type.name, label!)} ${blockText(node, numbers)}`;
      return line.length > SAMPLE_CHARS ? `${line.slice(0, SAMPLE_CHARS - 1)}…` : line;
    });
  return {
    filename,
    kind: result.kind,
    title: titleOf(result),
    numberingStyle: (doc.firstChild?.attrs.numberingStyle ?? result.detectedStyle) as ImportPreview['numberingStyle'],
    detectedStyle: result.detectedStyle,
    counts: importCounts(doc),
    report: result.report,
    sample,
  };
}
