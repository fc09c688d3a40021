// Transaction origins: who a change to a room's Y.Doc came from, as a small closed union. The
// room's handlers decide from it what to do with the change:
//   - a Connection (a client's update over sync): checked before it is applied, then stored,
//     attributed to the connection's participant, and relayed to every other connection;
//   - a ParticipantOrigin (a named operation the server wrote for a participant): stored, attributed
//     to that participant (and the delegation it was entered for), relayed to every connection;
//   - LOAD (the stored state read into the doc): neither stored again nor relayed;
//   - a RemoteOrigin (an update another instance stored, or one caught up from the shared log):
//     relayed to this instance's connections, never stored again (docs/design.md, "several servers").
import type { Participant } from './participant.ts';
import type { Connection } from './connection.ts';

/** Origin of a document change the server makes on a participant's behalf (a proposal operation). */
export class ParticipantOrigin {
  /** `onBehalfOf`: the delegation a co-facilitator entered this change for (screen negotiation). */
  constructor(
    readonly participant: Participant,
    readonly onBehalfOf: string | null = null,
  ) {}
}

/** Origin of an update that is already stored: sent by another instance, or read back from the log. */
export class RemoteOrigin {
  constructor(readonly source: 'instance' | 'log') {}
}

/** Origin of the transaction that reads the stored state into a fresh doc. */
export const LOAD = 'load';

export type TransactionOrigin = Connection | ParticipantOrigin | RemoteOrigin | typeof LOAD;

/** Whether a change with this origin is new here and must be stored (and then relayed). */
export function mustStore(origin: unknown): boolean {
  return !(origin instanceof RemoteOrigin) && origin !== LOAD;
}
