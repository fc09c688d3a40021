// Minimal logging: one line per event, errors to stderr. Silenced with PENHOLDER_QUIET=1 (tests).
const quiet = () => process.env.PENHOLDER_QUIET === '1';
const stamp = () => new Date().toISOString();

export const log = {
  info: (msg: string) => void (quiet() || console.log(`${stamp()} ${msg}`)),
  warn: (msg: string) => void (quiet() || console.warn(`${stamp()} warn ${msg}`)),
  error: (msg: string) => void console.error(`${stamp()} error ${msg}`),
};
