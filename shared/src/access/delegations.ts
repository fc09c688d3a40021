// Delegations: the Member States, groups (G77 and China, EU...) and organisations that speak in a
// negotiation. The kinds, the limits on a name, and the plain-list format a secretariat hands the
// command line (`--delegations FILE`) live here once; the server and the CLI both ask.
//
// The list format, one delegation per line:
//   group: Group of 77 and China
//   state: Brazil
//   organization: UNESCO
//   European Union            <- no prefix: a Member State
//   # a comment, and blank lines, are skipped
// Prefixes are case-insensitive and `organisation:` is accepted as spelled in UN English.

export type DelegationKind = 'group' | 'state' | 'organization';
export const DELEGATION_KINDS: readonly DelegationKind[] = ['group', 'state', 'organization'];
/** Longest delegation or participant name accepted. */
export const MAX_NAME_LENGTH = 200;

export function isDelegationKind(value: unknown): value is DelegationKind {
  return typeof value === 'string' && (DELEGATION_KINDS as readonly string[]).includes(value);
}

/** Why a name cannot be used, or null when it can. */
export function nameProblem(name: string): string | null {
  if (!name.trim()) return 'the name is empty';
  if (name.trim().length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the name contains control characters';
  return null;
}

/** A delegation's id from its name: `Iran (Islamic Republic of)` -> `iran`, `Group of 77 and China` -> `group-of-77-and-china`. */
export function delegationSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The slug of `name`, suffixed -2, -3... until it is not in `taken`. */
export function uniqueDelegationId(name: string, taken: ReadonlySet<string>): string {
  const base = delegationSlug(name) || 'delegation';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export interface ListedDelegation {
  name: string;
  kind: DelegationKind;
  /** 1-based line of the list it came from. */
  line: number;
}

export interface DelegationListResult {
  delegations: ListedDelegation[];
  /** Lines that could not be read; a caller that must not half-create anything refuses when non-empty. */
  problems: { line: number; message: string }[];
}

const PREFIX = /^(group|state|organi[sz]ation)\s*:\s*/i;

export function parseDelegationList(source: string): DelegationListResult {
  const delegations: ListedDelegation[] = [];
  const problems: DelegationListResult['problems'] = [];
  const seen = new Map<string, number>();
  source
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const text = raw.trim();
      if (!text || text.startsWith('#')) return;
      let kind: DelegationKind = 'state';
      let name = text;
      const prefix = PREFIX.exec(text);
      if (prefix) {
        const word = prefix[1]!.toLowerCase();
        kind = word.startsWith('organi') ? 'organization' : (word as DelegationKind);
        name = text.slice(prefix[0].length).trim();
      }
      const problem = nameProblem(name);
      if (problem) {
        problems.push({ line, message: `${problem}: "${text.slice(0, 60)}"` });
        return;
      }
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({ line, message: `"${name}" is already listed on line ${first}` });
        return;
      }
      seen.set(key, line);
      delegations.push({ name, kind, line });
    });
  return { delegations, problems };
}
