// Delegation colours and short names, for the attribution tags: every colour carries white text and
// reads on white (WCAG AA, 4.5:1); short names are short, familiar and distinct within a room.
import { describe, it, expect } from 'vitest';
import { PALETTE, colorFor, contrastRatio } from '../../shared/src/access/colors.ts';
import { shortName, shortNames } from '../../shared/src/access/shortNames.ts';

describe('the delegation palette', () => {
  it('has enough contrast with white for every colour', () => {
    for (const c of PALETTE) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(4.5);
  });
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
  it('gives a delegation the same colour every time, from the palette', () => {
    expect(colorFor('eu')).toBe(colorFor('eu'));
    expect(PALETTE).toContain(colorFor('group-of-77-and-china'));
    const spread = new Set(['eu', 'usa', 'g77', 'celac', 'japan', 'brazil', 'egypt', 'norway'].map(colorFor));
    expect(spread.size).toBeGreaterThan(4);
  });
});

describe('short names', () => {
  it.each([
    ['European Union', 'EU'],
    ['Group of 77 and China', 'G77'],
    ['United States of America', 'USA'],
    ['Iran (Islamic Republic of)', 'Iran'],
    ['Brazil', 'Brazil'],
    ['Costa Rica', 'Costa Rica'],
    ['Alliance of Small Island States', 'AOSIS'],
    ['Alliance of Small Island Developing States', 'AOSIS'],
    ['South Africa', 'South Africa'],
    ['Dominican Republic', 'Dom. Rep.'],
    ['Association of Private Sector Entities', 'APSE'],
    ['Liechtensteinerland', 'Liechtens.'],
  ])('%s -> %s', (name, short) => {
    expect(shortName(name)).toBe(short);
  });
  it('are made distinct within a room', () => {
    const names = shortNames([
      { id: 'a', name: 'Association of Private Sector Entities' },
      { id: 'b', name: 'Alliance for Peace and Social Equity' },
    ]);
    expect([...names.values()]).toEqual(['APSE', 'APSE-2']);
  });
});
