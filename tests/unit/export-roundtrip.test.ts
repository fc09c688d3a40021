// An export of an imported document, without edits, gives back the same paragraphs, numbers and
// brackets (docs/design.md §1): export, import the export, compare outlines.
import { describe, it, expect } from 'vitest';
import { exportDocument } from '../../shared/src/export/index.ts';
import { outlineOf, type Outline } from '../../shared/src/export/outline.ts';
import { fixture, load } from './import-helpers.ts';

// Unnumbered paragraphs are named by their id, which a re-import mints afresh: compare their position instead.
const essentials = (o: Outline) => {
  const named = (label: string) => {
    const i = o.paragraphs.findIndex((p) => p.id === label);
    return i >= 0 ? `#${i}` : label;
  };
  return {
    title: o.title,
    headings: o.headings.map((h) => [h.label, h.fixed, h.text]),
    paragraphs: o.paragraphs.map((p) => [
      p.label,
      p.fixed,
      p.kind,
      p.section,
      p.option,
      p.text,
      p.subparagraphs.map((s) => [s.label, s.level, s.text, s.subparagraphs.map((t) => [t.label, t.level, t.text])]),
      p.footnotes,
    ]),
    options: o.options.map((x) => [x.label, x.section, x.text, x.paragraphs.map(named)]),
    groups: o.groups.map((g) => [named(g.paragraph), g.alternatives, g.depth]),
  };
};

describe.each([
  ['wsis10-zero-draft.txt', 'text'],
  ['ecosoc-2010-2.md', 'markdown'],
  ['family-cop21-draft-decision.md', 'markdown'],
  ['family-cop21-draft-decision.txt', 'text'],
  ['family-paris-agreement.md', 'markdown'],
  ['family-paris-draft-2015-12-04.md', 'markdown'],
  ['family-ecosoc-compilation-2006.txt', 'text'],
  ['family-ga-working-paper-heading.txt', 'text'],
  ['family-ga-resolution-1987.txt', 'text'],
  ['family-gst-structure-2023.txt', 'text'],
  ['family-unfccc-proposal-heading.txt', 'text'],
  ['import-awkward.txt', 'text'],
  ['import-adversarial.txt', 'text'],
  ['brackets-geneva-2015.txt', 'text'],
  ['brackets-geneva-2015-p28.txt', 'text'],
  ['brackets-adp-4dec-2015.txt', 'text'],
  ['brackets-adp-l6-2015.txt', 'text'],
  ['brackets-decision-nov-2015.md', 'markdown'],
  ['brackets-decision-nov-2015-superscript.txt', 'text'],
] as const)('%s', (name, format) => {
  const original = load(fixture(name), format);

  // Known limit of the Markdown export: an unnumbered heading that starts with a number ("5 December
  // 2015") is written as `## 5 December 2015`, which reads back as heading number 5. Those fixtures
  // run the Markdown round trip below as a failing test, so that the fix turns it red and promotes it.
  // (The Geneva text was promoted: its "12 February 2015" is now read in the heading block as a date.)
  const knownMarkdownFailure = ['brackets-adp-l6-2015.txt'].includes(name);
  it.each(knownMarkdownFailure ? (['text'] as const) : (['text', 'markdown'] as const))('survives export to %s and import back', (target) => {
    const exported = exportDocument(original.pm, target);
    const again = load(exported, target);
    const before = essentials(outlineOf(original.pm));
    const after = essentials(outlineOf(again.pm));
    if (name === 'family-paris-draft-2015-12-04.md' && target === 'text') {
      // Known loss: the note "\\* *without prejudice...*" prints as "* without prejudice..." in plain
      // text, which reads back as a list marker and a continuation of paragraph 4.
      const note = before.paragraphs.findIndex((p) => String(p[5]).startsWith('* without prejudice'));
      expect(note).toBeGreaterThan(0);
      expect(after.paragraphs).toHaveLength(before.paragraphs.length - 1);
      expect(String(after.paragraphs[note - 1][5])).toMatch(/\] without prejudice to the terminology/);
      return;
    }
    if (name === 'family-ecosoc-compilation-2006.txt' && target === 'markdown') {
      // Known loss: the group "[ly agreed]" followed by "(Mexico)" prints as "[ly agreed](Mexico)", which
      // Markdown reads back as a link; every other paragraph survives.
      expect(after.paragraphs.slice(0, 5)).toEqual(before.paragraphs.slice(0, 5));
      expect(after.groups.map((g) => g[1])).not.toContainEqual(['ly agreed']);
      return;
    }
    expect(after).toEqual(before);
  });

  if (knownMarkdownFailure) {
    it.fails('survives export to markdown and import back', () => {
      const again = load(exportDocument(original.pm, 'markdown'), 'markdown');
      expect(essentials(outlineOf(again.pm))).toEqual(essentials(outlineOf(original.pm)));
    });
  }
});

describe('re-export keeps every word: a heading right after the title stays a heading', () => {
  it.each(['text', 'markdown'] as const)('through %s', (target) => {
    const src = '# Adoption of the Paris Agreement\n\n## B. DRAFT DECISION\n\n*The Conference of the Parties,*\n\n1. *Decides* [to adopt] [to welcome] the Agreement.[^1]\n\n## II. CONTRIBUTIONS\n\n2. *Welcomes* the contributions.\n\n[^1]: A note.\n';
    const original = load(src, 'markdown');
    const again = load(exportDocument(original.pm, target), target);
    expect(essentials(outlineOf(again.pm))).toEqual(essentials(outlineOf(original.pm)));
    // Labels as typed are the headings' own `label` (family branch): "B" and "II", not part of the text.
    expect(outlineOf(again.pm).headings.map((h) => [h.label, h.text])).toEqual([['B', 'DRAFT DECISION'], ['II', 'CONTRIBUTIONS']]);
  });
});

describe('clean text export', () => {
  const zero = load(fixture('wsis10-zero-draft.txt'), 'text');
  const text = exportDocument(zero.pm, 'text');

  it('prints numbered paragraphs and headings in order with literal brackets', () => {
    expect(text).toContain('\n1. ICT for Development\n');
    expect(text).toContain('\n1.1 Bridging the Digital Divide\n');
    expect(text).toMatch(/\n58\. We recognize that in the preparation .* hold a \[World Summit\] \[High Level Meeting\] on the Information Society/);
  });

  it('carries no attribution', () => {
    expect(text).not.toMatch(/proposer|data-|<span/);
  });
});

describe('outline JSON', () => {
  it('lists each group with its paragraph, literal alternatives and depth', () => {
    const nested = load('Preamble\n\n1. We agree that [Parties [shall] [should] communicate] [].\n', 'text');
    const outline = JSON.parse(exportDocument(nested.pm, 'json'));
    expect(outline.groups).toEqual([
      expect.objectContaining({ paragraph: '1', alternatives: ['Parties [shall] [should] communicate', ''], depth: 0 }),
      expect.objectContaining({ paragraph: '1', alternatives: ['shall', 'should'], depth: 1 }),
    ]);
    expect(outline.paragraphs[0].text).toBe('We agree that [Parties [shall] [should] communicate] [].');
  });
});
