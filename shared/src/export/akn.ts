// Akoma Ntoso 3.0 XML (OASIS LegalDocML) of the export model, for archives and document systems.
// Valid against the OASIS schema copied in schemas/akn/ (every test export is checked with xmllint).
//
// Document type: `<statement name="draft">`. AKN4UN (the UN System's AKN guidelines) files General
// Assembly and ECOSOC resolutions and outcome documents as `statement` ("an official document of a body
// that may or may not be normative"); `bill` is for legislation before a parliament, and `doc` is the
// catch-all when nothing fits. A negotiated draft is a statement not yet adopted, hence the name
// "draft" and the FRBR subtype `draft` in the IRIs: /akn/un/statement/draft/<date>/<symbol>/...
//
// What carries what:
// - meta/identification: FRBRWork (FRBRthis, FRBRuri, FRBRdate name="draft", FRBRauthor pointing at
//   the `#secretariat` TLCOrganization, FRBRcountry "un", FRBRnumber the symbol, FRBRname the title),
//   FRBRExpression (same plus @eng and FRBRlanguage "eng"), FRBRManifestation (.akn, the export's
//   date and Penholder as author). The IRI date is the document's date when it parses as a date,
//   else the export date. references: the secretariat and Penholder as TLCOrganization, and for the
//   compilation each delegation named as TLCOrganization.
// - preface: the title (docTitle), the symbol (docNumber), the date (docDate) and the stage (docStage).
// - preamble: the unnumbered preambular paragraphs that open a resolution, as `recitals/recital`,
//   and the running text before them ("The General Assembly,") as `p`.
//   Numbered preambular paragraphs (outcome documents number them) stay in mainBody so the
//   numbers read in one sequence.
// - mainBody: headings open `section` (level 1) and `subsection` (level 2) with `num` and `heading`;
//   paragraphs are `paragraph` with `num` (the printed label, `12 bis.` included) and `content/p`, or,
//   when subparagraphs follow, `intro/p` and `subparagraph` children with their own `num`.
//   Unknown block types arrive from the model as paragraphs.
// - footnotes: `authorialNote` (marker = the number, placement "bottom") where they are cited.
// - italic and bold: `i` and `b`.
// - brackets: as text, `[` and `]` (brief: the archive keeps the negotiated text as printed). The
//   compilation's attributions are `span class="attribution"` after each alternative, and its
//   provenance table is a `table` in `conclusions`.
// - redline: `ins` and `del` with the author in `title`; whole inserted, deleted or moved blocks
//   have class `inserted`, `deleted`, `moved`; renumbered labels print `12. → 13.` in `num`; the
//   summary of bracket changes is in `conclusions`.
// - a deleted paragraph's placeholder: its `paragraph` (or `subparagraph`) with `num`, the content
//   "[Deleted]" and `status="removed"` (the schema's statusType for removed provisions).
// Not represented: the bracket groups as structure (ids, separators, which alternative is whose
// beyond the compilation's text), paragraph status (negotiating / agreed ad ref...), the numbering
// style, block ids of the editor (eIds are derived from position), and authorship of unchanged text.
import { labelMapHeading, type ExportModel, type ModelBlock, type ModelRun } from './model.ts';

const NS = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

export interface AknOptions {
  /** The export's date-time (ISO), for the Manifestation; defaults to now. */
  now?: string;
}

function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** An ISO date (YYYY-MM-DD) from a printed date such as "12 June 2015", or null. */
export function isoDate(printed: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}/.test(printed)) return printed.slice(0, 10);
  const parsed = Date.parse(`${printed} UTC`);
  if (Number.isNaN(parsed)) return null;
  return new Date(parsed).toISOString().slice(0, 10);
}

/** A symbol as one IRI segment: `A/70/L.4` -> `A-70-L.4`. */
function iriSegment(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9.\-]+/g, '-').replace(/^-+|-+$/g, '') || 'untitled';
}

function runsXml(runs: ModelRun[], notes: Map<number, ModelRun[]>, ids: () => string): string {
  let out = '';
  let i = 0;
  while (i < runs.length) {
    const { change, author } = runs[i];
    let j = i;
    let body = '';
    while (j < runs.length && runs[j].change === change && runs[j].author === author) {
      const run = runs[j++];
      if (run.footnote) {
        const note = notes.get(run.footnote) ?? [];
        body += `<authorialNote marker="${run.footnote}" placement="bottom" eId="${ids()}"><p>${runsXml(note, notes, ids)}</p></authorialNote>`;
        continue;
      }
      let text = esc(run.text);
      if (run.italic) text = `<i>${text}</i>`;
      if (run.bold) text = `<b>${text}</b>`;
      if (run.attribution) text = `<span class="attribution">${text}</span>`;
      body += text;
    }
    out += change ? `<${change}${author ? ` title="${esc(author)}"` : ''}>${body}</${change}>` : body;
    i = j;
  }
  return out;
}

