// An export of an imported document, without edits, gives back the same paragraphs, numbers and
// brackets (DESIGN.md §1): export, import the export, compare outlines.
import { describe, it, expect } from 'vitest';
import { exportDocument } from '../../shared/src/export/index.ts';
import { outlineOf, type Outline } from '../../shared/src/export/outline.ts';
import { fixture, load } from './import-helpers.ts';

const essentials = (o: Outline) => ({
  headings: o.headings.map((h) => [h.label, h.text]),
  paragraphs: o.paragraphs.map((p) => [p.label, p.kind, p.text, p.subparagraphs.map((s) => [s.label, s.text]), p.footnotes]),
  groups: o.groups.map((g) => [g.paragraph, g.alternatives, g.depth]),
});

describe.each([
  ['wsis10-zero-draft.txt', 'text'],
  ['ecosoc-2010-2.md', 'markdown'],
] as const)('%s', (name, format) => {
  const original = load(fixture(name), format);

  it.each(['text', 'markdown'] as const)('survives export to %s and import back', (target) => {
    const exported = exportDocument(original.pm, target);
    const again = load(exported, target);
    expect(essentials(outlineOf(again.pm))).toEqual(essentials(outlineOf(original.pm)));
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
