// Settling silence procedures on time: every interval, the documents whose earliest open deadline
// has passed (the index kept by silence.ts) are opened and settled. Separate from silence.ts so that
// the rules' module does not depend on Rooms (which settles on load through silence.ts).
import type { Store } from '../storage/store.ts';
import { log } from '../log.ts';
import type { Rooms } from './rooms.ts';
import { INDEX_SETTING, readIndex, settleDueSilence, updateIndex } from './silence.ts';

/**
 * Settles due procedures in every indexed document every `intervalMs` (and once right away, so a
 * restart after a deadline settles without waiting for anyone to open the document).
 */
export function watchSilence(store: Store, rooms: Rooms, intervalMs: number, clock: () => Date = () => new Date()): { stop(): void } {
  // one tick at a time: a slow database must not stack ticks up
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = clock();
      for (const [documentId, deadline] of Object.entries(await readIndex(store))) {
        if (Date.parse(deadline) > now.getTime()) continue;
        try {
          const done = await rooms.using(documentId, async (room) => {
            await settleDueSilence(room, store, now);
            await updateIndex(store, room);
            return true;
          });
          if (done === undefined) {
            // the document no longer exists: forget it
            const index = await readIndex(store);
            delete index[documentId];
            await store.setSetting(INDEX_SETTING, JSON.stringify(index));
          }
        } catch (err) {
          log.error(`silence: could not settle document ${documentId}: ${String(err)}`);
        }
      }
    } catch (err) {
      log.error(`silence: could not read the deadlines: ${String(err)}`);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
