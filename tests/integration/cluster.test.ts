// Three Penholder instances on one PostgreSQL database and one Redis, each a separate process, with
// stock y-websocket clients spread over them (docs/design.md, "several servers"). What a client on
// one instance types reaches the clients of the others; a client that moves to another instance
// resyncs without losing anything; an instance killed mid-edit loses nothing any client saw relayed
// and its clients converge elsewhere; a delegation's write is refused on every instance; a revocation
// on one instance closes the participant's connections on all; and nothing is stored twice.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStore } from '../../server/src/storage/postgresStore.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import {
  appendParagraph,
  connectProvider,
  demoDocumentId,
  forgeUpdate,
  issueLink,
  postJSON,
  rawClient,
  syncFrame,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';

process.setMaxListeners(100);
// The slow paths are turned off, so what these tests see came over Redis: revocations are not polled
// for, and rooms do not read the log on a timer (only to close a gap, or after a lost link).
const started = await startCluster(3, { PENHOLDER_REVOCATION_POLL_MS: '600000', PENHOLDER_FOLLOW_LOG_MS: '600000' });
const cluster: Cluster | null = 'skip' in started ? null : started;
if ('skip' in started) console.warn(`cluster tests skipped: ${started.skip}`);

let documentId = '';
const clients: ProviderClient[] = [];
let store: PostgresStore;

beforeAll(async () => {
  if (!cluster) return;
  documentId = await demoDocumentId(cluster.instances[0]!);
  store = await PostgresStore.connect(cluster.databaseUrl);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await store?.close();
  await cluster?.stop();
});

/** A stock provider on one instance, kept for clean-up. */
function client(instance: ServerProcess, options: { token?: string; doc?: Y.Doc } = {}): ProviderClient {
  const c = connectProvider(instance, documentId, options);
  clients.push(c);
  return c;
}

/** The paragraph texts of a doc, straight from the Y.XmlFragment. */
function texts(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((block) => (block instanceof Y.XmlElement ? block.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('') : ''));
}

const same = (a: Y.Doc, b: Y.Doc) => JSON.stringify(texts(a)) === JSON.stringify(texts(b));

