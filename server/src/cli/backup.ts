// `penholder backup FILE`: a consistent copy of the data directory's database, taken while the
// server runs (the store's own backup: for SQLite the online backup API, which reads one instant of
// the database without stopping writers). Restoring is starting a server on the copy (README,
// "Backup and restore"); there is deliberately no restore command that could overwrite a live file.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from './access.ts';
import { CliError } from './files.ts';

export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError('backup takes one FILE (the copy to write), and --force to replace it');
  const file = path.resolve(positionals[0]!);
  if (fs.existsSync(file) && !values.force) throw new CliError(`${file} exists; pass --force to replace it`);
  if (!fs.existsSync(path.dirname(file))) throw new CliError(`cannot write ${file}: no directory ${path.dirname(file)}`);
  const store = await openStore(false);
  try {
    const started = Date.now();
    const summary = await store.backup(file);
    const mib = (summary.bytes / 1024 / 1024).toFixed(2);
    process.stdout.write(
      `wrote ${summary.file}: ${mib} MiB, ${summary.negotiations} negotiation(s), ${summary.documents} document(s), ` +
        `${summary.updates} stored update(s); integrity check ${summary.integrity}; ${Date.now() - started} ms\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
