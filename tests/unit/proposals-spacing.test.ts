// An insertion is set apart from the words around it as in UN drafts: `outcomes [and working
// modalities] of`, never `outcomes[and working modalities] of`; withdrawing it leaves the sentence
// as it was. The spaces are in the document, so the view and every export show them.
import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { applyProposal, insertionSpacing, type ProposalOperation } from '../../shared/src/proposals/operations.ts';
import { renderInlineLiteral } from '../../shared/src/brackets/literal.ts';
import { exportDocument } from '../../shared/src/export/index.ts';
import { insertion, makeDoc, t } from '../helpers/docs.ts';

const P = 'We recall the outcomes of the Summit.';
const start = () => makeDoc([{ type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [t(P)] }]);

function apply(op: ProposalOperation, doc: PMNode = start(), who: string | null = 'eu'): PMNode {
  const state = EditorState.create({ doc });
  const result = applyProposal(state, op, who);
  if (!result.ok) throw new Error(result.error);
  return state.apply(result.tr).doc;
}
const insertAt = (at: number, text: string, doc: PMNode = start()) => apply(insertion(doc, 'p1', at, text), doc);
const after = (needle: string) => P.indexOf(needle) + needle.length;
const line = (d: PMNode) => renderInlineLiteral(d.child(1));
const altId = (d: PMNode) => {
  let id = '';
  d.descendants((n) => void (n.type.name === 'bracketAlt' && (id = n.attrs.id)));
  return id;
};

describe('an insertion at the caret', () => {
  it('right after a word gets a space before its brackets', () => {
    expect(line(insertAt(after('outcomes'), 'and working modalities'))).toBe('We recall the outcomes [and working modalities] of the Summit.');
  });

  it('right before a word gets a space after them', () => {
    expect(line(insertAt(P.indexOf('outcomes'), 'main'))).toBe('We recall the [main] outcomes of the Summit.');
  });

  it('before closing punctuation: a space before, none before the full stop', () => {
    expect(line(insertAt(after('Summit'), 'on the Information Society'))).toBe('We recall the outcomes of the Summit [on the Information Society].');
  });

  it('at the start of the paragraph, before its first word', () => {
    expect(line(insertAt(0, 'Further,'))).toBe('[Further,] We recall the outcomes of the Summit.');
  });

  it('adds nothing where the typed text already holds the space, or inside a word', () => {
    expect(line(insertAt(after('outcomes'), ' and modalities'))).toBe('We recall the outcomes[ and modalities] of the Summit.');
    expect(line(insertAt(after('outcome'), 's'))).toBe('We recall the outcome[s]s of the Summit.');
  });

  it('is set apart in the text and Markdown exports too', () => {
    const doc = insertAt(after('outcomes'), 'and working modalities');
    expect(exportDocument(doc, 'text')).toContain('outcomes [and working modalities] of the Summit.');
    expect(exportDocument(doc, 'markdown')).toContain('outcomes [and working modalities] of the Summit.');
  });

  it('withdrawn, leaves the sentence exactly as it was', () => {
    for (const [at, text] of [[after('outcomes'), 'x y'], [P.indexOf('outcomes'), 'main'], [after('Summit'), 'z'], [0, 'Further,']] as const) {
      const d = insertAt(at, text);
      expect(line(apply({ type: 'withdraw', altId: altId(d) }, d))).toBe(P);
    }
  });
});

describe('insertionSpacing', () => {
  it.each([
    ['s', ' ', 'x', { before: true, after: false }],
    [' ', 'o', 'x', { before: false, after: true }],
    ['s', 'o', 'x', { before: false, after: false }],
    ['', 'W', 'x', { before: false, after: true }],
    ['(', 'a', 'x', { before: false, after: true }],
    ['d', '.', 'x', { before: true, after: false }],
    ['\uFFFC', ' ', 'x', { before: true, after: false }],
  ])('before %j, after %j, text %j', (before, after, text, expected) => {
    expect(insertionSpacing(before, after, text)).toEqual(expected);
  });
});
