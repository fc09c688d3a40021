// Who inserted and who deleted each piece of a document, from the attributed update log.
//
// Every accepted update is stored with the participant behind it (server/src/storage), including
// proposals the server applies for a delegation under its own client id. Decoding those updates gives,
// per update, the item id ranges it inserted (its structs) and deleted (its delete set), so any
// character or element of either compared state can be traced to the person who wrote or removed it.
// Item ids never change in Yjs, which is what makes this exact rather than a text-diff guess.
import * as Y from 'yjs';
import type { Author } from './redline.ts';
import { findClockRange } from '../collab/clockRanges.ts';

export interface AttributedUpdate {
  update: Uint8Array;
  author: Author;
}

interface Range {
  clock: number;
  end: number;
  author: Author;
}

/** Item id ranges per client, sorted by clock, each with its author. */
class RangeIndex {
  private readonly byClient = new Map<number, Range[]>();

  add(client: number, clock: number, length: number, author: Author): void {
    let list = this.byClient.get(client);
    if (!list) this.byClient.set(client, (list = []));
    list.push({ clock, end: clock + length, author });
  }

  seal(): void {
    for (const list of this.byClient.values()) list.sort((a, b) => a.clock - b.clock);
  }

  find(client: number, clock: number): Author | undefined {
    const list = this.byClient.get(client);
    return list && findClockRange(list, clock, (r) => r.clock, (r) => r.end)?.author;
  }
}

export interface Attribution {
  insertedBy(client: number, clock: number): Author | undefined;
  deletedBy(client: number, clock: number): Author | undefined;
}

/** Indexes the updates (any order) by the item ids they inserted and deleted. */
export function attributionOf(updates: readonly AttributedUpdate[]): Attribution {
  const inserted = new RangeIndex();
  const deleted = new RangeIndex();
  for (const { update, author } of updates) {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const s of structs) if (!(s instanceof Y.Skip)) inserted.add(s.id.client, s.id.clock, s.length, author);
    for (const [client, items] of ds.clients) for (const d of items) deleted.add(client, d.clock, d.len, author);
  }
  inserted.seal();
  deleted.seal();
  return {
    insertedBy: (client, clock) => inserted.find(client, clock),
    deletedBy: (client, clock) => deleted.find(client, clock),
  };
}
