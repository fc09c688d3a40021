// Helpers for integration tests: run the real server as a child process (the way it runs in
// production, so SIGKILL and restarts are real), and talk to it with the stock y-websocket provider
// or with a raw WebSocket for protocol tests. Every connection needs an access-link secret (token):
// the demo's come from the start-up lines (`server.links`, `server.tokens`), a seeded data directory's
// from `seededDataDir()`, and more from `issueLink()` (the management API, as the secretariat).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One access link (or its secret) per seat: what the demo start-up prints. */
export interface Seats {
  secretariat: string;
  cofacilitator: string;
  /** The European Union's delegation. */
  delegation: string;
  observer: string;
}

export interface ServerProcess {
  port: number;
  /** Access links printed at start-up (first start of the demo) or built from `options.tokens`;
   *  empty strings when neither is known. */
  links: Seats;
  /** The secrets of `links`. */
  tokens: Seats;
  httpUrl: string;
  /** Base URL for WebsocketProvider (the room name is appended). */
  syncUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'penholder-test-'));
}

/**
 * Starts `server/src/main.ts` with PORT=0 (the OS picks a free port, no race) and a data directory,
 * reads the port from the startup line, then waits until /api/health answers.
 */
export async function startServerProcess(
  options: { dataDir?: string; env?: Record<string, string>; tokens?: Seats } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PENHOLDER_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${out}`)), 20_000);
    const onData = () => {
      const m = /Penholder is running: open http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before starting:\n${out}`));
    });
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${httpUrl}/api/health`).catch(() => null))?.ok === true, 10_000);

  const printed = parseStartupLinks(out);
  const links: Seats = printed ?? {
    secretariat: options.tokens ? `${httpUrl}/join?token=${options.tokens.secretariat}` : '',
    cofacilitator: options.tokens ? `${httpUrl}/join?token=${options.tokens.cofacilitator}` : '',
    delegation: options.tokens ? `${httpUrl}/join?token=${options.tokens.delegation}` : '',
    observer: options.tokens ? `${httpUrl}/join?token=${options.tokens.observer}` : '',
  };
  const tokens: Seats = {
    secretariat: tokenOf(links.secretariat),
    cofacilitator: tokenOf(links.cofacilitator),
    delegation: tokenOf(links.delegation),
    observer: tokenOf(links.observer),
  };

  return {
    port,
    links,
    tokens,
    httpUrl,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    child,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The demo links of a first start: `  secretariat: http://...`, `  co-facilitator: ...`, ... */
export function parseStartupLinks(output: string): Seats | undefined {
  const find = (label: string) => new RegExp(`^  ${label}: (\\S+)$`, 'm').exec(output)?.[1];
  const secretariat = find('secretariat');
  const cofacilitator = find('co-facilitator');
  const delegation = find('delegation \\([^)]*\\)');
  const observer = find('observer');
  if (!secretariat || !cofacilitator || !delegation || !observer) return undefined;
  return { secretariat, cofacilitator, delegation, observer };
}

/** The secret of an access link (`.../join?token=SECRET`); '' for ''. */
export function tokenOf(link: string): string {
  if (!link) return '';
  return new URL(link).searchParams.get('token') ?? '';
}

