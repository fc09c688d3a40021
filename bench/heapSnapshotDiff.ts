// What grew between two V8 heap snapshots (.heapsnapshot files, as `--heapsnapshot-signal` writes
// them), by constructor: the soak (bench/soak.ts --heap-snapshots) takes one where its last half
// begins and one at the end, and prints the largest growths, so a heap that keeps growing can be
// told apart: Yjs items and strings of the edited document (expected: every insertion stays in Yjs),
// or something the server keeps per edit, connection or room (a leak).
//
// A snapshot is JSON: `snapshot.meta.node_fields` names the fields of each node, `nodes` holds them
// flat, `strings` the names. Nodes are grouped by type and name (the constructor for objects,
// "(closure) name" for functions, "(string)" for strings, and so on). Known limit: sizes are shallow
// (self) sizes; what a group retains is not computed.
import fs from 'node:fs';

export interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: (string[] | string)[] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  count: number;
  bytes: number;
}

/** Count and shallow bytes of the snapshot's nodes, by type and name. */
export function heapGroups(snapshot: HeapSnapshotJson): Map<string, HeapGroup> {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0] as string[];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!] ?? 'unknown';
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!] ?? '';
    const key = type === 'object' || type === 'native' ? name : type === 'closure' ? `(closure) ${name}` : `(${type})`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += snapshot.nodes[i + sizeAt]!;
    groups.set(key, g);
  }
  return groups;
}

export interface HeapGrowth extends HeapGroup {
  name: string;
}

/** The groups that grew from `before` to `after`, largest growth in bytes first. */
export function heapGrowth(before: Map<string, HeapGroup>, after: Map<string, HeapGroup>): HeapGrowth[] {
  const grown: HeapGrowth[] = [];
  for (const [name, a] of after) {
    const b = before.get(name) ?? { count: 0, bytes: 0 };
    if (a.bytes > b.bytes) grown.push({ name, count: a.count - b.count, bytes: a.bytes - b.bytes });
  }
  return grown.sort((x, y) => y.bytes - x.bytes);
}

export function readHeapSnapshot(file: string): Map<string, HeapGroup> {
  return heapGroups(JSON.parse(fs.readFileSync(file, 'utf8')) as HeapSnapshotJson);
}
