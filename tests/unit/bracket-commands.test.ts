import { describe, it, expect } from 'vitest';
import { TextSelection } from '@tiptap/pm/state';
import {
  wrapInBracket,
  addAlternative,
  removeBracket,
  resolveGroup,
  closeTypedBracket,
  setBlockStatus,
} from '../../shared/src/brackets/commands.ts';
import { bracketContextAt } from '../../shared/src/brackets/context.ts';
import { makeDoc, para, t, group, alt, selecting, caretAfter, run, type } from '../helpers/docs.ts';

const body = (state: { doc: { child: (i: number) => { toString(): string } } }) => state.doc.child(1).toString();

describe('putting text in brackets', () => {
  it('wraps the selected words in a group of one alternative, caret at its end', () => {
    const state = run(selecting(makeDoc([para('op', t('We agree to hold a World Summit soon'))]), 'World Summit'), wrapInBracket());
    expect(body(state)).toBe('paragraph("We agree to hold a ", bracketGroup(bracketAlt("World Summit")), " soon")');
    expect(bracketContextAt(state.selection.$from)?.alt.textContent).toBe('World Summit');
    expect(state.selection.$from.parentOffset).toBe('World Summit'.length);
  });

  it('keeps marks on the bracketed text', () => {
    const doc = makeDoc([para('op', t('Notes', ['italic']), t(' the report'))]);
    const state = run(selecting(doc, 'Notes'), wrapInBracket());
    const groupNode = state.doc.child(1).child(0);
    expect(groupNode.type.name).toBe('bracketGroup');
    expect(groupNode.child(0).child(0).marks.map((m) => m.type.name)).toEqual(['italic']);
  });

  it('makes an empty alternative from an empty selection', () => {
    const state = run(caretAfter(makeDoc([para('op', t('abc'))]), 'a'), wrapInBracket({ proposer: 'eu' }));
    expect(body(state)).toBe('paragraph("a", bracketGroup(bracketAlt), "bc")');
    expect(state.doc.child(1).child(1).child(0).attrs.proposer).toBe('eu');
    expect(state.selection.$from.parent.type.name).toBe('bracketAlt');
  });

  it('nests a group inside an alternative', () => {
    let state = run(selecting(makeDoc([para('op', t('Parties shall communicate'))]), 'Parties shall communicate'), wrapInBracket());
    const inner = state.doc.toString().indexOf('shall');
    expect(inner).toBeGreaterThan(0);
    state = run(selecting(state.doc, 'shall'), wrapInBracket());
    expect(body(state)).toBe(
      'paragraph(bracketGroup(bracketAlt("Parties ", bracketGroup(bracketAlt("shall")), " communicate")))',
    );
  });

  it('refuses selections across paragraphs and inside headings', () => {
    const doc = makeDoc([para('op', t('first')), para('op', t('second'))]);
    const state0 = caretAfter(doc, 'fi');
    const across = state0.apply(state0.tr.setSelection(TextSelection.create(doc, state0.selection.from, state0.selection.from + 12)));
    expect(wrapInBracket()(across)).toBe(false);
    const withHeading = makeDoc([{ type: 'sectionHeading', content: [t('Internet governance')] }]);
    expect(wrapInBracket()(selecting(withHeading, 'Internet'))).toBe(false);
  });
});

describe('alternatives', () => {
  const summit = () => makeDoc([para('op', t('hold a '), group(alt(t('World Summit'))), t(' on'))]);

  it('adds an empty alternative after the one holding the caret and moves into it', () => {
    let state = run(caretAfter(summit(), 'World'), addAlternative({ proposer: 'g77' }));
    expect(body(state)).toBe('paragraph("hold a ", bracketGroup(bracketAlt("World Summit"), bracketAlt), " on")');
    state = type(state, 'High Level Meeting');
    expect(body(state)).toBe(
      'paragraph("hold a ", bracketGroup(bracketAlt("World Summit"), bracketAlt("High Level Meeting")), " on")',
    );
    expect(state.doc.child(1).child(1).child(1).attrs.proposer).toBe('g77');
  });

  it('adds an alternative to the group just before the caret', () => {
    const doc = summit();
    const after = caretAfter(doc, 'hold a ');
    const pos = after.selection.from + doc.child(1).child(1).nodeSize;
    const state = run(after.apply(after.tr.setSelection(TextSelection.create(doc, pos))), addAlternative());
    expect(state.doc.child(1).child(1).childCount).toBe(2);
  });

  it('refuses outside brackets', () => {
    expect(addAlternative()(caretAfter(summit(), 'hold'))).toBe(false);
  });
});

