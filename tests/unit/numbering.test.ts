import { describe, it, expect } from 'vitest';
import { labelBlocks, footnoteNumbers, subparagraphLetter } from '../../shared/src/numbering/labels.ts';
import { makeDoc, para, heading, sub, t } from '../helpers/docs.ts';

const labels = (doc: ReturnType<typeof makeDoc>) => labelBlocks(doc).map((b) => b.label);

describe('outcome document numbering', () => {
  const doc = makeDoc([
    heading('Preamble', 1, false),
    para('pp', t('Recalling')),
    para('pp', t('Building on')),
    heading('ICT for Development'),
    heading('Bridging the Digital Divide', 2),
    para('op', t('We affirm')),
    heading('Enabling Environment', 2),
    para('op', t('We recognize')),
    sub('first'),
    sub('second'),
    heading('Internet Governance'),
    heading('Enhanced Cooperation', 2),
    para('op', t('We acknowledge')),
  ]);

  it('numbers every paragraph continuously across preamble and sections', () => {
    expect(labelBlocks(doc).filter((b) => b.node.type.name === 'paragraph').map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('numbers sections and subsections from structure, restarting subsections per section', () => {
    expect(labelBlocks(doc).filter((b) => b.node.type.name === 'sectionHeading').map((b) => b.label)).toEqual([
      null, '1', '1.1', '1.2', '2', '2.1',
    ]);
  });

  it('letters subparagraphs after their paragraph and tells each block its section', () => {
    const subs = labelBlocks(doc).filter((b) => b.node.type.name === 'subparagraph');
    expect(subs.map((b) => b.label)).toEqual(['(a)', '(b)']);
    expect(subs[0].section).toBe('1.2');
    expect(labelBlocks(doc)[1].section).toBe('Preamble');
  });
});

describe('resolution numbering', () => {
  it('leaves preambular paragraphs and running text unnumbered and numbers operative ones', () => {
    const doc = makeDoc(
      [para('text', t('The Economic and Social Council,')), para('pp', t('Recalling')), para('pp', t('Noting')), heading('Internet governance', 1, false), para('op', t('Notes')), para('op', t('Reaffirms'))],
      'resolution',
    );
    expect(labels(doc)).toEqual([null, null, null, null, '1', '2']);
  });

  it('restarts subparagraph letters under each paragraph', () => {
    const doc = makeDoc([para('op', t('a')), sub('x'), sub('y'), para('op', t('b')), sub('z')], 'resolution');
    expect(labels(doc)).toEqual(['1', '(a)', '(b)', '2', '(a)']);
  });
});

describe('derived numbers follow edits', () => {
  it('renumbers when a paragraph is inserted', () => {
    const before = makeDoc([para('op', t('one')), para('op', t('two'))]);
    const after = makeDoc([para('op', t('one')), para('op', t('new')), para('op', t('two'))]);
    expect(labels(before)).toEqual(['1', '2']);
    expect(labelBlocks(after).map((b) => `${b.label} ${b.node.textContent}`)).toEqual(['1 one', '2 new', '3 two']);
  });
});

describe('subparagraph letters', () => {
  it('runs a to z and then doubles', () => {
    expect([0, 1, 25, 26, 27].map(subparagraphLetter)).toEqual(['a', 'b', 'z', 'aa', 'bb']);
  });
});

describe('footnotes', () => {
  it('are numbered in document order', () => {
    const fn = (text: string) => ({ type: 'footnote', content: [t(text)] });
    const doc = makeDoc([para('op', t('a'), fn('first note'), t(' b'), fn('second note')), para('op', fn('third'))]);
    expect([...footnoteNumbers(doc).values()]).toEqual([1, 2, 3]);
  });
});
