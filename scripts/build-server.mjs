#!/usr/bin/env node
// Builds the server (and the CLI) to dist/server/ as plain JavaScript, so `npm start` runs `node`
// on compiled code instead of compiling TypeScript at run time with tsx (which costs start-up time
// and ~40 MB of resident memory for the compiler). esbuild bundles our own sources (server/src and the
// shared/src they use) and leaves every npm package external: node_modules is resolved at run time
// as before, and better-sqlite3's native addon cannot be bundled anyway. Code splitting keeps the
// lazily imported modules (export renderers, the importer for the demo) out of the start-up path.
// Chunks sit beside main.js (dist/server/, two levels below the root like server/src/), because
// config.ts finds the repository root (fixtures, dist/client) as '../../' from its own module.
// Types are not checked here: `npm run typecheck` does that.
import { build } from 'esbuild';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/src/main.ts', cli: 'server/src/cli/main.ts' },
  outdir: 'dist/server',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
// The SQLite store's write thread is started from its own file (new URL('./sqliteWriteWorker.mjs',
// import.meta.url) in the bundle's chunk, which sits in dist/server/): plain JavaScript, copied as is.
fs.copyFileSync(`${root}server/src/storage/sqliteWriteWorker.mjs`, `${root}dist/server/sqliteWriteWorker.mjs`);
