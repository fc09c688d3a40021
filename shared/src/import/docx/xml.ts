// XML of the Word package, read with @xmldom/xmldom (runs in Node and in browsers; no DOM needed).
// Elements are matched by namespace and local name, so a document that uses other prefixes than
// `w:` (or Strict OOXML's namespaces) reads the same.
import { DOMParser, type Element as XElement, type Node as XNode } from '@xmldom/xmldom';
import { ImportError } from '../errors.ts';

export type { XElement };

/** WordprocessingML main namespaces: Transitional (what Word writes) and Strict. */
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const ELEMENT_NODE = 1;

/** Parses one package part; a part that is not well-formed XML makes the whole file corrupt. */
export function parseXml(bytes: Uint8Array, part: string): XElement {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new ImportError('corrupt', `The Word file is damaged: its part ${part} is not UTF-8 text.`, { cause: e });
  }
  // Word never writes a DTD; one in a part is either damage or an entity-expansion attack.
  if (/<!DOCTYPE/i.test(text.slice(0, 2000))) {
    throw new ImportError('corrupt', `The Word file is damaged: its part ${part} declares a DTD, which Word never writes.`);
  }
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
    const root = doc.documentElement;
    if (!root) throw new Error('no root element');
    return root;
  } catch (e) {
    throw new ImportError('corrupt', `The Word file is damaged: its part ${part} is not well-formed XML.`, { cause: e });
  }
}

/** A WordprocessingML element with this local name? */
export function isW(el: XElement, local: string): boolean {
  return el.localName === local && W_NAMESPACES.has(el.namespaceURI ?? '');
}

export function isWordElement(node: XNode): node is XElement {
  return node.nodeType === ELEMENT_NODE && W_NAMESPACES.has((node as XElement).namespaceURI ?? '');
}

export function isElement(node: XNode): node is XElement {
  return node.nodeType === ELEMENT_NODE;
}

/** `mc:AlternateContent` wraps a modern form (`mc:Choice`) and a fallback of the same content. */
export function isMc(el: XElement, local: string): boolean {
  return el.localName === local && el.namespaceURI === MC_NAMESPACE;
}

export function children(el: XElement): XElement[] {
  const out: XElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (isElement(n)) out.push(n);
  return out;
}

/** First WordprocessingML child with this local name. */
export function child(el: XElement | null | undefined, local: string): XElement | null {
  if (!el) return null;
  for (let n = el.firstChild; n; n = n.nextSibling) if (isElement(n) && isW(n, local)) return n;
  return null;
}

export function childrenW(el: XElement | null | undefined, local: string): XElement[] {
  if (!el) return [];
  return children(el).filter((c) => isW(c, local));
}

/** Every WordprocessingML descendant with this local name, in document order. */
export function descendantsW(el: XElement, local: string): XElement[] {
  const out: XElement[] = [];
  const visit = (e: XElement) => {
    for (const c of children(e)) {
      if (isW(c, local)) out.push(c);
      visit(c);
    }
  };
  visit(el);
  return out;
}

/** A `w:` attribute (`w:val`, `w:id`...), matched by local name whatever the prefix. */
export function attr(el: XElement | null | undefined, local: string): string | null {
  if (!el) return null;
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i);
    if (a && (a.localName ?? a.name) === local && (a.namespaceURI === null || W_NAMESPACES.has(a.namespaceURI))) return a.value;
  }
  return null;
}

/** Any attribute by local name, whatever its namespace (relationship parts have none). */
export function plainAttr(el: XElement, local: string): string | null {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i);
    if (a && (a.localName ?? a.name) === local) return a.value;
  }
  return null;
}

/** A toggle property (`<w:b/>`, `<w:i w:val="false"/>`): present and not switched off. */
export function toggle(el: XElement | null): boolean | null {
  if (!el) return null;
  const v = attr(el, 'val');
  return v === null || !/^(?:0|false|off|none)$/i.test(v);
}
