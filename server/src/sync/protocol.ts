// The y-websocket wire format, parsed whole and strictly before anything acts on it.
//
// A frame is varUint(messageType) followed by its payload:
//   0 sync:      varUint(step) varUint8Array(payload)   step 0 = state vector, 1 = step 2, 2 = update
//   1 awareness: varUint8Array(awareness update)        [count, (clientID, clock, JSON state)*]
//   3 query awareness (no payload)
// lib0's decoders throw on truncated input and y-protocols' readers act while they read, so a bad
// frame could half-apply. Parsing everything first (Y updates included, via Y.decodeUpdate, whose cost
// is proportional to the update) means a malformed frame is refused having changed nothing.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state exactly as sent ('null' marks a removal); re-encoded verbatim when accepted. */
  json: string;
}

/**
 * An awareness entry as it arrived: framing checked, its state still the UTF-8 bytes of the frame.
 * Most entries a room receives are dropped unread: the stock provider re-sends every state it hears,
 * so each caret move comes back from every peer (199 echoes in a room of 200). Decoding and
 * JSON-checking each of those cost more than anything else per edit; only the entries the server
 * applies are decoded (awarenessJson).
 */
export interface ReceivedAwarenessEntry {
  clientId: number;
  clock: number;
  /** The state's JSON text, undecoded (a view into the frame). */
  state: Uint8Array;
}

/** A Yjs update decoded once, by validation, and inspected by the role gate (sync/authorize.ts). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array; decoded: DecodedUpdate }
  | { kind: 'update'; update: Uint8Array; decoded: DecodedUpdate }
  | { kind: 'awareness'; entries: ReceivedAwarenessEntry[] }
  | { kind: 'queryAwareness' };

/** A frame the server refuses; `reason` becomes the WebSocket close reason (keep it short). */
export class MalformedMessage extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Runs a decoding step, turning lib0's range errors on truncated input into MalformedMessage. */
function attempt<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage(`malformed message: ${what}`);
  }
}

function expectEnd(decoder: decoding.Decoder, what: string): void {
  if (decoding.hasContent(decoder)) throw new MalformedMessage(`malformed message: trailing bytes after ${what}`);
}

export function parseClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  const type = attempt('message type', () => decoding.readVarUint(decoder));
  switch (type) {
    case MESSAGE_SYNC:
      return parseSync(decoder);
    case MESSAGE_AWARENESS: {
      const payload = attempt('awareness payload', () => decoding.readVarUint8Array(decoder));
      expectEnd(decoder, 'awareness');
      return { kind: 'awareness', entries: parseAwarenessUpdate(payload) };
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder, 'query awareness');
      return { kind: 'queryAwareness' };
    default:
      // Includes 2 (auth): that message only ever flows from server to client.
      throw new MalformedMessage(`malformed message: unknown message type ${type}`);
  }
}

function parseSync(decoder: decoding.Decoder): ClientMessage {
  const step = attempt('sync step', () => decoding.readVarUint(decoder));
  const payload = attempt('sync payload', () => decoding.readVarUint8Array(decoder));
  expectEnd(decoder, 'sync');
  switch (step) {
    case SYNC_STEP1:
      attempt('state vector', () => Y.decodeStateVector(payload));
      return { kind: 'syncStep1', stateVector: payload };
    case SYNC_STEP2:
    case SYNC_UPDATE:
      return { kind: step === SYNC_STEP2 ? 'syncStep2' : 'update', update: payload, decoded: validateUpdate(payload) };
    default:
      throw new MalformedMessage(`malformed message: unknown sync step ${step}`);
  }
}

/** Decodes `update` completely as a Yjs (v1) update; throws MalformedMessage if it does not. */
export function validateUpdate(update: Uint8Array): DecodedUpdate {
  return attempt('invalid Yjs update', () => Y.decodeUpdate(update));
}

