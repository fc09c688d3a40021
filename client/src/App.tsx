import { lazy, Suspense } from 'react';
import { matchRoute, usePathname, Link } from './router.tsx';
import { NegotiationList } from './pages/NegotiationList.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SessionProvider, useSessionLoader } from './session.tsx';

// The editor (TipTap, ProseMirror, Yjs) loads only when a document is opened.
const DocumentPage = lazy(() => import('./pages/DocumentPage.tsx').then((m) => ({ default: m.DocumentPage })));

export function App() {
  const state = useSessionLoader();
  const route = matchRoute(usePathname());
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
  let page;
  switch (route.name) {
    case 'home':
      page = <NegotiationList />;
      break;
    case 'document':
      // key: a different document gets a fresh Y.Doc, provider and editor
      page = (
        <Suspense fallback={<p className="muted page loading">Opening the document…</p>}>
          <DocumentPage key={route.documentId} documentId={route.documentId} />
        </Suspense>
      );
      break;
    default:
      page = (
        <main className="page">
          <p>Page not found.</p>
          <Link href="/">All negotiations</Link>
        </main>
      );
  }
  return <SessionProvider session={state.session}>{page}</SessionProvider>;
}
