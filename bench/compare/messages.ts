// Messages between the comparison's controller (bench/compare.ts) and its load workers (worker.ts).

export type ServerKind = 'penholder' | 'y-websocket' | 'hocuspocus' | 'relay';
/** [writer's Yjs client id, clock of the edit, epoch ms when it was made] */
export type SentRecord = [number, number, number];

export interface ClientTarget {
  url: string;
  room: string;
  params: Record<string, string>;
}

export type ToWorker =
  | { type: 'connect'; kind: ServerKind; urls: ClientTarget[]; seed: string | null }
  | { type: 'sent'; records: SentRecord[] }
  | { type: 'type'; writers: number[]; perSecond: number; durationMs: number }
  | { type: 'report' }
  | ({ type: 'join'; kind: ServerKind } & ClientTarget)
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'connected'; ms: number; count: number }
  | { type: 'sent'; records: SentRecord[] }
  | { type: 'typing' }
  | { type: 'report'; samples: number[]; edits: number; cpuMs: number; wallMs: number; unmatched: number }
  | { type: 'joined'; ms: number; bytes: number }
  | { type: 'closed' };
