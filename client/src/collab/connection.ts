// One Y.Doc and one WebsocketProvider per open document, and the connection state the indicator shows.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { DOCUMENT_FIELD } from '../../../shared/src/collab/ydoc.ts';
import { syncServerUrl } from '../api.ts';

export type ConnectionState = 'connected' | 'syncing' | 'offline';

export interface Connection {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function openConnection(documentId: string, serverUrl = syncServerUrl()): Connection {
  const ydoc = new Y.Doc();
  // disableBc: tabs of one browser must each talk to the server (which checks and attributes
  // every change), not to each other behind its back.
  const provider = new WebsocketProvider(serverUrl, documentId, ydoc, { disableBc: true });
  return {
    ydoc,
    provider,
    destroy() {
      provider.awareness.setLocalState(null);
      provider.destroy();
      ydoc.destroy();
    },
  };
}

/** Pure mapping from provider facts to what the indicator says. */
export function connectionState(wsconnected: boolean, synced: boolean): ConnectionState {
  if (!wsconnected) return 'offline';
  return synced ? 'connected' : 'syncing';
}

/** Opens a connection for the component's lifetime (StrictMode-safe: the effect owns it). */
export function useConnection(documentId: string): Connection | null {
  const [conn, setConn] = useState<Connection | null>(null);
  useEffect(() => {
    const c = openConnection(documentId);
    setConn(c);
    return () => {
      setConn(null);
      c.destroy();
    };
  }, [documentId]);
  return conn;
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
  const [isReady, setReady] = useState(ready);
  useEffect(() => {
    if (isReady) return;
    const check = () => {
      if (ready()) setReady(true);
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
