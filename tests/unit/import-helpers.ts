// Shared by the importer tests: load a fixture, import it, validate it, label it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Node as PMNode } from '@tiptap/pm/model';
import { importDocument, type ImportFormat, type ImportResult } from '../../shared/src/import/index.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { labelBlocks, type BlockLabel } from '../../shared/src/numbering/labels.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8');
}

export interface Imported extends ImportResult {
  pm: PMNode;
  labels: BlockLabel[];
  /** Numbered paragraphs by label ("12" -> node). */
  paragraph: (label: string) => PMNode;
  /** Literal text of a block, footnotes rendered as {text}. */
  text: (node: PMNode) => string;
}

export function load(source: string, format: ImportFormat, title?: string): Imported {
  return labelled(importDocument(source, { format, title }));
}

/** An import result with its ProseMirror document, labels, and lookups by label, for assertions. */
export function labelled(result: ImportResult): Imported {
  const pm = docFromJSON(result.doc); // throws if the importer built an invalid document
  const labels = labelBlocks(pm);
  const byLabel = new Map(labels.filter((l) => l.node.type.name === 'paragraph' && l.label).map((l) => [l.label!, l.node]));
  return {
    ...result,
    pm,
    labels,
    paragraph: (label) => {
      const node = byLabel.get(label);
      if (!node) throw new Error(`no paragraph ${label}`);
      return node;
    },
    text: (node) => renderInlineLiteral(node, { footnote: (fn) => `{${fn.textContent}}` }),
  };
}

export function blocks(pm: PMNode): PMNode[] {
  const out: PMNode[] = [];
  pm.forEach((n, _o, i) => i > 0 && out.push(n));
  return out;
}

export function footnotesIn(node: PMNode): string[] {
  const out: string[] = [];
  node.descendants((n) => {
    if (n.type.name === 'footnote') out.push(n.textContent);
    return true;
  });
  return out;
}