/** Polls `predicate` until it holds; throws with `what` after the timeout. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** GET as the holder of `token` (default: the secretariat's). */
export async function getJSON<T = any>(
  server: Pick<ServerProcess, 'httpUrl' | 'tokens'>,
  urlPath: string,
  token: string | null = server.tokens.secretariat,
): Promise<{ status: number; body: T }> {
  const res = await fetch(server.httpUrl + urlPath, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

/** POST JSON as the holder of `token`. */
export async function postJSON<T = any>(
  server: Pick<ServerProcess, 'httpUrl'>,
  urlPath: string,
  body: unknown,
  token: string | null,
): Promise<{ status: number; body: T }> {
  const res = await fetch(server.httpUrl + urlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface IssuedLink {
  participant: { id: string; name: string; role: string; delegation: { id: string; name: string; kind: string } | null };
  link: string;
  token: string;
}

/** Issues an access link through the management API, as the secretariat (`server.tokens.secretariat`). */
export async function issueLink(
  server: Pick<ServerProcess, 'httpUrl' | 'tokens'>,
  request: { role: string; name?: string; delegationId?: string; expiresAt?: string },
  options: { negotiationId?: string; secretariatToken?: string } = {},
): Promise<IssuedLink> {
  const secretariat = options.secretariatToken ?? server.tokens.secretariat;
  let negotiationId = options.negotiationId;
  if (!negotiationId) {
    const me = await getJSON<{ participant: { negotiationId: string } }>(server, '/api/me', secretariat);
    negotiationId = me.body.participant.negotiationId;
  }
  const res = await postJSON<{ participant: IssuedLink['participant']; link: string; error?: string }>(
    server,
    `/api/negotiations/${negotiationId}/participants`,
    request,
    secretariat,
  );
  if (res.status !== 201) throw new Error(`issueLink: ${res.status} ${JSON.stringify(res.body)}`);
  return { participant: res.body.participant, link: res.body.link, token: tokenOf(res.body.link) };
}

/** Id of the demo document (the first document of the participant's negotiation). */
export async function demoDocumentId(server: Pick<ServerProcess, 'httpUrl' | 'tokens'>): Promise<string> {
  const { body } = await getJSON<{ documents: { id: string }[] }[]>(server, '/api/negotiations');
  const id = body[0]?.documents[0]?.id;
  if (!id) throw new Error('the server has no demo document');
  return id;
}

export interface ProviderClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the provider has completed its first sync with the server. */
  synced: Promise<void>;
  destroy(): void;
}

/**
 * A stock y-websocket provider, as the browser uses it, running in Node with `ws`, connecting with
 * `params: { token }`. Without `options.token` it uses the co-facilitator's secret (`server.tokens`).
 */
export function connectProvider(
  server: Pick<ServerProcess, 'syncUrl'> & { tokens?: Seats },
  documentId: string,
  options: { token?: string; params?: Record<string, string>; doc?: Y.Doc } = {},
): ProviderClient {
  const doc = options.doc ?? new Y.Doc();
  const token = options.token ?? server.tokens?.cofacilitator;
  const provider = new WebsocketProvider(server.syncUrl, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...(token ? { token } : {}), ...options.params },
    // Providers in one process would otherwise sync through BroadcastChannel, bypassing the server.
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (s: boolean) => s && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export interface RawClient {
  ws: WebSocket;
  /** Binary frames received so far. */
  received: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array | number[]): void;
}

/**
 * A bare WebSocket on the sync endpoint, for sending hand-made frames. `auth` is a token (sent as
 * `?token=`), or `{ query }` for a hand-made query string, or `{ headers }` (e.g. a Cookie).
 */
export function rawClient(
  server: Pick<ServerProcess, 'syncUrl'>,
  documentId: string,
  auth: string | { query?: string; headers?: Record<string, string> } = {},
): RawClient {
  const query = typeof auth === 'string' ? `?token=${encodeURIComponent(auth)}` : (auth.query ?? '');
  const headers = typeof auth === 'string' ? undefined : auth.headers;
  const ws = new WebSocket(`${server.syncUrl}/${documentId}${query}`, { headers });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  ws.on('error', () => {}); // the close event carries what tests check
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('closed before opening')));
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return {
    ws,
    received,
    opened,
    closed,
    send(frame) {
      ws.send(frame instanceof Uint8Array ? frame : Uint8Array.from(frame));
    },
  };
}

/**
 * A data directory holding one small negotiation ('test-negotiation', delegations 'eu' and 'g77') with
 * one short document, and one participant per seat, so protocol tests do not depend on the demo
 * import. (A store that holds a negotiation gets no demo.) Pass `tokens` to startServerProcess.
 */
export async function seededDataDir(
  options: { content?: unknown[] } = {},
): Promise<{ dataDir: string; documentId: string; negotiationId: string; tokens: Seats }> {
  const dataDir = makeDataDir();
  const { documentId, negotiationId, tokens } = await seedNegotiation(dataDir, { ...options, id: 'test' });
  return { dataDir, documentId, negotiationId, tokens };
}

/**
 * Adds a negotiation `${id}-negotiation` with one document `${id}-doc` (or 'test-doc' for 'test'),
 * delegations eu and g77, and a participant per seat, to the store in `dataDir` (the server may be
 * running: SQLite in WAL mode).
 */
export async function seedNegotiation(
  dataDir: string,
  options: { id: string; content?: unknown[] },
): Promise<{ documentId: string; negotiationId: string; tokens: Seats }> {
  const { SqliteStore } = await import('../../server/src/storage/sqliteStore.ts');
  const { yUpdateFromDocJSON } = await import('../../shared/src/collab/ydoc.ts');
  const { issueParticipant } = await import('../../server/src/access/links.ts');
  const store = new SqliteStore(dataDir);
  const documentId = options.id === 'test' ? 'test-doc' : `${options.id}-doc`;
  const negotiationId = `${options.id}-negotiation`;
  try {
    (await store.createNegotiation({
      negotiation: { id: negotiationId, title: `Negotiation ${options.id}` },
      delegations: [
        { id: 'eu', name: 'European Union', kind: 'group' },
        { id: 'g77', name: 'Group of 77 and China', kind: 'group' },
      ],
      documents: [
        {
          id: documentId,
          title: 'Test draft',
          numberingStyle: 'outcome',
          origin: 'test',
          initialUpdate: yUpdateFromDocJSON({
            type: 'doc',
            content: [
              { type: 'front', content: [{ type: 'docTitle', content: [{ type: 'text', text: 'Test draft' }] }] },
              ...((options.content as never[]) ?? [
                { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'First paragraph.' }] },
              ]),
            ],
          } as never),
        },
      ],
    }));
    const issue = async (role: string, delegationId?: string) =>
      tokenOf((await issueParticipant(store, { negotiationId, role, delegationId }, 'http://localhost')).link);
    const tokens: Seats = {
      secretariat: await issue('secretariat'),
      cofacilitator: await issue('cofacilitator'),
      delegation: await issue('delegation', 'eu'),
      observer: await issue('observer'),
    };
    return { documentId, negotiationId, tokens };
  } finally {
    await store.close();
  }
}

