// The main thread's side of the SQLite store's writes, which run on a thread of their own with their
// own connection (sqliteWriteWorker.mjs; docs/design.md §26). One group of writes is in flight at a
// time; the writes asked for meanwhile (every room's appends, claims, snapshots, sessions...) queue
// here and go as the next group, committed in one transaction: while the disk syncs one commit, the
// event loop goes on reading, checking and relaying, and the next commit takes everything that
// arrived (group commit). Order is kept: groups are committed one after another, and within a group
// the writes keep the order they were asked in. A write resolves once its group is committed, so a
// read on the main connection afterwards sees it.
//
// Each write is a unit of its own inside the group (a savepoint): one that fails (a constraint, a full
// disk) is refused alone, with the database's message and code (WriteFailed), and the others commit.
// If the commit fails, every write of the group is refused. If the thread dies, what was in flight is
// refused (it may or may not be stored) and the next write starts a new thread. The thread keeps the
// process alive only while a write is in flight.
import { Worker } from 'node:worker_threads';
import type { AppendResult } from './store.ts';

/** One row of the updates table: appendUpdate's parameters after the document id, without the time (the worker adds both). */
export interface LogRow {
  /** update, origin, participant_id, role, delegation_id, blocks, statuses, events. */
  params: readonly [Uint8Array, string | null, string | null, string | null, string | null, string | null, string | null, string | null];
  /** The blocks to index the update under (update_blocks). */
  blockIds: readonly string[];
}

/** One statement run with its parameters (a blob as a Uint8Array). */
export interface WriteStep {
  stmt: string;
  params: readonly unknown[];
}

type Unit = { kind: 'append'; documentId: string; rows: readonly LogRow[] } | { kind: 'run'; steps: readonly WriteStep[] };

/**
 * The bytes of `u` in an ArrayBuffer of their own. postMessage clones a typed array's whole
 * underlying buffer, and an update decoded from a WebSocket frame is a view into the socket's read
 * chunk (64 KB): without this, every append copied that chunk to the thread.
 */
const compact = (u: Uint8Array): Uint8Array => (u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? u : u.slice());
const compactParam = (p: unknown): unknown => (p instanceof Uint8Array ? compact(p) : p);
/** The unit as posted to the thread: its bytes compacted (see compact). */
function posted(unit: Unit): Unit {
  if (unit.kind === 'append') {
    return {
      ...unit,
      rows: unit.rows.map(({ params: [update, ...attribution], blockIds }): LogRow => ({ params: [compact(update), ...attribution], blockIds })),
    };
  }
  return { ...unit, steps: unit.steps.map((st) => ({ ...st, params: st.params.map(compactParam) })) };
}

export interface WriteThreadOptions {
  /** The database file (it exists: the store created it and ran the migrations). */
  file: string;
  /** Pragmas the worker's connection runs first, as the store's own connection does. */
  pragmas: readonly string[];
  /** The statements the units name, by name; an append uses appendUpdate, indexBlock and lastSeqOf. */
  sql: Readonly<Record<string, string>>;
}

interface Queued {
  unit: Unit;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type WorkerError = { message: string; code?: string };
type FromWorker = { id: number; results: ({ value: unknown } | { error: WorkerError })[] } | { id: number; error: WorkerError };

/** A write the database refused, with better-sqlite3's `code` kept (SQLITE_FULL, SQLITE_CONSTRAINT_UNIQUE, ...). */
export class WriteFailed extends Error {
  readonly code: string | undefined;
  constructor({ message, code }: WorkerError) {
    super(message);
    this.name = 'WriteFailed';
    this.code = code;
  }
}

export class SqliteWriteThread {
  private worker: Worker | null = null;
  private queued: Queued[] = [];
  private inFlight: Queued[] | null = null;
  private nextId = 1;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** Groups committed (or refused) so far, and the writes in them: units / groups is the batching achieved. */
  readonly stats = { groups: 0, units: 0 };

  constructor(private readonly options: WriteThreadOptions) {}

  /** Appends `rows` to `documentId`'s log; resolves once committed. */
  append(documentId: string, rows: readonly LogRow[]): Promise<AppendResult> {
    return this.enqueue({ kind: 'append', documentId, rows }) as Promise<AppendResult>;
  }

  /** Runs `steps` in one transaction of their own; resolves with each step's count of changed rows once committed. */
  run(steps: readonly WriteStep[]): Promise<number[]> {
    return this.enqueue({ kind: 'run', steps }) as Promise<number[]>;
  }

  /** Lets what is queued and in flight finish, then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight || this.queued.length > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    // The thread closes its connection itself (a clean close, as the main connection's); terminated if it does not.
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true });
    const timer = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }

  private enqueue(unit: Unit): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise((resolve, reject) => {
      this.queued.push({ unit, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || this.queued.length === 0) return;
    const worker = this.worker ?? this.start();
    const group = this.queued;
    this.queued = [];
    this.inFlight = group;
    worker.ref();
    worker.postMessage({ id: this.nextId++, units: group.map((q) => posted(q.unit)) });
  }

  private start(): Worker {
    // execArgv: [] — the thread is plain JavaScript and needs none of the process's loaders (tsx's,
    // vitest's), which would otherwise load into it first and slow its start. A small young
    // generation: the thread keeps nothing but statements between groups (its blobs are outside the
    // heap). The thread itself costs about 10 MB of RSS (a V8 isolate and SQLite's page cache).
    const worker = new Worker(new URL('./sqliteWriteWorker.mjs', import.meta.url), {
      workerData: this.options,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    worker.on('message', (message: FromWorker) => this.settle(message));
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`the SQLite write thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(message: FromWorker): void {
    const group = this.inFlight ?? [];
    this.inFlight = null;
    this.stats.groups += 1;
    this.stats.units += group.length;
    if ('error' in message) {
      const err = new WriteFailed(message.error);
      for (const q of group) q.reject(err);
    } else {
      group.forEach((q, i) => {
        const result = message.results[i]!;
        if ('error' in result) q.reject(new WriteFailed(result.error));
        else q.resolve(result.value);
      });
    }
    this.next();
  }

  /** The thread failed or exited: what was in flight is refused (it may or may not be stored). */
  private lost(worker: Worker, err: unknown): void {
    if (this.worker !== worker) return; // a thread already replaced, or stopped by close()
    this.worker = null;
    const group = this.inFlight ?? [];
    this.inFlight = null;
    for (const q of group) q.reject(err);
    this.next();
  }

  private next(): void {
    if (this.queued.length > 0) {
      this.pump();
      return;
    }
    this.worker?.unref();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
