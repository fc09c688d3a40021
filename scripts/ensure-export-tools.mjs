#!/usr/bin/env node
// The export tests read what Penholder writes with independent Debian tools: xmllint (libxml2-utils)
// validates every Akoma Ntoso export against the OASIS schema in schemas/akn/, and pdftotext
// (poppler-utils) reads the PDFs back. Finds them, installs them with apt-get when running as root,
// or says what to install (as scripts/ensure-chromium.mjs does for Chromium).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const tools = [
  { binary: '/usr/bin/xmllint', pkg: 'libxml2-utils', why: 'validates Akoma Ntoso exports' },
  { binary: '/usr/bin/pdftotext', pkg: 'poppler-utils', why: 'reads PDF exports back' },
];

const missing = tools.filter((t) => !existsSync(t.binary));
if (missing.length) {
  const packages = missing.map((t) => t.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(
      `The export tests need ${missing.map((t) => `${t.binary} (${t.why})`).join(' and ')}.\n` +
        `Install with: sudo apt-get install -y ${packages.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`Installing ${packages.join(', ')} for the export tests (apt-get install)...`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    console.error(`Installing ${packages.join(', ')} failed: ${error.message}`);
    process.exit(1);
  }
  const still = tools.filter((t) => !existsSync(t.binary));
  if (still.length) {
    console.error(`apt-get finished but ${still.map((t) => t.binary).join(', ')} is still missing.`);
    process.exit(1);
  }
}
console.log(`Export tools: ${tools.map((t) => t.binary).join(', ')}`);
