// The secretariat's view of who takes part: list participants, add a delegation, issue a personal
// access link, optionally expiring (shown once, to copy: the server keeps only its hash), revoke. The server checks
// that the caller is the secretariat of this negotiation; everything here is shown as text.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  addDelegation,
  addParticipant,
  listParticipants,
  revokeParticipant,
  type Participant,
} from '../api.ts';
import { useAsync } from '../useAsync.ts';
import { CAPABILITIES, ROLES, ROLE_NAMES, type Role } from '../../../shared/src/access/roles.ts';
import { useSession } from '../session.tsx';
import { DelegationSelect } from './DelegationSelect.tsx';
import { copyText } from '../clipboard.ts';

function statusOf(p: Participant, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (p.revokedAt) return 'revoked';
  if (p.expiresAt && Date.parse(p.expiresAt) <= now) return 'expired';
  return 'active';
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `<input type="datetime-local">` value (local time, no zone) as an ISO instant; null when empty. */
export function expiryFromLocalInput(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The local-time input value for an instant (for the field's minimum: now). */
function localInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const formatWhen = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ParticipantsPanel({ negotiationId, onClose }: { negotiationId: string; onClose: () => void }) {
  const session = useSession();
  const [reload, setReload] = useState(0);
  const list = useAsync((signal) => listParticipants(negotiationId, signal), [negotiationId, reload]);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ name: string; link: string; expiresAt: string | null } | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const [expires, setExpires] = useState('');

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
      const expiresAt = expiryFromLocalInput(expires);
      if (expires && !expiresAt) throw new Error('the expiry is not a valid date and time');
      if (expiresAt && Date.parse(expiresAt) <= Date.now()) throw new Error('the expiry must be in the future');
      const body = {
        role,
        name: name.trim(),
        ...(CAPABILITIES[role].speakForDelegation ? { delegationId } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      };
      const { participant, link } = await addParticipant(negotiationId, body);
      setIssued({ name: participant.name, link, expiresAt: participant.expiresAt });
      setCopied(null);
      setName('');
      setExpires('');
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

  // "Copied" fades after a few seconds
  useEffect(() => {
    if (copied !== 'yes') return;
    const timer = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    if (!issued) return;
    setCopied((await copyText(issued.link, linkField.current)) ? 'yes' : 'failed');
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
                {p.expiresAt && status === 'active' && (
                  <span className="p-expires muted" data-expires={p.expiresAt}>
                    until {formatWhen(p.expiresAt)}
                  </span>
                )}
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
        {CAPABILITIES[role].speakForDelegation && (
          <label>
            Delegation{' '}
            <DelegationSelect
              delegations={delegations}
              value={delegationId}
              onChange={setDelegationId}
              emptyLabel="Choose…"
              data-issue-delegation
              required
            />
          </label>
        )}
        <label>
          Name{' '}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} data-issue-name placeholder="Display name" />
        </label>
        <label>
          Expires{' '}
          <input
            type="datetime-local"
            value={expires}
            min={localInputValue(new Date())}
            onChange={(e) => setExpires(e.target.value)}
            data-issue-expires
            aria-describedby="issue-expires-hint"
          />
        </label>
        <span id="issue-expires-hint" className="muted hint">
          Optional; your local time. Leave empty for a link that works until revoked.
        </span>
        <button type="submit">Issue link</button>
      </form>
      {issued && (
        <div className="issued" data-issued-link>
          <p>
            Personal link for <strong>{issued.name}</strong>
            {issued.expiresAt ? <>, valid until {formatWhen(issued.expiresAt)}</> : null}. Copy it now: it cannot be shown
            again.
          </p>
          <input ref={linkField} readOnly value={issued.link} onFocus={(e) => e.currentTarget.select()} aria-label="Access link" />
          <button type="button" onClick={() => void copy()} data-copy-link>
            Copy
          </button>
          <span role="status" className={copied === 'failed' ? 'error' : 'muted'} data-copy-status={copied ?? undefined}>
            {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Could not copy: select the link and press Ctrl+C' : ''}
          </span>
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
