// The side panels follow the editor's selection on one clock per editor
// (client/src/editor/useSelectionContext.ts, PanelClock): nothing runs inside a transaction, the
// first change after a pause is shown right after the next frame, a run of changes (typing, a held
// arrow key) asks for one update once input pauses, and every panel updates in the same task, so
// that React commits them once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transaction } from '@tiptap/pm/state';
import { MAX_WAIT_MS, PanelClock, QUIET_MS, panelClock, type TransactionSource } from '../../client/src/editor/useSelectionContext.ts';

type Listener = (props: { transaction: Transaction }) => void;

/** An editor as the clock sees it: something that emits transactions. */
class FakeEditor implements TransactionSource {
  isDestroyed = false;
  readonly listeners = new Set<Listener>();
  on(_event: 'transaction', fn: Listener) {
    this.listeners.add(fn);
  }
  off(_event: 'transaction', fn: Listener) {
    this.listeners.delete(fn);
  }
  emit(change: { docChanged?: boolean; selectionSet?: boolean }) {
    // the clock reads these two flags only
    const transaction = { docChanged: false, selectionSet: false, ...change } as unknown as Transaction;
    for (const fn of [...this.listeners]) fn({ transaction });
  }
}

const FRAME_MS = 16;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  // no frames in Node: one every FRAME_MS, on the same fake clock
  vi.stubGlobal('requestAnimationFrame', (fn: (t: number) => void) => setTimeout(() => fn(performance.now()), FRAME_MS));
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A clock with two panels subscribed, past their first (subscription-time) update. */
function twoPanels() {
  const editor = new FakeEditor();
  const clock = new PanelClock(editor);
  const calls: string[] = [];
  const stopA = clock.subscribe(() => calls.push('a'));
  const stopB = clock.subscribe(() => calls.push('b'));
  vi.advanceTimersByTime(QUIET_MS + 1);
  expect(calls).toEqual(['a', 'b']); // one check at subscription, for both, in one task
  calls.length = 0;
  return { editor, clock, calls, stop: () => (stopA(), stopB()) };
}

describe('the panel clock', () => {
  it('runs nothing inside the transaction; after a pause, the first change updates every panel right after the next frame, in one task', () => {
    const { editor, calls } = twoPanels();
    editor.emit({ selectionSet: true });
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(FRAME_MS); // the frame that shows the change
    expect(calls).toEqual([]);
    expect(vi.getTimerCount()).toBe(1); // one task holds both updates
    vi.advanceTimersToNextTimer();
    expect(calls).toEqual(['a', 'b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores transactions that change neither the document nor the selection (metadata, decorations)', () => {
    const { editor, calls } = twoPanels();
    editor.emit({});
    vi.advanceTimersByTime(MAX_WAIT_MS * 2);
    expect(calls).toEqual([]);
  });

  it('updates once when a run of changes pauses, not once per change', () => {
    const { editor, calls } = twoPanels();
    editor.emit({ docChanged: true, selectionSet: true });
    vi.advanceTimersByTime(FRAME_MS + 1);
    expect(calls).toEqual(['a', 'b']);
    calls.length = 0;
    // typing, 60 ms apart: four keystrokes
    for (let i = 0; i < 4; i++) {
      editor.emit({ docChanged: true, selectionSet: true });
      vi.advanceTimersByTime(60);
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(QUIET_MS);
    expect(calls).toEqual(['a', 'b']);
  });

  it('still updates at least every MAX_WAIT_MS while changes keep coming', () => {
    const { editor, calls } = twoPanels();
    editor.emit({ selectionSet: true });
    vi.advanceTimersByTime(FRAME_MS + 1);
    calls.length = 0;
    let updates = 0;
    for (let t = 0; t < 3 * MAX_WAIT_MS; t += 50) {
      editor.emit({ selectionSet: true });
      vi.advanceTimersByTime(50);
      if (calls.length) {
        updates++;
        calls.length = 0;
      }
    }
    expect(updates).toBeGreaterThanOrEqual(2);
    expect(updates).toBeLessThanOrEqual(4);
  });

  it('lets go of the editor when its last panel unsubscribes', () => {
    const { editor, calls, stop } = twoPanels();
    expect(editor.listeners.size).toBe(1);
    editor.emit({ selectionSet: true });
    stop();
    expect(editor.listeners.size).toBe(0);
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(calls).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs nothing for a destroyed editor', () => {
    const { editor, calls } = twoPanels();
    editor.emit({ selectionSet: true });
    editor.isDestroyed = true;
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(calls).toEqual([]);
  });

  it('is one per editor', () => {
    const a = new FakeEditor();
    const b = new FakeEditor();
    expect(panelClock(a)).toBe(panelClock(a));
    expect(panelClock(a)).not.toBe(panelClock(b));
  });
});
