// Who I am to the others in the room: a display name (asked once, kept in localStorage, else
// "Guest N") and a colour. Names come from other participants: render them as text only.
// (The server will later stamp identity itself; this is only the presence label.)

export interface PresenceUser {
  name: string;
  color: string;
}

const NAME_KEY = 'penholder.displayName';
const COLOR_KEY = 'penholder.color';

/** Colours readable as caret and selection tint on white. */
export const PRESENCE_COLORS = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#3f51b5',
];

const COLOR_RE = /^#[0-9a-fA-F]{6}$/;

export function isPresenceColor(c: unknown): c is string {
  return typeof c === 'string' && COLOR_RE.test(c);
}

/** Trims and bounds a display name; empty becomes null. */
export function cleanName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const name = raw.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return name || null;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function storedName(): string | null {
  return cleanName(storage()?.getItem(NAME_KEY));
}

export function storeName(name: string) {
  const clean = cleanName(name);
  if (clean) storage()?.setItem(NAME_KEY, clean);
}

function randomInt(n: number) {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] % n;
}

export function localUser(): PresenceUser {
  const s = storage();
  let color = s?.getItem(COLOR_KEY);
  if (!isPresenceColor(color)) {
    color = PRESENCE_COLORS[randomInt(PRESENCE_COLORS.length)];
    s?.setItem(COLOR_KEY, color);
  }
  return { name: storedName() ?? `Guest ${1 + randomInt(999)}`, color };
}
