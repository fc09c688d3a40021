// Shared by the export tests: the two real fixtures, the zero draft with delegations' proposals
// applied through the same named operations the server applies, a hand-built Redline, unzipping a
// .docx, and xmllint against the OASIS Akoma Ntoso schema.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { applyProposal, type ProposalOperation } from '../../shared/src/proposals/operations.ts';
import type { Redline } from '../../shared/src/revisions/redline.ts';
import { fixture, load, type Imported } from './import-helpers.ts';

export const zeroDraft = (): Imported => load(fixture('wsis10-zero-draft.txt'), 'text');
export const ecosoc = (): Imported => load(fixture('ecosoc-2010-2.md'), 'markdown');

export const DELEGATION_NAMES = new Map([
  ['eu', 'EU'],
  ['celac', 'CELAC'],
  ['g77', 'Group of 77 and China'],
  ['russia', 'Russian Federation'],
]);

/** Applies proposals in order, each by its delegation; fails loudly when one is refused. */
export function propose(doc: PMNode, steps: { by: string | null; op: ProposalOperation }[]): PMNode {
  let state = EditorState.create({ doc });
  for (const { by, op } of steps) {
    const result = applyProposal(state, op, by);
    if (!result.ok) throw new Error(`${op.type} refused: ${result.error}`);
    state = state.apply(result.tr);
  }
  return state.doc;
}

function altIdWithText(doc: PMNode, text: string): string {
  let id: string | null = null;
  doc.descendants((node) => {
    if (id) return false;
    if (node.type.name === 'bracketAlt' && node.textContent === text) id = node.attrs.id;
    return true;
  });
  if (!id) throw new Error(`no alternative "${text}"`);
  return id;
}

function groupIdHolding(doc: PMNode, text: string): string {
  let id: string | null = null;
  doc.descendants((node) => {
    if (id) return false;
    if (node.type.name === 'bracketGroup' && node.textContent.includes(text)) id = node.attrs.id;
    return true;
  });
  if (!id) throw new Error(`no group holding "${text}"`);
  return id;
}

/**
 * The zero draft after a morning of proposals: in paragraph 7 the G77 proposes "fifteen" for "ten"
 * (the Russian Federation objects), the EU and CELAC support the original "ten"; in paragraph 58 the
 * G77 adds "Conference" to [World Summit] [High Level Meeting] and the EU supports High Level Meeting.
 */
export function zeroDraftWithProposals(): { doc: PMNode; imported: Imported } {
  const imported = zeroDraft();
  const p7 = imported.paragraph('7');
  const at = p7.textContent.indexOf('unforeseen ten years ago');
  if (at < 0) throw new Error('paragraph 7 changed');
  let doc = propose(imported.pm, [
    { by: 'g77', op: { type: 'propose-replacement', blockId: p7.attrs.id, from: at + 11, to: at + 14, expected: 'ten', text: 'fifteen' } },
  ]);
  doc = propose(doc, [
    { by: 'eu', op: { type: 'position', altId: altIdWithText(doc, 'ten'), position: 'support' } },
    { by: 'celac', op: { type: 'position', altId: altIdWithText(doc, 'ten'), position: 'support' } },
    { by: 'russia', op: { type: 'position', altId: altIdWithText(doc, 'fifteen'), position: 'object' } },
    { by: 'g77', op: { type: 'propose-alternative', groupId: groupIdHolding(doc, 'World Summit'), text: 'Conference' } },
  ]);
  doc = propose(doc, [{ by: 'eu', op: { type: 'position', altId: altIdWithText(doc, 'High Level Meeting'), position: 'support' } }]);
  return { doc, imported };
}

/** A redline from Rev.1 to Rev.2, built by hand as the lead engineer's compare would. */
export function sampleRedline(): Redline {
  return {
    title: 'Outcome document of the high-level meeting',
    symbol: 'A/70/L.33',
    from: { name: 'Rev.1', at: '2015-11-20T10:00:00.000Z' },
    to: { name: 'Rev.2', at: '2015-12-01T17:30:00.000Z' },
    blocks: [
      { id: 'h1', type: 'heading', level: 1, oldLabel: '1', newLabel: '1', change: 'same', textChanged: false, runs: [{ change: 'same', text: 'ICT for Development' }] },
      {
        id: 'p11',
        type: 'paragraph',
        kind: 'op',
        oldLabel: '11',
        newLabel: '11',
        change: 'changed',
        textChanged: true,
        runs: [
          { change: 'same', text: 'We ', italic: false },
          { change: 'same', text: 'recognize', italic: true },
          { change: 'same', text: ' the need to close the digital divide within ' },
          { change: 'del', text: '[ten]', author: 'European Union' },
          { change: 'ins', text: '[fifteen]', author: 'CELAC' },
          { change: 'same', text: ' years.', footnote: { number: 1, text: 'See resolution 70/1.' } },
        ],
      },
      {
        id: 'p12bis',
        type: 'paragraph',
        kind: 'op',
        oldLabel: null,
        newLabel: '12 bis',
        change: 'inserted',
        textChanged: true,
        author: 'Group of 77 and China',
        runs: [{ change: 'ins', text: 'We call for technology transfer on mutually agreed terms.', author: 'Group of 77 and China' }],
      },
      {
        id: 'p13',
        type: 'paragraph',
        kind: 'op',
        oldLabel: '13',
        newLabel: null,
        change: 'deleted',
        textChanged: true,
        author: 'Co-facilitator',
        runs: [{ change: 'del', text: 'We note the work of the Internet Governance Forum.', author: 'Co-facilitator' }],
      },
      {
        id: 'p12',
        type: 'paragraph',
        kind: 'op',
        oldLabel: '12',
        newLabel: '13',
        change: 'moved',
        textChanged: false,
        runs: [{ change: 'same', text: 'We welcome the [World Summit] [High Level Meeting] in 2025.' }],
      },
      {
        id: 's1',
        type: 'subparagraph',
        oldLabel: '(a)',
        newLabel: '(a)',
        change: 'changed',
        textChanged: true,
        runs: [
          { change: 'same', text: 'broadband ' },
          { change: 'ins', text: 'and mobile ', author: 'Russian Federation' },
          { change: 'same', text: 'access;' },
        ],
      },
    ],
    groupsAdded: [{ paragraph: '11', alternatives: ['fifteen'] }],
    groupsResolved: [{ paragraph: '9', alternatives: ['shall', 'should'], kept: 'should' }],
    renumbered: [{ from: '12', to: '13' }],
  };
}

/** The parts of a .docx by name, as text. */
export function unzipDocx(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

const SCHEMA = fileURLToPath(new URL('../../schemas/akn/akomantoso30.xsd', import.meta.url));

/** xmllint's verdict on an Akoma Ntoso document: '' when valid, its complaints otherwise. */
export function aknSchemaErrors(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'penholder-akn-'));
  const file = join(dir, 'export.akn.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    if ((e as { code?: string }).code === 'ENOENT') throw new Error('xmllint is missing: apt-get install -y libxml2-utils (npm test installs it)');
    return e.stderr?.toString() || e.message;
  }
}
