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
  const timer = setInterval(() => {
    try {
      const connected = rooms.connectedParticipants();
      if (connected.size === 0) return;
      for (const status of store.participantStatus([...connected])) {
        const refusal = unusable(status);
        if (refusal) rooms.closeParticipant(status.id, CloseCode.unauthenticated, SYNC_REASONS[refusal]);
      }
    } catch (err) {
      log.error(`revocation check failed: ${String(err)}`);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
