// Which requests the service worker (client/src/sw.ts) leaves to the network alone: the server's own
// paths. /api answers are live data (never served stale as if fresh), /sync is the WebSocket and
// /join sets the session cookie from an access link.
export const SERVER_PATHS = /^\/(api|sync|join)(\/|\?|$)/;

/** Whether a same-origin path belongs to the server rather than to the app shell. */
export function isServerPath(pathname: string): boolean {
  return SERVER_PATHS.test(pathname);
}
