// Labels as typed (numbering/labels.ts): a block keeps a fixed label only where derivation would not
// give the label the source typed, and the blocks after it continue from it. Inputs quote the real
// fixtures where they have the shape (9bis, roman sections, Option lines); "12 ter", "3.3alt" and the
// nested (i) are short inputs made for the shape, since no excerpt in fixtures/ has them.
import { describe, it, expect } from 'vitest';
import { outlineOf } from '../../shared/src/export/outline.ts';
import { exportDocument } from '../../shared/src/export/index.ts';
import { deriveLabels, fixedLabels, labelBlocks, successor, type LabelItem } from '../../shared/src/numbering/labels.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { EditorState } from '@tiptap/pm/state';
import { importDocument } from '../../shared/src/import/index.ts';
import { assignMissingIds } from '../../shared/src/schema/ensureIds.ts';
import { fixture, load, blocks } from './import-helpers.ts';

const outline = (source: string, format: 'text' | 'markdown' = 'text') => {
  const doc = load(source, format);
  return { doc, outline: outlineOf(doc.pm, doc.report) };
};

describe('labels: the successor of a label keeps its shape', () => {
  it.each([
    ['12 bis', '13'], ['9bis', '10'], ['19quinquies', '20'], ['3.3alt', '3.4'], ['3.3', '3.4'], ['12 Alt', '13'],
    ['I', 'II'], ['IV', 'V'], ['B', 'C'], ['Article 2bis', 'Article 3'], ['Option 1:', 'Option 2:'], ['Option I', 'Option II'],
    ['(a)', '(b)'], ['(z)', '(aa)'], ['(a)bis', '(b)'], ['(c bis)', '(d)'],
  ])('after %s comes %s', (label, next) => {
    expect(successor(label)).toBe(next);
  });

  it('reads "(i)" as a letter at the first level and as a roman numeral at the second', () => {
    expect(successor('(h)', 'letter')).toBe('(i)');
    expect(successor('(i)', 'letter')).toBe('(j)');
    expect(successor('(i)', 'roman')).toBe('(ii)');
    expect(successor('(iv)', 'roman')).toBe('(v)');
  });
});

describe('labels: fixed where typed differs from derived, derived everywhere else', () => {
  const item = (type: LabelItem['type'], typed: string | null, extra: Partial<LabelItem> = {}) => ({
    type, typed, label: null, level: 1, numbered: type === 'heading', kind: 'op' as const, text: '', ...extra,
  });

  it('keeps "12 bis" and continues at 13 after it (and "11", where an excerpt starts)', () => {
    const items = ['11', '12', '12 bis', '13', '14'].map((l) => item('paragraph', l));
    const fixed = fixedLabels(items, 'resolution');
    expect(fixed).toEqual(['11', null, '12 bis', null, null]);
    const derived = deriveLabels(items.map((it, i) => ({ ...it, label: fixed[i] })), 'resolution');
    expect(derived.map((d) => d.label)).toEqual(['11', '12', '12 bis', '13', '14']);
  });

  it('fixes nothing in a plain 1..N document', () => {
    const items = Array.from({ length: 30 }, (_, i) => item('paragraph', String(i + 1)));
    expect(fixedLabels(items, 'outcome').every((l) => l === null)).toBe(true);
  });
});