describe('removing brackets', () => {
  it('unwraps a group of one, keeping the text and the caret', () => {
    const doc = makeDoc([para('op', t('hold a '), group(alt(t('World Summit'))), t(' on'))]);
    const state = run(caretAfter(doc, 'World'), removeBracket());
    expect(body(state)).toBe('paragraph("hold a World Summit on")');
    expect(state.selection.$from.parentOffset).toBe('hold a World'.length);
  });

  it('removes only the alternative holding the caret in a group of several', () => {
    const doc = makeDoc([para('op', group(alt(t('World Summit')), alt(t('High Level Meeting'))))]);
    const state = run(caretAfter(doc, 'High'), removeBracket());
    expect(body(state)).toBe('paragraph(bracketGroup(bracketAlt("World Summit")))');
  });
});

describe('resolving a group', () => {
  const doc = () =>
    makeDoc([para('op', t('hold a '), { ...group(alt(t('World Summit')), alt(t('High Level Meeting'))), attrs: { id: 'g1' } }, t(' on'))]);

  it('keeps the chosen alternative as agreed text', () => {
    const state = run(caretAfter(doc(), 'hold'), resolveGroup('g1', 1));
    expect(body(state)).toBe('paragraph("hold a High Level Meeting on")');
  });

  it('drops the whole group', () => {
    const state = run(caretAfter(doc(), 'hold'), resolveGroup('g1', null));
    expect(body(state)).toBe('paragraph("hold a  on")');
  });

  it('refuses an unknown group or alternative', () => {
    expect(resolveGroup('nope', 0)(caretAfter(doc(), 'hold'))).toBe(false);
    expect(resolveGroup('g1', 2)(caretAfter(doc(), 'hold'))).toBe(false);
  });
});

describe('typing brackets', () => {
  const typed = (text: string) => {
    let state = caretAfter(makeDoc([para('op', t('x'))]), 'x');
    for (const ch of text) {
      if (ch === ']' && closeTypedBracket()(state)) state = run(state, closeTypedBracket());
      else state = type(state, ch);
    }
    return body(state);
  };

  it('turns [text] into a group', () => {
    expect(typed(' a [World Summit] b')).toBe('paragraph("x a ", bracketGroup(bracketAlt("World Summit")), " b")');
  });

  it('makes adjacent bracketed spans alternatives of one group', () => {
    expect(typed(' [World Summit] [High Level Meeting]')).toBe(
      'paragraph("x ", bracketGroup(bracketAlt("World Summit"), bracketAlt("High Level Meeting")))',
    );
  });

  it('nests when brackets are typed inside brackets', () => {
    expect(typed('[Parties [shall] [should] communicate]')).toBe(
      'paragraph("x", bracketGroup(bracketAlt("Parties ", bracketGroup(bracketAlt("shall"), bracketAlt("should")), " communicate")))',
    );
  });

  it('makes [] an empty alternative', () => {
    expect(typed(' []')).toBe('paragraph("x ", bracketGroup(bracketAlt))');
  });

  it('leaves a ] with no opening bracket as a character', () => {
    expect(typed(' a]')).toBe('paragraph("x a]")');
  });

  it('steps out of the group when ] is typed at the end of its last alternative', () => {
    const doc = makeDoc([para('op', t('hold a '), group(alt(t('Summit'))), t(' on'))]);
    const state = run(caretAfter(doc, 'Summit'), closeTypedBracket());
    expect(state.selection.$from.parent.type.name).toBe('paragraph');
    expect(body(type(state, '!'))).toBe('paragraph("hold a ", bracketGroup(bracketAlt("Summit")), "! on")');
  });

  it('records the separator between alternatives', () => {
    let state = caretAfter(makeDoc([para('op', t('x'))]), 'x');
    for (const ch of '[a][b]') state = ch === ']' ? run(state, closeTypedBracket()) : type(state, ch);
    expect(state.doc.child(1).child(1).attrs.separator).toBe('');
  });
});

describe('paragraph status', () => {
  it('sets the status of the paragraph holding the caret', () => {
    const state = run(caretAfter(makeDoc([para('op', t('agreed text'))]), 'agreed'), setBlockStatus('adref'));
    expect(state.doc.child(1).attrs.status).toBe('adref');
  });
});
