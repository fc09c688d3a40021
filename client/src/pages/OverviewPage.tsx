// The overview of a document (/d/:id/overview), for every role: where the text stands per section,
// open bracket groups over time, each delegation's proposals, and the silence procedures. The numbers
// come from the server (GET /api/documents/:id/overview, shared/src/consensus/overview.ts); this
// page only draws them (recharts) and lists them again as text tables, for screen readers and for
// the tests. Reloads every 10 s while open, so a settled silence shows without a refresh.
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getDocument, getOverview } from '../api.ts';
import { useAsync } from '../useAsync.ts';
import type { Overview } from '../../../shared/src/consensus/overview.ts';
import type { SilenceProcedure } from '../../../shared/src/consensus/silence.ts';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const REFRESH_MS = 10_000;

export function OverviewPage({ documentId }: { documentId: string }) {
  const info = useAsync((signal) => getDocument(documentId, signal), [documentId]);
  const [tick, setTick] = useState(0);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    getOverview(documentId, ctl.signal).then(
      (o) => {
        setOverview(o);
        setError(null);
      },
      (e: Error) => !ctl.signal.aborted && setError(e.message),
    );
    const timer = setTimeout(() => setTick((n) => n + 1), REFRESH_MS);
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [documentId, tick]);
  useEffect(() => {
    if (info.status === 'ok') document.title = `Overview: ${info.value.title} — Penholder`;
  }, [info]);

  return (
    <div className="document-page overview-page" data-page="overview">
      <header className="app-bar">
        <Link href="/" className="home-link">
          Penholder
        </Link>
        <span className="doc-name">{info.status === 'ok' ? info.value.title : ''}</span>
        <span className="spacer" />
        <button type="button" className="bar-button" onClick={() => setTick((n) => n + 1)}>
          Refresh
        </button>
        <Link href={`/d/${encodeURIComponent(documentId)}`} className="bar-button">
          Back to the live text
        </Link>
      </header>
      <main className="page overview">
        {error && <p className="error">Could not load the overview: {error}</p>}
        {!overview && !error && <p className="muted">Loading the overview…</p>}
        {overview && <OverviewBody overview={overview} />}
      </main>
    </div>
  );
}

