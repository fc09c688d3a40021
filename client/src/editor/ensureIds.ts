// Keeps every block, group, alternative and footnote uniquely identified after local edits
// (splits copy attrs, pastes bring ids already in use). The rule lives in shared/schema/ensureIds;
// this is only the editor adapter. Changes that arrive through the y-sync binding are left alone:
// their author's editor has already done this, and rewriting them here would bounce ids around.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { assignIds, idsComplete } from '../../../shared/src/schema/ensureIds.ts';
import { isTextOnlyChange } from './textOnly.ts';

export const ensureIdsPluginKey = new PluginKey('penholderEnsureIds');

export function isRemoteChange(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

/**
 * The plugin itself, also run by bench/domain.ts without a view. It remembers which documents have
 * every id present and unique (those it left so, those plain typing made from them, and those it
 * found so when idle), so that the next change is checked in the blocks it touched only
 * (assignMissingIds' `since`). A document loaded or rebuilt by a remote change (the y-sync binding
 * builds every node afresh) is checked whole when the browser is idle (at most once a second), so
 * that the Enter after it need not; a change made before that walks the whole document, as every
 * change used to.
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
      const { changed, complete } = assignIds(tr, !remote && checked.has(oldState.doc) ? oldState.doc : undefined);
      if (complete) checked.add(tr.doc);
      return changed ? tr : null;
    },
    view: (view) => {
      let cancel: (() => void) | null = null;
      let last = -Infinity;
      const check = () => {
        cancel = null;
        last = performance.now();
        const doc = view.state.doc;
        if (!view.isDestroyed && !checked.has(doc) && idsComplete(doc)) checked.add(doc);
      };
      const schedule = () => {
        if (cancel || checked.has(view.state.doc)) return;
        const wait = Math.max(0, last + CHECK_INTERVAL_MS - performance.now());
        if (typeof requestIdleCallback === 'function') {
          let idle = 0;
          const timer = setTimeout(() => (idle = requestIdleCallback(check, { timeout: 2_000 })), wait);
          cancel = () => {
            clearTimeout(timer);
            if (idle) cancelIdleCallback(idle);
          };
        } else {
          const timer = setTimeout(check, wait);
          cancel = () => clearTimeout(timer);
        }
      };
      schedule();
      return {
        update: schedule,
        destroy: () => cancel?.(),
      };
    },
  });
}

/** The idle check of a whole document runs at most this often. */
const CHECK_INTERVAL_MS = 1_000;

export const EnsureIds = Extension.create({
  name: 'penholderEnsureIds',
  addProseMirrorPlugins() {
    return [ensureIdsPlugin()];
  },
});
