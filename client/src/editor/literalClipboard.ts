// The clipboard's plain text: copying puts the literal text on text/plain (`[five] [ten] [fifteen]`,
// footnotes as their superscript markers, as in the text export), and pasting plain text with
// brackets makes groups as typing does. The rules are shared/src/brackets/clipboard.ts; HTML copied
// inside the editor keeps its structure through the schema's data-* attributes as before, except the
// status: a pasted paragraph is under negotiation wherever it came from (reopenSlice).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { literalTextToSlice, sliceToLiteralText } from '../../../shared/src/brackets/clipboard.ts';
import { footnotesByNode } from '../../../shared/src/export/outline.ts';
import { superscript } from '../../../shared/src/export/superscript.ts';
import { reopenSlice } from '../../../shared/src/consensus/locks.ts';

export const LiteralClipboard = Extension.create({
  name: 'penholderLiteralClipboard',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('penholderLiteralClipboard'),
        props: {
          clipboardTextSerializer: (slice, view) => {
            // footnotes are numbered from the whole document, only when the copy holds one
            let numbers: Map<PMNode, number> | null = null;
            let byId: Map<string, number> | null = null;
            const footnote = (fn: PMNode): string => {
              if (!numbers) {
                numbers = footnotesByNode(view.state.doc);
                byId = new Map([...numbers].map(([node, n]) => [String(node.attrs.id), n]));
              }
              const n = numbers.get(fn) ?? byId!.get(String(fn.attrs.id));
              return n === undefined ? '' : superscript(n);
            };
            return sliceToLiteralText(slice, { footnote });
          },
          // a copy of an agreed paragraph pasted elsewhere is not agreed there
          transformPasted: (slice) => reopenSlice(slice),
          clipboardTextParser: (text, $context, _plain, view) => {
            const canHoldGroups = $context.parent.type.contentMatch.matchType(view.state.schema.nodes.bracketGroup!) !== null;
            return literalTextToSlice(text, view.state.schema, canHoldGroups);
          },
        },
      }),
    ];
  },
});
