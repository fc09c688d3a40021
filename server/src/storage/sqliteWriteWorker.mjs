// Every write of the SQLite store, on a thread of its own (started by sqliteWriteThread.ts; why:
// docs/design.md §26). better-sqlite3 is synchronous: a commit with `synchronous = FULL` waits for the
// disk's fsync, and on the event loop that wait stopped everything else (20-70 ms at a time under
// load). Here the wait blocks only this thread; the main thread sends everything that queued meanwhile
// as the next group, committed in one transaction (one fsync): group commit.
//
// All writes come here, not only the log's: a write on the main thread's connection would wait for
// this connection's write lock in SQLite's busy handler, which sleeps on the event loop.
//
// Plain JavaScript on purpose: a worker thread is started from a file, and this one must start the
// same way under tsx, under vitest and from the built server (scripts/build-server.mjs copies it
// beside the bundle). It knows no SQL of its own: the statements and pragmas come from the store
// (workerData), so the schema is written once, in sqliteStore.ts.
//
// Messages in: { id, units }, each unit either
//   { kind: 'append', documentId, rows: [{ params, blockIds }] }  -> { value: { previousSeq, lastSeq } }
//     (params: appendUpdate's, without the document id and the time, which are added here), or
//   { kind: 'run', steps: [{ stmt, params }] }                      -> { value: [changes of each step] }.
// Each unit runs in a savepoint of the group's transaction: a unit that fails (a constraint, a full
// disk) is rolled back alone and answered { error: { message, code } }; the others commit. If the
// commit itself fails, the whole group is answered { id, error }.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { fileMustExist: true });
for (const pragma of workerData.pragmas) db.pragma(pragma);
const stmt = Object.fromEntries(Object.entries(workerData.sql).map(([name, sql]) => [name, db.prepare(sql)]));

/** better-sqlite3 binds Buffers as blobs; a Uint8Array arrives from postMessage, so it is wrapped (no copy). */
const bindable = (p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p);

function append(unit, at) {
  const previousSeq = stmt.lastSeqOf.get(unit.documentId).s;
  let lastSeq = previousSeq;
  for (const row of unit.rows) {
    const [update, ...rest] = row.params;
    const info = stmt.appendUpdate.run(unit.documentId, bindable(update), rest[0], at, ...rest.slice(1));
    lastSeq = Number(info.lastInsertRowid);
    for (const block of row.blockIds) stmt.indexBlock.run(unit.documentId, block, lastSeq);
  }
  return { previousSeq, lastSeq };
}

function run(unit) {
  return unit.steps.map(({ stmt: name, params }) => stmt[name].run(...params.map(bindable)).changes);
}

const errorOf = (err) => ({ message: String(err?.message ?? err), code: typeof err?.code === 'string' ? err.code : undefined });

const oneUnit = db.transaction((unit, at) => (unit.kind === 'append' ? append(unit, at) : run(unit)));

const group = db.transaction((units) => {
  const at = new Date().toISOString();
  return units.map((unit) => {
    try {
      return { value: oneUnit(unit, at) };
    } catch (err) {
      return { error: errorOf(err) };
    }
  });
});

parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, results: group(message.units) });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: errorOf(err) });
  }
});
