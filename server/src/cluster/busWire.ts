// The bytes one instance publishes to the others (cluster/redisBus.ts). Compact and binary because a
// document update is binary already (base64 in JSON would cost a third more on every keystroke) and
// lib0 is what Yjs itself encodes with. The document id is not in the message: it is the channel's.
//
//   u8         format version (BUS_WIRE_VERSION); a message of another version is refused, so a rolling
//              upgrade that changes the format must bump it and run old and new side by side knowingly
//   varString  sender's instance id (a receiver drops its own messages: Redis echoes to subscribers)
//   u8         kind: 1 document update, 2 presence, 3 revocation
//   kind 1     varUint previousSeq, varUint lastSeq, varUint8Array update
//   kind 2     varUint8Array update (a y-protocols awareness update)
//   kind 3     varString participantId, varUint close code, varString reason
//
// Decoding is a pure function returning a result, never throwing: whatever arrives on a channel
// (another version, a stray PUBLISH from redis-cli, a truncated frame) becomes a reason to log. A
// message must be consumed exactly: trailing bytes are refused too, so two formats cannot be confused.
// Known limit: the Yjs bytes are not checked here (the bus carries updates another instance already
// accepted and stored); a room applying one must still catch what Y.applyUpdate throws.

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { BusDocumentMessage, BusRevocation } from './bus.ts';

export const BUS_WIRE_VERSION = 1;

const KIND_UPDATE = 1;
const KIND_PRESENCE = 2;
const KIND_REVOCATION = 3;

/** A document message without its document id (the channel names the document). */
export type WireDocumentMessage =
  | { kind: 'update'; previousSeq: number; lastSeq: number; update: Uint8Array }
  | { kind: 'presence'; update: Uint8Array };

export type WireMessage = WireDocumentMessage | ({ kind: 'revocation' } & BusRevocation);

export type DecodeResult = { ok: true; sender: string; message: WireMessage } | { ok: false; reason: string };

/** WebSocket close codes an application may send (RFC 6455 §7.4: 1000-4999). */
export function isCloseCode(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code <= 4999;
}

/** Why a message cannot be encoded (a caller's bug), or null. */
export function invalidWireMessage(message: WireMessage): string | null {
  if (message.kind === 'update') {
    if (!Number.isSafeInteger(message.previousSeq) || message.previousSeq < 0) return 'previousSeq must be a non-negative integer';
    if (!Number.isSafeInteger(message.lastSeq) || message.lastSeq <= message.previousSeq) return 'lastSeq must be an integer above previousSeq (a batch holds at least one update)';
  }
  if (message.kind === 'revocation' && !isCloseCode(message.code)) return `close code ${message.code} is not in 1000-4999`;
  return null;
}

export function encodeBusMessage(sender: string, message: WireMessage): Uint8Array {
  const problem = invalidWireMessage(message);
  if (problem) throw new TypeError(`Cannot publish on the instance bus: ${problem}`);
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, BUS_WIRE_VERSION);
  encoding.writeVarString(encoder, sender);
  switch (message.kind) {
    case 'update':
      encoding.writeUint8(encoder, KIND_UPDATE);
      encoding.writeVarUint(encoder, message.previousSeq);
      encoding.writeVarUint(encoder, message.lastSeq);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'presence':
      encoding.writeUint8(encoder, KIND_PRESENCE);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'revocation':
      encoding.writeUint8(encoder, KIND_REVOCATION);
      encoding.writeVarString(encoder, message.participantId);
      encoding.writeVarUint(encoder, message.code);
      encoding.writeVarString(encoder, message.reason);
      break;
  }
  return encoding.toUint8Array(encoder);
}

export function decodeBusMessage(bytes: Uint8Array): DecodeResult {
  try {
    if (bytes.length === 0) return { ok: false, reason: 'empty message' };
    const decoder = decoding.createDecoder(bytes);
    const version = decoding.readUint8(decoder);
    if (version !== BUS_WIRE_VERSION) return { ok: false, reason: `format version ${version}, expected ${BUS_WIRE_VERSION}` };
    const sender = decoding.readVarString(decoder);
    const kind = decoding.readUint8(decoder);
    let message: WireMessage;
    switch (kind) {
      case KIND_UPDATE: {
        const previousSeq = decoding.readVarUint(decoder);
        const lastSeq = decoding.readVarUint(decoder);
        // A copy: the view would keep the whole received buffer alive and alias it.
        const update = decoding.readVarUint8Array(decoder).slice();
        message = { kind: 'update', previousSeq, lastSeq, update };
        break;
      }
      case KIND_PRESENCE:
        message = { kind: 'presence', update: decoding.readVarUint8Array(decoder).slice() };
        break;
      case KIND_REVOCATION: {
        const participantId = decoding.readVarString(decoder);
        const code = decoding.readVarUint(decoder);
        const reason = decoding.readVarString(decoder);
        message = { kind: 'revocation', participantId, code, reason };
        break;
      }
      default:
        return { ok: false, reason: `unknown message kind ${kind}` };
    }
    if (decoding.hasContent(decoder)) return { ok: false, reason: `${bytes.length - decoder.pos} trailing bytes` };
    const problem = invalidWireMessage(message);
    if (problem) return { ok: false, reason: problem };
    return { ok: true, sender, message };
  } catch (error) {
    // lib0 throws on a read past the end and on a varUint beyond 53 bits.
    return { ok: false, reason: `truncated or corrupt (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The bus message for a document, from a wire message read on that document's channel. */
export function withDocumentId(documentId: string, message: WireDocumentMessage): BusDocumentMessage {
  return { ...message, documentId };
}

/** A wire message from a bus document message (the document id goes in the channel name). */
export function withoutDocumentId(message: BusDocumentMessage): WireDocumentMessage {
  return message.kind === 'update'
    ? { kind: 'update', previousSeq: message.previousSeq, lastSeq: message.lastSeq, update: message.update }
    : { kind: 'presence', update: message.update };
}
