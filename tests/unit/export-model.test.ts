// The export model every rich format renders: labels from numbering/, text exactly as the literal
// bracket renderer prints it, footnotes numbered as in the clean text export.
import { describe, expect, it } from 'vitest';
import { labelBlocks, printedLabel } from '../../shared/src/numbering/labels.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { modelOfDocument, runsText, attributionText } from '../../shared/src/export/model.ts';
import { exportFile } from '../../shared/src/export/index.ts';
import { ecosoc, zeroDraft, zeroDraftWithProposals, DELEGATION_NAMES } from './export-helpers.ts';
import { makeDoc, para, t, alt, group } from '../helpers/docs.ts';

describe.each([
  ['the WSIS+10 zero draft', zeroDraft],
  ['ECOSOC resolution 2010/2', ecosoc],
])('the clean model of %s', (_name, load) => {
  const { pm } = load();
  const model = modelOfDocument(pm);
  const labels = labelBlocks(pm);

  it('has one block per labelled block, with the label numbering/ prints', () => {
    expect(model.blocks).toHaveLength(labels.length);
    model.blocks.forEach((block, i) => {
      const { node, label } = labels[i];
      expect(block.label).toBe(label ? printedLabel(node.type.name, label) : null);
    });
  });

  it('prints every block exactly as renderInlineLiteral does (brackets, separators, no attribution)', () => {
    model.blocks.forEach((block, i) => {
      const node = labels[i].node;
      const literal = node.type.name === 'sectionHeading' ? node.textContent : renderInlineLiteral(node);
      expect(runsText(block.runs)).toBe(literal);
      expect(block.runs.some((r) => r.attribution || r.change)).toBe(false);
    });
  });

  it('numbers footnotes in document order, each cited once', () => {
    const cited = model.blocks.flatMap((b) => b.runs.filter((r) => r.footnote).map((r) => r.footnote));
    expect(cited).toEqual(model.footnotes.map((n) => n.number));
    expect(model.footnotes.map((n) => n.number)).toEqual(model.footnotes.map((_, i) => i + 1));
  });
});

describe('the compilation text', () => {
  it('follows each alternative with its backers by name, and lists objectors', () => {
    const doc = makeDoc([
      para('op', t('We will meet within '), {
        type: 'bracketGroup',
        content: [
          { type: 'bracketAlt', attrs: { proposer: 'eu', supporters: ['celac'] }, content: [t('ten')] },
          { type: 'bracketAlt', attrs: { proposer: 'g77', objectors: ['russia', 'eu'] }, content: [t('fifteen')] },
        ],
      }, t(' years.')),
      para('op', t('Agreed '), group(alt(t('text')))),
    ]);
    const model = modelOfDocument(doc, { kind: 'compilation', delegationName: DELEGATION_NAMES });
    expect(runsText(model.blocks[0].runs)).toBe(
      'We will meet within [ten]{EU, CELAC} [fifteen]{Group of 77 and China; opposed: Russian Federation, EU} years.',
    );
    expect(runsText(model.blocks[1].runs)).toBe('Agreed [text]'); // the pen-holders' own brackets carry no braces
    expect(model.provenance).toEqual([
      {
        paragraph: '1',
        proposals: [{ text: 'ten', proposer: 'EU' }, { text: 'fifteen', proposer: 'Group of 77 and China' }],
        proposers: ['EU', 'Group of 77 and China'],
        supporters: ['CELAC'],
        objectors: ['Russian Federation', 'EU'],
      },
    ]);
  });

  it('prints an unknown delegation id as itself and takes names as a function or a record', () => {
    expect(attributionText('xx', [], [])).toBe('{xx}');
    const doc = makeDoc([para('op', { type: 'bracketGroup', content: [{ type: 'bracketAlt', attrs: { proposer: 'eu' }, content: [t('a')] }] })]);
    expect(runsText(modelOfDocument(doc, { kind: 'compilation', delegationName: (id) => id.toUpperCase() }).blocks[0].runs)).toBe('[a]{EU}');
    expect(runsText(modelOfDocument(doc, { kind: 'compilation', delegationName: { eu: 'European Union' } }).blocks[0].runs)).toBe('[a]{European Union}');
    expect(runsText(modelOfDocument(doc, { kind: 'compilation' }).blocks[0].runs)).toBe('[a]{eu}');
  });

  it('on the zero draft with proposals: attributions in text and Markdown, and a provenance table', async () => {
    const { doc } = zeroDraftWithProposals();
    const text = String((await exportFile(doc, { format: 'text', kind: 'compilation', delegationName: DELEGATION_NAMES })).body);
    expect(text).toContain('unforeseen [ten]{EU, CELAC} [fifteen]{Group of 77 and China; opposed: Russian Federation} years ago');
    expect(text).toContain('hold a [World Summit] [High Level Meeting]{EU} [Conference]{Group of 77 and China} on the Information Society');
    expect(text).toMatch(/Provenance of proposals\n\nParagraph 7: \[ten\]; \[fifteen\] \(Group of 77 and China\)\n  Proposed by: Group of 77 and China\n  Supported by: EU, CELAC\n  Opposed by: Russian Federation/);
    expect(text).toMatch(/Paragraph 58: \[World Summit\]; \[High Level Meeting\]; \[Conference\] \(Group of 77 and China\)\n  Proposed by: Group of 77 and China\n  Supported by: EU\n/);
    const md = String((await exportFile(doc, { format: 'markdown', kind: 'compilation', delegationName: DELEGATION_NAMES })).body);
    expect(md).toContain('| 7 | [ten]; [fifteen] (Group of 77 and China) | Group of 77 and China | EU, CELAC | Russian Federation |');
    // The clean draft of the same document names nobody.
    const clean = String((await exportFile(doc, { format: 'text', kind: 'clean', delegationName: DELEGATION_NAMES })).body);
    expect(clean).toContain('unforeseen [ten] [fifteen] years ago');
    expect(clean).not.toMatch(/\{|EU|CELAC|Provenance/);
  });
});
