import { describe, it, expect } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import {
  structureBrackets,
  renderInlineLiteral,
  renderInlineMarkdown,
  looseBrackets,
  pairLooseBrackets,
  type InlineInput,
} from '../../shared/src/brackets/literal.ts';
import { outcomeSchema } from '../../shared/src/schema/schema.ts';
import { groupTexts } from '../helpers/docs.ts';

function para(runs: InlineInput[]): { node: PMNode; problems: string[]; content: JSONContent[] } {
  const { content, problems } = structureBrackets(runs);
  const node = outcomeSchema.nodeFromJSON({ type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content });
  node.check();
  return { node, problems, content };
}
const parse = (s: string) => para([{ text: s }]);


describe('structureBrackets', () => {
  it('makes one group of two alternatives from whitespace-separated spans', () => {
    const { node, problems } = parse('We agree to hold a [World Summit] [High Level Meeting] on the Information Society');
    expect(problems).toEqual([]);
    expect(groupTexts(node)).toEqual([['World Summit', 'High Level Meeting']]);
    expect(node.child(1).attrs.separator).toBe(' ');
    expect(node.child(1).attrs.id).toMatch(/^g/);
    expect(node.child(1).child(0).attrs.id).toMatch(/^a/);
  });

  it('nests groups inside alternatives', () => {
    const { node } = parse('[Parties [shall] [should] communicate]');
    expect(node.childCount).toBe(1);
    const outer = node.child(0);
    expect(outer.childCount).toBe(1);
    const alt = outer.child(0);
    expect(alt.child(0).text).toBe('Parties ');
    expect(alt.child(1).type.name).toBe('bracketGroup');
    expect(groupTexts(alt)).toEqual([['shall', 'should']]);
    expect(alt.child(2).text).toBe(' communicate');
  });

  it('turns [] into an empty alternative', () => {
    const { node, content } = parse('delete []');
    const group = node.child(1);
    expect(group.childCount).toBe(1);
    expect(group.child(0).childCount).toBe(0);
    expect(content[1].content![0].content).toBeUndefined();
  });

  it('records an empty separator for [a][b]', () => {
    const { node } = parse('[a][b]');
    expect(groupTexts(node)).toEqual([['a', 'b']]);
    expect(node.child(0).attrs.separator).toBe('');
  });

  it('starts a new group when the gap differs from the first one', () => {
    const { node } = parse('x [a] [b]  [c] y');
    expect(groupTexts(node)).toEqual([['a', 'b'], ['c']]);
  });

  it('does not group spans separated by words', () => {
    expect(groupTexts(parse('[a] and [b]').node)).toEqual([['a'], ['b']]);
  });

  it('keeps unbalanced brackets as text and reports them', () => {
    const open = parse('We note [an unbalanced bracket');
    expect(open.node.textContent).toBe('We note [an unbalanced bracket');
    expect(groupTexts(open.node)).toEqual([]);
    expect(open.problems).toHaveLength(1);
    expect(open.problems[0]).toMatch(/Unmatched opening bracket/);

    const close = parse('a] b [c] d]');
    expect(renderInlineLiteral(close.node)).toBe('a] b [c] d]');
    expect(groupTexts(close.node)).toEqual([['c']]);
    expect(close.problems).toHaveLength(2);
    expect(close.problems.every((p) => /Unmatched closing bracket/.test(p))).toBe(true);
  });

  it('lets brackets span marked runs and keeps the marks inside', () => {
    const italic = [{ type: 'italic' }];
    const { node, problems } = para([
      { text: 'We [', marks: [] },
      { text: 'Notes', marks: italic },
      { text: ' with concern] [' },
      { text: 'Welcomes', marks: italic },
      { text: '] the report' },
    ]);
    expect(problems).toEqual([]);
    expect(groupTexts(node)).toEqual([['Notes with concern', 'Welcomes']]);
    const first = node.child(1).child(0);
    expect(first.child(0).text).toBe('Notes');
    expect(first.child(0).marks.map((m) => m.type.name)).toEqual(['italic']);
    expect(first.child(1).marks).toEqual([]);
    expect(renderInlineLiteral(node)).toBe('We [Notes with concern] [Welcomes] the report');
    expect(renderInlineMarkdown(node)).toBe('We [*Notes* with concern] [*Welcomes*] the report');
  });

  it('passes built inline nodes (footnotes) through, inside brackets too', () => {
    const fn: JSONContent = { type: 'footnote', attrs: { id: 'f1' }, content: [{ type: 'text', text: 'A/RES/70/1.' }] };
    const { node } = para([{ text: 'Recalling [its resolution 70/1' }, fn, { text: '] [x]' }]);
    expect(groupTexts(node)).toEqual([['its resolution 70/1', 'x']]);
    expect(renderInlineLiteral(node, { footnote: (f) => `(${f.textContent})` })).toBe('Recalling [its resolution 70/1(A/RES/70/1.)] [x]');
  });
});