function OverviewBody({ overview }: { overview: Overview }) {
  const { totals } = overview;
  // the chart shows the delegations with something to show; the table lists them all
  const active = overview.delegations.filter((d) => d.made + d.open + d.accepted + d.withdrawn > 0);
  const label = (id: string) => {
    const l = overview.labels[id];
    return l ? `paragraph ${l}` : 'an unnumbered paragraph';
  };
  return (
    <>
      <h1>Overview</h1>
      <p className="overview-totals" data-overview-totals>
        <strong data-total="agreed">{totals.agreed}</strong> agreed · <strong data-total="adref">{totals.adref}</strong> agreed ad ref ·{' '}
        <strong data-total="open">{totals.open}</strong> open · <strong data-total="groups">{totals.groups}</strong> open bracket groups
      </p>

      <section aria-labelledby="ov-sections">
        <h2 id="ov-sections">Sections</h2>
        <CountsChartAndTable
          rows={overview.sections}
          chartRows={overview.sections}
          series={SECTION_SERIES}
          rowHeader="Section"
          rowKey={(r) => r.id ?? 'before'}
          rowTitle={(r) => r.title}
          rowAttrs={(r) => ({ 'data-section': r.id ?? '' })}
          barHeight={40}
          tableAttrs={{ 'data-overview-sections': '' }}
        />
      </section>

      <section aria-labelledby="ov-groups">
        <h2 id="ov-groups">Open bracket groups over time</h2>
        {overview.groupsOverTimeNote && <p className="muted">Shown {overview.groupsOverTimeNote}.</p>}
        {overview.groupsOverTime.length < 2 ? (
          <p className="muted">Not enough recorded changes yet to draw a line.</p>
        ) : (
          <div className="chart" role="img" aria-label={`Open bracket groups went from ${overview.groupsOverTime[0]!.groups} to ${overview.groupsOverTime.at(-1)!.groups}`}>
            <ResponsiveContainer width="100%" height={240}>
              <LineChart accessibilityLayer={false} data={overview.groupsOverTime.map((p) => ({ ...p, when: when(p.at) }))} margin={{ left: 8, right: 24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="when" minTickGap={40} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Line type="stepAfter" dataKey="groups" name="Open groups" stroke="#6a1b9a" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </section>

      <section aria-labelledby="ov-delegations">
        <h2 id="ov-delegations">Delegations' proposals</h2>
        {active.length === 0 && <p className="muted">No delegation has a proposal recorded or open yet.</p>}
        <CountsChartAndTable
          rows={overview.delegations}
          chartRows={active}
          series={DELEGATION_SERIES}
          rowHeader="Delegation"
          rowKey={(d) => d.id}
          rowTitle={(d) => d.name}
          rowAttrs={(d) => ({ 'data-delegation': d.id })}
          barHeight={32}
          tableAttrs={{ 'data-overview-delegations': '' }}
        />
        <p className="muted">Made and withdrawn count proposals recorded since the history records them; open counts the text as it is.</p>
      </section>

      <section aria-labelledby="ov-silence">
        <h2 id="ov-silence">Silence procedures</h2>
        {overview.silence.length === 0 ? (
          <p className="muted">No text has been put under silence.</p>
        ) : (
          <ul className="silence-list" data-overview-silence>
            {[...overview.silence].reverse().map((p) => (
              <SilenceItem key={p.id} procedure={p} label={label} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

interface Series<K extends string> {
  key: K;
  name: string;
  fill: string;
  /** Bars of one stack add up (a section's agreed, ad ref and open paragraphs). */
  stack?: string;
}

const SECTION_SERIES: Series<'agreed' | 'adref' | 'open' | 'groups'>[] = [
  { key: 'agreed', name: 'Agreed', fill: '#2e7d32', stack: 's' },
  { key: 'adref', name: 'Ad ref', fill: '#9ccc65', stack: 's' },
  { key: 'open', name: 'Open', fill: '#ef6c00', stack: 's' },
  { key: 'groups', name: 'Open groups', fill: '#6a1b9a' },
];

const DELEGATION_SERIES: Series<'made' | 'open' | 'accepted' | 'withdrawn'>[] = [
  { key: 'made', name: 'Made', fill: '#1565c0' },
  { key: 'open', name: 'Open now', fill: '#ef6c00' },
  { key: 'accepted', name: 'Accepted', fill: '#2e7d32' },
  { key: 'withdrawn', name: 'Withdrawn', fill: '#757575' },
];

/**
 * Counts per row, twice from one list of series: a horizontal bar chart (a picture, hidden from
 * screen readers; recharts' keyboard layer is off so nothing focusable hides under aria-hidden) and
 * the table that carries the same figures as text.
 */
function CountsChartAndTable<R extends Record<K, number>, K extends string>(props: {
  rows: R[];
  /** The rows drawn (the table lists them all). */
  chartRows: R[];
  series: Series<K>[];
  rowHeader: string;
  rowKey: (row: R) => string;
  rowTitle: (row: R) => string;
  rowAttrs: (row: R) => Record<string, string>;
  /** Pixels per row of the chart. */
  barHeight: number;
  tableAttrs: Record<string, string>;
}) {
  const { rows, chartRows, series } = props;
  return (
    <>
      {chartRows.length > 0 && (
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={Math.max(160, props.barHeight * chartRows.length + 60)}>
            <BarChart accessibilityLayer={false} data={chartRows.map((r) => ({ ...r, title: props.rowTitle(r) }))} layout="vertical" margin={{ left: 24, right: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="title" width={200} />
              <Tooltip />
              <Legend />
              {series.map((b) => (
                <Bar key={b.key} dataKey={b.key} name={b.name} stackId={b.stack} fill={b.fill} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <table className="overview-table" {...props.tableAttrs}>
        <thead>
          <tr>
            <th>{props.rowHeader}</th>
            {series.map((b) => (
              <th key={b.key}>{b.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={props.rowKey(r)} {...props.rowAttrs(r)}>
              <th scope="row">{props.rowTitle(r)}</th>
              {series.map((b) => (
                <td key={b.key} data-count={b.key}>
                  {r[b.key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function SilenceItem({ procedure: p, label }: { procedure: SilenceProcedure; label: (id: string) => string }) {
  const state = p.state === 'open' ? `under silence until ${when(p.deadline)}` : p.state === 'settled' ? `settled at ${when(p.deadline)}` : 'withdrawn';
  return (
    <li data-silence={p.id} data-silence-state={p.state}>
      <p>
        <strong>{p.blockIds.map(label).join(', ')}</strong>: {state} (opened by {p.openedBy.name})
      </p>
      {p.breaks.length > 0 && (
        <ul>
          {p.breaks.map((b, i) => (
            <li key={i} data-silence-break={b.blockId}>
              {b.delegationName} broke silence on {label(b.blockId)} ({when(b.at)}): “{b.reason}”
            </li>
          ))}
        </ul>
      )}
      {p.state === 'settled' && (
        <p data-silence-agreed>
          Agreed under silence: {p.agreed.length ? p.agreed.map(label).join(', ') : 'nothing'}
          {p.notAgreed.length > 0 && `; not agreed: ${p.notAgreed.map((n) => `${label(n.blockId)} (${n.reason})`).join(', ')}`}
        </p>
      )}
    </li>
  );
}
