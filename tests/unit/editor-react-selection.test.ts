// The editor's root element reads `contentEditable` as "inherit" while it is "true", so that ReactDOM
// does not count every character of the document before each commit of a side panel
// (client/src/editor/reactSelection.ts). Writes still go to the element; the change can be undone.
import { describe, expect, it } from 'vitest';
import { hideSelectionFromReact } from '../../client/src/editor/reactSelection.ts';

/** Stands for an HTMLElement: `contentEditable` is an accessor on its prototype, backed by the attribute. */
class FakeElement {
  attribute = 'true';
  get contentEditable(): string {
    return this.attribute;
  }
  set contentEditable(value: string) {
    this.attribute = value;
  }
}
const asElement = (el: FakeElement) => el as unknown as HTMLElement;

/** What react-dom 19 asks of a focused element that is neither an input nor a textarea. */
const reactSavesSelection = (el: { contentEditable: string }) => el.contentEditable === 'true';

describe('hiding the editor from React’s selection bookkeeping', () => {
  it('reads "inherit" where the element is editable, so React does not measure the selection', () => {
    const el = new FakeElement();
    expect(reactSavesSelection(el)).toBe(true);
    hideSelectionFromReact(asElement(el));
    expect(el.contentEditable).toBe('inherit');
    expect(reactSavesSelection(el)).toBe(false);
    expect(el.attribute).toBe('true'); // the element stays editable
  });

  it('reads every other value as it is, and lets writes through', () => {
    const el = new FakeElement();
    hideSelectionFromReact(asElement(el));
    el.contentEditable = 'false';
    expect(el.attribute).toBe('false');
    expect(el.contentEditable).toBe('false');
    el.contentEditable = 'true';
    expect(el.attribute).toBe('true');
    expect(el.contentEditable).toBe('inherit');
  });

  it('touches only the element it is given', () => {
    const el = new FakeElement();
    const other = new FakeElement();
    hideSelectionFromReact(asElement(el));
    expect(other.contentEditable).toBe('true');
  });

  it('is undone by what it returns, and installs once', () => {
    const el = new FakeElement();
    const undo = hideSelectionFromReact(asElement(el));
    const again = hideSelectionFromReact(asElement(el));
    again(); // the second call installed nothing, so undoes nothing
    expect(el.contentEditable).toBe('inherit');
    undo();
    expect(el.contentEditable).toBe('true');
    expect(Object.prototype.hasOwnProperty.call(el, 'contentEditable')).toBe(false);
  });
});
