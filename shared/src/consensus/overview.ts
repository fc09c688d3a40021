/**
 * The overview of a negotiated text (docs/design.md §16), read at a glance by every role: per
 * section how many paragraphs are agreed, agreed ad ref or open, and how many bracket groups are
 * open; open groups over time; what each delegation proposed and what became of it; the silence
 * procedures. Pure functions over the document, its history entries and its procedures: the server
 * endpoint (GET /api/documents/:id/overview) gathers the inputs, the page only draws.
 *
 * Where the numbers come from, and their limits:
 *   - statuses and open groups: the document as it is (paragraphs and subparagraphs count alike);
 *   - open groups over time: points the server computes by replaying stored updates (bounded there);
 *   - proposals made and withdrawn: the `proposal` events the server records with each operation;
 *     accepted: `group-resolved` events whose kept alternative is the delegation's. Changes made
 *     before these events were recorded are not counted (history entries without events);
 *   - proposals open: alternatives in the document now, attributed to the delegation.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { z } from 'zod';
import { labelBlocks } from '../numbering/labels.ts';
import type { HistoryEvent } from '../api/history.ts';
import { SilenceProcedure } from './silence.ts';

export const SectionCounts = z.object({
  /** Heading id, or null for the paragraphs before the first heading. */
  id: z.string().nullable(),
  title: z.string(),
  agreed: z.number(),
  adref: z.number(),
  open: z.number(),
  groups: z.number(),
});
export type SectionCounts = z.infer<typeof SectionCounts>;

export const DelegationActivity = z.object({
  id: z.string(),
  name: z.string(),
  made: z.number(),
  open: z.number(),
  accepted: z.number(),
  withdrawn: z.number(),
});
export type DelegationActivity = z.infer<typeof DelegationActivity>;

export const GroupPoint = z.object({ seq: z.number(), at: z.string(), groups: z.number() });
export type GroupPoint = z.infer<typeof GroupPoint>;

export const Overview = z.object({
  sections: z.array(SectionCounts),
  totals: z.object({ agreed: z.number(), adref: z.number(), open: z.number(), groups: z.number() }),
  groupsOverTime: z.array(GroupPoint),
  /** Said when the series does not start at the import (see the endpoint's replay bound). */
  groupsOverTimeNote: z.string().nullable(),
  delegations: z.array(DelegationActivity),
  silence: z.array(SilenceProcedure),
  /** Paragraph labels by block id, to name what a procedure covers. */
  labels: z.record(z.string(), z.string().nullable()),
});
export type Overview = z.infer<typeof Overview>;

/** Top-level bracket groups and nested ones, in a whole document. */
export function countOpenGroups(doc: PMNode): number {
  let count = 0;
  doc.descendants((node) => {
    if (node.type.name === 'bracketGroup') count++;
    return true;
  });
  return count;
}

/** Per section (a top-level heading with its subsections) statuses and open groups. */
export function sectionCounts(doc: PMNode): SectionCounts[] {
  const out: SectionCounts[] = [];
  let current: SectionCounts | null = null;
  for (const b of labelBlocks(doc)) {
    const node = b.node;
    if (node.type.name === 'sectionHeading' && Number(node.attrs.level ?? 1) <= 1) {
      const title = [b.label, node.textContent].filter(Boolean).join(' ');
      current = { id: typeof node.attrs.id === 'string' ? node.attrs.id : null, title: title || 'Untitled section', agreed: 0, adref: 0, open: 0, groups: 0 };
      out.push(current);
      continue;
    }
    if (node.type.name !== 'paragraph' && node.type.name !== 'subparagraph') continue;
    if (!current) {
      current = { id: null, title: 'Before the first section', agreed: 0, adref: 0, open: 0, groups: 0 };
      out.push(current);
    }
    const status = node.attrs.status;
    if (status === 'agreed') current.agreed++;
    else if (status === 'adref') current.adref++;
    else current.open++;
    node.descendants((n) => {
      if (n.type.name === 'bracketGroup') current!.groups++;
      return true;
    });
  }
  return out.filter((s) => s.agreed + s.adref + s.open > 0);
}

