// Reading a document's log: applyUpdatesInOrder (shared/src/collab/ydoc.ts) is how the room, the log
// catch-up and the command line's exports turn a snapshot and a tail of stored updates into a Y.Doc.
// Its speed (linear, where Y.mergeUpdates is quadratic) is a benchmark figure (`npm run bench -- --only
// sync`, "cold load"; the compare bench's join of the 50,000-edit document), not a test.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyUpdatesInOrder } from '../../shared/src/collab/ydoc.ts';

/** `count` single-character edits typed by two writers into one text, each edit as its own update. */
function typedLog(count: number): { updates: Uint8Array[]; text: string } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const updates: Uint8Array[] = [];
  a.on('update', (u: Uint8Array) => {
    updates.push(u);
    Y.applyUpdate(b, u, 'peer');
  });
  b.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'peer') return;
    updates.push(u);
    Y.applyUpdate(a, u, 'peer');
  });
  for (let i = 0; i < count; i++) {
    const writer = i % 2 === 0 ? a : b;
    const text = writer.getText('t');
    text.insert(i % 3 === 0 ? 0 : text.length, String.fromCharCode(97 + (i % 26)));
    if (i % 7 === 6) text.delete(1, 1);
  }
  return { updates, text: a.getText('t').toString() };
}

describe('applyUpdatesInOrder: a stored log read into a Y.Doc', () => {
  it('yields the document the writers had', () => {
    const { updates, text } = typedLog(2_000);
    const doc = new Y.Doc();
    applyUpdatesInOrder(doc, updates);
    expect(doc.getText('t').toString()).toBe(text);
  });

  it('applies the whole log in one transaction, with the given origin', () => {
    const { updates } = typedLog(50);
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    applyUpdatesInOrder(doc, updates, 'load');
    expect(origins).toEqual(['load']);
  });

  it('integrates an update that arrives before the one it depends on, within the same log', () => {
    const { updates, text } = typedLog(20);
    const shuffled = [updates[5]!, ...updates.slice(0, 5), ...updates.slice(6)];
    const doc = new Y.Doc();
    applyUpdatesInOrder(doc, shuffled);
    expect(doc.getText('t').toString()).toBe(text);
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('reads a snapshot followed by its tail as the whole log', () => {
    const { updates, text } = typedLog(300);
    const snapshotDoc = new Y.Doc();
    applyUpdatesInOrder(snapshotDoc, updates.slice(0, 200));
    const snapshot = Y.encodeStateAsUpdate(snapshotDoc);
    const doc = new Y.Doc();
    applyUpdatesInOrder(doc, [snapshot, ...updates.slice(200)]);
    expect(doc.getText('t').toString()).toBe(text);
  });
});
