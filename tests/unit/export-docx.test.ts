// Word export, read back from the .docx's XML parts: A4, labels hanging before a tab, headings in
// Word's heading styles, italic kept, real footnotes, the page number in the footer; the
// compilation's attributions and provenance table; a redline as tracked changes with authors.
import { describe, expect, it } from 'vitest';
import { exportFile, exportRedline } from '../../shared/src/export/index.ts';
import { DELEGATION_NAMES, ecosoc, sampleRedline, unzipDocx, zeroDraft, zeroDraftWithProposals } from './export-helpers.ts';
import { makeDoc, para, t } from '../helpers/docs.ts';

const docx = async (...args: Parameters<typeof exportFile>) => {
  const out = await exportFile(...args);
  expect(out.body).toBeInstanceOf(Uint8Array);
  return unzipDocx(out.body as Uint8Array);
};

/** The visible text of a paragraph's w:t runs (deleted text, w:delText, left out). */
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const body = m[1] ?? m[2];
    return { xml: body, text: [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join('').replace(/&apos;/g, "'").replace(/&amp;/g, '&') };
  });

describe('the zero draft as Word', async () => {
  const parts = await docx(zeroDraft().pm, { format: 'docx' });
  const doc = parts['word/document.xml'];
  const paras = paragraphs(doc);

  it('is an A4 document with the page number in the footer', () => {
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const footerName = Object.keys(parts).find((n) => /^word\/footer\d*\.xml$/.test(n))!;
    expect(parts[footerName]).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(doc).toMatch(/<w:footerReference w:type="default"/);
  });

  it('opens with the stage and the title, headings in Heading 1 and Heading 2', () => {
    expect(paras.find((p) => p.text === 'Zero draft')?.xml).toMatch(/<w:i\/>/);
    expect(paras.find((p) => p.text.startsWith("United Nations General Assembly's Overall Review"))?.xml).toContain('<w:pStyle w:val="Title"/>');
    expect(paras.find((p) => p.text === '1. ICT for Development')?.xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(paras.find((p) => p.text === '1.1 Bridging the Digital Divide')?.xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(parts['word/styles.xml']).toMatch(/w:styleId="Heading1"/);
  });

  it('hangs each label before a tab and keeps the brackets literal', () => {
    const p58 = paras.find((p) => p.text.startsWith('58.'))!;
    expect(p58.xml).toMatch(/<w:ind w:left="851" w:hanging="851"\/>/);
    expect(p58.xml).toMatch(/<w:t xml:space="preserve">58\.<\/w:t><\/w:r><w:r><w:tab\/><\/w:r>/);
    expect(p58.text).toContain('hold a [World Summit] [High Level Meeting] on the Information Society');
    expect(paras.filter((p) => /^\d+\.\s*\S/.test(p.text) && p.xml.includes('<w:tab/>')).length).toBe(58);
  });
});

describe('ECOSOC resolution 2010/2 as Word', async () => {
  const parts = await docx(ecosoc().pm, { format: 'docx' });
  const doc = parts['word/document.xml'];
  const paras = paragraphs(doc);

  it('puts the symbol at the right and the date under it', () => {
    const symbol = paras.find((p) => p.text === 'E/RES/2010/2')!;
    expect(symbol.xml).toContain('<w:jc w:val="right"/>');
    expect(symbol.xml).toContain('<w:b/>');
    expect(paras[paras.indexOf(symbol) + 1].text).toBe('19 July 2010');
  });

  it('keeps italic opening words as italic runs', () => {
    const recalling = paras.find((p) => p.text.startsWith('Recalling the outcome documents'))!;
    expect(recalling.xml).toMatch(/<w:r><w:rPr><w:i\/><w:iCs\/><\/w:rPr><w:t xml:space="preserve">Recalling<\/w:t><\/w:r>/);
  });

  it('makes footnotes real Word footnotes, referenced where they are cited', () => {
    const notes = parts['word/footnotes.xml'];
    expect(notes).toContain('See A/C.2/59/3, annex, and A/60/687.');
    const refs = [...doc.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(refs.length).toBeGreaterThan(1);
    expect(refs).toEqual(refs.map((_, i) => i + 1));
    for (const id of refs) expect(notes).toMatch(new RegExp(`<w:footnote w:id="${id}"`));
  });

  it('hangs subparagraph letters one step further in', () => {
    const sub = paras.find((p) => /^\(a\)/.test(p.text));
    expect(sub?.xml).toMatch(/<w:ind w:left="1418" w:hanging="567"\/>/);
  });
});

describe('a small document', () => {
  it('puts the label, a tab, then the text with its marks', async () => {
    const parts = await docx(makeDoc([para('op', t('First.')), para('op', t('We ', ['italic']), t('agree.'))]), { format: 'docx' });
    const paras = paragraphs(parts['word/document.xml']);
    expect(paras.find((p) => p.text === '2.We agree.')?.xml).toMatch(/>2\.<\/w:t><\/w:r><w:r><w:tab\/><\/w:r><w:r><w:rPr><w:i\/><w:iCs\/><\/w:rPr><w:t xml:space="preserve">We <\/w:t>/);
  });
});

describe('the compilation text as Word', async () => {
  const { doc } = zeroDraftWithProposals();
  const parts = await docx(doc, { format: 'docx', kind: 'compilation', delegationName: DELEGATION_NAMES });
  const xml = parts['word/document.xml'];
  const paras = paragraphs(xml);

  it('prints attributions after alternatives, in grey', () => {
    expect(paras.find((p) => p.text.startsWith('7.'))!.text).toContain('unforeseen [ten]{EU, CELAC} [fifteen]{Group of 77 and China; opposed: Russian Federation} years ago');
    expect(xml).toMatch(/<w:color w:val="595959"\/>[\s\S]{0,80}<w:t xml:space="preserve">\{EU, CELAC\}<\/w:t>/);
  });

  it('ends with the provenance table', () => {
    expect(xml).toContain('<w:tbl>');
    const table = xml.slice(xml.indexOf('<w:tbl>'));
    for (const cell of ['Paragraph', 'Proposed by', 'Supported by', '58', 'Group of 77 and China', 'EU, CELAC', 'Russian Federation']) {
      expect(table).toContain(`>${cell}<`);
    }
  });
});

describe('a redline as Word tracked changes', async () => {
  const out = await exportRedline(sampleRedline(), 'docx');
  const parts = unzipDocx(out.body as Uint8Array);
  const xml = parts['word/document.xml'];

  it('marks inserted and deleted runs with their authors and the newer state date', () => {
    expect(xml).toMatch(/<w:del w:id="\d+" w:author="European Union" w:date="2015-12-01T17:30:00.000Z"><w:r><w:delText xml:space="preserve">\[ten\]<\/w:delText><\/w:r><\/w:del>/);
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="CELAC" w:date="2015-12-01T17:30:00.000Z"><w:r><w:t xml:space="preserve">\[fifteen\]<\/w:t><\/w:r><\/w:ins>/);
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="Russian Federation"[^>]*><w:r><w:t xml:space="preserve">and mobile <\/w:t>/);
    const authors = new Set([...xml.matchAll(/<w:(?:ins|del) w:id="\d+" w:author="([^"]+)"/g)].map((m) => m[1]));
    expect([...authors].sort()).toEqual(['CELAC', 'Co-facilitator', 'European Union', 'Group of 77 and China', 'Russian Federation']);
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length); // every revision id unique
  });

  it('tracks whole inserted and deleted paragraphs, paragraph mark included', () => {
    const inserted = paragraphs(xml).find((p) => p.text.includes('technology transfer'))!;
    expect(inserted.xml).toMatch(/<w:pPr>[\s\S]*<w:rPr><w:ins w:id="\d+" w:author="Group of 77 and China"/);
    expect(inserted.text.startsWith('12 bis.')).toBe(true);
    const deleted = paragraphs(xml).find((p) => p.xml.includes('Internet Governance Forum'))!;
    expect(deleted.xml).toMatch(/<w:pPr>[\s\S]*<w:rPr><w:del w:id="\d+" w:author="Co-facilitator"/);
    expect(deleted.xml).toMatch(/<w:delText xml:space="preserve">We note the work of the Internet Governance Forum\.<\/w:delText>/);
  });

  it('marks the moved paragraph and shows its renumbering', () => {
    const moved = paragraphs(xml).find((p) => p.text.includes('We welcome'))!;
    expect(moved.text).toBe('12. → 13.(moved) We welcome the [World Summit] [High Level Meeting] in 2025.');
  });

  it('keeps the footnote and lists the bracket changes', () => {
    expect(parts['word/footnotes.xml']).toContain('See resolution 70/1.');
    expect(xml).toContain('Brackets resolved in paragraph 9: [shall] [should], kept &quot;should&quot;');
  });
});
