// Node attributes are read through typed accessors kept with each node (schema/*.ts), never with
// `attrs.x as T`: a document from before an attribute existed, or one a client wrote by hand, holds
// whatever it holds, and the accessor says what the code may then assume.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isParagraphKind } from '../../shared/src/model/types.ts';
import { altAttrs } from '../../shared/src/schema/bracketNodes.ts';
import { paragraphKind } from '../../shared/src/schema/documentNodes.ts';
import { nodeId } from '../../shared/src/schema/ids.ts';
import { outcomeSchema } from '../../shared/src/schema/schema.ts';

const { nodes } = outcomeSchema;

describe('typed attribute accessors', () => {
  it('nodeId: the id, or null when missing or empty', () => {
    expect(nodeId(nodes.paragraph.create({ id: 'p12' }))).toBe('p12');
    expect(nodeId(nodes.paragraph.create())).toBeNull();
    expect(nodeId(nodes.paragraph.create({ id: '' }))).toBeNull();
    expect(nodeId(nodes.bracketGroup.create({ id: 'g1' }, nodes.bracketAlt.create()))).toBe('g1');
  });

  it('paragraphKind: pp, op or text; anything else reads as the default, operative', () => {
    expect(paragraphKind(nodes.paragraph.create({ kind: 'pp' }))).toBe('pp');
    expect(paragraphKind(nodes.paragraph.create({ kind: 'text' }))).toBe('text');
    expect(paragraphKind(nodes.paragraph.create())).toBe('op');
    expect(paragraphKind(nodes.paragraph.create({ kind: 'preambular' }))).toBe('op');
    expect(['pp', 'op', 'text', 'x', null, 3].map(isParagraphKind)).toEqual([true, true, true, false, false, false]);
  });

  it('altAttrs: lists of strings and a proposer or null, whatever the attribute holds', () => {
    const alt = nodes.bracketAlt.create({ id: 'a1', proposer: 'eu', supporters: ['g77', 7, null], objectors: 'us' });
    expect(altAttrs(alt)).toEqual({ id: 'a1', proposer: 'eu', cosponsors: [], supporters: ['g77'], objectors: [] });
    expect(altAttrs(nodes.bracketAlt.create())).toEqual({ id: null, proposer: null, cosponsors: [], supporters: [], objectors: [] });
  });
});

describe('the sources', () => {
  it('read no node attribute through a cast (`attrs.x as T`)', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files = ['shared/src', 'client/src', 'server/src'].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(100); // it did read the sources
    const casts = files.flatMap((file) =>
      fs
        .readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\battrs\.[A-Za-z]+\)? as /.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(casts).toEqual([]);
  });
});
