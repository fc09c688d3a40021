// One Y.Doc and one WebsocketProvider per open document, and what the server says about them.
//
// The server refuses in two ways (server/README.md, close codes; server/src/sync/authorize.ts):
//  - close 4401 (credentials gone: revoked, expired, not valid): the room has ended for this person;
//    we stop (y-websocket does not reconnect on 44xx) and say why.
//  - a y-protocols auth message "permission denied" and/or close 4403 after an update of ours was
//    refused: our Y.Doc now holds a change the server will never accept, so it is thrown away, a
//    fresh one is made and synced from the server, and the reason is shown. A 4403 at connection
//    time (not a participant of this negotiation) ends the room instead: reconnecting cannot help.
//    The browser's copy of the document (localStore.ts) is deleted with it, or the refused change
//    would come back at the next load.
// Offline (docs/design.md, "Offline"): each connection keeps its edits in the browser (localStore.ts,
// for roles that write over sync), counts those the server has not confirmed (saving.ts) and drops a
// silent socket within seconds (watchdog.ts).
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { DOCUMENT_FIELD } from '../../../shared/src/collab/ydoc.ts';
import { syncServerUrl } from '../api.ts';
import type { Role } from '../../../shared/src/access/roles.ts';
import { deleteLocalCopy, keepsLocalCopy, openLocalCopy, storeName, type LocalCopy } from './localStore.ts';
import { trackSaving, type Saving } from './saving.ts';
import { watchConnection } from './watchdog.ts';

export type ConnectionState = 'connected' | 'syncing' | 'offline';

export interface Connection {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  /** Increases each time the local document is replaced after a refusal. */
  generation: number;
  /** Local edits not yet confirmed stored by the server. */
  saving: Saving;
  /** The browser's copy (null for roles that keep none, and until a deleted copy is gone). */
  local: LocalCopy | null;
  /** Stops the dead-connection watchdog. */
  unwatch: () => void;
}

/** Who opens the room: decides whether and where the browser keeps a copy. */
export interface RoomParticipant {
  id: string;
  role: Role;
}

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;
const MESSAGE_AUTH = 2;

export type RoomNotice =
  | { kind: 'ended'; reason: string }
  | { kind: 'reset'; reason: string; at: number }
  | null;

/** Several refusals in a row within this window end the room rather than loop. */
const RESET_WINDOW_MS = 10_000;
const MAX_RESETS_IN_WINDOW = 3;

export class Room {
  current: Connection;
  notice: RoomNotice = null;
  private listeners = new Set<() => void>();
  private resets: number[] = [];
  private destroyed = false;
  /** Settles when the browser's copy deleted after a refusal is gone (a new one may then open). */
  private cleared: Promise<void> = Promise.resolve();

  constructor(
    readonly documentId: string,
    private readonly participant: RoomParticipant | null = null,
    private readonly serverUrl = syncServerUrl(),
  ) {
    if (participant && !keepsLocalCopy(participant.role)) {
      this.cleared = deleteLocalCopy(storeName(documentId, participant.id));
    }
    this.current = this.open(0);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private emit() {
    for (const l of this.listeners) l();
  }

  private open(generation: number): Connection {
    const ydoc = new Y.Doc();
    // disableBc: tabs of one browser must each talk to the server (which checks and attributes
    // every change), not to each other behind its back.
    const provider = new WebsocketProvider(this.serverUrl, this.documentId, ydoc, { disableBc: true });
    const participant = this.participant;
    const keeps = participant !== null && keepsLocalCopy(participant.role);
    const conn: Connection = {
      ydoc,
      provider,
      generation,
      saving: trackSaving(provider, ydoc, (n) => conn.local?.saveWaiting(n)),
      local: null,
      unwatch: watchConnection(provider),
    };
    if (keeps) {
      void this.cleared.then(() => {
        if (conn !== this.current || this.destroyed) return;
        const { copy, origin } = openLocalCopy(storeName(this.documentId, participant.id), ydoc);
        conn.saving.ignoreOrigin(origin);
        conn.local = copy;
        void copy.savedWaiting().then((n) => {
          if (conn === this.current) conn.saving.restore(n);
        });
      });
    }
    let syncedOnce = false;
    let denied: string | null = null;
    provider.on('sync', (s: boolean) => {
      if (s) syncedOnce = true;
    });
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, ydoc, (_doc, reason) => {
        if (conn !== this.current) return;
        denied = reason || 'the server refused a change';
        // the 4403 close follows; resetting now also covers a server that does not close
        this.reset(denied);
      });
    };
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (conn !== this.current || this.destroyed || !event) return;
      const reason = event.reason || (event.code === CLOSE_UNAUTHENTICATED ? 'access ended' : 'refused');
      if (event.code === CLOSE_UNAUTHENTICATED) this.end(reason);
      else if (event.code === CLOSE_FORBIDDEN) {
        if (denied !== null || syncedOnce) this.reset(reason);
        else this.end(reason);
      }
    });
    return conn;
  }

  /**
   * `discardLocal`: delete the browser's copy too (it holds a change refused repeatedly). Not when
   * access ended: a session gone or a link replaced may come back as the same participant, whose
   * unsent edits are then still there (a revoked participant's copy stays on the device; known limit).
   */
  private end(reason: string, discardLocal = false) {
    this.notice = { kind: 'ended', reason };
    const local = this.current.local;
    if (discardLocal && local) {
      this.current.local = null;
      this.cleared = local.clear().catch(() => undefined);
    }
    this.current.provider.disconnect();
    this.emit();
  }

  /** Throws away the local document and syncs a fresh one from the server. */
  reset(reason: string) {
    if (this.destroyed || this.notice?.kind === 'ended') return;
    const now = Date.now();
    this.resets = this.resets.filter((t) => now - t < RESET_WINDOW_MS);
    this.resets.push(now);
    if (this.resets.length > MAX_RESETS_IN_WINDOW) {
      this.end(`${reason} (refused repeatedly; reload the page to try again)`, true);
      return;
    }
    const old = this.current;
    // The refused change is in the browser's copy too: delete it before the next copy opens.
    if (old.local) this.cleared = old.local.clear().catch(() => undefined);
    old.local = null;
    this.current = this.open(old.generation + 1);
    this.notice = { kind: 'reset', reason, at: now };
    close(old);
    this.emit();
  }

  dismissNotice() {
    if (this.notice?.kind === 'reset') {
      this.notice = null;
      this.emit();
    }
  }

  destroy() {
    this.destroyed = true;
    close(this.current);
    this.listeners.clear();
  }
}

