// The items an update brings that the server's document does not hold yet ("fresh"), and where to
// find one by id. Both checks of an update's content need them (validate.ts for its shape, locks.ts
// for agreed text): an item whose parent or neighbour is new too is placed through this index rather
// than the server's struct store. Cost: one pass over the update's structs, then O(log n) a lookup.
import * as Y from 'yjs';
import type { DecodedUpdate } from './protocol.ts';
import { findClockRange } from '../../../shared/src/collab/clockRanges.ts';

const itemStart = (item: Y.Item) => item.id.clock;
const itemEnd = (item: Y.Item) => item.id.clock + item.length;

/** Whether the struct reaches beyond the document's state for its client (Yjs would integrate something of it). */
export function isFresh(struct: { id: Y.ID; length: number }, doc: Y.Doc): boolean {
  return struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client);
}

/** The update's fresh items (in the encoding's order), and a lookup of the fresh item covering an id. */
export function freshItems(decoded: DecodedUpdate, doc: Y.Doc): { items: readonly Y.Item[]; find: (id: Y.ID) => Y.Item | null } {
  const items: Y.Item[] = [];
  const fresh = new Map<number, Y.Item[]>(); // per client, ascending clocks (the encoding's order)
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || !isFresh(struct, doc)) continue;
    items.push(struct);
    const list = fresh.get(struct.id.client);
    if (list) list.push(struct);
    else fresh.set(struct.id.client, [struct]);
  }
  const find = (id: Y.ID): Y.Item | null => {
    const list = fresh.get(id.client);
    return (list && findClockRange(list, id.clock, itemStart, itemEnd)) ?? null;
  };
  return { items, find };
}
