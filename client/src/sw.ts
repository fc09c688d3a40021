// The service worker: the app shell offline (docs/design.md, "The app shell offline"). A page
// reloaded with no network at all still boots, then shows the document from the browser's copy
// (collab/localStore.ts) and syncs when the network is back. Built by vite-plugin-pwa (injectManifest): the build writes the list of
// its files with their revisions into self.__WB_MANIFEST.
//
// Rules:
//  - Hashed assets and the shell (index.html, the build's files): precached, served cache first. A new
//    build is a new manifest: the new worker takes over at once (skipWaiting, clientsClaim), the old
//    precache entries are dropped and the page reloads on the new build (registerType 'autoUpdate').
//  - Navigations (/d/<documentId>, /...): network first; only when the network fails, the precached
//    index.html of this build. Pages are never stored at run time, so an online load is always fresh.
//  - /api, /sync and /join are never routed here: the browser asks the network and nothing is cached.
//    Offline, /api fails as before (api.ts turns that into OfflineError) and the client falls back to
//    its last known session (offline/lastKnown.ts), never to stale JSON presented as fresh.
// Known limits: a browser that never opened the app online has nothing to boot from; the worker only
// serves the shell of the build that installed it, so a document whose code changed in a newer build
// is shown by the old code until the network is back.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SERVER_PATHS } from './offline/routes.ts';

// In a worker `self` is the ServiceWorkerGlobalScope; the project compiles with the DOM library only.
declare const self: { __WB_MANIFEST: Array<PrecacheEntry | string>; skipWaiting(): Promise<void> };

void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

registerRoute(
  new NavigationRoute(
    async ({ request }) => {
      try {
        return await fetch(request);
      } catch {
        return (await matchPrecache('index.html')) ?? Response.error();
      }
    },
    { denylist: [SERVER_PATHS] },
  ),
);
