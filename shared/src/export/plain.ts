// The compilation text and the redline as plain text and Markdown, rendered from the export model
// (model.ts). The clean draft keeps its own exporters (text.ts, markdown.ts), which re-import exactly.
//
// Plain text has no colour, so a redline marks changes in wdiff style with the author after a bar:
// `{+inserted+|EU}` and `{-deleted-|CELAC}` (braces, never square brackets, which are the draft's own);
// a moved block starts with `(moved)`, a renumbered one prints `12. → 13.`. Markdown uses HTML
// `<ins title="EU">`/`<del>` (Markdown passes HTML through) and escapes the text.
import { labelMapHeading, type ExportModel, type LabelMap, type ModelBlock, type ModelRun, type ProvenanceRow } from './model.ts';
import { superscript } from './superscript.ts';

export type Style = 'text' | 'markdown';

function escapeMarkdown(s: string): string {
  return s.replace(/([\\*_`<>&|])/g, '\\$1');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function runText(run: ModelRun, style: Style): string {
  if (run.footnote) return style === 'markdown' ? `[^${run.footnote}]` : superscript(run.footnote);
  if (style === 'text') return run.text;
  let text = escapeMarkdown(run.text);
  if (!text.trim()) return text;
  const lead = /^\s*/.exec(text)![0];
  const trail = /\s*$/.exec(text)![0];
  let core = text.slice(lead.length, text.length - trail.length);
  if (run.italic) core = `*${core}*`;
  if (run.bold) core = `**${core}**`;
  text = lead + core + trail;
  return text;
}

/** Consecutive runs with the same change and author print as one marked span. */
function renderRuns(runs: ModelRun[], style: Style): string {
  let out = '';
  let i = 0;
  while (i < runs.length) {
    const change = runs[i].change;
    const author = runs[i].author;
    let j = i;
    let body = '';
    while (j < runs.length && runs[j].change === change && runs[j].author === author) body += runText(runs[j++], style);
    if (!change) out += body;
    else if (style === 'text') out += change === 'ins' ? `{+${body}+${author ? `|${author}` : ''}}` : `{-${body}-${author ? `|${author}` : ''}}`;
    else {
      const title = author ? ` title="${escapeHtml(author)}"` : '';
      out += `<${change}${title}>${body}</${change}>`;
    }
    i = j;
  }
  return out;
}

function blockLine(block: ModelBlock, style: Style): string {
  const moved = block.change === 'moved' ? '(moved) ' : '';
  const body = renderRuns(block.runs, style);
  const label = block.label ? `${style === 'markdown' ? escapeMarkdown(block.label) : block.label} ` : '';
  if (style === 'markdown' && block.type === 'heading') return `${'#'.repeat(Math.min(block.level + 1, 6))} ${moved}${label}${body}`;
  return `${moved}${label}${body}`;
}

function provenanceLines(rows: ProvenanceRow[], style: Style): string[] {
  if (!rows.length) return [];
  const proposals = (row: ProvenanceRow) => row.proposals.map((p) => `[${p.text}]${p.proposer ? ` (${p.proposer})` : ''}`).join('; ');
  if (style === 'text') {
    const lines = ['__________', '', 'Provenance of proposals', ''];
    for (const row of rows) {
      lines.push(`Paragraph ${row.paragraph}: ${proposals(row)}`);
      lines.push(`  Proposed by: ${row.proposers.join(', ') || '—'}`);
      lines.push(`  Supported by: ${row.supporters.join(', ') || '—'}`);
      if (row.objectors.length) lines.push(`  Opposed by: ${row.objectors.join(', ')}`);
      lines.push('');
    }
    return lines;
  }
  const cell = (s: string) => escapeMarkdown(s) || '—';
  return [
    '## Provenance of proposals',
    '',
    '| Paragraph | Proposals | Proposed by | Supported by | Opposed by |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| ${cell(r.paragraph)} | ${cell(proposals(r))} | ${cell(r.proposers.join(', '))} | ${cell(r.supporters.join(', '))} | ${cell(r.objectors.join(', '))} |`,
    ),
    '',
  ];
}

/** The label map of a renumbering revision: `12 bis → 13` lines (text) or a two-column table (Markdown). */
export function labelMapLines(map: LabelMap | undefined, style: Style): string[] {
  if (!map?.entries.length) return [];
  const heading = labelMapHeading(map);
  if (style === 'text') return ['__________', '', heading, '', ...map.entries.map((e) => `${e.from} → ${e.to}`), ''];
  return [
    `## ${escapeMarkdown(heading)}`,
    '',
    '| Before | Now |',
    '| --- | --- |',
    ...map.entries.map((e) => `| ${escapeMarkdown(e.from)} | ${escapeMarkdown(e.to)} |`),
    '',
  ];
}

export function renderModelText(model: ExportModel): string {
  return renderPlain(model, 'text');
}

export function renderModelMarkdown(model: ExportModel): string {
  return renderPlain(model, 'markdown');
}

function renderPlain(model: ExportModel, style: Style): string {
  const lines: string[] = [];
  const meta = [model.symbol, model.date].filter(Boolean);
  if (style === 'text') {
    if (meta.length) lines.push(...meta, '');
    lines.push(model.title, '');
    if (model.stage) lines.push(model.stage, '');
  } else {
    lines.push(`# ${escapeMarkdown(model.title)}`, '');
    const all = [...meta, model.stage].filter(Boolean).map(escapeMarkdown);
    if (all.length) lines.push(all.join(' · '), '');
  }
  for (const block of model.blocks) lines.push(blockLine(block, style), '');

  if (model.footnotes.length) {
    if (style === 'text') lines.push('__________', '');
    for (const note of model.footnotes) {
      const body = renderRuns(note.runs, style);
      lines.push(style === 'text' ? `${superscript(note.number)} ${body}` : `[^${note.number}]: ${body}`);
      if (style === 'text') lines.push('');
    }
    if (style === 'markdown') lines.push('');
  }
  lines.push(...provenanceLines(model.provenance, style));
  lines.push(...labelMapLines(model.labelMap, style));
  if (model.redline?.summary.length) {
    lines.push(style === 'text' ? 'Summary of changes' : '## Summary of changes', '');
    for (const line of model.redline.summary) lines.push(style === 'text' ? `- ${line}` : `- ${escapeMarkdown(line)}`);
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}
