// The capabilities table (shared/src/access/roles.ts) is what both the server and the editor ask;
// components never test a role by name. Here: who speaks for a delegation, and how that capability
// sits with the others.
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, ROLES, isRole, type Role } from '../../shared/src/access/roles.ts';

const who = (capability: keyof (typeof CAPABILITIES)[Role]) => ROLES.filter((r) => CAPABILITIES[r][capability]);

describe('speaking for a delegation (the proposals panel, a link naming a delegation)', () => {
  it('is the delegation role, and only it', () => {
    expect(who('speakForDelegation')).toEqual(['delegation']);
  });

  it('goes with proposing without editing the text: proposals are operations the server applies', () => {
    for (const role of who('speakForDelegation')) {
      expect(CAPABILITIES[role].propose).toBe(true);
      expect(CAPABILITIES[role].editText).toBe(false);
    }
  });

  it('is not entering for a delegation (screen negotiation), which pen-holders do for others', () => {
    for (const role of ROLES) {
      expect(CAPABILITIES[role].speakForDelegation && CAPABILITIES[role].enterForDelegation).toBe(false);
    }
    expect(who('enterForDelegation')).toEqual(['cofacilitator', 'secretariat']);
  });

  it('belongs to the same participants as breaking a silence', () => {
    expect(who('breakSilence')).toEqual(who('speakForDelegation'));
  });
});

describe('the table', () => {
  it('answers every capability with a boolean for every role, and knows no other role', () => {
    const names = Object.keys(CAPABILITIES.delegation).sort();
    for (const role of ROLES) {
      expect(isRole(role)).toBe(true);
      expect(Object.keys(CAPABILITIES[role]).sort()).toEqual(names);
      for (const name of names) expect(typeof CAPABILITIES[role][name as keyof (typeof CAPABILITIES)[Role]]).toBe('boolean');
    }
    expect(isRole('admin')).toBe(false);
    expect(Object.keys(CAPABILITIES).sort()).toEqual([...ROLES].sort());
  });
});
