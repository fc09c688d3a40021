// The database becomes unwritable under a running server, for real: the server process's file-size
// limit is lowered to 0 (prlimit, soft limit only), so every write SQLite makes fails with EFBIG
// (SQLITE_IOERR_WRITE), as on a full disk. chmod cannot be used (the tests run as root, which
// ignores file modes) and a tmpfs needs mount rights; storeFailure.test.ts covers the same path with
// a test double. What must hold: the change is refused, not acknowledged; the writer is told why; no
// peer receives what was not stored; HTTP writes answer 503 with a sentence; and once writes work
// again the same server process takes the change (no restart), from the same providers. Readers stay
// connected meanwhile: after the first failure, new content is refused before it is applied.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  postJSON,
  seededDataDir,
  startServerProcess,
  storedDocJSON,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';
import { STORAGE_UNAVAILABLE_REASON } from '../../server/src/sync/closeCodes.ts';

let server: ServerProcess;
let documentId: string;
let negotiationId: string;
const clients: ProviderClient[] = [];

/** Sets the server's soft file-size limit: 0 makes every file write fail; 'unlimited' lifts it. */
const fileSizeLimit = (limit: '0' | 'unlimited') => execFileSync('prlimit', ['--pid', String(server.child.pid), `--fsize=${limit}:`]);

/** Texts that reached `doc` from elsewhere (relayed by the server), recorded as they arrive. */
function recordRemote(client: ProviderClient): Set<string> {
  const seen = new Set<string>();
  client.doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (!tr.local) void blockTexts(client.doc).then((texts) => texts.forEach((t) => seen.add(t)));
  });
  return seen;
}

beforeAll(async () => {
  const seeded = await seededDataDir();
  documentId = seeded.documentId;
  negotiationId = seeded.negotiationId;
  server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop('SIGKILL');
});

describe('an unwritable database', () => {
  it('refuses changes with a reason, relays nothing unstored, and recovers without a restart', async () => {
    const alice = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
    const bob = connectProvider(server, documentId, { token: server.tokens.secretariat });
    clients.push(alice, bob);
    await Promise.all([alice.synced, bob.synced]);
    const bobReceived = recordRemote(bob);
    appendParagraph(alice.doc, 'Stored before the disk filled.');
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Stored before the disk filled.'), 5_000, 'relay');

    const aliceCloses: { code: number; reason: string }[] = [];
    alice.provider.on('connection-close', (ev: CloseEvent | null) => ev && aliceCloses.push({ code: ev.code, reason: ev.reason }));
    const pidBefore = server.child.pid;

    fileSizeLimit('0');
    try {
      appendParagraph(alice.doc, 'Written while the disk is full.');
      await waitUntil(() => aliceCloses.length > 0, 5_000, "alice's connection to close");
      expect(aliceCloses[0]).toEqual({ code: 1011, reason: STORAGE_UNAVAILABLE_REASON });

      // A reader can still open the document meanwhile (loading needs no write).
      const carol = connectProvider(server, documentId, { token: server.tokens.observer });
      clients.push(carol);
      await carol.synced;
      expect(await blockTexts(carol.doc)).toContain('Stored before the disk filled.');
      const carolCloses: number[] = [];
      carol.provider.on('connection-close', (ev: CloseEvent | null) => ev && carolCloses.push(ev.code));

      // HTTP writes answer 503 with a sentence; a delegation's proposal too.
      const link = await postJSON(server, `/api/negotiations/${negotiationId}/participants`, { role: 'observer', name: 'Late' }, server.tokens.secretariat);
      expect(link.status).toBe(503);
      expect(link.body.error).toMatch(/cannot save changes/);
      const proposal = await postJSON(
        server,
        `/api/documents/${documentId}/operations`,
        { type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Also ' },
        server.tokens.delegation,
      );
      expect(proposal.status).toBe(503);
      expect(proposal.body.error).toMatch(/could not be stored|unavailable/);

      // Alice's provider keeps reconnecting and resending; each time it is refused at the door (the store
      // is known unwritable), so the room stays up for the reader, and nobody ever receives the change.
      await waitUntil(() => aliceCloses.length >= 2, 10_000, "alice's resend to be refused again");
      await new Promise((r) => setTimeout(r, 1_500));
      expect(aliceCloses.every((c) => c.code === 1011 && c.reason === STORAGE_UNAVAILABLE_REASON)).toBe(true);
      expect(carolCloses).toEqual([]);
      expect(bobReceived.has('Written while the disk is full.')).toBe(false);
      expect(await blockTexts(bob.doc)).not.toContain('Written while the disk is full.');
      expect(await blockTexts(carol.doc)).not.toContain('Written while the disk is full.');
      expect(await blockTexts(bob.doc)).not.toContain('Also First paragraph.');
    } finally {
      fileSizeLimit('unlimited');
    }

    // The disk is back: the same process stores alice's resent change and relays it.
    await waitUntil(async () => (await blockTexts(bob.doc)).includes('Written while the disk is full.'), 15_000, 'alice to resend');
    expect(server.child.pid).toBe(pidBefore);
    expect(server.child.exitCode).toBeNull();
    appendParagraph(bob.doc, 'Written after the disk recovered.');
    await waitUntil(async () => (await blockTexts(alice.doc)).includes('Written after the disk recovered.'), 5_000, 'relay after recovery');
    const link = await postJSON(server, `/api/negotiations/${negotiationId}/participants`, { role: 'observer', name: 'Later' }, server.tokens.secretariat);
    expect(link.status).toBe(201);

    // What the store holds is what the clients hold.
    const stored = JSON.stringify(await storedDocJSON(server.dataDir, documentId));
    for (const t of ['Stored before the disk filled.', 'Written while the disk is full.', 'Written after the disk recovered.']) {
      expect(stored).toContain(t);
    }
  }, 90_000);
});
