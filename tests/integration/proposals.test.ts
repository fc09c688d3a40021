// Delegations change the document only through named operations the server applies
// (POST /api/documents/:id/operations): accepted ones are attributed to the delegation and reach every
// client like any update; refused ones change nothing and say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { docFromYDoc } from '../../shared/src/collab/ydoc.ts';
import {
  connectProvider,
  getJSON,
  postJSON,
  seededDataDir,
  startServerProcess,
  storedDocJSON,
  waitUntil,
  type ProviderClient,
  type ServerProcess,
} from '../helpers/server.ts';
import { agreedAndBracketed } from '../helpers/fixtureContent.ts';

const content = agreedAndBracketed;

let server: ServerProcess;
let dataDir: string;
let documentId: string;
let cofac: ProviderClient;
let eu: ProviderClient;

beforeAll(async () => {
  const seeded = await seededDataDir({ content });
  dataDir = seeded.dataDir;
  documentId = seeded.documentId;
  server = await startServerProcess({ dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: seeded.tokens });
});

afterAll(async () => {
  cofac?.destroy();
  eu?.destroy();
  await server?.stop('SIGKILL');
});

const operate = (op: unknown, token: string | null = server.tokens.delegation) =>
  postJSON(server, `/api/documents/${documentId}/operations`, op, token);

interface AltInfo {
  id: string;
  proposer: string | null;
  text: string;
  supporters: string[];
  paragraph: string;
}

function alternatives(doc: Y.Doc): AltInfo[] {
  const found: AltInfo[] = [];
  docFromYDoc(doc).forEach((block) => {
    block.descendants((node) => {
      if (node.type.name === 'bracketAlt') {
        found.push({
          id: node.attrs.id,
          proposer: node.attrs.proposer,
          text: node.textContent,
          supporters: node.attrs.supporters ?? [],
          paragraph: block.attrs.id,
        });
      }
      return true;
    });
  });
  return found;
}