describe('import: typed labels kept as typed', () => {
  it('keeps "9bis." from the UNFCCC draft decision and derives the paragraph after it', () => {
    const { doc, outline: o } = outline(
      'Draft decision -/CP.21\n\nThe Conference of the Parties,\n\n9. Requests the IPC to report regularly to the COP on the progress of its work;\n\n9bis. Decides that the IPC shall hold its first session of 2016;\n\n10. Also decides to review the work programme;',
    );
    expect(o.paragraphs.map((p) => [p.label, p.fixed])).toEqual([[null, false], ['9', true], ['9bis', true], ['10', false]]);
    expect(blocks(doc.pm).map((b) => b.attrs.label ?? null)).toEqual([null, '9', '9bis', null]);
    expect(exportDocument(doc.pm, 'text')).toContain('\n9bis. Decides that the IPC');
  });

  it('keeps "12 ter" typed without a dot, and the paragraph after it is 13', () => {
    const { outline: o } = outline('Title\n\n12. We decide.\n\n12 ter We also decide.\n\n13. We agree.');
    expect(o.paragraphs.map((p) => [p.label, p.fixed])).toEqual([['12', true], ['12 ter', true], ['13', false]]);
  });

  it('reads decimal paragraph labels "3.3", "3.3bis", "3.3alt" as paragraphs, not headings', () => {
    const { outline: o } = outline(
      'Title\n\n3.3 Parties shall report on their progress.\n\n3.3bis Parties may also report on support.\n\n3.3alt Parties should report as appropriate.\n\n3.4 The secretariat shall compile the reports.',
    );
    expect(o.headings).toEqual([]);
    expect(o.paragraphs.map((p) => [p.label, p.kind])).toEqual([['3.3', 'op'], ['3.3bis', 'op'], ['3.3alt', 'op'], ['3.4', 'op']]);
    expect(o.paragraphs.filter((p) => p.fixed).map((p) => p.label)).toEqual(['3.3', '3.3bis', '3.3alt']);
    expect(o.paragraphs.map((p) => p.alternativeOf)).toEqual([null, null, '3.3', null]);
  });

  it('keeps roman and lettered section labels; a lettered heading after a roman one is its subsection', () => {
    const { outline: o } = outline(
      'Title\n\nThe General Assembly,\n\nI. ADOPTION OF THE AGREEMENT\n\n1. Decides to adopt the Agreement;\n\nA. Mitigation\n\n2. Requests the secretariat to report;\n\nB. Adaptation\n\n3. Invites Parties to submit views;\n\nII. INTENDED NATIONALLY DETERMINED CONTRIBUTIONS\n\n4. Welcomes the contributions;',
    );
    expect(o.headings.map((h) => [h.label, h.level, h.fixed])).toEqual([
      ['I', 1, true], ['A', 2, true], ['B', 2, false], ['II', 1, false],
    ]);
    expect(o.paragraphs.filter((p) => p.label).map((p) => [p.label, p.section])).toEqual([['1', 'I'], ['2', 'A'], ['3', 'B'], ['4', 'II']]);
  });

  it('nests (i), (ii) under a lettered subparagraph, and keeps the (i) after (h) a letter', () => {
    const { outline: o } = outline(
      'Title\n\n1. Decides:\n\n(a) First;\n\n(i) first point;\n\n(ii) second point;\n\n(b) Second;\n\n2. Also decides:\n\n(g) Seventh;\n\n(h) Eighth;\n\n(i) Ninth;',
    );
    const [p1, p2] = o.paragraphs;
    expect(p1.subparagraphs.map((s) => [s.label, s.subparagraphs.map((t) => t.label)])).toEqual([['(a)', ['(i)', '(ii)']], ['(b)', []]]);
    expect(p2.subparagraphs.map((s) => [s.label, s.level])).toEqual([['(g)', 1], ['(h)', 1], ['(i)', 1]]);
  });

  it('keeps an inserted "(a)bis" and letters on from (b)', () => {
    const { outline: o } = outline('Title\n\n1. Decides:\n\n(a) First;\n\n(a)bis Inserted;\n\n(b) Second;');
    expect(o.paragraphs[0].subparagraphs.map((s) => [s.label, s.fixed])).toEqual([['(a)', false], ['(a)bis', true], ['(b)', false]]);
  });

  it('exports a nested (i) indented so that it reads back nested, even after (h)', () => {
    const { doc } = outline('Title\n\n1. Decides:\n\n(h) Eighth;\n\n    (i) a point under (h);\n\n(i) Ninth;');
    const o = outlineOf(doc.pm);
    expect(o.paragraphs[0].subparagraphs.map((s) => [s.label, s.subparagraphs.map((t) => t.label)])).toEqual([['(h)', ['(i)']], ['(i)', []]]);
    for (const format of ['text', 'markdown'] as const) {
      const again = load(exportDocument(doc.pm, format), format);
      expect(outlineOf(again.pm).paragraphs[0].subparagraphs.map((s) => [s.label, s.subparagraphs.map((t) => t.label)])).toEqual([['(h)', ['(i)']], ['(i)', []]]);
    }
  });

  it('reads plain-text Option lines as option blocks, not paragraphs', () => {
    const { outline: o } = outline(
      'Title\n\nThe Conference of the Parties,\n\n20. Option 1: Decides to convene a facilitative dialogue among Parties in 2018;\n\nOption 2: No such facilitative dialogue prior to 2020;\n\nOption 3: [Placeholder on provision for updating commitments];\n\n21. Requests the IPCC to provide a special report;',
    );
    expect(o.paragraphs.map((p) => [p.label, p.option])).toEqual([[null, null], ['20', 'Option 1:'], ['21', null]]);
    expect(o.paragraphs[1].text).toBe('Decides to convene a facilitative dialogue among Parties in 2018;');
    expect(o.options.map((x) => [x.label, x.text])).toEqual([
      ['Option 1:', ''],
      ['Option 2:', 'No such facilitative dialogue prior to 2020;'],
      ['Option 3:', '[Placeholder on provision for updating commitments];'],
    ]);
  });

  it('lets the caller choose the numbering style: numbers the source style derives are renumbered in it, labels no style derives stay as typed', () => {
    const source = 'Title\n\nPreamble\n\n1. Recalling its resolution 70/1,\n\n2. Decides to act.\n\n2 bis. Decides also to report.';
    expect(load(source, 'text').pm.firstChild!.attrs.numberingStyle).toBe('outcome');
    const result = importDocument(source, { format: 'text', numberingStyle: 'resolution' });
    const pm = docFromJSON(result.doc);
    expect(pm.firstChild!.attrs.numberingStyle).toBe('resolution');
    // Both are preambular here (under "Preamble"), so unnumbered in resolution style. Before, the typed
    // 1 and 2 were kept as fixed labels under the chosen style, so a resolution
    // imported in outcome style numbered its preamble 1..7 and its operative part 1..38 again.
    expect(labelBlocks(pm).filter((l) => l.node.type.name === 'paragraph').map((l) => [l.label, l.fixed])).toEqual([[null, false], [null, false], ['2 bis', true]]);
    const treaty = docFromJSON(importDocument(source, { format: 'text', numberingStyle: 'treaty' }).doc);
    expect(treaty.firstChild!.attrs.numberingStyle).toBe('treaty');
    // A style from the command line that is not one of the three is reported and the detected one used.
    const unknown = importDocument(source, JSON.parse('{"format": "text", "numberingStyle": "compilation"}'));
    expect(docFromJSON(unknown.doc).firstChild!.attrs.numberingStyle).toBe('outcome');
    expect(unknown.report).toContainEqual({ line: 0, message: 'Unknown numbering style "compilation"; using outcome', text: 'compilation' });
  });
});

