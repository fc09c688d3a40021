// Who this browser is signed in as, from GET /api/me: the name, then the role and the delegation
// only when they add something ("Observer", not "Observer Observer"; "European Union · Delegation",
// not "European Union · Delegation · European Union"). Text only; the full identity is the title.
import { ROLE_NAMES, type Role } from '../../../shared/src/access/roles.ts';
import { useSession } from '../session.tsx';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The parts of the header worth showing for this participant. */
export function identityParts(p: { name: string; role: Role; delegation: { name: string } | null }): {
  name: string;
  role: string | null;
  delegation: string | null;
  full: string;
} {
  const roleName = ROLE_NAMES[p.role] ?? p.role;
  const delegation = p.delegation?.name ?? null;
  const full = [p.name, roleName, delegation].filter((x): x is string => !!x).join(', ');
  return {
    name: p.name,
    role: same(roleName, p.name) ? null : roleName,
    delegation: delegation === null || same(delegation, p.name) ? null : delegation,
    full,
  };
}

export function Identity() {
  const { me, color } = useSession();
  const p = me.participant;
  const parts = identityParts(p);
  return (
    <span className="identity" data-identity data-role={p.role} title={`Signed in as ${parts.full}, with your personal access link`}>
      <span className="swatch" style={{ background: color }} aria-hidden="true" />
      <span className="identity-name" data-identity-name>
        {parts.name}
      </span>
      {parts.role && (
        <span className="identity-role" data-identity-role>
          {parts.role}
        </span>
      )}
      {parts.delegation && (
        <span className="identity-delegation" data-identity-delegation>
          {parts.delegation}
        </span>
      )}
    </span>
  );
}
