// Schema migrations, applied in order. The database's PRAGMA user_version records how many ran, so
// a migration is appended here and never edited once released.
import type Database from 'better-sqlite3';

const migrations: string[] = [
  // 1: negotiations, delegations, documents, the append-only update history and snapshots.
  `
  CREATE TABLE negotiations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  -- Delegation ids are readable slugs ('eu', 'g77') scoped to their negotiation: documents refer to
  -- them in proposal attributes, and every document belongs to exactly one negotiation.
  CREATE TABLE delegations (
    id TEXT NOT NULL,
    negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('group', 'state', 'organization')),
    PRIMARY KEY (negotiation_id, id)
  );
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
    title TEXT NOT NULL,
    numbering_style TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX documents_by_negotiation ON documents(negotiation_id);
  -- Every accepted Yjs update, forever: history and attribution are read from here.
  CREATE TABLE updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    "update" BLOB NOT NULL,
    origin TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX updates_by_document ON updates(document_id, seq);
  -- Full state up to upto_seq, so loading reads one snapshot plus a short tail.
  CREATE TABLE snapshots (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    state BLOB NOT NULL,
    upto_seq INTEGER NOT NULL
  );
  `,
  // 2: participants and their access links, sign-in sessions, the Yjs client id ownership map, and
  // attribution of every stored update (who, in which role, for which delegation, which blocks).
  `
  -- One row per access link: a person (or a delegation's seat) in one negotiation. Only the sha256 of
  -- the link's secret is kept, so the database cannot hand out working links.
  CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
    role TEXT NOT NULL CHECK (role IN ('cofacilitator', 'delegation', 'secretariat', 'observer')),
    delegation_id TEXT,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    expires_at TEXT,
    CHECK ((role = 'delegation') = (delegation_id IS NOT NULL)),
    FOREIGN KEY (negotiation_id, delegation_id) REFERENCES delegations(negotiation_id, id)
  );
  CREATE INDEX participants_by_negotiation ON participants(negotiation_id, created_at);
  -- Browser sessions opened from a link (the cookie's secret, hashed).
  CREATE TABLE sessions (
    hash TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL
  );
  -- Which participant wrote under each Yjs client id of a document ('@server' for the server's own
  -- writes and for ids found in the document before this table existed). Attribution reads this map,
  -- never what a client says.
  CREATE TABLE client_ids (
    document_id TEXT NOT NULL REFERENCES documents(id),
    client_id INTEGER NOT NULL,
    participant_id TEXT NOT NULL,
    PRIMARY KEY (document_id, client_id)
  );
  ALTER TABLE updates ADD COLUMN participant_id TEXT;
  ALTER TABLE updates ADD COLUMN role TEXT;
  ALTER TABLE updates ADD COLUMN delegation_id TEXT;
  -- JSON array of the ids of the top-level blocks the update touched.
  ALTER TABLE updates ADD COLUMN blocks TEXT;
  CREATE INDEX updates_by_participant ON updates(participant_id);
  `,
  // 3: an index of the blocks each update touched, so a paragraph's history is an index range scan
  // rather than a pass over the document's whole history.
  `
  CREATE TABLE update_blocks (
    document_id TEXT NOT NULL,
    block_id TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES updates(seq),
    PRIMARY KEY (document_id, block_id, seq)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO update_blocks (document_id, block_id, seq)
    SELECT updates.document_id, json_each.value, updates.seq
    FROM updates, json_each(updates.blocks)
    WHERE updates.blocks IS NOT NULL;
  `,
  // 4: server-wide settings shared with the command line, e.g. the running server's public URL, so
  // links the CLI issues point at the server that will accept them.
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 5: frozen revisions (zero draft, Rev.1...): immutable, each the document's full Yjs state at the
  // last update it includes (upto_seq), so it can be read and compared without replaying history.
  `
  CREATE TABLE revisions (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    participant_id TEXT REFERENCES participants(id),
    upto_seq INTEGER NOT NULL,
    state BLOB NOT NULL,
    label_map TEXT NOT NULL DEFAULT '[]',
    UNIQUE (document_id, name)
  );
  `,
  // 6: the paragraph statuses an update set ({"p12":"agreed"}), so the history says "agreed" or
  // "reopened" rather than only "changed paragraph 12". NULL for every other update.
  `
  ALTER TABLE updates ADD COLUMN statuses TEXT;
  `,
  // 7: what the server did through a named operation ([{"kind":"group-resolved",...}], shared/src/api/history.ts):
  // a group resolved (chosen, dropped, undoable), paragraphs agreed under silence. NULL for other updates.
  `
  ALTER TABLE updates ADD COLUMN events TEXT;
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this server (${migrations.length}); upgrade Penholder`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
