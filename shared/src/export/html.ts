// Print-ready HTML of the export model: one self-contained file (inline CSS, no scripts, no fonts or
// images fetched), A4 pages through `@page`, and the UN layout the Word export has: symbol at the
// right of the heading block, date, stage, title; paragraph labels hanging in a margin column of
// 1.5 cm that widens for a longer label (`12 bis.` fits; `12. → 13.` widens it); subparagraph
// letters indented; headings as h2/h3; footnotes gathered at the end as an ordered list linked from
// their markers. Page numbers are a CSS page-margin box (`@page { @bottom-center }`), so the server's
// PDF (server/src/export/pdf.ts, Chromium printing this same HTML) and a browser's own print both
// number their pages; printing them through Chromium's header/footer templates instead cost a
// second layout pass (about 350 ms on the 300-paragraph document).
//
// Compilation attributions print in braces in grey; redline insertions and deletions are <ins>/<del>
// with the author in `title` and `data-author`, moved blocks are marked with a `moved` class and a
// label, renumbered labels print `12. → 13.`. A deleted paragraph's placeholder is its label and
// "[Deleted]", with the class `deleted-placeholder`.
//
// Known limit: footnotes are endnotes in HTML and PDF (Chromium has no footnote areas); Word has real
// footnotes.
import { labelMapHeading, type ExportModel, type ModelBlock, type ModelRun } from './model.ts';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
@page { size: A4; margin: 2.5cm 2.2cm 2.5cm 2.2cm; @bottom-center { content: counter(page); font-family: "Times New Roman", "Liberation Serif", serif; font-size: 9pt; } }
html { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; line-height: 1.35; color: #000; }
body { margin: 0 auto; max-width: 16.6cm; }
header.un-heading { display: grid; grid-template-columns: 1fr auto; border-bottom: 1.5pt solid #000; padding-bottom: 4pt; margin-bottom: 18pt; }
header.un-heading .symbol { grid-column: 2; text-align: right; font-size: 14pt; font-weight: bold; }
header.un-heading .date { grid-column: 2; text-align: right; }
header.un-heading .stage { grid-column: 1 / span 2; font-style: italic; }
h1.title { font-size: 14pt; font-weight: bold; margin: 0 0 12pt 0; }
h2, h3 { font-size: 12pt; font-weight: bold; margin: 12pt 0 6pt 0; page-break-after: avoid; break-after: avoid; }
h3 { font-style: italic; }
.block { display: grid; grid-template-columns: auto 1fr; margin: 0 0 6pt 0; break-inside: avoid-page; }
.block.subparagraph { grid-template-columns: 1.5cm auto 1fr; }
.block.subparagraph > .label { grid-column: 2; }
.block.unlabelled > .text { grid-column: 1 / -1; }
.block.subparagraph.unlabelled > .text { grid-column: 2 / -1; }
.label { white-space: nowrap; min-width: 1.5cm; box-sizing: border-box; padding-right: 6pt; }
.block.subparagraph > .label { min-width: 1cm; }
.text { text-align: justify; }
.attribution { color: #555; font-size: 10pt; }
ins { color: #0b5d1e; text-decoration: underline; }
del { color: #a11; text-decoration: line-through; }
.block.moved { border-left: 2pt solid #1f4e9e; margin-left: -6pt; padding-left: 4pt; }
.moved-mark { color: #1f4e9e; font-size: 10pt; font-style: italic; }
sup.fn a { text-decoration: none; color: inherit; }
section.footnotes { margin-top: 18pt; border-top: 0.75pt solid #000; width: 6cm; }
section.footnotes ol { width: 16.6cm; padding-left: 1.5cm; font-size: 10pt; }
table.provenance { border-collapse: collapse; width: 100%; font-size: 10pt; margin-top: 12pt; }
table.provenance th, table.provenance td { border: 0.5pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
.summary { font-size: 10pt; }
`;

function runHtml(run: ModelRun): string {
  if (run.footnote) return `<sup class="fn"><a href="#fn${run.footnote}" id="fnref${run.footnote}">${run.footnote}</a></sup>`;
  let html = escapeHtml(run.text);
  if (run.italic) html = `<em>${html}</em>`;
  if (run.bold) html = `<strong>${html}</strong>`;
  if (run.attribution) html = `<span class="attribution">${html}</span>`;
  return html;
}

/** Runs, with consecutive insertions or deletions by one author in one <ins>/<del>. */
export function runsHtml(runs: ModelRun[]): string {
  let out = '';
  let i = 0;
  while (i < runs.length) {
    const { change, author } = runs[i];
    let j = i;
    let body = '';
    while (j < runs.length && runs[j].change === change && runs[j].author === author) body += runHtml(runs[j++]);
    if (!change) out += body;
    else {
      const who = author ? ` title="${escapeHtml(author)}" data-author="${escapeHtml(author)}"` : '';
      out += `<${change}${who}>${body}</${change}>`;
    }
    i = j;
  }
  return out;
}

function blockHtml(block: ModelBlock): string {
  const moved = block.change === 'moved' ? '<span class="moved-mark">(moved) </span>' : '';
  const changeClass = block.change && block.change !== 'same' ? ` ${block.change}` : '';
  const id = block.id ? ` id="${escapeHtml(block.id)}"` : '';
  if (block.type === 'heading') {
    const tag = block.level >= 2 ? 'h3' : 'h2';
    const label = block.label ? `${escapeHtml(block.label)} ` : '';
    return `<${tag} class="heading${changeClass}"${id}>${moved}${label}${runsHtml(block.runs)}</${tag}>`;
  }
  const classes = `block ${block.type}${block.label ? '' : ' unlabelled'}${block.deleted ? ' deleted-placeholder' : ''}${changeClass}`;
  const label = block.label ? `<span class="label">${escapeHtml(block.label)}</span>` : '';
  return `<div class="${classes}" data-kind="${escapeHtml(block.kind)}"${id}>${label}<span class="text">${moved}${runsHtml(block.runs)}</span></div>`;
}

export function renderHtml(model: ExportModel): string {
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  parts.push(`<title>${escapeHtml([model.symbol, model.title].filter(Boolean).join(' — '))}</title>`);
  parts.push(`<style>${CSS}</style>`, '</head>', `<body class="${model.kind}">`);
  parts.push('<header class="un-heading">');
  if (model.symbol) parts.push(`<div class="symbol">${escapeHtml(model.symbol)}</div>`);
  if (model.date) parts.push(`<div class="date">${escapeHtml(model.date)}</div>`);
  if (model.stage) parts.push(`<div class="stage">${escapeHtml(model.stage)}</div>`);
  parts.push('</header>');
  parts.push(`<h1 class="title">${escapeHtml(model.title)}</h1>`);
  parts.push('<main>');
  for (const block of model.blocks) parts.push(blockHtml(block));
  parts.push('</main>');

  if (model.footnotes.length) {
    parts.push('<section class="footnotes"><ol>');
    for (const note of model.footnotes) {
      parts.push(`<li id="fn${note.number}" value="${note.number}">${runsHtml(note.runs)}</li>`);
    }
    parts.push('</ol></section>');
  }
  if (model.provenance.length) {
    parts.push('<h2>Provenance of proposals</h2>', '<table class="provenance">');
    parts.push('<thead><tr><th>Paragraph</th><th>Proposals</th><th>Proposed by</th><th>Supported by</th><th>Opposed by</th></tr></thead><tbody>');
    for (const row of model.provenance) {
      const proposals = row.proposals
        .map((p) => `[${escapeHtml(p.text)}]${p.proposer ? ` (${escapeHtml(p.proposer)})` : ''}`)
        .join('<br>');
      const list = (names: string[]) => escapeHtml(names.join(', '));
      parts.push(
        `<tr><td>${escapeHtml(row.paragraph)}</td><td>${proposals}</td><td>${list(row.proposers)}</td><td>${list(row.supporters)}</td><td>${list(row.objectors)}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  if (model.labelMap) {
    parts.push(`<h2>${escapeHtml(labelMapHeading(model.labelMap))}</h2>`, '<table class="provenance label-map">');
    parts.push('<thead><tr><th>Before</th><th>Now</th></tr></thead><tbody>');
    for (const e of model.labelMap.entries) parts.push(`<tr><td>${escapeHtml(e.from)}</td><td>${escapeHtml(e.to)}</td></tr>`);
    parts.push('</tbody></table>');
  }
  if (model.redline?.summary.length) {
    parts.push('<h2>Summary of changes</h2>', '<ul class="summary">');
    for (const line of model.redline.summary) parts.push(`<li>${escapeHtml(line)}</li>`);
    parts.push('</ul>');
  }
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}
