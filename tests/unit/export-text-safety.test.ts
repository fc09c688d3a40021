// Text that participants control (a delegation's proposal) is text in every export, never markup.
import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import { applyProposal } from '../../shared/src/proposals/operations.ts';
import { exportDocument } from '../../shared/src/export/index.ts';
import { outlineOf } from '../../shared/src/export/outline.ts';
import { load } from './import-helpers.ts';
import { makeDoc, t } from '../helpers/docs.ts';

const hostile = '<img src=x onerror=alert(1)> & <script>alert(2)</script> *not italic* _nor this_';

function documentWithHostileProposal() {
  const doc = makeDoc([{ type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [t('We agree.')] }]);
  const state = EditorState.create({ doc });
  const result = applyProposal(state, { type: 'propose-insertion', blockId: 'p1', at: 8, expected: 'We agree', text: ` ${hostile}` }, 'evil');
  if (!result.ok) throw new Error(result.error);
  return state.apply(result.tr).doc;
}

describe('participant text in exports', () => {
  const doc = documentWithHostileProposal();

  it('escapes HTML and emphasis characters in Markdown, and reads back as the same text', () => {
    const md = exportDocument(doc, 'markdown');
    expect(md).not.toMatch(/(?<!\\)<(img|script)/);
    expect(md).toContain('\\<script\\>');
    const again = load(md, 'markdown');
    expect(outlineOf(again.pm).paragraphs[0].text).toBe(`We agree[ ${hostile}].`);
  });

  it('keeps plain text literal and JSON as a string value', () => {
    expect(exportDocument(doc, 'text')).toContain(`We agree[ ${hostile}].`);
    const json = JSON.parse(exportDocument(doc, 'json'));
    expect(json.groups[0].alternatives).toEqual([` ${hostile}`]);
  });
});