describe('renderInlineLiteral', () => {
  const samples = [
    '',
    'no brackets at all',
    'We agree to hold a [World Summit] [High Level Meeting] on the Information Society in 202X',
    '[Parties [shall] [should] communicate]',
    '[]',
    '[] []',
    '[a][b][c]',
    '[a]\t[b]',
    '[[[deep]]]',
    'x [a] [b]  [c] y',
    '[a] [] [b] trailing ',
    '  leading [x]',
    '[nested [one] and [two] [three]] [alt]',
  ];
  it.each(samples)('gives back the source exactly: %j', (s) => {
    expect(renderInlineLiteral(parse(s).node)).toBe(s);
  });

  it('gives back random balanced inputs exactly (property)', () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const gen = (depth: number): string => {
      let s = '';
      const parts = rnd(5);
      for (let i = 0; i < parts; i++) {
        const r = rnd(6);
        if (r === 0 && depth < 3) s += '[' + gen(depth + 1) + ']';
        else if (r === 1) s += ' ';
        else if (r === 2) s += '  ';
        else s += ['a', 'bc', 'shall', 'é', '\u{1F600}', '.'][rnd(6)];
      }
      return s;
    };
    for (let i = 0; i < 500; i++) {
      const s = gen(0);
      const { node, problems } = parse(s);
      expect(problems).toEqual([]);
      expect(renderInlineLiteral(node)).toBe(s);
    }
  });

  // Seeded and deterministic: a failure names the seed and the input, and reruns identically.
  const lcg = (seed: number) => (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const nesting = (node: PMNode): number => {
    let deepest = 0;
    node.forEach((child) => {
      if (child.type.name === 'bracketGroup') child.forEach((a) => (deepest = Math.max(deepest, 1 + nesting(a))));
    });
    return deepest;
  };

  it('gives back random strings exactly, balanced or not, and reports every unmatched bracket (property)', () => {
    for (const seed of [1, 7, 2015, 70_1]) {
      const rnd = lcg(seed);
      const atoms = ['[', ']', '[', ']', ' ', '  ', 'a', 'shall', '[]', '][', ',', '\u{1F600}', '\t', '*'];
      for (let i = 0; i < 400; i++) {
        let s = '';
        for (let k = rnd(24); k > 0; k--) s += atoms[rnd(atoms.length)];
        const { node, problems } = parse(s);
        expect(renderInlineLiteral(node), `seed ${seed}: ${JSON.stringify(s)}`).toBe(s);
        // Every bracket character is in a group or left as text and reported, never both, never lost.
        let opens = 0;
        let depth = 0;
        let unmatched = 0;
        for (const ch of s) {
          if (ch === '[') (depth++, opens++);
          else if (ch === ']') depth > 0 ? depth-- : unmatched++;
        }
        unmatched += depth;
        expect(problems.length, `seed ${seed}: ${JSON.stringify(s)}`).toBe(unmatched);
        let alts = 0;
        node.descendants((n) => void (n.type.name === 'bracketAlt' && alts++));
        expect(alts + problems.filter((p) => p.includes('opening')).length).toBe(opens);
      }
    }
  });

  it('keeps nesting to any depth, counted level by level', () => {
    const s = '[LONG-TERM GLOBAL [LOW-[CARBON][EMISSION] TRANSFORMATION] [[CLIMATE][CARBON] NEUTRALITY]]';
    const { node } = parse(s);
    expect(nesting(node)).toBe(3);
    expect(renderInlineLiteral(node)).toBe(s);
    const deep = '[a [b [c [d [e] f] g] h] i]';
    expect(nesting(parse(deep).node)).toBe(5);
    expect(renderInlineLiteral(parse(deep).node)).toBe(deep);
  });

  it('makes one group of adjacent alternatives: [a][b], [a] [b], and across marks *[a]* [b]', () => {
    expect(groupTexts(parse('x [a][b] y').node)).toEqual([['a', 'b']]);
    expect(groupTexts(parse('x [a] [b] y').node)).toEqual([['a', 'b']]);
    const marked = para([{ text: 'x ' }, { text: '[a]', marks: [{ type: 'italic' }] }, { text: ' [b] y' }]).node;
    expect(groupTexts(marked)).toEqual([['a', 'b']]);
    expect(renderInlineMarkdown(marked)).toBe('x [*a*] [b] y');
    // Brackets around emphasis and around a footnote marker.
    const fn: JSONContent = { type: 'footnote', attrs: { id: 'f1' }, content: [{ type: 'text', text: 'note' }] };
    const around = para([{ text: '[' }, { text: 'Welcomes', marks: [{ type: 'italic' }] }, { text: '] [NDMCs' }, fn, { text: '][INDC]' }]).node;
    // `[NDMCs¹][INDC]` has no space where `[Welcomes] [NDMCs¹]` has one: a group records one
    // separator, so the unspaced pair starts a second group (the round trip stays exact).
    expect(groupTexts(around)).toEqual([['Welcomes', 'NDMCs'], ['INDC']]);
    expect(renderInlineLiteral(around, { footnote: () => '¹' })).toBe('[Welcomes] [NDMCs¹][INDC]');
  });

  it('omits footnotes by default', () => {
    const fn: JSONContent = { type: 'footnote', attrs: { id: 'f1' }, content: [{ type: 'text', text: 'note' }] };
    expect(renderInlineLiteral(para([{ text: 'a' }, fn, { text: 'b' }]).node)).toBe('ab');
  });
});

