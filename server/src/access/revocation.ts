// Revocation and expiry of participants with open sync connections. A revocation through the API
// closes connections at once (the handler calls Rooms.closeParticipant); one made by another process
// on the same database (`npx penholder revoke`) is found by polling: every interval, one indexed query
// for the participants currently connected. Expiry is checked on the same tick.
import type { Store } from '../storage/store.ts';
import { CloseCode } from '../sync/closeCodes.ts';
import type { Rooms } from '../sync/rooms.ts';
import { log } from '../log.ts';
import { SYNC_REASONS, unusable } from './authenticate.ts';

export function watchRevocations(store: Store, rooms: Rooms, intervalMs: number): { stop(): void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return; // a slow database must not stack checks up
    running = true;
    try {
      const connected = rooms.connectedParticipants();
      if (connected.size === 0) return;
      for (const status of await store.participantStatus([...connected])) {
        const refusal = unusable(status);
        // every instance polls for itself: nothing to tell the others
        if (refusal) rooms.closeParticipant(status.id, CloseCode.unauthenticated, SYNC_REASONS[refusal], false);
      }
    } catch (err) {
      log.error(`revocation check failed: ${String(err)}`);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
