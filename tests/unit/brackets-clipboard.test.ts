// The clipboard's plain text (shared/src/brackets/clipboard.ts): a copy gives the literal brackets,
// a paste of literal brackets gives groups, as typing does.
import { describe, it, expect } from 'vitest';
import { Slice } from '@tiptap/pm/model';
import { literalTextToSlice, sliceToLiteralText } from '../../shared/src/brackets/clipboard.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { outcomeSchema } from '../../shared/src/schema/schema.ts';
import { superscript } from '../../shared/src/export/superscript.ts';
import { makeDoc, para, t, alt, group, groupTexts } from '../helpers/docs.ts';

const IGF = 'We extend the IGF mandate for another ';
const doc = () =>
  makeDoc([
    para('op', t(IGF), group(alt(t('five')), alt(t('ten')), alt(t('fifteen'))), t(' years.')),
    para('op', t('We note the report'), { type: 'footnote', content: [t('A/70/63.')] }, t(' and '), { type: 'bracketGroup', attrs: { separator: '' }, content: [alt(t('welcome')), alt(t('take note of'))] }, t(' it.')),
  ]);
const posOf = (needle: string) => {
  let found = -1;
  doc().descendants((n, pos) => {
    // an alternative's whole text first ("ten", not the "ten" of "extend"), else the first occurrence
    if (found < 0 && n.isText && n.text === needle) found = pos;
    return found < 0;
  });
  if (found < 0) doc().descendants((n, pos) => {
    if (found < 0 && n.isText && n.text!.includes(needle)) found = pos + n.text!.indexOf(needle);
    return found < 0;
  });
  if (found < 0) throw new Error(needle);
  return found;
};
const copy = (from: number, to: number, footnote?: Parameters<typeof sliceToLiteralText>[1]) => sliceToLiteralText(doc().slice(from, to, true), footnote);

describe('copy', () => {
  it('puts the literal brackets of a whole paragraph, with the group separator', () => {
    const d = doc();
    const p1 = d.child(1);
    expect(sliceToLiteralText(d.slice(1 + d.child(0).nodeSize, 1 + d.child(0).nodeSize + p1.nodeSize - 2))).toBe(
      'We extend the IGF mandate for another [five] [ten] [fifteen] years.',
    );
  });

  it('copies a part of the sentence through a group', () => {
    const from = posOf('another');
    const to = posOf(' years.') + ' years'.length;
    expect(copy(from, to)).toBe('another [five] [ten] [fifteen] years');
  });

  it('copies the text of one alternative alone, and the brackets of several', () => {
    expect(copy(posOf('fifteen'), posOf('fifteen') + 4)).toBe('fift');
    expect(copy(posOf('five') + 2, posOf('ten') + 3)).toBe('[ve] [ten]');
  });

  it('keeps a group written without a separator as it was, and footnotes as their marker', () => {
    const from = posOf('We note');
    const to = posOf(' it.') + 4;
    expect(copy(from, to)).toBe('We note the report and [welcome][take note of] it.');
    expect(copy(from, to, { footnote: () => superscript(1) })).toBe('We note the report¹ and [welcome][take note of] it.');
  });

  it('separates paragraphs with a blank line', () => {
    const d = doc();
    const text = sliceToLiteralText(d.slice(posOf('another'), posOf('the report') + 10));
    expect(text).toBe('another [five] [ten] [fifteen] years.\n\nWe note the report');
  });

  it('alternatives cut without their group are still bracketed', () => {
    expect(sliceToLiteralText(doc().slice(posOf('five') + 2, posOf('ten') + 3))).toBe('[ve] [ten]');
  });

  it('an empty slice is empty text', () => {
    expect(sliceToLiteralText(Slice.empty)).toBe('');
  });
});

describe('paste of plain text', () => {
  it('makes groups of literal brackets in one line', () => {
    const slice = literalTextToSlice('another [five] [ten] [fifteen] years', outcomeSchema);
    expect(slice.openStart).toBe(0);
    const holder = outcomeSchema.nodes.paragraph.create(null, slice.content);
    expect(groupTexts(holder)).toEqual([['five', 'ten', 'fifteen']]);
    expect(renderInlineLiteral(holder)).toBe('another [five] [ten] [fifteen] years');
  });

  it('makes paragraphs of lines, open at both ends, nested groups and unmatched brackets as typing does', () => {
    const slice = literalTextToSlice('Parties [shall] [should] act\r\n\r\n[Parties [shall] communicate] and [sic', outcomeSchema);
    expect(slice.content.childCount).toBe(2);
    expect([slice.openStart, slice.openEnd]).toEqual([1, 1]);
    expect(groupTexts(slice.content.child(0))).toEqual([['shall', 'should']]);
    expect(groupTexts(slice.content.child(1))).toEqual([['Parties [shall] communicate'], ['shall']]);
    expect(renderInlineLiteral(slice.content.child(1))).toBe('[Parties [shall] communicate] and [sic');
  });

  it('stays literal where groups cannot go (a footnote, the title)', () => {
    const slice = literalTextToSlice('see [five] [ten]', outcomeSchema, false);
    expect(slice.content.childCount).toBe(1);
    expect(slice.content.firstChild!.text).toBe('see [five] [ten]');
  });
});
