// React commits without measuring the editor's selection.
//
// Before every commit that changes the DOM, ReactDOM saves the selection of the focused element as
// character offsets, if that element "has selection capabilities": an <input>, a <textarea>, or an
// element whose `contentEditable` property reads "true" (react-dom's getSelectionInformation). For a
// contenteditable it counts the characters of EVERY text node of that element, start to end (not
// only up to the caret): on the 300-paragraph benchmark document, 15 to 25 ms per commit, whichever
// panel commits, as long as the text has focus. The offsets are used after the commit only if focus
// moved during it (restoreSelection): React then puts the selection back and focuses the element.
//
// React never renders inside the editor (ProseMirror owns that DOM) and nothing it renders can move
// the editor's focus in a commit, so those offsets are never used for it; and should focus ever move
// in a commit, React still focuses the editor again, and ProseMirror restores its own selection on
// focus. So the editor's root element reads `contentEditable` as "inherit" to scripts while it is
// "true"; writes go through. Only that one JavaScript property of that one element is affected: the
// contenteditable attribute (what the browser, CSS and assistive technology read) and
// `isContentEditable` (what scripts should read) are untouched, and ProseMirror only ever compares the
// property with "false". Known limit: this relies on how react-dom 19 decides (it reads the property); another
// version may decide otherwise, and the benchmark would show it (every panel commit costing a frame).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** The accessor of `contentEditable` an element inherits (HTMLElement.prototype's, in a browser). */
function inheritedAccessor(el: object): PropertyDescriptor | undefined {
  for (let proto = Object.getPrototypeOf(el); proto; proto = Object.getPrototypeOf(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, 'contentEditable');
    if (d) return d;
  }
  return undefined;
}

/**
 * Makes `el.contentEditable` read "inherit" where it would read "true" (React then does not save the
 * selection inside it before a commit); returns what undoes it.
 */
export function hideSelectionFromReact(el: HTMLElement): () => void {
  const inherited = inheritedAccessor(el);
  if (!inherited?.get || Object.prototype.hasOwnProperty.call(el, 'contentEditable')) return () => {};
  const { get, set } = inherited;
  Object.defineProperty(el, 'contentEditable', {
    configurable: true,
    enumerable: inherited.enumerable ?? false,
    get() {
      const value = get.call(this) as string;
      return value === 'true' ? 'inherit' : value;
    },
    set(value: string) {
      set?.call(this, value);
    },
  });
  return () => {
    delete (el as unknown as Record<string, unknown>).contentEditable;
  };
}

export const reactSelectionPluginKey = new PluginKey('penholderReactSelection');

export const ReactSelection = Extension.create({
  name: 'penholderReactSelection',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: reactSelectionPluginKey,
        view: (view) => ({ destroy: hideSelectionFromReact(view.dom) }),
      }),
    ];
  },
});
