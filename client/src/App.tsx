import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { NegotiationList } from './pages/NegotiationList.tsx';
import { NewNegotiationPage } from './pages/NewNegotiationPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SessionProvider, useSessionLoader } from './session.tsx';

// The editor (TipTap, ProseMirror, Yjs) loads only when a document is opened.
const DocumentPage = lazy(() => import('./pages/DocumentPage.tsx').then((m) => ({ default: m.DocumentPage })));
const RevisionPage = lazy(() => import('./pages/RevisionPages.tsx').then((m) => ({ default: m.RevisionPage })));
const ComparePage = lazy(() => import('./pages/RevisionPages.tsx').then((m) => ({ default: m.ComparePage })));
const OverviewPage = lazy(() => import('./pages/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })));
const opening = <p className="muted page loading">Opening the document…</p>;

export function App() {
  const state = useSessionLoader();
  switch (state.status) {
    case 'loading':
      return <p className="muted page loading">Signing in…</p>;
    case 'signed-out':
      return <SignInPage error={state.error} signedOut={state.signedOut} />;
    case 'error':
      return (
        <main className="page">
          <p className="error">Could not reach the server: {state.error}</p>
        </main>
      );
  }
  return (
    <SessionProvider session={state.session}>
      <Switch>
        <Route path="/" component={NegotiationList} />
        <Route path="/new" component={NewNegotiationPage} />
        <Route path="/d/:documentId/revisions/:revisionId">
          {(params) => (
            <Suspense fallback={opening}>
              <RevisionPage key={params.revisionId} documentId={params.documentId} revisionId={params.revisionId} />
            </Suspense>
          )}
        </Route>
        <Route path="/d/:documentId/compare">
          {(params) => (
            <Suspense fallback={opening}>
              <ComparePage documentId={params.documentId} />
            </Suspense>
          )}
        </Route>
        <Route path="/d/:documentId/overview">
          {(params) => (
            <Suspense fallback={opening}>
              <OverviewPage documentId={params.documentId} />
            </Suspense>
          )}
        </Route>
        <Route path="/d/:documentId">
          {(params) => (
            <Suspense fallback={opening}>
              {/* key: a different document gets a fresh Y.Doc, provider and editor */}
              <DocumentPage key={params.documentId} documentId={params.documentId} />
            </Suspense>
          )}
        </Route>
        <Route>
          <main className="page">
            <p>Page not found.</p>
            <Link href="/">All negotiations</Link>
          </main>
        </Route>
      </Switch>
    </SessionProvider>
  );
}
