// Brackets the importer cannot make into groups: one that opens in a paragraph and closes in a later
// one, one that never closes, one that closes nothing. They stay in the document character for
// character and each is reported once, with the line it stands on.
import { describe, it, expect } from 'vitest';
import { importDocument } from '../../shared/src/import/index.ts';
import { blocks, footnotesIn, load } from './import-helpers.ts';

const brackets = (src: string, format: 'text' | 'markdown' = 'text') =>
  importDocument(src, { format }).report.filter((p) => /bracket "[[\]]"/.test(p.message)).map((p) => [p.line, p.message.split('; ')[1]]);

describe('brackets left unbalanced', () => {
  it('pairs a bracket opened in one paragraph with its close in a later one, by line', () => {
    const src = [
      'Title',
      '',
      '1. [Option (a): Being guided by the principles of the Convention,',
      'in particular Article 3,',
      '',
      'Option (b): In accordance with the principles [of equity],]',
      '',
      '2. Parties [shall] [should] report.',
    ].join('\n');
    expect(brackets(src)).toEqual([
      [3, 'it closes on line 6, in a later paragraph (a bracket group cannot span paragraphs)'],
      [6, 'it closes the bracket opened on line 3, in an earlier paragraph'],
    ]);
    const doc = load(src, 'text');
    // "Option (b):" opening a line is an option block whose label is an attribute (family branch).
    expect(blocks(doc.pm).map((b) => [b.type.name, b.attrs.label ?? null, doc.text(b)])).toEqual([
      ['paragraph', null, '[Option (a): Being guided by the principles of the Convention, in particular Article 3,'],
      ['option', 'Option (b):', 'In accordance with the principles [of equity],]'],
      ['paragraph', null, 'Parties [shall] [should] report.'],
    ]);
  });

  it('names the line inside a page-broken paragraph where the bracket stands', () => {
    const src = 'Title\n\n1. Parties shall communicate their contributions and\nmaintain them [in accordance with\nthe Convention.';
    expect(brackets(src)).toEqual([[4, 'it is never closed']]);
  });

  it('reports a bracket that closes nothing, and one in a heading or the title', () => {
    const src = 'Title [draft\n\nA. [[Preamble]\n\n1. We decide] to act.\n\n2. We act.]';
    expect(brackets(src)).toEqual([
      [1, 'it closes on line 7, in a later paragraph (a bracket group cannot span paragraphs)'],
      [3, 'it closes on line 5, in a later paragraph (a bracket group cannot span paragraphs)'],
      [5, 'it closes the bracket opened on line 3, in an earlier paragraph'],
      [7, 'it closes the bracket opened on line 1, in an earlier paragraph'],
    ]);
  });

  it('leaves [^n] written as text out of the count, and never adds or drops a character', () => {
    const src = 'Title\n\n1. We [decide[^2]] [agree] and [note.\n\n2. Done.';
    expect(brackets(src)).toEqual([[3, 'it is never closed']]);
    const doc = load(src, 'text');
    expect(doc.text(doc.paragraph('1'))).toBe('We [decide[^2]] [agree] and [note.');
  });
});

describe('brackets around emphasis and footnote markers (Markdown)', () => {
  it('groups *[a]* [b] and [NDMCs[^1]] [INDC], and keeps the note inside its alternative', () => {
    const src = '# Title\n\n1. Each Party shall *[prepare]* [communicate] its [NDMCs[^1]] [INDC].\n\n[^1]: Nationally determined mitigation contributions.\n';
    const doc = load(src, 'markdown');
    const p = doc.paragraph('1');
    expect(doc.text(p)).toBe('Each Party shall [prepare] [communicate] its [NDMCs{Nationally determined mitigation contributions.}] [INDC].');
    const groups: string[][] = [];
    p.descendants((n) => {
      if (n.type.name === 'bracketGroup') {
        const alts: string[] = [];
        n.forEach((a) => alts.push(a.textContent));
        groups.push(alts);
      }
      return true;
    });
    expect(groups).toEqual([
      ['prepare', 'communicate'],
      ['NDMCsNationally determined mitigation contributions.', 'INDC'],
    ]);
    expect(footnotesIn(p)).toEqual(['Nationally determined mitigation contributions.']);
    expect(doc.report).toEqual([]);
  });
});
