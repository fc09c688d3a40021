#!/usr/bin/env node
// Browser tests drive Debian's Chromium (no browser downloads: this machine reaches only the npm
// and Debian registries). Finds it, installs it with apt-get when running as root, or explains.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const candidates = [process.env.PENHOLDER_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = () => candidates.find((path) => existsSync(path));

if (!found()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(
      'Chromium is needed for the browser tests and was not found.\n' +
        'Install it with: sudo apt-get install -y chromium\n' +
        'or point PENHOLDER_CHROMIUM at a Chromium binary.',
    );
    process.exit(1);
  }
  console.log('Installing Debian\'s Chromium for the browser tests (apt-get install chromium)...');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    console.error(`Installing Chromium failed: ${error.message}`);
    process.exit(1);
  }
  if (!found()) {
    console.error('apt-get finished but no Chromium binary was found at /usr/bin/chromium.');
    process.exit(1);
  }
}
console.log(`Chromium: ${found()}`);