describe.skipIf(!cluster)('three instances, one database, one Redis', () => {
  it('clients on different instances converge, and every update is stored once', async () => {
    const [a, b, c] = cluster!.instances as [ServerProcess, ServerProcess, ServerProcess];
    const before = await store.countUpdates(documentId);
    const onA = client(a);
    const onB = client(b);
    const onC = client(c, { token: a.tokens.secretariat });
    await Promise.all([onA.synced, onB.synced, onC.synced]);
    for (let i = 0; i < 5; i++) {
      appendParagraph(onA.doc, `from A ${i}`);
      appendParagraph(onB.doc, `from B ${i}`);
      appendParagraph(onC.doc, `from C ${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitUntil(() => same(onA.doc, onB.doc) && same(onB.doc, onC.doc) && texts(onA.doc).filter((t) => t.startsWith('from ')).length === 15, 10_000);
    for (const who of ['A', 'B', 'C']) for (let i = 0; i < 5; i++) expect(texts(onB.doc)).toContain(`from ${who} ${i}`);
    // each edit was stored by the instance that accepted it, and by no other (15 edits, at most 15 rows;
    // fewer when a turn's edits were stored together)
    const stored = (await store.countUpdates(documentId)) - before;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThanOrEqual(15);
    // what a fresh client on any instance loads is what they all hold
    const fresh = client(c);
    await fresh.synced;
    expect(texts(fresh.doc)).toEqual(texts(onA.doc));
  });

  it('a client that moves to another instance resyncs without losing what it typed meanwhile', async () => {
    const [a, b] = cluster!.instances as [ServerProcess, ServerProcess];
    const watcher = client(b);
    const doc = new Y.Doc();
    const first = connectProvider(a, documentId, { doc });
    await first.synced;
    appendParagraph(doc, 'typed on A');
    await waitUntil(() => texts(watcher.doc).includes('typed on A'), 5_000);
    // the connection to A drops (a load balancer moved it); the person keeps typing offline
    first.provider.destroy();
    appendParagraph(doc, 'typed while moving');
    const second = connectProvider(b, documentId, { doc });
    clients.push(second);
    await second.synced;
    appendParagraph(doc, 'typed on B');
    await waitUntil(() => ['typed while moving', 'typed on B'].every((t) => texts(watcher.doc).includes(t)), 5_000);
    const onC = client(cluster!.instances[2]!);
    await onC.synced;
    await waitUntil(() => same(onC.doc, doc), 5_000);
    expect(texts(onC.doc)).toEqual(expect.arrayContaining(['typed on A', 'typed while moving', 'typed on B']));
  });

  it("a delegation's write is refused on every instance, with the reason", async () => {
    const ref = client(cluster!.instances[0]!);
    await ref.synced;
    for (const instance of cluster!.instances) {
      const raw = rawClient(instance, documentId, instance.tokens.delegation);
      await raw.opened;
      raw.send(syncFrame(2, forgeUpdate(ref.doc, (d) => appendParagraph(d, `delegation on ${instance.port}`))));
      const closed = await raw.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toBe('delegations change the document through proposals');
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(ref.doc).some((t) => t.startsWith('delegation on'))).toBe(false);
  });

  it('a revocation on one instance closes the participant on the others at once (no poll: it is set to 10 minutes)', async () => {
    const [a, b, c] = cluster!.instances as [ServerProcess, ServerProcess, ServerProcess];
    const issued = await issueLink(a, { role: 'cofacilitator', name: 'Leaving co-facilitator' });
    const onB = rawClient(b, documentId, issued.token);
    const onC = rawClient(c, documentId, issued.token);
    await Promise.all([onB.opened, onC.opened]);
    const t0 = Date.now();
    const res = await postJSON(a, `/api/participants/${issued.participant.id}/revoke`, {}, a.tokens.secretariat);
    expect(res.status).toBe(200);
    const [closedB, closedC] = await Promise.all([onB.closed, onC.closed]);
    expect(closedB.code).toBe(4401);
    expect(closedC.code).toBe(4401);
    expect(Date.now() - t0).toBeLessThan(5_000);
    // and the link no longer opens a connection anywhere
    const again = rawClient(c, documentId, issued.token);
    expect((await again.closed).code).toBe(4401);
  });

  it('while Redis is unreachable each instance goes on serving its own clients; once back, they catch up from the log', async () => {
    const [a, b] = cluster!.instances as [ServerProcess, ServerProcess];
    const onA = client(a);
    const onB = client(b);
    await Promise.all([onA.synced, onB.synced]);
    cluster!.redis.freeze(); // no FIN, no RST: the link dies without a word
    appendParagraph(onA.doc, 'typed while Redis was frozen');
    await new Promise((r) => setTimeout(r, 300));
    expect(texts(onB.doc)).not.toContain('typed while Redis was frozen');
    cluster!.redis.thaw();
    await waitUntil(() => texts(onB.doc).includes('typed while Redis was frozen'), 20_000);
    await waitUntil(() => same(onA.doc, onB.doc), 5_000);
  });

  it('readiness says when an instance has lost its link to the others, and when it is back', async () => {
    const b = cluster!.instances[1]!;
    const ready = async () => {
      const res = await fetch(`${b.httpUrl}/api/health/ready`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await ready()).toEqual({ status: 200, body: { ready: true, database: true, instances: true } });
    await cluster!.redis.kill();
    await waitUntil(async () => (await ready()).status === 503, 15_000);
    expect((await ready()).body).toEqual({ ready: false, database: true, instances: false });
    // liveness does not depend on Redis: the process is fine, only not ready
    expect((await fetch(`${b.httpUrl}/api/health/live`)).status).toBe(200);
    await cluster!.redis.start();
    await waitUntil(async () => (await ready()).status === 200, 20_000);
  });

  it('the command line works on the shared database: a link issued there opens a connection on any instance', async () => {
    const penholder = (args: string[]) =>
      spawnSync(process.execPath, [path.join(process.cwd(), 'bin/penholder.mjs'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, PENHOLDER_DATABASE_URL: cluster!.databaseUrl, PENHOLDER_PUBLIC_URL: 'https://penholder.example.org' },
      });
    const listed = penholder(['negotiations']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(documentId);
    const negotiationId = listed.stdout.split('\t')[0]!.trim();
    const issued = penholder(['link', `--negotiation=${negotiationId}`, '--role', 'observer', '--name', 'CLI observer']);
    expect(issued.status).toBe(0);
    const token = new URL(issued.stdout.trim()).searchParams.get('token')!;
    const watcher = client(cluster!.instances[2]!, { token });
    await watcher.synced;
    expect(texts(watcher.doc).length).toBeGreaterThan(0);
  });

  it('an instance killed mid-edit loses nothing any client saw relayed; its clients reconnect elsewhere and converge', async () => {
    const [a, b] = cluster!.instances as [ServerProcess, ServerProcess];
    const observer = client(b);
    await observer.synced;
    const writers = [0, 1].map(() => {
      const doc = new Y.Doc();
      return { doc, provider: connectProvider(a, documentId, { doc }) };
    });
    await Promise.all(writers.map((w) => w.provider.synced));
    const typed = [0, 0];
    const timers = writers.map((w, i) => setInterval(() => appendParagraph(w.doc, `kill w${i} e${++typed[i]!}`), 25));
    await waitUntil(() => texts(observer.doc).filter((t) => t.startsWith('kill ')).length >= 20, 10_000);
    await a.stop('SIGKILL');
    // what B's client saw came through the database and Redis: it must survive the kill
    const seen = texts(observer.doc).filter((t) => t.startsWith('kill '));
    for (const t of timers) clearInterval(t);
    // the writers' next connection goes to another instance (as a load balancer would send it)
    for (const w of writers) {
      w.provider.provider.destroy();
      clients.push(connectProvider(b, documentId, { doc: w.doc }));
    }
    await Promise.all(clients.slice(-2).map((c) => c.synced));
    const all = writers.flatMap((w) => texts(w.doc).filter((t) => t.startsWith('kill ')));
    await waitUntil(() => writers.every((w) => same(w.doc, observer.doc)), 10_000);
    const fresh = client(cluster!.instances[2]!);
    await fresh.synced;
    await waitUntil(() => same(fresh.doc, observer.doc), 5_000);
    for (const t of seen) expect(texts(fresh.doc)).toContain(t);
    for (const t of new Set(all)) expect(texts(fresh.doc)).toContain(t);
    expect(typed[0]! + typed[1]!).toBe(new Set(all).size);
  });
});
