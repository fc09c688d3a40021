// Typed access to the server's HTTP API.
import type { NumberingStyle } from '../../shared/src/model/types.ts';

export interface DelegationSummary {
  id: string;
  name: string;
  kind: string;
}
export interface NegotiationSummary {
  id: string;
  title: string;
  documents: Array<{ id: string; title: string }>;
  delegations: DelegationSummary[];
}
export interface DocumentInfo {
  id: string;
  title: string;
  negotiationId: string;
  numberingStyle: NumberingStyle;
}

async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${res.statusText}`);
  return (await res.json()) as T;
}

export const listNegotiations = (signal?: AbortSignal) => getJSON<NegotiationSummary[]>('/api/negotiations', signal);
export const getDocument = (id: string, signal?: AbortSignal) =>
  getJSON<DocumentInfo>(`/api/documents/${encodeURIComponent(id)}`, signal);

/** ws(s)://host/sync — the provider appends `/<documentId>`. */
export function syncServerUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/sync`;
}