export function renderAkn(model: ExportModel, options: AknOptions = {}): string {
  const now = options.now ?? new Date().toISOString();
  const date = isoDate(model.date) ?? now.slice(0, 10);
  const symbol = iriSegment(model.symbol || model.title.slice(0, 40));
  const work = `/akn/un/statement/draft/${date}/${symbol}`;
  const expression = `${work}/eng@${date}`;
  const manifestation = `${expression}/!main.akn`;
  const notes = new Map(model.footnotes.map((n) => [n.number, n.runs]));
  let noteNo = 0;
  const noteId = () => `fn_${++noteNo}`;
  const inline = (runs: ModelRun[]) => runsXml(runs, notes, noteId);

  const x: string[] = [];
  x.push('<?xml version="1.0" encoding="UTF-8"?>');
  x.push(`<akomaNtoso xmlns="${NS}">`);
  x.push(`<statement name="draft" contains="${model.kind === 'redline' ? 'multipleVersions' : 'originalVersion'}">`);

  // --- meta ---
  const delegations = new Set<string>();
  for (const row of model.provenance) for (const n of [...row.proposers, ...row.supporters, ...row.objectors]) delegations.add(n);
  x.push('<meta>');
  x.push('<identification source="#penholder">');
  const frbr = (tag: string, iri: string, extra: string[]) => {
    x.push(`<${tag}>`);
    x.push(`<FRBRthis value="${esc(iri === work ? `${work}/!main` : iri === expression ? `${expression}/!main` : iri)}"/>`);
    x.push(`<FRBRuri value="${esc(iri)}"/>`);
    x.push(...extra);
    x.push(`</${tag}>`);
  };
  frbr('FRBRWork', work, [
    `<FRBRdate date="${date}" name="draft"/>`,
    '<FRBRauthor href="#secretariat"/>',
    '<FRBRcountry value="un"/>',
    ...(model.symbol ? [`<FRBRnumber value="${esc(model.symbol)}"/>`] : []),
    `<FRBRname value="${esc(model.title)}"/>`,
  ]);
  frbr('FRBRExpression', expression, [
    `<FRBRdate date="${date}" name="${model.kind}"/>`,
    '<FRBRauthor href="#secretariat"/>',
    '<FRBRlanguage language="eng"/>',
  ]);
  frbr('FRBRManifestation', manifestation, [`<FRBRdate date="${now.slice(0, 10)}" name="export"/>`, '<FRBRauthor href="#penholder"/>']);
  x.push('</identification>');
  x.push('<references source="#penholder">');
  x.push('<TLCOrganization eId="secretariat" href="/ontology/organization/un/secretariat" showAs="Secretariat"/>');
  x.push('<TLCOrganization eId="penholder" href="/ontology/organization/penholder" showAs="Penholder"/>');
  let orgNo = 0;
  for (const name of delegations) {
    x.push(`<TLCOrganization eId="delegation_${++orgNo}" href="/ontology/organization/un/${esc(iriSegment(name).toLowerCase())}" showAs="${esc(name)}"/>`);
  }
  x.push('</references>');
  x.push('</meta>');

  // --- preface ---
  x.push('<preface>');
  x.push(`<p class="title"><docTitle>${esc(model.title)}</docTitle></p>`);
  if (model.symbol) x.push(`<p class="symbol"><docNumber>${esc(model.symbol)}</docNumber></p>`);
  if (model.date) {
    const parsed = isoDate(model.date);
    x.push(parsed ? `<p class="date"><docDate date="${parsed}">${esc(model.date)}</docDate></p>` : `<p class="date">${esc(model.date)}</p>`);
  }
  if (model.stage) x.push(`<p class="stage"><docStage>${esc(model.stage)}</docStage></p>`);
  x.push('</preface>');

  // --- preamble: the leading unnumbered preambular paragraphs (and running text such as "The
  // General Assembly,"), before the first heading or numbered paragraph ---
  let at = 0;
  const blocks = model.blocks;
  const preamble: string[] = [];
  let recitals: string[] = [];
  let recitalNo = 0;
  let recitalsNo = 0;
  const flushRecitals = () => {
    if (recitals.length) preamble.push(`<recitals eId="recs_${++recitalsNo}">`, ...recitals, '</recitals>');
    recitals = [];
  };
  const inPreamble = (b: ModelBlock) =>
    b.type !== 'heading' && !b.label && (b.kind === 'pp' || b.kind === 'text' || b.type === 'subparagraph');
  let sawRecital = false;
  while (at < blocks.length && inPreamble(blocks[at])) {
    const b = blocks[at];
    if (b.type === 'paragraph' && b.kind === 'pp') sawRecital = true;
    else if (sawRecital && b.type === 'paragraph') break; // running text after the recitals opens the body
    at++;
    if (b.type === 'paragraph' && b.kind === 'text') {
      flushRecitals();
      preamble.push(`<p class="text">${inline(b.runs)}</p>`);
    } else recitals.push(`<recital eId="rec_${++recitalNo}"${classOf(b)}><p>${inline(b.runs)}</p></recital>`);
  }
  flushRecitals();
  if (!sawRecital) {
    // Running text alone is the start of the body, not a preamble.
    at = 0;
  } else x.push('<preamble>', ...preamble, '</preamble>');

  // --- mainBody ---
  x.push('<mainBody>');
  const open: string[] = []; // 'section' | 'subsection'
  const counters = { sec: 0, subsec: 0, para: 0, subpara: 0 };
  const close = (downTo: number) => {
    while (open.length > downTo) x.push(`</${open.pop()}>`);
  };
  const body = blocks.slice(at);
  if (!body.length) x.push('<p/>'); // mainBody may not be empty
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b.type === 'heading') {
      const tag = b.level >= 2 && open[0] === 'section' ? 'subsection' : b.level >= 2 ? 'subsection' : 'section';
      close(tag === 'section' ? 0 : open[0] === 'section' ? 1 : 0);
      const eId = tag === 'section' ? `sec_${++counters.sec}` : `subsec_${++counters.subsec}`;
      x.push(`<${tag} eId="${eId}"${classOf(b)}>`);
      if (b.label) x.push(`<num>${esc(b.label)}</num>`);
      x.push(`<heading>${inline(b.runs)}</heading>`);
      open.push(tag);
      continue;
    }
    if (b.type === 'subparagraph') {
      // A subparagraph with no paragraph before it in the body stands alone as a paragraph.
      x.push(`<paragraph eId="para_${++counters.para}"${classOf(b)}>${numXml(b)}<content><p>${inline(b.runs)}</p></content></paragraph>`);
      continue;
    }
    const subs: ModelBlock[] = [];
    while (i + 1 < body.length && body[i + 1].type === 'subparagraph') subs.push(body[++i]);
    const eId = `para_${++counters.para}`;
    if (!subs.length) {
      x.push(`<paragraph eId="${eId}"${classOf(b)}>${numXml(b)}<content><p>${inline(b.runs)}</p></content></paragraph>`);
      continue;
    }
    x.push(`<paragraph eId="${eId}"${classOf(b)}>${numXml(b)}<intro><p>${inline(b.runs)}</p></intro>`);
    subs.forEach((s, k) => {
      x.push(`<subparagraph eId="${eId}__subpara_${k + 1}"${classOf(s)}>${numXml(s)}<content><p>${inline(s.runs)}</p></content></subparagraph>`);
    });
    x.push('</paragraph>');
  }
  close(0);
  x.push('</mainBody>');

  // --- conclusions: provenance table and redline summary ---
  const summary = model.redline?.summary ?? [];
  if (model.provenance.length || summary.length || model.labelMap) {
    x.push('<conclusions>');
    if (model.provenance.length) {
      x.push('<p class="caption">Provenance of proposals</p>');
      x.push('<table eId="provenance">');
      x.push('<tr>' + ['Paragraph', 'Proposals', 'Proposed by', 'Supported by', 'Opposed by'].map((h) => `<th><p>${h}</p></th>`).join('') + '</tr>');
      for (const row of model.provenance) {
        const cells = [
          row.paragraph,
          row.proposals.map((p) => `[${p.text}]${p.proposer ? ` (${p.proposer})` : ''}`).join('; '),
          row.proposers.join(', '),
          row.supporters.join(', '),
          row.objectors.join(', '),
        ];
        x.push('<tr>' + cells.map((c) => `<td><p>${esc(c)}</p></td>`).join('') + '</tr>');
      }
      x.push('</table>');
    }
    if (model.labelMap) {
      x.push(`<p class="caption">${esc(labelMapHeading(model.labelMap))}</p>`);
      x.push('<table eId="labelMap">');
      x.push('<tr><th><p>Before</p></th><th><p>Now</p></th></tr>');
      for (const e of model.labelMap.entries) x.push(`<tr><td><p>${esc(e.from)}</p></td><td><p>${esc(e.to)}</p></td></tr>`);
      x.push('</table>');
    }
    for (const line of summary) x.push(`<p class="change">${esc(line)}</p>`);
    x.push('</conclusions>');
  }

  x.push('</statement>');
  x.push('</akomaNtoso>');
  return x.join('\n') + '\n';
}

function numXml(b: ModelBlock): string {
  return b.label ? `<num>${esc(b.label)}</num>` : '';
}

function classOf(b: ModelBlock): string {
  const classes = [b.type === 'paragraph' ? b.kind : '', b.change && b.change !== 'same' && b.change !== 'changed' ? b.change : ''].filter(Boolean);
  const author = b.author && (b.change === 'inserted' || b.change === 'deleted') ? ` title="${esc(b.author)}"` : '';
  // A deleted paragraph's placeholder ("12. [Deleted]"): AKN's own word for removed provisions.
  const removed = b.deleted ? ' status="removed"' : '';
  return (classes.length ? ` class="${esc(classes.join(' '))}"` : '') + author + removed;
}
