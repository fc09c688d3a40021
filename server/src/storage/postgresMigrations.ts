// PostgreSQL schema migrations, applied in order. The schema_version table records how many ran, so
// a migration is appended here and never edited once released (as migrations.ts for SQLite, whose
// seven steps the first one here folds into one: there is no PostgreSQL database of an older shape).
//
// Several server instances may start at once against one database: the whole run happens in ONE
// transaction that first takes a transaction-scoped advisory lock, so one instance migrates while the
// others wait for its commit and then find nothing left to do. PostgreSQL's DDL is transactional, so
// a failed migration leaves the schema as it was.
//
// Column choices:
//   - Timestamps are ISO 8601 strings in text columns, as in SQLite: the Store interface carries
//     them verbatim (a participant's expiresAt comes back exactly as given) and UTC ISO strings of
//     one format sort chronologically as text.
//   - Sequence numbers are one global bigserial, as SQLite's AUTOINCREMENT: only the order within a
//     document matters (PostgresStore's module comment says how appends keep it).
//   - Updates, snapshots and revision states are bytea.
//   - JSON (blocks, statuses, events, a revision's label map) is `json`, not `jsonb`: an exact copy of
//     what was written, like SQLite's text, and `jsonb` refuses the \u0000 escape that a paragraph's
//     text carried in an event could contain. Nothing queries inside these values: update_blocks is
//     the index of blocks.
//   - Insertion order, which SQLite reads from rowid (delegations, participants, revisions listed in
//     the order they were added), is an identity column `position`.
import type pg from 'pg';

/** Any 64-bit number no other application on the database would pick for its own advisory lock. */
const MIGRATION_LOCK = 7_366_584_201_931_505;

const migrations: string[] = [
  // 1: everything SQLite's migrations 1-7 built.
  `
  CREATE TABLE negotiations (
    id text PRIMARY KEY,
    title text NOT NULL,
    created_at text NOT NULL
  );
  -- Delegation ids are readable slugs ('eu', 'g77') scoped to their negotiation.
  CREATE TABLE delegations (
    negotiation_id text NOT NULL REFERENCES negotiations(id),
    id text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('group', 'state', 'organization')),
    position bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (negotiation_id, id)
  );
  CREATE TABLE documents (
    id text PRIMARY KEY,
    negotiation_id text NOT NULL REFERENCES negotiations(id),
    title text NOT NULL,
    numbering_style text NOT NULL,
    created_at text NOT NULL
  );
  CREATE INDEX documents_by_negotiation ON documents(negotiation_id);
  -- Every accepted Yjs update, forever, with who made it (attribution is the server's, never the client's).
  CREATE TABLE updates (
    seq bigserial PRIMARY KEY,
    document_id text NOT NULL REFERENCES documents(id),
    "update" bytea NOT NULL,
    origin text,
    created_at text NOT NULL,
    participant_id text,
    role text,
    delegation_id text,
    blocks json,
    statuses json,
    events json
  );
  CREATE INDEX updates_by_document ON updates(document_id, seq);
  CREATE INDEX updates_by_participant ON updates(participant_id);
  -- The blocks each update touched, so a paragraph's history is an index range scan.
  CREATE TABLE update_blocks (
    document_id text NOT NULL,
    block_id text NOT NULL,
    seq bigint NOT NULL REFERENCES updates(seq),
    PRIMARY KEY (document_id, block_id, seq)
  );
  -- Full state up to upto_seq, so loading reads one snapshot plus a short tail.
  CREATE TABLE snapshots (
    document_id text PRIMARY KEY REFERENCES documents(id),
    state bytea NOT NULL,
    upto_seq bigint NOT NULL
  );
  -- One row per access link; only the sha256 of the link's secret is kept.
  CREATE TABLE participants (
    id text PRIMARY KEY,
    negotiation_id text NOT NULL REFERENCES negotiations(id),
    role text NOT NULL CHECK (role IN ('cofacilitator', 'delegation', 'secretariat', 'observer')),
    delegation_id text,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at text NOT NULL,
    revoked_at text,
    expires_at text,
    position bigint GENERATED ALWAYS AS IDENTITY,
    CHECK ((role = 'delegation') = (delegation_id IS NOT NULL)),
    FOREIGN KEY (negotiation_id, delegation_id) REFERENCES delegations(negotiation_id, id)
  );
  CREATE INDEX participants_by_negotiation ON participants(negotiation_id, created_at, position);
  CREATE TABLE sessions (
    hash text PRIMARY KEY,
    participant_id text NOT NULL REFERENCES participants(id),
    created_at text NOT NULL
  );
  -- Which participant wrote under each Yjs client id of a document (ids are uint32: bigint).
  CREATE TABLE client_ids (
    document_id text NOT NULL REFERENCES documents(id),
    client_id bigint NOT NULL,
    participant_id text NOT NULL,
    PRIMARY KEY (document_id, client_id)
  );
  -- Server-wide settings shared with the command line (e.g. 'public_url').
  CREATE TABLE settings (
    key text PRIMARY KEY,
    value text NOT NULL
  );
  -- Frozen revisions: immutable, each the document's full Yjs state at upto_seq.
  CREATE TABLE revisions (
    id text PRIMARY KEY,
    document_id text NOT NULL REFERENCES documents(id),
    name text NOT NULL,
    note text NOT NULL DEFAULT '',
    created_at text NOT NULL,
    participant_id text REFERENCES participants(id),
    upto_seq bigint NOT NULL,
    state bytea NOT NULL,
    label_map json NOT NULL DEFAULT '[]',
    position bigint GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT revisions_name_unique UNIQUE (document_id, name)
  );
  `,
];

/** The constraint whose violation means "a revision of that name exists" (RevisionNameTaken). */
export const REVISION_NAME_CONSTRAINT = 'revisions_name_unique';

/** How many migrations this server knows. */
export const SCHEMA_VERSION = migrations.length;

/** Brings the database to SCHEMA_VERSION; safe to run from several instances at once. */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const rows = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows;
    if (rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(`database schema version ${current} is newer than this server (${migrations.length}); upgrade Penholder`);
    }
    for (let v = current; v < migrations.length; v++) await client.query(migrations[v]!);
    if (current < migrations.length) await client.query('UPDATE schema_version SET version = $1', [migrations.length]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
