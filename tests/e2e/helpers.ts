// Shared set-up for browser tests: a fresh build of the client when sources changed, and the real
// server on a free port with a temporary data directory (it seeds the WSIS+10 demo).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `vite build` unless dist/client is newer than client/ and shared/src. */
export function ensureClientBuilt(): void {
  const index = path.join(repoRoot, 'dist/client/index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(repoRoot, 'client')), newestMtime(path.join(repoRoot, 'shared/src')));
  if (built > sources) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

export const SHOTS_DIR = path.join(repoRoot, '.tmp');