function close(conn: Connection) {
  conn.unwatch();
  conn.saving.destroy();
  conn.local?.close();
  conn.provider.awareness.setLocalState(null);
  conn.provider.destroy();
  conn.ydoc.destroy();
}

/** Pure mapping from provider facts to what the indicator says. */
export function connectionState(wsconnected: boolean, synced: boolean): ConnectionState {
  if (!wsconnected) return 'offline';
  return synced ? 'connected' : 'syncing';
}

/** Opens a room for the component's lifetime (StrictMode-safe: the effect owns it). */
export function useRoom(documentId: string, participant: RoomParticipant | null = null): Room | null {
  const [room, setRoom] = useState<Room | null>(null);
  const participantId = participant?.id ?? null;
  const role = participant?.role ?? null;
  useEffect(() => {
    const r = new Room(documentId, participantId !== null && role !== null ? { id: participantId, role } : null);
    setRoom(r);
    return () => {
      setRoom(null);
      r.destroy();
    };
  }, [documentId, participantId, role]);
  return room;
}

/** Local edits of the room's current connection not yet confirmed stored (re-renders on change). */
/**
 * How many edits wait, for the header. Going from none to some (or back) shows at once; a new count
 * alone at most once a second. Every React commit while the editor has focus makes React measure the
 * selection across the editor's whole DOM (tens of milliseconds on a 300-paragraph text), so the
 * header must not re-render on each keystroke.
 */
export function useWaitingEdits(conn: Connection): number {
  const [waiting, setWaiting] = useState(() => conn.saving.waiting);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let shown = conn.saving.waiting;
    const show = () => {
      timer = null;
      shown = conn.saving.waiting;
      setWaiting(shown);
    };
    show();
    const unsubscribe = conn.saving.subscribe(() => {
      const now = conn.saving.waiting;
      if ((now === 0) !== (shown === 0)) {
        if (timer) clearTimeout(timer);
        show();
      } else if (now !== shown && !timer) timer = setTimeout(show, 1000);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [conn]);
  return waiting;
}

/**
 * Asks the browser to confirm leaving while edits are unsent: they are kept in the browser
 * (localStore.ts) for roles that keep a copy, but only reach the others when this page, or a
 * later one, connects again. Connected and synced, every edit has gone out as it was made (only its
 * confirmation may be pending), so leaving then is not questioned.
 */
export function hasUnsentEdits(conn: Connection): boolean {
  return conn.saving.waiting > 0 && !(conn.provider.wsconnected && conn.provider.synced);
}

export function useUnloadWarning(room: Room): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!hasUnsentEdits(room.current)) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [room]);
}

/** The room's current connection and notice, re-rendering when either changes. */
export function useRoomState(room: Room): { conn: Connection; notice: RoomNotice } {
  const conn = useSyncExternalStore(room.subscribe, () => room.current);
  const notice = useSyncExternalStore(room.subscribe, () => room.notice);
  return { conn, notice };
}

export function useConnectionState(provider: WebsocketProvider): ConnectionState {
  return useSyncExternalStore(
    (notify) => {
      provider.on('status', notify);
      provider.on('sync', notify);
      provider.on('connection-close', notify);
      provider.on('connection-error', notify);
      return () => {
        provider.off('status', notify);
        provider.off('sync', notify);
        provider.off('connection-close', notify);
        provider.off('connection-error', notify);
      };
    },
    () => connectionState(provider.wsconnected, provider.synced),
  );
}

/**
 * True once the document's content is known: the first sync with the server finished, or the Y.Doc
 * already holds content. The editor mounts only then, so that an empty editor never writes its
 * placeholder content into the shared document.
 */
export function useContentReady(conn: Connection): boolean {
  const fragment = conn.ydoc.getXmlFragment(DOCUMENT_FIELD);
  const ready = () => conn.provider.synced || fragment.length > 0;
  const [state, setState] = useState(() => ({ conn, ready: ready() }));
  const isReady = state.conn === conn ? state.ready : ready();
  useEffect(() => {
    if (isReady) {
      if (state.conn !== conn || !state.ready) setState({ conn, ready: true });
      return;
    }
    const check = () => {
      if (ready()) setState({ conn, ready: true });
    };
    conn.provider.on('sync', check);
    fragment.observe(check);
    check();
    return () => {
      conn.provider.off('sync', check);
      fragment.unobserve(check);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conn, isReady]);
  return isReady;
}
