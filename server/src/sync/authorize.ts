// The single gate every document change passes before it is applied, stored or relayed
// (DESIGN.md §5, "where the server enforces a role"). It receives the raw update from one connection,
// already validated as a decodable Yjs update, and the connection carries the participant and its
// room (hence the current document), so a role check can inspect exactly what the update adds and
// deletes at a cost proportional to the update.
import type { Connection } from './connection.ts';

export type Verdict = { ok: true } | { ok: false; reason: string };

export function authorizeUpdate(_connection: Connection, _update: Uint8Array): Verdict {
  // Every participant is an anonymous editor for now; the roles issue enforces DESIGN.md §2 here.
  return { ok: true };
}
