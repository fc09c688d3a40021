// The soak's heap comparison (bench/heapSnapshotDiff.ts): nodes of a V8 heap snapshot grouped by
// constructor, and what grew between two snapshots. On a snapshot of a real heap, and on a hand-made
// one whose figures are known.
import v8 from 'node:v8';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapGroups, heapGrowth, readHeapSnapshot, type HeapSnapshotJson } from '../../bench/heapSnapshotDiff.ts';

const META = { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'], node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure'], 'string'] };
/** A snapshot with the given nodes: [type index, name, self size]. */
function snapshotOf(nodes: [number, string, number][]): HeapSnapshotJson {
  const strings = [...new Set(nodes.map(([, name]) => name))];
  return { snapshot: { meta: META }, strings, nodes: nodes.flatMap(([type, name, size], id) => [type, strings.indexOf(name), id, size, 0, 0, 0]) };
}

describe('heap snapshot comparison', () => {
  it('groups objects by constructor, closures by name and the rest by type', () => {
    const groups = heapGroups(snapshotOf([[3, 'Item', 40], [3, 'Item', 40], [5, 'onUpdate', 32], [2, 'some text', 24], [2, 'other', 30]]));
    expect(groups.get('Item')).toEqual({ count: 2, bytes: 80 });
    expect(groups.get('(closure) onUpdate')).toEqual({ count: 1, bytes: 32 });
    expect(groups.get('(string)')).toEqual({ count: 2, bytes: 54 });
  });

  it('lists what grew, largest first, and leaves out what shrank', () => {
    const before = heapGroups(snapshotOf([[3, 'Item', 40], [3, 'Connection', 100], [3, 'Connection', 100]]));
    const after = heapGroups(snapshotOf([[3, 'Item', 40], [3, 'Item', 40], [3, 'Item', 40], [3, 'Timer', 500], [3, 'Connection', 100]]));
    expect(heapGrowth(before, after)).toEqual([
      { name: 'Timer', count: 1, bytes: 500 },
      { name: 'Item', count: 2, bytes: 80 },
    ]);
  });

  it('reads a real snapshot of this process, where objects made for the purpose are counted', () => {
    class SoakProbeMarker {
      constructor(readonly n: number) {}
    }
    const kept = Array.from({ length: 1000 }, (_, i) => new SoakProbeMarker(i));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-heap-'));
    try {
      const file = v8.writeHeapSnapshot(path.join(dir, 'now.heapsnapshot'));
      expect(readHeapSnapshot(file).get('SoakProbeMarker')?.count).toBe(kept.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
