// Stock y-websocket clients on the demo document (the imported WSIS+10 zero draft) converge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendParagraph,
  blockTexts,
  connectProvider,
  demoDocumentId,
  startServerProcess,
  waitUntil,
  type ServerProcess,
} from '../helpers/server.ts';
import { docFromYDoc } from '../../shared/src/collab/ydoc.ts';

let server: ServerProcess;
let documentId: string;

beforeAll(async () => {
  server = await startServerProcess({ env: { PENHOLDER_QUIET: '1' } });
  documentId = await demoDocumentId(server);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
});

/** The first XmlText of the n-th paragraph block, where people type. */
function paragraphText(doc: Y.Doc, n: number): Y.XmlText {
  const blocks = doc.getXmlFragment('default').toArray() as Y.XmlElement[];
  const paragraph = blocks.filter((b) => b.nodeName === 'paragraph')[n]!;
  return paragraph.get(0) as Y.XmlText;
}

describe('sync', () => {
  it('two clients on the demo document converge, and a late joiner gets the full state', async () => {
    const alice = connectProvider(server, documentId);
    const bob = connectProvider(server, documentId);
    await Promise.all([alice.synced, bob.synced]);

    // Both received the imported zero draft.
    const initial = await blockTexts(alice.doc);
    expect(initial.length).toBeGreaterThan(58);
    expect(initial.join('\n')).toContain('High Level Meeting on the Information Society');
    expect(await blockTexts(bob.doc)).toEqual(initial);

    // Concurrent edits: the same paragraph from both sides, plus a new paragraph each.
    paragraphText(alice.doc, 0).insert(0, 'ALICE ');
    paragraphText(bob.doc, 0).insert(0, 'BOB ');
    appendParagraph(alice.doc, 'Proposal from Alice.');
    appendParagraph(bob.doc, 'Proposal from Bob.');

    const hasBoth = async (doc: Y.Doc) => {
      const text = (await blockTexts(doc)).join('\n');
      return ['ALICE ', 'BOB ', 'Proposal from Alice.', 'Proposal from Bob.'].every((s) => text.includes(s));
    };
    await waitUntil(() => hasBoth(alice.doc), 5_000, 'alice to see both edits');
    await waitUntil(() => hasBoth(bob.doc), 5_000, 'bob to see both edits');
    expect(docFromYDoc(alice.doc).toJSON()).toEqual(docFromYDoc(bob.doc).toJSON());

    const carol = connectProvider(server, documentId);
    await carol.synced;
    expect(docFromYDoc(carol.doc).toJSON()).toEqual(docFromYDoc(alice.doc).toJSON());
    expect(Y.encodeStateVector(carol.doc)).toEqual(Y.encodeStateVector(alice.doc));

    for (const c of [alice, bob, carol]) c.destroy();
  });

  it('an offline client merges its edits on reconnect', async () => {
    const alice = connectProvider(server, documentId);
    const bob = connectProvider(server, documentId);
    await Promise.all([alice.synced, bob.synced]);
    alice.provider.disconnect();
    appendParagraph(alice.doc, 'Written offline.');
    appendParagraph(bob.doc, 'Written online meanwhile.');
    await new Promise((r) => setTimeout(r, 100));
    alice.provider.connect();
    const both = async (doc: Y.Doc) => {
      const t = await blockTexts(doc);
      return t.includes('Written offline.') && t.includes('Written online meanwhile.');
    };
    await waitUntil(() => both(alice.doc), 5_000, 'alice to merge');
    await waitUntil(() => both(bob.doc), 5_000, 'bob to merge');
    alice.destroy();
    bob.destroy();
  });
});
