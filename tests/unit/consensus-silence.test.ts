// The silence procedure's rules (shared/src/consensus/silence.ts): who may open, break and cancel,
// what a paragraph, a section or the whole text covers, and settling at a time given as an argument.
import { describe, it, expect } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import {
  blocksInScope,
  breakSilence,
  cancelSilence,
  nextDeadline,
  openSilence,
  parseProcedures,
  settleSilence,
  silenceOn,
  type OpenRequest,
  type SilenceProcedure,
} from '../../shared/src/consensus/silence.ts';
import { makeDoc, t, alt } from '../helpers/docs.ts';

const p = (id: string, text: string, status = 'negotiating', kind = 'op'): JSONContent => ({ type: 'paragraph', attrs: { id, kind, status }, content: [t(text)] });
const h = (id: string, text: string, level = 1): JSONContent => ({ type: 'sectionHeading', attrs: { id, level, numbered: true }, content: [t(text)] });
const withGroup = (id: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id, kind: 'op', status: 'negotiating' },
  content: [t('for '), { type: 'bracketGroup', attrs: { id: `g-${id}` }, content: [alt(t('five')), alt(t('ten'))] }, t(' years')],
});

// Section I: p1, p2 (agreed), p3; section II: p4 (groups), p5
const doc = (extra: JSONContent[] = []) =>
  makeDoc([h('s1', 'Vision'), p('p1', 'One.'), p('p2', 'Two.', 'agreed'), p('p3', 'Three.'), h('s2', 'Follow-up'), withGroup('p4'), p('p5', 'Five.'), ...extra]);

