// Who this browser is signed in as, from GET /api/me: name, role, delegation (text only).
import { ROLE_NAMES } from '../../../shared/src/access/roles.ts';
import { useSession } from '../session.tsx';

export function Identity() {
  const { me, color } = useSession();
  const p = me.participant;
  return (
    <span className="identity" data-identity data-role={p.role} title="Signed in with your personal access link">
      <span className="swatch" style={{ background: color }} aria-hidden="true" />
      <span className="identity-name" data-identity-name>
        {p.name}
      </span>
      <span className="identity-role" data-identity-role>
        {ROLE_NAMES[p.role] ?? p.role}
      </span>
      {p.delegation && (
        <span className="identity-delegation" data-identity-delegation>
          {p.delegation.name}
        </span>
      )}
    </span>
  );
}
