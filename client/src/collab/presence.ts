// What this browser says about its user in awareness: {name, color}, taken from GET /api/me. The
// server overwrites the `user` field of every awareness state with the identity it knows
// ({name, role, delegation, delegationId, color}), so this is only a first paint. Names come from
// other participants: render them as text only.

export interface PresenceUser {
  name: string;
  color: string;
}

/** What the server stamps on each awareness state (every field checked before use). */
export interface PeerIdentity {
  name: string;
  color: string;
  role: string | null;
  delegation: string | null;
}

const COLOR_RE = /^#[0-9a-fA-F]{6}$/;

export function isPresenceColor(c: unknown): c is string {
  return typeof c === 'string' && COLOR_RE.test(c);
}

/** Trims and bounds a display name; empty becomes null. */
export function cleanName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const name = raw.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().slice(0, 120);
  return name || null;
}

export function peerIdentity(user: unknown): PeerIdentity | null {
  if (!user || typeof user !== 'object') return null;
  const u = user as Record<string, unknown>;
  return {
    name: cleanName(u.name) ?? 'Someone',
    color: isPresenceColor(u.color) ? u.color : '#888888',
    role: typeof u.role === 'string' ? u.role : null,
    delegation: cleanName(u.delegation),
  };
}