/** Appends a paragraph (one Yjs transaction, hence one update message) to the document. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const p = new Y.XmlElement('paragraph');
    // every paragraph carries an id (the server refuses one without: shared/src/schema/validity.ts)
    p.setAttribute('id', `p${Math.random().toString(36).slice(2, 12)}`);
    p.setAttribute('kind', 'op');
    p.insert(0, [new Y.XmlText(text)]);
    doc.getXmlFragment('default').push([p]);
  });
}

/** The document's plain text, block by block, as the server's schema reads it. */
export async function blockTexts(doc: Y.Doc): Promise<string[]> {
  const { docFromYDoc } = await import('../../shared/src/collab/ydoc.ts');
  const texts: string[] = [];
  docFromYDoc(doc).forEach((block) => texts.push(block.textContent));
  return texts;
}

// Raw protocol pieces, for tests that speak y-protocols by hand.

/** A sync frame: step 0 (state vector), 1 (step 2) or 2 (update). */
export function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** An awareness frame with the given entries (state `null` removes). */
export function awarenessFrame(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** The reasons of the y-protocols auth "permission denied" messages among received frames. */
export function permissionDenials(received: Uint8Array[]): string[] {
  const reasons: string[] = [];
  for (const frame of received) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== 2) continue;
    if (decoding.readVarUint(d) === 0) reasons.push(decoding.readVarString(d));
  }
  return reasons;
}

/**
 * The update a hostile client would send: `edit` applied to a local copy of `doc` (a fresh Y.Doc,
 * hence a fresh client id unless `clientId` is given), encoded as the difference from `doc`.
 */
export function forgeUpdate(doc: Y.Doc, edit: (local: Y.Doc) => void, clientId?: number): Uint8Array {
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
  if (clientId !== undefined) local.clientID = clientId;
  const before = Y.encodeStateVector(local);
  edit(local);
  const update = Y.encodeStateAsUpdate(local, before);
  local.destroy();
  return update;
}

/** The document as the store holds it now (snapshot + tail), read from the data directory. */
export async function storedDocJSON(dataDir: string, documentId: string): Promise<unknown> {
  const { SqliteStore } = await import('../../server/src/storage/sqliteStore.ts');
  const { docFromYDoc } = await import('../../shared/src/collab/ydoc.ts');
  const store = new SqliteStore(dataDir);
  try {
    const state = await store.loadDocumentState(documentId);
    const doc = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const u of state.tail) Y.applyUpdate(doc, u);
    return docFromYDoc(doc).toJSON();
  } finally {
    await store.close();
  }
}

export interface PenHolderRoom {
  server: ServerProcess;
  dataDir: string;
  documentId: string;
  /** The co-facilitator's stock provider, synced. */
  alice: ProviderClient;
  /** The secretariat's stock provider, synced. */
  bob: ProviderClient;
  /** Disconnects both and kills the server. */
  close(): Promise<void>;
}

/**
 * A real server on a seeded document (`content` after the front matter), with the two pen-holders
 * connected through the stock provider: the set-up most role and history tests start from.
 */
export async function penHolderRoom(content: unknown[], env: Record<string, string> = {}): Promise<PenHolderRoom> {
  const seeded = await seededDataDir({ content });
  const server = await startServerProcess({ dataDir: seeded.dataDir, env: { PENHOLDER_QUIET: '1', ...env }, tokens: seeded.tokens });
  const alice = connectProvider(server, seeded.documentId, { token: server.tokens.cofacilitator });
  const bob = connectProvider(server, seeded.documentId, { token: server.tokens.secretariat });
  await Promise.all([alice.synced, bob.synced]);
  return {
    server,
    dataDir: seeded.dataDir,
    documentId: seeded.documentId,
    alice,
    bob,
    async close() {
      alice.destroy();
      bob.destroy();
      await server.stop('SIGKILL');
    },
  };
}
