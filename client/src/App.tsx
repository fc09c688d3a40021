import { lazy, Suspense } from 'react';
import { matchRoute, usePathname, Link } from './router.tsx';
import { NegotiationList } from './pages/NegotiationList.tsx';

// The editor (TipTap, ProseMirror, Yjs) loads only when a document is opened.
const DocumentPage = lazy(() => import('./pages/DocumentPage.tsx').then((m) => ({ default: m.DocumentPage })));

export function App() {
  const route = matchRoute(usePathname());
  switch (route.name) {
    case 'home':
      return <NegotiationList />;
    case 'document':
      // key: a different document gets a fresh Y.Doc, provider and editor
      return (
        <Suspense fallback={<p className="muted page loading">Opening the document…</p>}>
          <DocumentPage key={route.documentId} documentId={route.documentId} />
        </Suspense>
      );
    default:
      return (
        <main className="page">
          <p>Page not found.</p>
          <Link href="/">All negotiations</Link>
        </main>
      );
  }
}