describe('proposal operations', () => {
  it('applies an operation on a document nobody has open, stored for those who come later', async () => {
    const res = await operate({ type: 'propose-insertion', blockId: 'p2', at: 0, expected: '', text: 'Recalling the Tunis Agenda, ' });
    expect(res).toEqual({ status: 200, body: { ok: true } });
    cofac = connectProvider(server, documentId, { token: server.tokens.cofacilitator });
    eu = connectProvider(server, documentId, { token: server.tokens.delegation });
    await Promise.all([cofac.synced, eu.synced]);
    expect(alternatives(cofac.doc)).toContainEqual(expect.objectContaining({ proposer: 'eu', text: 'Recalling the Tunis Agenda, ', paragraph: 'p2' }));
  });

  it("a delegation's replacement is accepted, attributed to it, and seen by a co-facilitator's stock provider", async () => {
    const res = await operate({ type: 'propose-replacement', blockId: 'p1', from: 3, to: 11, expected: 'reaffirm', text: 'recall' });
    expect(res).toEqual({ status: 200, body: { ok: true } });
    const proposal = () => alternatives(cofac.doc).find((a) => a.paragraph === 'p1' && a.proposer === 'eu');
    await waitUntil(() => proposal()?.text === 'recall', 5_000, 'the co-facilitator to see the proposal');
    expect(alternatives(cofac.doc).filter((a) => a.paragraph === 'p1').map((a) => [a.proposer, a.text])).toEqual([
      [null, 'reaffirm'],
      ['eu', 'recall'],
    ]);
    // The delegation's own read-only provider receives it too, and stays connected.
    await waitUntil(() => alternatives(eu.doc).some((a) => a.paragraph === 'p1' && a.text === 'recall'), 5_000, 'eu to see it');
    expect(eu.provider.wsconnected).toBe(true);

    const history = await getJSON(server, `/api/documents/${documentId}/history?limit=1`);
    expect(history.body).toEqual([
      {
        seq: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        participant: { id: expect.any(String), name: 'European Union', role: 'delegation', delegation: { id: 'eu', name: 'European Union' } },
        blocks: ['p1'],
        // what the operation was, for the history and the overview's delegation activity
        events: [{ kind: 'proposal', op: 'propose-replacement', blockId: 'p1' }],
      },
    ]);
  });

  it('alternative, support and amend of its own proposal are accepted', async () => {
    expect((await operate({ type: 'propose-alternative', groupId: 'g1', text: 'Conference' })).status).toBe(200);
    expect((await operate({ type: 'position', altId: 'a2', position: 'support' })).status).toBe(200);
    await waitUntil(() => alternatives(cofac.doc).some((a) => a.proposer === 'eu' && a.text === 'Conference'), 5_000, 'alternative');
    await waitUntil(() => alternatives(cofac.doc).find((a) => a.id === 'a2')?.supporters.includes('eu') === true, 5_000, 'support');
    const mine = alternatives(cofac.doc).find((a) => a.proposer === 'eu' && a.text === 'Conference')!;
    expect((await operate({ type: 'amend', altId: mine.id, text: 'World Conference' })).status).toBe(200);
    await waitUntil(() => alternatives(cofac.doc).find((a) => a.id === mine.id)?.text === 'World Conference', 5_000, 'amend');
  });

  it('refused operations answer 409 with the reason and change nothing', async () => {
    const before = docFromYDoc(cofac.doc).toJSON();
    const cases: [unknown, string][] = [
      [{ type: 'withdraw', altId: 'a2' }, 'only the delegation that proposed this alternative may change it'],
      [{ type: 'amend', altId: 'a2', text: 'Meeting' }, 'only the delegation that proposed this alternative may change it'],
      [{ type: 'propose-deletion', blockId: 'p1', from: 0, to: 2, expected: 'To' }, 'the text has changed since you selected it; select it again'],
      [{ type: 'propose-insertion', blockId: 'p1', at: 3, expected: 'To ', text: 'x' }, 'the text has changed since you placed the caret; place it again'],
      [{ type: 'propose-insertion', blockId: 'nope', at: 0, expected: '', text: 'x' }, 'no such paragraph'],
      [{ type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: '[x]' }, 'proposed text cannot contain square brackets; propose each alternative separately'],
    ];
    for (const [op, error] of cases) expect(await operate(op)).toEqual({ status: 409, body: { error } });
    const inG77 = await operate({ type: 'propose-alternative', groupId: 'no-such-group', text: 'x' });
    expect(inG77).toEqual({ status: 409, body: { error: 'no such bracket group' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(docFromYDoc(cofac.doc).toJSON()).toEqual(before);
    expect(await storedDocJSON(dataDir, documentId)).toEqual(before);
  });

  it('malformed operations are 400, observers 403, strangers 401, unknown documents 404', async () => {
    expect(await operate({ type: 'rewrite-everything' })).toEqual({ status: 400, body: { error: 'unknown operation type: rewrite-everything' } });
    expect(await operate({ type: 'propose-insertion', blockId: 'p1', at: 'start', text: 'x' })).toEqual({
      status: 400,
      body: { error: 'malformed propose-insertion operation (at: Invalid input: expected number, received string)' },
    });
    expect(await operate({ type: 'propose-insertion', blockId: 'p1', at: 0, text: 'x' })).toEqual({
      status: 400,
      body: { error: 'malformed propose-insertion operation (expected: Invalid input: expected string, received undefined)' },
    });
    const broken = await fetch(`${server.httpUrl}/api/documents/${documentId}/operations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.delegation}` },
      body: '{"type": "propose-insertion",',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toHaveProperty('error');

    const op = { type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Observed ' };
    expect(await operate(op, server.tokens.observer)).toEqual({ status: 403, body: { error: 'observers cannot propose' } });
    expect(await operate(op, null)).toEqual({ status: 401, body: { error: 'authentication required' } });
    expect(await operate(op, 'x'.repeat(43))).toEqual({ status: 401, body: { error: 'This access link is not valid.' } });
    const missing = await postJSON(server, '/api/documents/nope/operations', op, server.tokens.delegation);
    expect(missing.status).toBe(404);
  });

  it('co-facilitators propose as pen-holders (no proposer); positions are for delegations', async () => {
    const res = await operate({ type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Further, ' }, server.tokens.cofacilitator);
    expect(res.status).toBe(200);
    await waitUntil(() => alternatives(eu.doc).some((a) => a.text === 'Further, ' && a.proposer === null), 5_000, 'pen-holder insertion');
    const history = await getJSON(server, `/api/documents/${documentId}/history?limit=1`);
    expect(history.body[0].participant).toMatchObject({ role: 'cofacilitator', delegation: null });
    expect(await operate({ type: 'position', altId: 'a2', position: 'object' }, server.tokens.cofacilitator)).toEqual({
      status: 403,
      body: { error: 'only delegations support or object' },
    });
  });

  it('screen negotiation: a co-facilitator enters a proposal and a position for a delegation speaking in the room', async () => {
    const res = await operate({ type: 'propose-insertion', blockId: 'p1', at: 0, expected: '', text: 'Firmly, ', onBehalfOf: 'g77' }, server.tokens.cofacilitator);
    expect(res).toEqual({ status: 200, body: { ok: true } });
    await waitUntil(() => alternatives(eu.doc).some((a) => a.text === 'Firmly, ' && a.proposer === 'g77'), 5_000, 'screen proposal');
    // Recorded as entered by the co-facilitator, for the G77.
    const history = await getJSON(server, `/api/documents/${documentId}/history?limit=1`);
    expect(history.body[0].participant).toMatchObject({ role: 'cofacilitator', delegation: { id: 'g77' } });
    expect(await operate({ type: 'position', altId: 'a2', position: 'support', onBehalfOf: 'eu' }, server.tokens.cofacilitator)).toEqual({
      status: 200,
      body: { ok: true },
    });
    await waitUntil(() => alternatives(eu.doc).some((a) => a.id === 'a2' && a.supporters.includes('eu')), 5_000, 'screen support');

    // Only roles that may, only for delegations of this negotiation, and with the same rules as the delegation's own.
    const mine = alternatives(eu.doc).find((a) => a.text === 'Firmly, ')!;
    expect(await operate({ type: 'withdraw', altId: mine.id, onBehalfOf: 'g77' }, server.tokens.delegation)).toEqual({
      status: 403,
      body: { error: 'a delegation speaks only for itself' },
    });
    expect(await operate({ type: 'withdraw', altId: mine.id, onBehalfOf: 'nobody' }, server.tokens.cofacilitator)).toEqual({
      status: 400,
      body: { error: 'no delegation "nobody" in this negotiation' },
    });
    expect((await operate({ type: 'withdraw', altId: mine.id, onBehalfOf: 'eu' }, server.tokens.cofacilitator)).status).toBe(409);
    expect(await operate({ type: 'withdraw', altId: mine.id, onBehalfOf: 'g77' }, server.tokens.cofacilitator)).toEqual({ status: 200, body: { ok: true } });
  });

  it('a new paragraph and a whole-paragraph alternative reach every client, attributed', async () => {
    expect((await operate({ type: 'propose-paragraph', afterBlockId: 'p1', text: 'We welcome the offer of Brazil.' })).status).toBe(200);
    expect((await operate({ type: 'propose-paragraph-alternative', blockId: 'p1', text: 'We recall the agreed text.' })).status).toBe(200);
    await waitUntil(() => docFromYDoc(cofac.doc).childCount === 5, 5_000, 'two new paragraphs');
    const blocks: { label: unknown; text: string; proposer: unknown }[] = [];
    docFromYDoc(cofac.doc).forEach((b) => void blocks.push({ label: b.attrs.label, text: b.textContent, proposer: b.firstChild?.firstChild?.attrs.proposer ?? null }));
    // After paragraph 1 (as earlier tests left it): its alternative first, then the new paragraph.
    expect(blocks[1]!.label).toBeNull();
    expect(blocks.slice(2, 4)).toEqual([
      { label: '1 Alt', text: 'We recall the agreed text.', proposer: 'eu' },
      { label: null, text: 'We welcome the offer of Brazil.', proposer: 'eu' },
    ]);
  });
});
