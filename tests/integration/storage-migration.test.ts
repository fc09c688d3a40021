// Upgrading a database in place: migration 3 indexes the blocks of the history already stored, so a
// paragraph's history reads the same before and after the upgrade.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../server/src/storage/sqliteStore.ts';
import { makeDataDir, seedNegotiation } from '../helpers/server.ts';

describe('migration 3 (update_blocks)', () => {
  it('backfills the block index from the history of a version-2 database', async () => {
    const dataDir = makeDataDir();
    const { documentId } = await seedNegotiation(dataDir, { id: 'm' });
    const store = new SqliteStore(dataDir);
    const who = (await store.listParticipants('m-negotiation'))[0]!;
    const attribution = (blocks: string[]) => ({ participantId: who.id, role: who.role, delegationId: null, blocks });
    await store.appendUpdates(documentId, [{ update: new Uint8Array([0, 0]), origin: who.name, attribution: attribution(['p1', 'p9']) }]);
    await store.appendUpdates(documentId, [{ update: new Uint8Array([0, 0]), origin: who.name, attribution: attribution(['p9']) }]);
    const before = (await store.history(documentId, { blockId: 'p9', limit: 10 })).map((e) => e.seq);
    await store.close();

    // Back to version 2, as a database written before this migration existed.
    const db = new Database(path.join(dataDir, 'penholder.sqlite'));
    // everything after version 2
    db.exec('DROP TABLE update_blocks; DROP TABLE settings; DROP TABLE revisions; ALTER TABLE updates DROP COLUMN statuses; ALTER TABLE updates DROP COLUMN events');
    db.pragma('user_version = 2');
    db.close();

    const upgraded = new SqliteStore(dataDir);
    expect(before).toHaveLength(2);
    expect((await upgraded.history(documentId, { blockId: 'p9', limit: 10 })).map((e) => e.seq)).toEqual(before);
    expect(await upgraded.history(documentId, { blockId: 'p1', limit: 10 })).toHaveLength(1);
    await upgraded.close();
  });
});