/** Alternatives in the document now, by proposing delegation. */
function openByDelegation(doc: PMNode): Map<string, number> {
  const out = new Map<string, number>();
  doc.descendants((node) => {
    const proposer = node.type.name === 'bracketAlt' ? node.attrs.proposer : null;
    if (typeof proposer === 'string' && proposer) out.set(proposer, (out.get(proposer) ?? 0) + 1);
    return true;
  });
  return out;
}

const PROPOSING = new Set(['propose-replacement', 'propose-deletion', 'propose-insertion', 'propose-alternative']);

/** Each delegation's proposals: made, open now, accepted (kept when a group was resolved), withdrawn. */
export function delegationActivity(
  doc: PMNode,
  delegations: readonly { id: string; name: string }[],
  history: readonly { seq: number; delegationId: string | null; events: readonly HistoryEvent[] }[],
): DelegationActivity[] {
  const open = openByDelegation(doc);
  const rows = new Map(delegations.map((d) => [d.id, { id: d.id, name: d.name, made: 0, open: open.get(d.id) ?? 0, accepted: 0, withdrawn: 0 }]));
  // a resolution undone from the history no longer counts as accepted
  const undone = new Set(history.flatMap((e) => e.events.flatMap((ev) => (ev.kind === 'group-restored' ? [ev.undoneSeq] : []))));
  for (const entry of history) {
    for (const event of entry.events) {
      if (event.kind === 'proposal' && entry.delegationId) {
        const row = rows.get(entry.delegationId);
        if (!row) continue;
        if (PROPOSING.has(event.op)) row.made++;
        if (event.op === 'withdraw') row.withdrawn++;
      }
      if (event.kind === 'group-resolved' && event.chosen?.proposer && !undone.has(entry.seq)) {
        const row = rows.get(event.chosen.proposer);
        if (row) row.accepted++;
      }
    }
  }
  return [...rows.values()];
}

/** Evenly spaced sequence numbers in (first, last], at most `max` of them, always ending at `last`. */
export function samplePoints(first: number, last: number, max: number): number[] {
  if (last <= first || max < 1) return [];
  const span = last - first;
  if (span <= max) return Array.from({ length: span }, (_, i) => first + i + 1);
  return Array.from({ length: max }, (_, i) => first + Math.round(((i + 1) * span) / max));
}

export function computeOverview(input: {
  doc: PMNode;
  delegations: readonly { id: string; name: string }[];
  history: readonly { seq: number; delegationId: string | null; events: readonly HistoryEvent[] }[];
  procedures: readonly SilenceProcedure[];
  groupsOverTime: GroupPoint[];
  groupsOverTimeNote?: string | null;
}): Overview {
  const sections = sectionCounts(input.doc);
  const totals = sections.reduce(
    (t, s) => ({ agreed: t.agreed + s.agreed, adref: t.adref + s.adref, open: t.open + s.open, groups: t.groups + s.groups }),
    { agreed: 0, adref: 0, open: 0, groups: 0 },
  );
  const labels: Record<string, string | null> = {};
  for (const b of labelBlocks(input.doc)) if (typeof b.node.attrs.id === 'string' && b.node.attrs.id) labels[b.node.attrs.id] = b.label;
  // labels of paragraphs deleted since a procedure opened are the ones it recorded
  for (const p of input.procedures) for (const [id, label] of Object.entries(p.labels)) if (!(id in labels)) labels[id] = label;
  return {
    sections,
    totals,
    groupsOverTime: input.groupsOverTime,
    groupsOverTimeNote: input.groupsOverTimeNote ?? null,
    delegations: delegationActivity(input.doc, input.delegations, input.history),
    silence: [...input.procedures],
    labels,
  };
}