describe('renderInlineMarkdown', () => {
  it('wraps italic and bold, leaving brackets literal', () => {
    const { node } = para([
      { text: 'Notes', marks: [{ type: 'italic' }] },
      { text: ' the ' },
      { text: 'urgent', marks: [{ type: 'bold' }] },
      { text: ' need [to act] [' },
      { text: 'now', marks: [{ type: 'bold' }, { type: 'italic' }] },
      { text: ']' },
    ]);
    expect(renderInlineMarkdown(node)).toBe('*Notes* the **urgent** need [to act] [***now***]');
  });

  it('keeps spaces outside the delimiters and escapes literal asterisks', () => {
    const { node } = para([{ text: 'Notes ', marks: [{ type: 'italic' }] }, { text: 'a*b' }]);
    expect(renderInlineMarkdown(node)).toBe('*Notes* a\\*b');
  });

  it('keeps one emphasis span across a bracket group', () => {
    const italic = [{ type: 'italic' }];
    const { node } = para([{ text: 'x [a] [b] y', marks: italic }]);
    expect(renderInlineMarkdown(node)).toBe('*x [a] [b] y*');
  });
});

describe('brackets left unbalanced in a paragraph', () => {
  const loose = (s: string, unit = 0) => looseBrackets(structureBrackets([{ text: s }]).content, unit);

  it('finds only the literal brackets, with their surroundings', () => {
    const found = loose('[Option (a): Being guided [by] [in] the principles');
    expect(found.map((b) => [b.ch, b.context.slice(b.centre, b.centre + 12)])).toEqual([['[', '[Option (a):']]);
    expect(loose('all [closed] [here]')).toEqual([]);
    const end = loose('responsibilities [a],]');
    expect(end.map((b) => b.context)).toEqual(['esponsibilities [a],]']); // 20 characters before it
  });

  it('pairs them across paragraphs, nearest open bracket first', () => {
    const all = [
      ...loose('[Option 1: {Placeholder for preamble}', 0),
      ...loose('[Option (a): Being guided', 1),
      ...loose('Option (b): In accordance,]', 2),
      ...loose('a last one,]', 3),
      ...loose('and a stray ] here', 4),
    ];
    const { across, unclosed, unopened } = pairLooseBrackets(all);
    expect(across.map(({ open, close }) => [open.unit, close.unit])).toEqual([[1, 2], [0, 3]]);
    expect(unclosed).toEqual([]);
    expect(unopened.map((b) => b.unit)).toEqual([4]);
  });
});
