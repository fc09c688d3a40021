// Who is signed in (GET /api/me) and the negotiation they belong to (its delegations name the
// proposers). Identity comes from the server only; the browser's copy decides nothing the server
// does not check again. With no network at all, the last identity this browser was given stands in
// (offline/lastKnown.ts), so that the document still opens from the browser's copy; `offline` says so.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, getMe, listNegotiations, logout, type Me, type NegotiationSummary } from './api.ts';
import { navigate } from 'wouter/use-browser-location';
import { colorFor } from '../../shared/src/access/colors.ts';
import { ME_KEY, NEGOTIATIONS_KEY, forgetAll, lastKnownOr } from './offline/lastKnown.ts';

export interface Session {
  me: Me;
  /** The participant's negotiation (null until loaded, or if the server lists none). */
  negotiation: NegotiationSummary | null;
  /** Display name of a delegation id; the id itself while unknown. */
  delegationName(id: string): string;
  /** Re-reads the negotiation (after a delegation was added, or an unknown proposer appeared). */
  refreshNegotiation(): void;
  /** Colour of this participant in presence and attribution. */
  color: string;
  /** Ends the session on the server (POST /api/logout), then shows the sign-in page. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; error: string; signedOut?: boolean }
  | { status: 'error'; error: string }
  | { status: 'ok'; session: Session };

export function useSessionLoader(): SessionState {
  const [me, setMe] = useState<
    { status: 'loading' } | { status: 'signed-out' | 'error'; error: string; signedOut?: boolean } | { status: 'ok'; me: Me }
  >({
    status: 'loading',
  });
  const [negotiations, setNegotiations] = useState<NegotiationSummary[] | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    lastKnownOr(ME_KEY, () => getMe(ctrl.signal)).then(
      (known) => setMe({ status: 'ok', me: known.value }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) {
          forgetAll(); // signed out by the server: nothing remembered may stand in for it offline
          setMe({ status: 'signed-out', error: err.message });
        }
        else setMe({ status: 'error', error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => ctrl.abort();
  }, []);

  const signedIn = me.status === 'ok';
  useEffect(() => {
    if (!signedIn) return;
    const ctrl = new AbortController();
    // offline, the list remembered at the last online start gives the delegations' names
    lastKnownOr(NEGOTIATIONS_KEY, () => listNegotiations(ctrl.signal)).then(
      (known) => setNegotiations(known.value),
      () => {
        /* names fall back to ids; the page still works */
      },
    );
    return () => ctrl.abort();
  }, [signedIn, generation]);

  const refreshNegotiation = useCallback(() => setGeneration((g) => g + 1), []);
  const signOut = useCallback(async () => {
    // the cookie is cleared by the server; if it cannot be reached, say so rather than pretend
    await logout();
    forgetAll();
    navigate('/');
    setNegotiations(null);
    setMe({ status: 'signed-out', error: '', signedOut: true });
  }, []);
  // ids already asked about, so that a proposer the server does not name cannot cause a loop
  const [asked] = useState(() => new Set<string>());

  const session = useMemo<Session | null>(() => {
    if (me.status !== 'ok') return null;
    const p = me.me.participant;
    const negotiation = negotiations?.find((n) => n.id === p.negotiationId) ?? negotiations?.[0] ?? null;
    const names = new Map((negotiation?.delegations ?? []).map((d) => [d.id, d.name]));
    if (p.delegation) names.set(p.delegation.id, p.delegation.name);
    return {
      me: me.me,
      negotiation,
      delegationName: (id: string) => {
        const name = names.get(id);
        if (name !== undefined) return name;
        // a delegation added since the page loaded: read the negotiation again (once per id)
        if (negotiations && !asked.has(id)) {
          asked.add(id);
          setTimeout(refreshNegotiation, 0);
        }
        return id;
      },
      refreshNegotiation,
      color: colorFor(p.delegation?.id ?? p.id),
      signOut,
    };
  }, [me, negotiations, refreshNegotiation, asked, signOut]);

  if (me.status === 'ok') return { status: 'ok', session: session! };
  return me;
}

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
