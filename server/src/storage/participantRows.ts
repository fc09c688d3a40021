// How the SQL stores (SQLite and PostgreSQL) read a participant: the record and its delegation in one
// query, a LEFT JOIN on the delegation's composite key (negotiation, id). Both databases accept the
// same text (double-quoted aliases are identifiers in SQLite too), so the join is written once here
// and each store only adds its WHERE and ORDER BY. The memory store joins its maps itself.
import type { DelegationKind, Participant, ParticipantRecord, SessionRecord } from './store.ts';

/** The columns of a joined participant row: `p` is the participant, `d` its delegation. */
export const PARTICIPANT_ROW_COLUMNS = `p.id, p.negotiation_id AS "negotiationId", p.role, p.delegation_id AS "delegationId", p.name,
  p.created_at AS "createdAt", p.revoked_at AS "revokedAt", p.expires_at AS "expiresAt",
  d.name AS "delegationName", d.kind AS "delegationKind"`;

/** Joins the participant `p` with its delegation as `d` (none for the other roles). */
const DELEGATION_JOIN = 'LEFT JOIN delegations d ON d.negotiation_id = p.negotiation_id AND d.id = p.delegation_id';

/** `source` (the participants table, or a CTE of its rows) as `p`, joined with its delegation as `d`. */
export const participantsJoined = (source = 'participants'): string => `${source} p ${DELEGATION_JOIN}`;

/** SELECT of joined participant rows, for a WHERE and ORDER BY to follow. */
export const SELECT_PARTICIPANTS = `SELECT ${PARTICIPANT_ROW_COLUMNS} FROM ${participantsJoined()}`;

export interface ParticipantRow extends ParticipantRecord {
  delegationName: string | null;
  delegationKind: DelegationKind | null;
}

export function participantOfRow({ delegationName, delegationKind, ...record }: ParticipantRow): Participant {
  const delegation =
    record.delegationId !== null && delegationName !== null && delegationKind !== null
      ? { id: record.delegationId, name: delegationName, kind: delegationKind }
      : null;
  return { ...record, delegation };
}

/** A session row: the session's own time, and its participant joined as above. */
export interface SessionRow extends ParticipantRow {
  sessionCreatedAt: string;
}

/** The session-and-participant query, for a store to prepare with its own parameter placeholder. */
export const selectSessionWhereHashIs = (placeholder: string): string =>
  `SELECT s.created_at AS "sessionCreatedAt", ${PARTICIPANT_ROW_COLUMNS}
   FROM sessions s JOIN participants p ON p.id = s.participant_id ${DELEGATION_JOIN} WHERE s.hash = ${placeholder}`;

export function sessionOfRow({ sessionCreatedAt, ...row }: SessionRow): SessionRecord {
  return { createdAt: sessionCreatedAt, participant: participantOfRow(row) };
}
