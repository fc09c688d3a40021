// Akoma Ntoso exports are valid against the OASIS schema (xmllint, schemas/akn/) for both real
// fixtures, as clean draft, compilation text and redline; and they carry what the module says.
import { describe, expect, it } from 'vitest';
import { exportFile, exportRedline } from '../../shared/src/export/index.ts';
import { aknSchemaErrors, DELEGATION_NAMES, ecosoc, sampleRedline, zeroDraft, zeroDraftWithProposals } from './export-helpers.ts';

const NOW = '2026-11-29T12:00:00.000Z';
const akn = async (...args: Parameters<typeof exportFile>) => String((await exportFile(...args)).body);

describe('Akoma Ntoso validity (xmllint --schema akomantoso30.xsd)', () => {
  it.each([
    ['zero draft, clean', () => akn(zeroDraft().pm, { format: 'akn', now: NOW })],
    ['zero draft, compilation', () => akn(zeroDraftWithProposals().doc, { format: 'akn', kind: 'compilation', delegationName: DELEGATION_NAMES, now: NOW })],
    ['ECOSOC 2010/2, clean', () => akn(ecosoc().pm, { format: 'akn', now: NOW })],
    ['ECOSOC 2010/2, compilation', () => akn(ecosoc().pm, { format: 'akn', kind: 'compilation', now: NOW })],
    ['redline', async () => String((await exportRedline(sampleRedline(), 'akn', { now: NOW })).body)],
    [
      'a revision that renumbered, with its label map',
      () => akn(zeroDraft().pm, { format: 'akn', now: NOW, labelMap: { revision: 'Rev.1', entries: [{ from: '12 bis', to: '13' }, { from: '13', to: '14' }] } }),
    ],
  ])('%s is valid', async (_name, make) => {
    expect(aknSchemaErrors(await make())).toBe('');
  });

  it('the check is live: a misspelt element fails', async () => {
    const xml = (await akn(ecosoc().pm, { format: 'akn', now: NOW })).replace('<num>1.</num>', '<nom>1.</nom>');
    expect(aknSchemaErrors(xml)).toMatch(/nom.*Schemas validity error|Schemas validity error.*nom/s);
  });
});

describe('what the Akoma Ntoso export carries', async () => {
  const resolution = await akn(ecosoc().pm, { format: 'akn', now: NOW });
  const outcome = await akn(zeroDraft().pm, { format: 'akn', now: NOW });

  it('identifies the document in FRBR form from its symbol and date', () => {
    expect(resolution).toContain('<statement name="draft" contains="originalVersion">');
    expect(resolution).toContain('<FRBRthis value="/akn/un/statement/draft/2010-07-19/E-RES-2010-2/!main"/>');
    expect(resolution).toContain('<FRBRuri value="/akn/un/statement/draft/2010-07-19/E-RES-2010-2/eng@2010-07-19"/>');
    expect(resolution).toContain('<FRBRcountry value="un"/>');
    expect(resolution).toContain('<FRBRnumber value="E/RES/2010/2"/>');
    expect(resolution).toContain('<FRBRdate date="2026-11-29" name="export"/>');
    expect(resolution).toContain('<p class="date"><docDate date="2010-07-19">19 July 2010</docDate></p>');
  });

  it('puts a resolution\'s unnumbered preambular paragraphs in the preamble as recitals', () => {
    const preamble = resolution.slice(resolution.indexOf('<preamble>'), resolution.indexOf('</preamble>'));
    expect(preamble).toContain('<p class="text">The Economic and Social Council,</p>');
    expect(preamble).toMatch(/<recital eId="rec_1" class="pp"><p><i>Recalling<\/i> the outcome documents/);
    expect(preamble).toMatch(/<authorialNote marker="1" placement="bottom" eId="fn_1"><p>See A\/C\.2\/59\/3/);
    expect(resolution.indexOf('<mainBody>')).toBeGreaterThan(resolution.indexOf('</preamble>'));
  });

  it('numbers paragraphs with num, opens sections at headings, keeps brackets as text', () => {
    expect(outcome).not.toContain('<preamble>'); // the zero draft numbers its preambular paragraphs
    expect(outcome).toMatch(/<section eId="sec_1">\n<heading>Preamble<\/heading>/);
    expect(outcome).toMatch(/<section eId="sec_2">\n<num>1\.<\/num>\n<heading>ICT for Development<\/heading>\n<paragraph eId="para_11"/);
    expect(outcome).toMatch(/<subsection eId="subsec_1">\n<num>1\.1<\/num>\n<heading>Bridging the Digital Divide<\/heading>/);
    expect(outcome.indexOf('<subsection eId="subsec_1">')).toBeGreaterThan(outcome.indexOf('<section eId="sec_2">'));
    expect(outcome.indexOf('<subsection eId="subsec_1">')).toBeLessThan(outcome.indexOf('<section eId="sec_3">'));
    expect(outcome).toMatch(/<paragraph eId="para_58" class="op"><num>58\.<\/num><content><p>We recognize that .* hold a \[World Summit\] \[High Level Meeting\] on the Information Society/);
  });

  it('nests subparagraphs under their paragraph with an intro', () => {
    expect(resolution).toMatch(/<paragraph eId="(para_\d+)" class="op"><num>\d+\.<\/num><intro><p>[^\n]*<\/p><\/intro>\n<subparagraph eId="\1__subpara_1"><num>\(a\)<\/num><content><p>/);
  });

  it('carries the compilation attributions and the provenance table', async () => {
    const xml = await akn(zeroDraftWithProposals().doc, { format: 'akn', kind: 'compilation', delegationName: DELEGATION_NAMES, now: NOW });
    expect(xml).toContain('unforeseen [ten]<span class="attribution">{EU, CELAC}</span> [fifteen]<span class="attribution">{Group of 77 and China; opposed: Russian Federation}</span> years ago');
    expect(xml).toContain('<TLCOrganization eId="delegation_1" href="/ontology/organization/un/group-of-77-and-china" showAs="Group of 77 and China"/>');
    expect(xml).toMatch(/<table eId="provenance">[\s\S]*<td><p>58<\/p><\/td><td><p>\[World Summit\]; \[High Level Meeting\]; \[Conference\] \(Group of 77 and China\)<\/p><\/td>/);
  });

  it('carries a redline as ins and del with authors, whole blocks by class, renumbering in num', async () => {
    const xml = String((await exportRedline(sampleRedline(), 'akn', { now: NOW })).body);
    expect(xml).toContain('<del title="European Union">[ten]</del><ins title="CELAC">[fifteen]</ins>');
    expect(xml).toMatch(/<paragraph eId="para_\d+" class="op inserted" title="Group of 77 and China"><num>12 bis\.<\/num>/);
    expect(xml).toMatch(/<paragraph eId="para_\d+" class="op deleted" title="Co-facilitator"><num>13\.<\/num>/);
    expect(xml).toMatch(/<paragraph eId="para_\d+" class="op moved"><num>12\. → 13\.<\/num>/);
    expect(xml).toContain('<p class="change">Renumbered: 12 → 13</p>');
  });
});
