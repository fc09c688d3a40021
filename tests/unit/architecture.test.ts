// The layering the code relies on, checked on the import graph (madge): no import cycles in the
// server or the domain (type-only imports count: a cycle of types is a cycle of concerns), and the
// domain (shared/) imports nothing from the server or the client.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const graphOf = (dir: string) =>
  madge(path.join(root, dir), { fileExtensions: ['ts', 'tsx'], tsConfig: path.join(root, 'tsconfig.json'), detectiveOptions: { ts: { skipTypeImports: false } } });

describe('the import graph', () => {
  it('has no cycles in server/src', async () => {
    const graph = await graphOf('server/src');
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(50); // it did read the server
    expect(graph.circular()).toEqual([]);
  });

  it('has no cycles in shared/src', async () => {
    const graph = await graphOf('shared/src');
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(30);
    expect(graph.circular()).toEqual([]);
  });

  it('keeps the domain free of the server and the client', async () => {
    const graph = await graphOf('shared/src');
    const outside = Object.entries(graph.obj()).flatMap(([file, deps]) =>
      deps.filter((d) => /(^|\/)(server|client)\//.test(path.normalize(path.join('shared/src', path.dirname(file), d)))).map((d) => `${file} -> ${d}`),
    );
    expect(outside).toEqual([]);
  });
});
