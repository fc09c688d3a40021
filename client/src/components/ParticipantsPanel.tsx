// The secretariat's view of who takes part: list participants, add a delegation, issue a personal
// access link (shown once, to copy: the server keeps only its hash), revoke. The server checks
// that the caller is the secretariat of this negotiation; everything here is shown as text.
import { useState, type FormEvent } from 'react';
import {
  addDelegation,
  addParticipant,
  listParticipants,
  revokeParticipant,
  type Participant,
} from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { ROLES, ROLE_NAMES, type Role } from '../../../shared/src/access/roles.ts';
import { useSession } from '../session.tsx';

function statusOf(p: Participant, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (p.revokedAt) return 'revoked';
  if (p.expiresAt && Date.parse(p.expiresAt) <= now) return 'expired';
  return 'active';
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function ParticipantsPanel({ negotiationId, onClose }: { negotiationId: string; onClose: () => void }) {
  const session = useSession();
  const [reload, setReload] = useState(0);
  const list = useAsync((signal) => listParticipants(negotiationId, signal), [negotiationId, reload]);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ name: string; link: string } | null>(null);

  const [role, setRole] = useState<Role>('delegation');
  const [name, setName] = useState('');
  const [delegationId, setDelegationId] = useState('');
  const [newDelegation, setNewDelegation] = useState('');
  const [kind, setKind] = useState<'state' | 'group' | 'organization'>('state');

  const delegations = session.negotiation?.delegations ?? [];

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { role, name: name.trim(), ...(role === 'delegation' ? { delegationId } : {}) };
      const { participant, link } = await addParticipant(negotiationId, body);
      setIssued({ name: participant.name, link });
      setName('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const createDelegation = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const { delegation } = await addDelegation(negotiationId, { name: newDelegation.trim(), kind });
      setNewDelegation('');
      setDelegationId(delegation.id);
      session.refreshNegotiation();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const revoke = async (p: Participant) => {
    setError(null);
    try {
      await revokeParticipant(p.id);
      setReload((n) => n + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section className="panel participants" data-panel="participants" aria-label="Participants">
      <header className="panel-head">
        <h3>Participants</h3>
        <button type="button" className="close" aria-label="Close participants" onClick={onClose}>
          ×
        </button>
      </header>
      {error && (
        <p className="error" role="alert" data-participants-error>
          {error}
        </p>
      )}
      {list.status === 'loading' && <p className="muted">Loading…</p>}
      {list.status === 'error' && <p className="error">Could not list participants: {list.error.message}</p>}
      {list.status === 'ok' && (
        <ul className="participant-list">
          {list.value.map((p) => {
            const status = statusOf(p);
            return (
              <li key={p.id} data-participant={p.id} data-status={status}>
                <span className="p-name">{p.name}</span>
                <span className="p-what">
                  {ROLE_NAMES[p.role] ?? p.role}
                  {p.delegation ? ` · ${p.delegation.name}` : ''}
                </span>
                <span className={`p-status p-${status}`}>{status}</span>
                {status === 'active' && p.id !== session.me.participant.id && (
                  <button type="button" data-revoke={p.id} onClick={() => revoke(p)}>
                    Revoke
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <form className="issue-link" onSubmit={issue}>
        <h4>Issue an access link</h4>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-issue-role>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        {role === 'delegation' && (
          <label>
            Delegation{' '}
            <select value={delegationId} onChange={(e) => setDelegationId(e.target.value)} data-issue-delegation required>
              <option value="">Choose…</option>
              {delegations.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Name{' '}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} data-issue-name placeholder="Display name" />
        </label>
        <button type="submit">Issue link</button>
      </form>
      {issued && (
        <div className="issued" data-issued-link>
          <p>
            Personal link for <strong>{issued.name}</strong>. Copy it now: it cannot be shown again.
          </p>
          <input readOnly value={issued.link} onFocus={(e) => e.currentTarget.select()} aria-label="Access link" />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(issued.link)}>
            Copy
          </button>
        </div>
      )}

      <form className="add-delegation" onSubmit={createDelegation}>
        <h4>Add a delegation</h4>
        <label>
          Name{' '}
          <input value={newDelegation} onChange={(e) => setNewDelegation(e.target.value)} required maxLength={120} data-delegation-name />
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="state">Member State</option>
            <option value="group">Group</option>
            <option value="organization">Organization</option>
          </select>
        </label>
        <button type="submit">Add delegation</button>
      </form>
    </section>
  );
}
