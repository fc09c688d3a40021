// Short names for delegations, for the compact tags beside each alternative (client/src/editor/
// attribution.ts): "EU", "G77", "USA". The full name is always a hover or a screen reader away, so the
// short one only has to tell delegations in one room apart at a glance.
//
// How: the names negotiators already use for the groups and the States whose names are long (a small
// table, matched on the name without accents or case); a name of one or two short words stays as it
// is ("Brazil", "Costa Rica"); anything else gives the initials of its significant words ("Alliance
// of Small Island States" -> "ASIS"... unless it is in the table: "AOSIS"). Known limit: two
// delegations may share a short name (initials); shortNames() then lengthens both with a number.
const KNOWN: Record<string, string> = {
  'european union': 'EU',
  'group of 77 and china': 'G77',
  'group of 77': 'G77',
  'african group': 'AG',
  'group of african states': 'AG',
  'alliance of small island states': 'AOSIS',
  'alliance of small island developing states': 'AOSIS',
  'small island developing states': 'SIDS',
  'landlocked developing countries': 'LLDCs',
  'dominican republic': 'Dom. Rep.',
  'central african republic': 'CAR',
  'bosnia and herzegovina': 'BiH',
  'papua new guinea': 'PNG',
  'international telecommunication union': 'ITU',
  'least developed countries': 'LDCs',
  'group of least developed countries': 'LDCs',
  'arab group': 'Arab Grp',
  'community of latin american and caribbean states': 'CELAC',
  'like-minded developing countries': 'LMDC',
  'environmental integrity group': 'EIG',
  'umbrella group': 'Umbrella',
  'caribbean community': 'CARICOM',
  'association of southeast asian nations': 'ASEAN',
  'organisation of islamic cooperation': 'OIC',
  'organization of islamic cooperation': 'OIC',
  'non-aligned movement': 'NAM',
  'united states of america': 'USA',
  'united states': 'USA',
  'united kingdom of great britain and northern ireland': 'UK',
  'united kingdom': 'UK',
  'russian federation': 'Russia',
  'republic of korea': 'ROK',
  "democratic people's republic of korea": 'DPRK',
  'iran (islamic republic of)': 'Iran',
  'islamic republic of iran': 'Iran',
  'venezuela (bolivarian republic of)': 'Venezuela',
  'bolivia (plurinational state of)': 'Bolivia',
  'united republic of tanzania': 'Tanzania',
  'democratic republic of the congo': 'DRC',
  'lao people’s democratic republic': 'Lao PDR',
  "lao people's democratic republic": 'Lao PDR',
  'syrian arab republic': 'Syria',
  'united arab emirates': 'UAE',
  'saudi arabia': 'KSA',
  'holy see': 'Holy See',
  'state of palestine': 'Palestine',
  'republic of moldova': 'Moldova',
  'micronesia (federated states of)': 'Micronesia',
};

const SMALL = new Set(['of', 'and', 'the', 'for', 'de', 'la', 'le', 'du', 'des', 'on', 'in']);

function normal(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A compact name for one delegation (at most about 12 characters). */
export function shortName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  const known = KNOWN[normal(trimmed)] ?? KNOWN[normal(trimmed.replace(/\s*\(.*?\)\s*/g, ' '))];
  if (known) return known;
  const plain = trimmed.replace(/\s*\(.*?\)\s*/g, ' ').trim() || trimmed;
  if (plain.length <= 12) return plain;
  const words = plain.split(/[\s-]+/).filter((w) => w && !SMALL.has(w.toLowerCase()));
  if (words.length === 1) return `${plain.slice(0, 9)}.`;
  return words.map((w) => (/^\d+$/.test(w) ? w : w[0].toUpperCase())).join('').slice(0, 8);
}

/** Short names for a room's delegations, made distinct: a repeated short name gets "-2", "-3"... */
export function shortNames(delegations: readonly { id: string; name: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Map<string, number>();
  for (const d of delegations) {
    const base = shortName(d.name);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.set(d.id, n === 1 ? base : `${base}-${n}`);
  }
  return out;
}