/** Checks an awareness update's framing (count, then client id, clock and length-prefixed state per entry); states stay undecoded. */
export function parseAwarenessUpdate(payload: Uint8Array): ReceivedAwarenessEntry[] {
  return attempt('awareness update', () => {
    const decoder = decoding.createDecoder(payload);
    const count = decoding.readVarUint(decoder);
    const entries: ReceivedAwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarUint8Array(decoder);
      entries.push({ clientId, clock, state });
    }
    expectEnd(decoder, 'awareness update');
    return entries;
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // as lib0's readVarString

/**
 * The entry's state as JSON text; throws MalformedMessage unless it is UTF-8 holding JSON, so a state
 * other clients could not parse is refused before anything is applied or relayed. Returns the
 * parsed value too, for callers that read it.
 */
export function awarenessJson(entry: ReceivedAwarenessEntry): { json: string; value: unknown } {
  return attempt('awareness update', () => {
    const json = utf8.decode(entry.state);
    return { json, value: JSON.parse(json) as unknown };
  });
}

// Outgoing frames. Each is returned as a Buffer over the encoder's bytes (no copy): one frame is
// often queued to every peer of a room, and ws wraps anything that is not a Buffer into one per send.

function frameOf(e: encoding.Encoder): Uint8Array {
  const bytes = encoding.toUint8Array(e);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return frameOf(e);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  return frameOf(e);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
  return frameOf(e);
}

/** y-protocols' auth message "permission denied", which the stock provider hands to its handler. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(e, reason);
  return frameOf(e);
}

/** Wraps an awareness update (as produced by y-protocols' encodeAwarenessUpdate) in a frame. */
export function encodeAwarenessFrame(awarenessUpdate: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessUpdate);
  return frameOf(e);
}

/** Re-encodes accepted entries as an awareness update, for y-protocols' applyAwarenessUpdate. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, entry.json);
  }
  return encoding.toUint8Array(e);
}

/**
 * Awareness frames for many peers from the same entries (the presence relay's batch): each entry is
 * encoded once, and the frame for a peer whose own entry is left out copies the others' bytes instead
 * of encoding them again (at 16 edits/s from 50 writers nearly every peer's own entry is in every
 * batch, and encoding 49 states for each of 50 peers was the relay's main cost). Byte for byte what
 * encodeAwarenessFrame(encodeAwarenessEntries(entries)) gives.
 */
export class AwarenessFrames {
  private readonly parts: Uint8Array[];
  /** Where each client id's entry is in `parts`. */
  private readonly index = new Map<number, number>();
  private all: Uint8Array | null = null;

  constructor(entries: readonly AwarenessEntry[]) {
    this.parts = entries.map((entry, i) => {
      this.index.set(entry.clientId, i);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.json);
      return encoding.toUint8Array(e);
    });
  }

  /** Every entry, for the peers that own none of them. */
  everyone(): Uint8Array {
    return (this.all ??= this.frame(-1));
  }

  /** Every entry but `clientId`'s; null when nothing else is left. */
  without(clientId: number): Uint8Array | null {
    const skip = this.index.get(clientId);
    if (skip === undefined) return this.everyone();
    return this.parts.length === 1 ? null : this.frame(skip);
  }

  private frame(skip: number): Uint8Array {
    const count = this.parts.length - (skip >= 0 ? 1 : 0);
    let size = varUintLength(count);
    this.parts.forEach((part, i) => (size += i === skip ? 0 : part.length));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint(e, size);
    encoding.writeVarUint(e, count);
    this.parts.forEach((part, i) => {
      if (i !== skip) encoding.writeUint8Array(e, part);
    });
    return frameOf(e);
  }
}

/** Bytes lib0's writeVarUint takes for `n`. */
function varUintLength(n: number): number {
  let length = 1;
  for (let rest = n; rest > 0b0111_1111; rest = Math.floor(rest / 128)) length++;
  return length;
}
