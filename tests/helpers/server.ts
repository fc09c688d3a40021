// Helpers for integration tests: run the real server as a child process (the way it runs in
// production, so SIGKILL and restarts are real), and talk to it with the stock y-websocket provider
// or with a raw WebSocket for protocol tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  port: number;
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
  options: { dataDir?: string; env?: Record<string, string> } = {},
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

  return {
    port,
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

export async function getJSON<T = any>(server: ServerProcess, urlPath: string): Promise<{ status: number; body: T }> {
  const res = await fetch(server.httpUrl + urlPath);
  return { status: res.status, body: (await res.json()) as T };
}

/** Id of the demo document (the first document of the first negotiation). */
export async function demoDocumentId(server: ServerProcess): Promise<string> {
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

/** A stock y-websocket provider, as the browser uses it, running in Node with `ws`. */
export function connectProvider(
  server: Pick<ServerProcess, 'syncUrl'>,
  documentId: string,
  options: { params?: Record<string, string>; doc?: Y.Doc } = {},
): ProviderClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(server.syncUrl, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.params ?? {},
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

/** A bare WebSocket on the sync endpoint, for sending hand-made frames. */
export function rawClient(server: Pick<ServerProcess, 'syncUrl'>, documentId: string, query = ''): RawClient {
  const ws = new WebSocket(`${server.syncUrl}/${documentId}${query}`);
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
 * A data directory holding one small negotiation with one short document, so protocol tests do not
 * depend on the demo import. (A store that holds a negotiation gets no demo.)
 */
export async function seededDataDir(): Promise<{ dataDir: string; documentId: string }> {
  const { SqliteStore } = await import('../../server/src/storage/sqliteStore.ts');
  const { yUpdateFromDocJSON } = await import('../../shared/src/collab/ydoc.ts');
  const dataDir = makeDataDir();
  const store = new SqliteStore(dataDir);
  const documentId = 'test-doc';
  store.createNegotiation({
    negotiation: { id: 'test-negotiation', title: 'Test negotiation' },
    delegations: [{ id: 'eu', name: 'European Union', kind: 'group' }],
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
            { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'First paragraph.' }] },
          ],
        }),
      },
    ],
  });
  store.close();
  return { dataDir, documentId };
}

/** Appends a paragraph (one Yjs transaction, hence one update message) to the document. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const p = new Y.XmlElement('paragraph');
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
