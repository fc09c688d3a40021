// The heading of a UN or UNFCCC document as extracted from its first page: symbol, distribution line,
// original language, organ, session, place and dates, agenda item, "Proposal by the President", stage.
// Identity goes into the front matter, the rest of the boilerplate into the report, the title keeps
// only the title lines (fixtures/family-*-heading.txt, sources in fixtures/family-sources.yaml).
import { describe, it, expect } from 'vitest';
import { fixture, load } from './import-helpers.ts';

const KEPT_OUT = 'Document heading line (distribution, organ, session, agenda, job number) kept out of the title';

describe('import: the heading of a UNFCCC proposal by the President (FCCC/CP/2015/L.9/Rev.1)', () => {
  const doc = load(fixture('family-unfccc-proposal-heading.txt'), 'text');
  const front = doc.pm.firstChild!;

  it('reads the symbol, the date and the draft decision number', () => {
    expect(front.attrs).toMatchObject({ symbol: 'FCCC/CP/2015/L.9/Rev.1', date: '12 December 2015', stage: 'Draft decision -/CP.21', numberingStyle: 'resolution' });
  });

  it('keeps the agenda item title and the decision title, and reports the boilerplate lines', () => {
    expect(front.textContent).toBe('Durban Platform for Enhanced Action (decision 1/CP.17) Adoption of the Paris Agreement');
    expect(doc.report.map((r) => [r.line, r.text, r.message])).toEqual([
      [2, 'Distr.: Limited', KEPT_OUT],
      [4, 'Original: English', KEPT_OUT],
      [5, 'Conference of the Parties', KEPT_OUT],
      [6, 'Twenty-first session', KEPT_OUT],
      [7, 'Paris, 30 November to 11 December 2015', KEPT_OUT],
      [8, 'Agenda item 4(b)', KEPT_OUT],
      [11, 'Proposal by the President', KEPT_OUT],
    ]);
  });

  it('starts the body at the opening formula', () => {
    expect(doc.labels.map((l) => [l.label, l.node.attrs.kind])).toEqual([[null, 'text'], [null, 'pp'], [null, 'pp']]);
  });
});

describe('import: the heading of a General Assembly working paper (A/AC.109/2005/10)', () => {
  const doc = load(fixture('family-ga-working-paper-heading.txt'), 'text');
  const front = doc.pm.firstChild!;

  it('takes the symbol from "United Nations A/AC.109/2005/10" and the date from the distribution line', () => {
    expect(front.attrs).toMatchObject({ symbol: 'A/AC.109/2005/10', date: '23 March 2005' });
    expect(front.textContent).toBe(
      'Special Committee on the Situation with regard to the Implementation of the Declaration on the Granting of Independence to Colonial Countries and Peoples Pitcairn',
    );
    expect(doc.report.map((r) => [r.line, r.text])).toEqual([
      [1, 'United Nations'],
      [3, 'General Assembly Distr.: General 23 March 2005'],
      [5, 'Original: English'],
      [11, 'Working paper prepared by the Secretariat'],
    ]);
  });

  it('reads section I and its paragraph 1', () => {
    expect(doc.labels.map((l) => [l.label, l.section])).toEqual([['I', 'I'], ['1', 'I']]);
  });
});

describe('import: the section structure of a UNFCCC informal note (GST1, 2023)', () => {
  const doc = load(fixture('family-gst-structure-2023.txt'), 'text');

  it('reads lettered sections, a long section title and the subsections C.1 and C.2', () => {
    expect(doc.labels.map((l) => [l.label, l.fixed, Number(l.node.attrs.level), l.node.textContent.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['A', true, 1, 'Preamble'],
      ['B', false, 1, 'Context and'],
      ['C', false, 1, 'Collective progress'],
      ['C.1', false, 2, 'Mitigation'],
      ['C.2', false, 2, 'Adaptation'],
    ]);
    expect(doc.report).toEqual([]);
  });
});
