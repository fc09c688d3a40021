// Keeps every block, group, alternative and footnote uniquely identified after local edits
// (splits copy attrs, pastes bring ids already in use). The rule lives in shared/schema/ensureIds;
// this is only the editor adapter. Changes that arrive through the y-sync binding are left alone:
// their author's editor has already done this, and rewriting them here would bounce ids around.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { assignMissingIds } from '../../../shared/src/schema/ensureIds.ts';
import { isTextOnlyChange } from './textOnly.ts';

export const ensureIdsPluginKey = new PluginKey('penholderEnsureIds');

export function isRemoteChange(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

/**
 * The plugin itself, also run by bench/domain.ts without a view. It remembers which documents it
 * left with every id present and unique (and those plain typing made from them), so that the next
 * change is checked in the blocks it touched only (assignMissingIds' `since`). The first local
 * change after the document was loaded, or after a remote change (the y-sync binding builds every
 * node afresh), walks the whole document, as every change used to.
 */
export function ensureIdsPlugin(): Plugin {
  const checked = new WeakSet<PMNode>();
  return new Plugin({
    key: ensureIdsPluginKey,
    appendTransaction(transactions, oldState, newState) {
      const remote = transactions.some((tr) => tr.docChanged && isRemoteChange(tr));
      // text-only edits (most keystrokes) cannot add nodes or duplicate ids
      const localChange = transactions.some((tr) => tr.docChanged && !isRemoteChange(tr) && !isTextOnlyChange(tr));
      if (!localChange) {
        if (!remote && checked.has(oldState.doc)) checked.add(newState.doc);
        return null;
      }
      const tr = newState.tr;
      const changed = assignMissingIds(tr, !remote && checked.has(oldState.doc) ? oldState.doc : undefined);
      checked.add(tr.doc);
      return changed ? tr : null;
    },
  });
}

export const EnsureIds = Extension.create({
  name: 'penholderEnsureIds',
  addProseMirrorPlugins() {
    return [ensureIdsPlugin()];
  },
});
