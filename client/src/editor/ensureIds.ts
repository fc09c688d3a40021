// Keeps every block, group, alternative and footnote uniquely identified after local edits
// (splits copy attrs, pastes bring ids already in use). The rule lives in shared/schema/ensureIds;
// this is only the editor adapter. Changes that arrive through the y-sync binding are left alone:
// their author's editor has already done this, and rewriting them here would bounce ids around.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { assignMissingIds } from '../../../shared/src/schema/ensureIds.ts';
import { isTextOnlyChange } from './textOnly.ts';

export const ensureIdsPluginKey = new PluginKey('penholderEnsureIds');

export function isRemoteChange(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

/** The plugin itself, also run by bench/domain.ts without a view. */
export function ensureIdsPlugin(): Plugin {
  return new Plugin({
    key: ensureIdsPluginKey,
    appendTransaction(transactions, _oldState, newState) {
      // text-only edits (most keystrokes) cannot add nodes or duplicate ids
      const localChange = transactions.some((tr) => tr.docChanged && !isRemoteChange(tr) && !isTextOnlyChange(tr));
      if (!localChange) return null;
      const tr = newState.tr;
      return assignMissingIds(tr) ? tr : null;
    },
  });
}

export const EnsureIds = Extension.create({
  name: 'penholderEnsureIds',
  addProseMirrorPlugins() {
    return [ensureIdsPlugin()];
  },
});
