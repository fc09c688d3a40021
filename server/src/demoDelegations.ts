// Delegations of the demo negotiation: those the Secretariat's informal summary of the second WSIS+10
// preparatory meeting (shared/seeds/001) records as having spoken, groups first, in its order, plus
// the UN entities it names as WSIS action-line facilitators.
import { delegationSlug, type DelegationKind } from '../../shared/src/access/delegations.ts';

export interface DemoDelegation {
  id: string;
  name: string;
  kind: DelegationKind;
}

const groups: [string, string][] = [
  ['g77', 'Group of 77 and China'],
  ['eu', 'European Union'],
  ['aosis', 'Alliance of Small Island Developing States'],
  ['celac', 'Community of Latin American and Caribbean States'],
];

const states = [
  'Algeria', 'Australia', 'Belarus', 'Brazil', 'Canada', 'China', 'Colombia', 'Costa Rica', 'Cuba',
  'Dominican Republic', 'Ecuador', 'Egypt', 'Ethiopia', 'Germany', 'India', 'Indonesia', 'Ireland',
  'Iran (Islamic Republic of)', 'Japan', 'Kazakhstan', 'Latvia', 'Liberia', 'Maldives', 'Mexico',
  'Netherlands', 'Pakistan', 'Poland', 'Republic of Korea', 'Russian Federation', 'Saudi Arabia',
  'Slovenia', 'South Africa', 'Sri Lanka', 'Sudan', 'Sweden', 'Switzerland', 'Tunisia',
  'United Arab Emirates', 'United Kingdom', 'United Republic of Tanzania', 'United States of America',
];

const organizations: [string, string][] = [
  ['itu', 'International Telecommunication Union'],
  ['unesco', 'UNESCO'],
  ['unctad', 'UNCTAD'],
];

export const demoDelegations: DemoDelegation[] = [
  ...groups.map(([id, name]) => ({ id, name, kind: 'group' as const })),
  ...states.map((name) => ({ id: delegationSlug(name), name, kind: 'state' as const })),
  ...organizations.map(([id, name]) => ({ id, name, kind: 'organization' as const })),
];
