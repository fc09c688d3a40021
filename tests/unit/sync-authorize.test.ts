// The sync gate's limit on Yjs client ids (server/src/sync/authorize.ts CLIENT_ID_LIMITS): every
// client id that ever wrote in a document costs every later transaction on it, on the server and in
// every browser, so a writer may not bring many at once, nor many over a document's life.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLIENT_ID_LIMITS, REFUSALS, authorizeUpdate } from '../../server/src/sync/authorize.ts';
import { participant } from './sync-helpers.ts';
import { appendParagraph } from '../helpers/server.ts';

const alice = participant('alice');

/** A document with one paragraph, and an update that adds a paragraph under each of `ids`. */
function written(ids: number[]) {
  const doc = new Y.Doc();
  appendParagraph(doc, 'We welcome the report.');
  const base = Y.encodeStateAsUpdate(doc);
  const updates = ids.map((id) => {
    const local = new Y.Doc();
    local.clientID = id;
    Y.applyUpdate(local, base);
    const before = Y.encodeStateVector(local);
    appendParagraph(local, `Written under ${id}.`);
    return Y.encodeStateAsUpdate(local, before);
  });
  const owners = new Map([[doc.clientID, '@server']]);
  return { doc, owners, decoded: Y.decodeUpdate(Y.mergeUpdates(updates)) };
}
const ids = (n: number, from = 1_000) => Array.from({ length: n }, (_, i) => from + i);

describe('client ids a writer brings', () => {
  it(`accepts an update under up to ${CLIENT_ID_LIMITS.perUpdate} new client ids, and claims them`, () => {
    const { doc, owners, decoded } = written(ids(CLIENT_ID_LIMITS.perUpdate));
    const verdict = authorizeUpdate(alice, decoded, doc, owners);
    expect(verdict.ok && [...verdict.claims].sort((a, b) => a - b)).toEqual(ids(CLIENT_ID_LIMITS.perUpdate));
  });

  it('refuses an update under more new client ids than that, whole', () => {
    const { doc, owners, decoded } = written(ids(CLIENT_ID_LIMITS.perUpdate + 1));
    expect(authorizeUpdate(alice, decoded, doc, owners)).toEqual({ ok: false, reason: REFUSALS.clientIds });
  });

  it('refuses a new client id past the limit a participant may own in a document, not one it owns already', () => {
    const { doc, owners, decoded } = written([5]);
    expect(authorizeUpdate(alice, decoded, doc, owners, CLIENT_ID_LIMITS.perParticipant - 1).ok).toBe(true);
    expect(authorizeUpdate(alice, decoded, doc, owners, CLIENT_ID_LIMITS.perParticipant)).toEqual({ ok: false, reason: REFUSALS.clientIds });
    owners.set(5, 'alice');
    expect(authorizeUpdate(alice, decoded, doc, owners, CLIENT_ID_LIMITS.perParticipant)).toEqual({ ok: true, claims: [] });
  });
});
