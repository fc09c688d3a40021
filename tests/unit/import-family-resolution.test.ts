// A General Assembly resolution as a web page gives it (fixtures/family-ga-resolution-1987.txt): title,
// date, "The General Assembly," and preambular paragraphs one per line, with no blank line between them.
import { describe, it, expect } from 'vitest';
import { outlineOf } from '../../shared/src/export/outline.ts';
import { fixture, load } from './import-helpers.ts';

describe('import: a General Assembly resolution of 1987 in plain text', () => {
  const doc = load(fixture('family-ga-resolution-1987.txt'), 'text');
  const outline = outlineOf(doc.pm, doc.report);

  it('reads title, date and resolution style without a report', () => {
    expect([outline.title, outline.date, outline.numberingStyle]).toEqual([
      'Review and implementation of the Concluding Document of the Twelfth Special Session of the General Assembly',
      '30 November 1987',
      'resolution',
    ]);
    expect(doc.report).toEqual([]);
  });

  it('makes each line after the formula its own unnumbered preambular paragraph', () => {
    expect(outline.paragraphs.map((p) => [p.label, p.kind, p.text.split(' ')[0]])).toEqual([
      [null, 'text', 'The'],
      [null, 'pp', 'Recalling'],
      [null, 'pp', 'Expressing'],
      [null, 'pp', 'Noting'],
      [null, 'pp', 'Reaffirming'],
      [null, 'pp', 'Recalling'],
      [null, 'pp', 'Recalling'],
    ]);
  });

  it('italicises each opening participle', () => {
    const italic = doc.labels.slice(1).map((l) => {
      const first = l.node.firstChild!;
      return first.marks.some((m) => m.type.name === 'italic') ? first.text : null;
    });
    expect(italic).toEqual(['Recalling', 'Expressing', 'Noting', 'Reaffirming', 'Recalling', 'Recalling']);
  });
});