const now = new Date('2026-11-29T10:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const cofac = { participantId: 'u-cf', name: 'Co-facilitator Ireland' };
const request = (scope: OpenRequest['scope'], deadline = later(60).toISOString(), role: OpenRequest['role'] = 'cofacilitator'): OpenRequest => ({
  id: 'sil1',
  scope,
  deadline,
  role,
  opener: cofac,
});
const open = (scope: OpenRequest['scope'], d = doc()): SilenceProcedure => {
  const r = openSilence(d, [], request(scope), now);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const eu = { id: 'eu', name: 'European Union' };
const g77 = { id: 'g77', name: 'Group of 77 and China' };
const breaking = (blockId: string, delegation = eu, reason = 'We need to consult capitals.') => ({
  blockId,
  reason,
  role: 'delegation' as const,
  delegation,
  participantId: `u-${delegation.id}`,
});

describe('what a silence procedure covers', () => {
  it('covers the named paragraphs in document order, with their labels when it opened', () => {
    const proc = open({ kind: 'paragraphs', blockIds: ['p3', 'p1'] });
    expect(proc.blockIds).toEqual(['p1', 'p3']);
    expect(proc.labels).toEqual({ p1: '1', p3: '3' });
    expect(proc.state).toBe('open');
    expect(proc.deadline).toBe(later(60).toISOString());
  });

  it('covers a section up to the next heading of its level, skipping what is already agreed', () => {
    const covered = blocksInScope(doc(), { kind: 'section', headingId: 's1' });
    expect(covered.ok && covered.value.map((b) => b.id)).toEqual(['p1', 'p3']);
  });

  it('covers a section with its subsections', () => {
    const d = makeDoc([h('s1', 'A'), p('p1', 'One.'), h('s1a', 'A.1', 2), p('p2', 'Two.'), h('s2', 'B'), p('p3', 'Three.')]);
    const covered = blocksInScope(d, { kind: 'section', headingId: 's1' });
    expect(covered.ok && covered.value.map((b) => b.id)).toEqual(['p1', 'p2']);
  });

  it('covers the whole text', () => {
    const covered = blocksInScope(doc(), { kind: 'document' });
    expect(covered.ok && covered.value.map((b) => b.id)).toEqual(['p1', 'p3', 'p4', 'p5']);
  });

  it('names paragraphs and sections that do not exist', () => {
    expect(blocksInScope(doc(), { kind: 'paragraphs', blockIds: ['p1', 'nope'] })).toEqual({ ok: false, reason: 'no such paragraph: nope' });
    expect(blocksInScope(doc(), { kind: 'section', headingId: 'nope' })).toEqual({ ok: false, reason: 'no such section' });
  });
});

describe('opening a silence procedure', () => {
  it('is for co-facilitators and the secretariat only', () => {
    expect(openSilence(doc(), [], request({ kind: 'document' }, undefined, 'secretariat'), now).ok).toBe(false); // p4 has groups
    expect(openSilence(doc(), [], request({ kind: 'section', headingId: 's1' }, undefined, 'secretariat'), now).ok).toBe(true);
    for (const role of ['delegation', 'observer'] as const) {
      const r = openSilence(doc(), [], request({ kind: 'section', headingId: 's1' }, undefined, role), now);
      expect(r).toEqual({ ok: false, reason: 'only co-facilitators and the secretariat put text under silence' });
    }
  });

  it('refuses paragraphs with open bracket groups, naming them', () => {
    const r = openSilence(doc(), [], request({ kind: 'section', headingId: 's2' }), now);
    expect(r).toEqual({ ok: false, reason: 'cannot put this under silence: paragraph 4 still has open bracket groups' });
  });

  it('refuses a paragraph already agreed or already under silence', () => {
    expect(openSilence(doc(), [], request({ kind: 'paragraphs', blockIds: ['p2'] }), now)).toEqual({
      ok: false,
      reason: 'cannot put this under silence: paragraph 2 is already agreed',
    });
    const first = open({ kind: 'paragraphs', blockIds: ['p1'] });
    const r = openSilence(doc(), [first], { ...request({ kind: 'section', headingId: 's1' }), id: 'sil2' }, now);
    expect(r).toEqual({ ok: false, reason: 'cannot put this under silence: paragraph 1 is already under silence' });
  });

  it('needs a deadline that is a date-time in the future', () => {
    const scope = { kind: 'paragraphs' as const, blockIds: ['p1'] };
    expect(openSilence(doc(), [], request(scope, 'tomorrow'), now)).toEqual({ ok: false, reason: 'the deadline must be a date and time' });
    expect(openSilence(doc(), [], request(scope, now.toISOString()), now)).toEqual({ ok: false, reason: 'the deadline must be in the future' });
    expect(openSilence(doc(), [], request(scope, '2026-11-29T12:00:00+01:00'), now).ok).toBe(true);
  });

  it('refuses a scope with nothing left to agree', () => {
    const d = makeDoc([h('s1', 'Done'), p('p1', 'One.', 'agreed'), h('s2', 'Open'), p('p2', 'Two.')]);
    expect(openSilence(d, [], request({ kind: 'section', headingId: 's1' }), now)).toEqual({
      ok: false,
      reason: 'there is nothing left to agree there: every paragraph is already agreed',
    });
  });
});

describe('breaking silence', () => {
  const proc = () => open({ kind: 'paragraphs', blockIds: ['p1', 'p3'] });

  it('records the delegation, its reason and the time', () => {
    const r = breakSilence(proc(), breaking('p1'), later(5));
    expect(r.ok && r.value.breaks).toEqual([
      { blockId: 'p1', delegationId: 'eu', delegationName: 'European Union', participantId: 'u-eu', reason: 'We need to consult capitals.', at: later(5).toISOString() },
    ]);
  });

  it('is for delegations, with a reason, before the deadline, on a covered paragraph, once per delegation', () => {
    expect(breakSilence(proc(), { ...breaking('p1'), role: 'cofacilitator', delegation: null }, later(5))).toEqual({ ok: false, reason: 'only delegations break silence' });
    expect(breakSilence(proc(), breaking('p1', eu, '   '), later(5))).toEqual({ ok: false, reason: 'say why you break silence' });
    expect(breakSilence(proc(), breaking('p1'), later(60))).toEqual({ ok: false, reason: 'the silence deadline has passed' });
    expect(breakSilence(proc(), breaking('p5'), later(5))).toEqual({ ok: false, reason: 'this paragraph is not under this silence procedure' });
    const once = breakSilence(proc(), breaking('p1'), later(5));
    if (!once.ok) throw new Error(once.reason);
    expect(breakSilence(once.value, breaking('p1'), later(6))).toEqual({ ok: false, reason: 'your delegation has already broken silence on this paragraph' });
    const twice = breakSilence(once.value, breaking('p1', g77), later(6));
    expect(twice.ok && twice.value.breaks.map((b) => b.delegationId)).toEqual(['eu', 'g77']);
  });

  it('is refused on a cancelled procedure', () => {
    const cancelled = cancelSilence(proc(), 'cofacilitator', later(1));
    if (!cancelled.ok) throw new Error(cancelled.reason);
    expect(cancelled.value.state).toBe('cancelled');
    expect(breakSilence(cancelled.value, breaking('p1'), later(5))).toEqual({ ok: false, reason: 'this silence procedure is cancelled' });
    expect(cancelSilence(proc(), 'delegation', later(1)).ok).toBe(false);
    expect(cancelSilence(cancelled.value, 'cofacilitator', later(2))).toEqual({ ok: false, reason: 'this silence procedure is already cancelled' });
  });
});

describe('settling at the deadline', () => {
  it('does nothing before the deadline', () => {
    expect(settleSilence(open({ kind: 'paragraphs', blockIds: ['p1'] }), doc(), later(59))).toBeNull();
  });

  it('agrees what was not broken, and says why the rest was not', () => {
    const broken = breakSilence(open({ kind: 'paragraphs', blockIds: ['p1', 'p3', 'p5'] }), breaking('p3'), later(10));
    if (!broken.ok) throw new Error(broken.reason);
    // since it opened, p5 gained a bracket group
    const d = makeDoc([h('s1', 'Vision'), p('p1', 'One.'), p('p3', 'Three.'), withGroup('p5')]);
    const s = settleSilence(broken.value, d, later(60));
    expect(s?.toMark).toEqual(['p1']);
    expect(s?.procedure.state).toBe('settled');
    expect(s?.procedure.closedAt).toBe(later(60).toISOString());
    expect(s?.procedure.agreed).toEqual(['p1']);
    expect(s?.procedure.notAgreed).toEqual([
      { blockId: 'p3', reason: 'silence broken by European Union' },
      { blockId: 'p5', reason: 'bracket groups were added during the silence' },
    ]);
  });

  it('reports a covered paragraph deleted since, and needs no write for one agreed meanwhile', () => {
    const proc = open({ kind: 'paragraphs', blockIds: ['p1', 'p3'] });
    const d = makeDoc([p('p1', 'One.', 'agreed')]);
    const s = settleSilence(proc, d, later(61));
    expect(s?.toMark).toEqual([]);
    expect(s?.procedure.agreed).toEqual(['p1']);
    expect(s?.procedure.notAgreed).toEqual([{ blockId: 'p3', reason: 'the paragraph was deleted' }]);
  });

  it('settles only open procedures', () => {
    const cancelled = cancelSilence(open({ kind: 'paragraphs', blockIds: ['p1'] }), 'cofacilitator', later(1));
    expect(cancelled.ok && settleSilence(cancelled.value, doc(), later(120))).toBeNull();
  });
});

describe('reading procedures', () => {
  it('finds the open procedure on a paragraph and the next deadline', () => {
    const a = open({ kind: 'paragraphs', blockIds: ['p1'] });
    const b = { ...open({ kind: 'paragraphs', blockIds: ['p3'] }), id: 'sil2', deadline: later(30).toISOString() };
    expect(silenceOn([a, b], 'p3')?.id).toBe('sil2');
    expect(silenceOn([a, b], 'p5')).toBeNull();
    expect(nextDeadline([a, b])).toBe(later(30).toISOString());
    expect(nextDeadline([{ ...a, state: 'settled' }])).toBeNull();
  });

  it('drops stored values that are not procedures', () => {
    const a = open({ kind: 'paragraphs', blockIds: ['p1'] });
    expect(parseProcedures([a, { id: 'x' }, 'junk', null])).toEqual([a]);
  });
});