describe('import: compilation texts (fixtures/family-ecosoc-compilation-2006.txt)', () => {
  const { doc, outline: o } = outline(fixture('family-ecosoc-compilation-2006.txt'));

  it('keeps PP1, PP2bis, PP2ter as typed, preambular, with the opening participle in italics', () => {
    expect(o.numberingStyle).toBe('resolution');
    expect(o.paragraphs.map((p) => [p.label, p.fixed, p.kind])).toEqual([
      [null, false, 'text'], ['PP1', true, 'pp'], ['PP2', true, 'pp'], ['PP2bis', true, 'pp'], ['PP2ter', true, 'pp'], ['PP3', true, 'pp'],
    ]);
    const italic = blocks(doc.pm)[3].firstChild!;
    expect([italic.text, italic.marks.map((m) => m.type.name)]).toEqual(['Recalling further', ['italic']]);
    expect(doc.report).toEqual([]);
  });
});

describe('import: more shapes of the family', () => {
  it('takes an unnumbered "Decides" after the formula as the start of the operative part, not a pp', () => {
    const { outline: o } = outline('Title\n\nThe General Assembly,\n\nHaving considered the question of Pitcairn,\n\nDecides to defer consideration of the question to its next session.');
    expect(o.paragraphs.map((p) => p.kind)).toEqual(['text', 'pp', 'text']);
  });

  it('takes "The General Assembly" without its comma as the formula when an operative verb follows', () => {
    // The shape of a resolution adopting an outcome document (made for the test, not quoted).
    const { doc, outline: o } = outline('Outcome of the review\n\nThe General Assembly\n\nAdopts the following outcome document:\n\n1. We recall the outcomes of the Summit.');
    expect(doc.pm.firstChild!.textContent).toBe('Outcome of the review');
    expect(o.numberingStyle).toBe('resolution');
    expect(o.paragraphs.map((p) => [p.label, p.kind])).toEqual([[null, 'text'], [null, 'text'], ['1', 'op']]);
    // Without a verb after it, the same words are a title line.
    expect(load('The General Assembly\n\n1. We decide.', 'text').pm.firstChild!.textContent).toBe('The General Assembly');
  });

  it('reads a lettered list of sections past H without turning I into a roman section', () => {
    const { outline: o } = outline('Title\n\nH. Capacity-building\n\n1. Decides.\n\nI. Transparency\n\n2. Requests.\n\nJ. Global stocktake\n\n3. Invites.');
    expect(o.headings.map((h) => [h.label, h.level])).toEqual([['H', 1], ['I', 1], ['J', 1]]);
  });

  it('gives an Article the title on the line under its number', () => {
    const { outline: o } = outline('Agreement\n\nThe Parties to this Agreement,\n\nHave agreed as follows:\n\nArticle 1\n\nUse of terms\n\n1. "Party" means a Party to this Agreement.\n\nArticle 2\n\nGeneral objective\n\n1. The objective of this Agreement is to act.');
    expect(o.headings.map((h) => [h.label, h.text])).toEqual([['Article 1', 'Use of terms'], ['Article 2', 'General objective']]);
    expect(o.paragraphs.map((p) => [p.label, p.section])).toEqual([[null, null], [null, null], ['1', 'Article 1'], ['1', 'Article 2']]);
  });
});

