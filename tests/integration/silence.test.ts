// The silence procedure through the real server: co-facilitators open it, delegations break it with a
// reason, the server settles it at the deadline (attributed to itself on behalf of the opener), also
// when it was down at the deadline; the overview endpoint shows the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getJSON, postJSON, startServerProcess, storedDocJSON, waitUntil, type PenHolderRoom, penHolderRoom } from '../helpers/server.ts';

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id, kind: 'op' }, content: [{ type: 'text', text }] });
const content = [
  { type: 'sectionHeading', attrs: { id: 's1', level: 1, numbered: true }, content: [{ type: 'text', text: 'Vision' }] },
  para('p1', 'We reaffirm the vision.'),
  para('p2', 'We recognize the digital divides.'),
  para('p3', 'We call for action.'),
  {
    type: 'paragraph',
    attrs: { id: 'p4', kind: 'op' },
    content: [
      { type: 'text', text: 'Review in ' },
      { type: 'bracketGroup', attrs: { id: 'g1' }, content: [{ type: 'bracketAlt', content: [{ type: 'text', text: 'five' }] }, { type: 'bracketAlt', attrs: { proposer: 'eu' }, content: [{ type: 'text', text: 'ten' }] }] },
      { type: 'text', text: ' years.' },
    ],
  },
];

let room: PenHolderRoom;
beforeAll(async () => {
  room = await penHolderRoom(content);
});
afterAll(async () => {
  await room?.close();
});

const status = (doc: Y.Doc, id: string) =>
  (doc.getXmlFragment('default').toArray() as Y.XmlElement[]).find((b) => b.getAttribute('id') === id)?.getAttribute('status');
const silence = (op: unknown, token: string) => postJSON(room.server, `/api/documents/${room.documentId}/silence`, op, token);
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('silence procedure', () => {
  it('refuses delegations opening it, paragraphs with groups, and breaking without a reason', async () => {
    const { tokens } = room.server;
    const byDelegation = await silence({ type: 'open', scope: { kind: 'document' }, deadline: inSeconds(60) }, tokens.delegation);
    expect(byDelegation.status).toBe(403);
    const withGroups = await silence({ type: 'open', scope: { kind: 'paragraphs', blockIds: ['p4'] }, deadline: inSeconds(60) }, tokens.cofacilitator);
    expect(withGroups.status).toBe(409);
    expect(withGroups.body.error).toBe('cannot put this under silence: paragraph 4 still has open bracket groups');
    const noReason = await silence({ type: 'break', procedureId: 'x', blockId: 'p1', reason: ' ' }, tokens.delegation);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toBe('say why you break silence');
  });

  it('agrees at the deadline what no delegation broke, attributed to the server for the co-facilitator', async () => {
    const { tokens } = room.server;
    const opened = await silence({ type: 'open', scope: { kind: 'paragraphs', blockIds: ['p1', 'p2'] }, deadline: inSeconds(3) }, tokens.cofacilitator);
    expect(opened.status).toBe(200);
    const id = opened.body.procedure.id as string;
    // everyone sees it in the document (the 'silence' root)
    await waitUntil(() => room.bob.doc.getMap('silence').has(id), 5_000, 'the procedure to reach the secretariat');
    const broken = await silence({ type: 'break', procedureId: id, blockId: 'p2', reason: 'We must consult capital.' }, tokens.delegation);
    expect(broken.status).toBe(200);
    expect(broken.body.procedure.breaks).toEqual([
      expect.objectContaining({ blockId: 'p2', delegationId: 'eu', delegationName: 'European Union', reason: 'We must consult capital.' }),
    ]);
    // a co-facilitator cannot break silence
    expect((await silence({ type: 'break', procedureId: id, blockId: 'p1', reason: 'no' }, tokens.cofacilitator)).status).toBe(403);

    await waitUntil(() => status(room.alice.doc, 'p1') === 'agreed', 8_000, 'p1 agreed under silence');
    expect(status(room.alice.doc, 'p2')).not.toBe('agreed');
    const stored = room.alice.doc.getMap('silence').get(id) as { state: string; agreed: string[]; notAgreed: unknown[] };
    expect(stored.state).toBe('settled');
    expect(stored.agreed).toEqual(['p1']);
    expect(stored.notAgreed).toEqual([{ blockId: 'p2', reason: 'silence broken by European Union' }]);

    const history = (await getJSON(room.server, `/api/documents/${room.documentId}/history?block=p1`, tokens.observer)).body;
    expect(history[0].participant.name).toMatch(/^Penholder \(silence procedure, for /);
    expect(history[0].statuses).toEqual({ p1: 'agreed' });
    expect(history[0].events).toEqual([expect.objectContaining({ kind: 'agreed-under-silence', blockIds: ['p1'] })]);
    // the overview shows the procedure, who broke it and why, and p1 among the agreed
    const overview = (await getJSON(room.server, `/api/documents/${room.documentId}/overview`, tokens.observer)).body;
    expect(overview.totals.agreed).toBe(1);
    expect(overview.silence).toEqual([
      expect.objectContaining({ id, state: 'settled', agreed: ['p1'], breaks: [expect.objectContaining({ delegationName: 'European Union', reason: 'We must consult capital.' })] }),
    ]);
    // breaking after the deadline is refused
    const late = await silence({ type: 'break', procedureId: id, blockId: 'p1', reason: 'too late' }, tokens.delegation);
    expect(late.status).toBe(409);
  });

  it('settles a deadline that passed while the server was down, on start', async () => {
    const { tokens } = room.server;
    const opened = await silence({ type: 'open', scope: { kind: 'paragraphs', blockIds: ['p3'] }, deadline: inSeconds(2) }, tokens.cofacilitator);
    expect(opened.status).toBe(200);
    room.alice.destroy();
    room.bob.destroy();
    await room.server.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 2500));
    const before = JSON.stringify(await storedDocJSON(room.dataDir, room.documentId));
    expect(before).not.toMatch(/"id":"p3","kind":"op","status":"agreed"/);
    const again = await startServerProcess({ dataDir: room.dataDir, env: { PENHOLDER_QUIET: '1' }, tokens: room.server.tokens });
    try {
      // nobody opens the document: the start-up pass settles it
      await waitUntil(
        async () => {
          const doc = (await storedDocJSON(room.dataDir, room.documentId)) as { content: { attrs?: { id?: string; status?: string } }[] };
          return doc.content.some((b) => b.attrs?.id === 'p3' && b.attrs.status === 'agreed');
        },
        8_000,
        'p3 agreed after the restart',
      );
    } finally {
      await again.stop('SIGKILL');
    }
  });
});
