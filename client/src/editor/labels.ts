// Paragraph, heading, subparagraph and option labels ("12", "1.1", "(a)", "12 bis", "Option 1:") and footnote numbers, shown in the
// margin through node decorations carrying data-label / data-footnote-number (CSS draws them).
// Numbers come from shared/numbering; nothing is stored. Recomputed only when the document's structure changes (text-only edits just map them).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { labelBlocks, footnoteNumbers, printedLabel } from '../../../shared/src/numbering/labels.ts';
import { isTextOnlyChange } from './textOnly.ts';

export const labelsPluginKey = new PluginKey<DecorationSet>('penholderLabels');

/** The heading block's identity lines (symbol, date, stage), top right as on a UN document. */
function frontMatterWidget(doc: PMNode): Decoration | null {
  const front = doc.firstChild;
  if (!front || front.type.name !== 'front') return null;
  const lines = [front.attrs.symbol, front.attrs.date, front.attrs.stage].map((v) => String(v ?? '').trim());
  return Decoration.widget(
    1,
    () => {
      const box = document.createElement('div');
      box.className = 'front-meta';
      lines.forEach((line, i) => {
        if (!line) return;
        const el = document.createElement('div');
        el.className = ['front-symbol', 'front-date', 'front-stage'][i];
        el.textContent = line; // text, never HTML
        box.append(el);
      });
      return box;
    },
    { side: -1, key: `front-meta:${JSON.stringify(lines)}`, ignoreSelection: true },
  );
}

export function labelDecorations(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  const front = frontMatterWidget(doc);
  if (front) decorations.push(front);
  for (const { pos, node, label } of labelBlocks(doc)) {
    if (label === null) continue;
    // the spec carries the label for labelAt (the DOM only sees data-label); labels printed without
    // a dot ("Article 4", "3.3bis", "Option 1:") say so, since the stylesheet adds the dot otherwise
    const attrs: Record<string, string> = {
      'data-label': label,
      'data-label-style': printedLabel(node.type.name, label) === label ? 'plain' : 'dotted',
    };
    decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs, { label }));
  }
  for (const [pos, n] of footnoteNumbers(doc)) {
    const node = doc.nodeAt(pos);
    if (node) decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-footnote-number': String(n) }));
  }
  return DecorationSet.create(doc, decorations);
}

/** The plugin itself, also run by bench/domain.ts without a view. */
export function labelsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: labelsPluginKey,
    state: {
      init: (_config, state) => labelDecorations(state.doc),
      apply: (tr, previous) => {
        if (!tr.docChanged) return previous;
        // typing inside a paragraph moves decorations but changes no label
        if (isTextOnlyChange(tr)) return previous.map(tr.mapping, tr.doc);
        return labelDecorations(tr.doc);
      },
    },
    props: {
      decorations: (state) => labelsPluginKey.getState(state),
    },
  });
}

export const Labels = Extension.create({
  name: 'penholderLabels',
  addProseMirrorPlugins() {
    return [labelsPlugin()];
  },
});

/**
 * The margin label ("12", "(a)") of the block at `blockPos`, read from the labels plugin's
 * decorations (a lookup in its tree, not a walk over the document); null for unlabelled blocks.
 */
export function labelAt(state: EditorState, blockPos: number): string | null {
  const set = labelsPluginKey.getState(state);
  if (!set) return null;
  const node = state.doc.nodeAt(blockPos);
  if (!node) return null;
  const found = set.find(blockPos, blockPos + node.nodeSize, (spec: { label?: string }) => typeof spec.label === 'string');
  return (found.find((d) => d.from === blockPos)?.spec as { label?: string } | undefined)?.label ?? null;
}