describe('import: lines that only look like structure', () => {
  it('reads "Option 1 would ..." at the start of a line as a sentence, not an option marker', () => {
    const { outline: o } = outline('Title\n\n1. We note the options before us.\n\nOption 1 would require a review in 2020, which Parties may wish to consider.');
    expect(o.options).toEqual([]);
    expect(o.paragraphs.map((p) => p.kind)).toEqual(['op', 'text']);
  });

  it('moves footnotes cited on an option marker ("**Option 1[^6]:**", from the 4 December 2015 draft) into the option', () => {
    const { doc, outline: o } = outline('Title\n\n8. **Timing**\n\n**Option 1[^6]:** Each Party\'s first contribution is that listed in the registry.\n\n[^6]: A note on the registry.', 'markdown');
    expect(o.options.map((x) => [x.label, x.text, x.footnotes])).toEqual([
      ['Option 1:', "¹ Each Party's first contribution is that listed in the registry.", [{ number: 1, text: 'A note on the registry.' }]],
    ]);
    expect(doc.report.map((r) => r.message.split(';')[0])).toEqual(['Paragraph 8 follows paragraph 0']); // an excerpt starts at 8
  });

  it('reads an unpunctuated line opening with a participle after the formula as a pp, not a heading', () => {
    const { outline: o } = outline('Title\n\nThe General Assembly,\n\nRecalling its resolution 70/125 of 16 December 2015\n\n1. Decides to act.');
    expect(o.headings).toEqual([]);
    expect(o.paragraphs.map((p) => [p.label, p.kind])).toEqual([[null, 'text'], [null, 'pp'], ['1', 'op']]);
  });
});

describe('labels in the edited document', () => {
  const imported = load('Title\n\n11. We note.\n\n12. We decide.\n\n12 bis. We also decide.\n\n13. We agree.', 'text');

  it('derives the label of a paragraph inserted after "12 bis" as 13 and renumbers the rest', () => {
    const json = imported.pm.toJSON();
    const inserted = { type: 'paragraph', attrs: { id: 'new', kind: 'op' }, content: [{ type: 'text', text: 'A new paragraph.' }] };
    json.content.splice(4, 0, inserted); // after "12 bis"
    const edited = docFromJSON(json);
    expect(labelBlocks(edited).map((l) => [l.label, l.fixed])).toEqual([
      ['11', true], ['12', false], ['12 bis', true], ['13', false], ['14', false],
    ]);
  });

  it('shows a fixed label as is wherever the paragraph moves', () => {
    const json = imported.pm.toJSON();
    const [bis] = json.content.splice(3, 1);
    json.content.push(bis);
    expect(labelBlocks(docFromJSON(json)).map((l) => l.label)).toEqual(['11', '12', '13', '12 bis']);
  });
});

describe('labels when a labelled block is split or copied', () => {
  it('leaves "12 bis" on the first half and lets the copy derive its label', () => {
    const json = load('Title\n\n12. We decide.\n\n12 bis. We also decide.', 'text').pm.toJSON();
    json.content.push(structuredClone(json.content[2])); // what a split or a paste leaves: same id, same attrs
    const state = EditorState.create({ doc: docFromJSON(json) });
    const tr = state.tr;
    expect(assignMissingIds(tr)).toBe(true);
    expect(labelBlocks(tr.doc).map((l) => [l.label, l.fixed])).toEqual([['12', true], ['12 bis', true], ['13', false]]);
  });
});
