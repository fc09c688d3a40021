import { listNegotiations } from '../api.ts';
import { Link } from 'wouter';
import { useAsync } from '../useAsync.ts';
import { Identity } from '../components/Identity.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { useSession } from '../session.tsx';

export function NegotiationList() {
  const state = useAsync((signal) => listNegotiations(signal), []);
  const { me } = useSession();
  return (
    <main className="page home">
      <h1 className="app-title">Penholder</h1>
      <p className="tagline">Negotiations and their texts</p>
      <p className="signed-in">
        Signed in as <Identity /> <SignOutButton className="link" />
      </p>
      {me.capabilities.manage && (
        <p className="actions">
          <Link href="/new" className="button primary">
            Start a negotiation from a draft…
          </Link>
        </p>
      )}
      {state.status === 'loading' && <p className="muted">Loading…</p>}
      {state.status === 'error' && <p className="error">Could not load negotiations: {state.error.message}</p>}
      {state.status === 'ok' && state.value.length === 0 && <p className="muted">No negotiations yet.</p>}
      {state.status === 'ok' && (
        <ul className="negotiations">
          {state.value.map((n) => (
            <li key={n.id} className="negotiation">
              <h2>{n.title}</h2>
              <ul className="documents">
                {n.documents.map((d) => (
                  <li key={d.id}>
                    <Link href={`/d/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                  </li>
                ))}
              </ul>
              {n.delegations.length > 0 && (
                <p className="delegations muted">
                  {n.delegations.length} delegation{n.delegations.length === 1 ? '' : 's'}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
