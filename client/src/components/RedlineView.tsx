// A redline on screen: every block with its label (old → new when renumbered), insertions underlined
// and deletions struck through, each in its author's colour and named on hover and for screen
// readers; moved, inserted and deleted paragraphs flagged in the margin; a legend of authors; the
// bracket groups added and resolved and the renumbering listed. Renders a Redline from the server as
// it is; decides nothing.
import { colorFor } from '../../../shared/src/access/colors.ts';
import type { Redline, RedlineBlock, RedlineRun } from '../../../shared/src/revisions/redline.ts';

const BLOCK_NOTE: Record<RedlineBlock['change'], string | null> = {
  same: null,
  changed: null,
  inserted: 'new',
  deleted: 'deleted',
  moved: 'moved',
};

function label(b: RedlineBlock): string {
  if (b.oldLabel && b.newLabel && b.oldLabel !== b.newLabel) return `${b.oldLabel} → ${b.newLabel}`;
  return b.newLabel ?? b.oldLabel ?? '';
}

function Run({ run }: { run: RedlineRun }) {
  let body = run.footnote ? <sup title={run.footnote.text}>{run.footnote.number}</sup> : <>{run.text}</>;
  if (run.italic) body = <em>{body}</em>;
  if (run.bold) body = <strong>{body}</strong>;
  if (run.change === 'same') return body;
  const who = run.author ?? 'unknown';
  const Tag = run.change === 'ins' ? 'ins' : 'del';
  const words = run.change === 'ins' ? `inserted by ${who}` : `deleted by ${who}`;
  return (
    <Tag title={words} data-author={who} style={{ color: colorFor(who), textDecorationColor: colorFor(who) }}>
      {body}
      <span className="sr-only"> ({words})</span>
    </Tag>
  );
}

export function RedlineView({ redline }: { redline: Redline }) {
  const authors = [...new Set(redline.blocks.flatMap((b) => b.runs.map((r) => r.author).concat(b.author)).filter((a): a is string => !!a))];
  const changed = redline.blocks.filter((b) => b.change !== 'same').length;
  return (
    <div className="redline">
      <p className="redline-summary">
        {changed === 0 ? 'No changes.' : `${changed} paragraph${changed === 1 ? '' : 's'} changed.`}
        {authors.length > 0 && (
          <span className="redline-legend" aria-label="Authors">
            {authors.map((a) => (
              <span key={a} className="legend-item">
                <span className="swatch" style={{ background: colorFor(a) }} /> {a}
              </span>
            ))}
          </span>
        )}
      </p>
      <div className="sheet redline-sheet">
        <h1 className="redline-title">{redline.title}</h1>
        {redline.blocks.map((b) => {
          const Tag = b.type === 'heading' ? 'h2' : 'p';
          const note = BLOCK_NOTE[b.change];
          return (
            <Tag key={b.id} className={`redline-block redline-${b.type} change-${b.change}`} data-block={b.id} data-change={b.change}>
              <span className="redline-label">{label(b)}</span>
              {note && (
                <span className="redline-flag" title={b.author ? `${note} (${b.author})` : note}>
                  {note}
                </span>
              )}
              {b.runs.map((run, i) => (
                <Run key={i} run={run} />
              ))}
            </Tag>
          );
        })}
      </div>
      {(redline.groupsAdded.length > 0 || redline.groupsResolved.length > 0 || redline.renumbered.length > 0) && (
        <section className="redline-lists">
          {redline.groupsAdded.length > 0 && (
            <>
              <h3>Bracket groups added</h3>
              <ul>
                {redline.groupsAdded.map((g, i) => (
                  <li key={i}>
                    {g.paragraph ? `Paragraph ${g.paragraph}: ` : ''}
                    {g.alternatives.map((a) => `[${a}]`).join(' ')}
                  </li>
                ))}
              </ul>
            </>
          )}
          {redline.groupsResolved.length > 0 && (
            <>
              <h3>Bracket groups resolved</h3>
              <ul>
                {redline.groupsResolved.map((g, i) => (
                  <li key={i}>
                    {g.paragraph ? `Paragraph ${g.paragraph}: ` : ''}
                    {g.alternatives.map((a) => `[${a}]`).join(' ')} → {g.kept ? `kept “${g.kept}”` : 'dropped'}
                  </li>
                ))}
              </ul>
            </>
          )}
          {redline.renumbered.length > 0 && (
            <>
              <h3>Renumbered</h3>
              <p>{redline.renumbered.map((r) => `${r.from} → ${r.to}`).join(', ')}</p>
            </>
          )}
        </section>
      )}
    </div>
  );
}
