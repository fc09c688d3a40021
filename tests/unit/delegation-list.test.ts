// The plain list of delegations a secretariat hands `penholder negotiation create --delegations FILE`.
import { describe, expect, it } from 'vitest';
import { delegationSlug, parseDelegationList, uniqueDelegationId } from '../../shared/src/access/delegations.ts';

describe('a delegation list', () => {
  it('reads one delegation per line, with optional group:/state:/organization: prefixes', () => {
    const { delegations, problems } = parseDelegationList(
      'group: Group of 77 and China\nGROUP:European Union\nBrazil\nstate: Iran (Islamic Republic of)\norganisation: UNESCO\norganization: ITU\n',
    );
    expect(problems).toEqual([]);
    expect(delegations.map(({ name, kind }) => [name, kind])).toEqual([
      ['Group of 77 and China', 'group'],
      ['European Union', 'group'],
      ['Brazil', 'state'],
      ['Iran (Islamic Republic of)', 'state'],
      ['UNESCO', 'organization'],
      ['ITU', 'organization'],
    ]);
  });

  it('skips blank lines and # comments, reads CRLF files and a byte-order mark, and keeps line numbers', () => {
    const { delegations, problems } = parseDelegationList('\uFEFF# Member States\r\n\r\nMexico\r\n   \r\nstate: Kenya\r\n');
    expect(problems).toEqual([]);
    expect(delegations).toEqual([
      { name: 'Mexico', kind: 'state', line: 3 },
      { name: 'Kenya', kind: 'state', line: 5 },
    ]);
  });

  it('reports duplicates (whatever their case), prefixes without a name and names over the limit', () => {
    const { delegations, problems } = parseDelegationList(`Chile\nchile\ngroup:\n${'x'.repeat(201)}\nstate: Peru`);
    expect(delegations.map((d) => d.name)).toEqual(['Chile', 'Peru']);
    expect(problems).toEqual([
      { line: 2, message: '"chile" is already listed on line 1' },
      { line: 3, message: 'the name is empty: "group:"' },
      { line: 4, message: expect.stringMatching(/^the name is longer than 200 characters/) },
    ]);
  });

  it('gives each delegation a readable id, unique within its negotiation', () => {
    expect(delegationSlug('Iran (Islamic Republic of)')).toBe('iran');
    expect(delegationSlug('Group of 77 and China')).toBe('group-of-77-and-china');
    expect(uniqueDelegationId('Chile', new Set(['chile', 'chile-2']))).toBe('chile-3');
    expect(uniqueDelegationId('(…)', new Set())).toBe('delegation');
  });
});
