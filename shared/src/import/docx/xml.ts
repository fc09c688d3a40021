// XML of the Word package, read with saxes (a conformant, namespace-aware streaming parser that runs
// in Node and in browsers) into a small element tree: the importer only walks elements in order and
// reads attributes and text, and a DOM costs several times more (about 5x with @xmldom/xmldom on a
// 1 MB document.xml). Elements are matched by namespace and local name, so a document using other
// prefixes than `w:` (or Strict OOXML's namespaces) reads the same.
import { SaxesParser } from 'saxes';
import { ImportError } from '../errors.ts';

export interface XAttribute {
  local: string;
  ns: string;
  value: string;
}

export interface XElement {
  readonly local: string;
  readonly ns: string;
  readonly attrs: XAttribute[];
  /** Child elements and text, in document order. */
  readonly content: Array<XElement | string>;
}

/** WordprocessingML main namespaces: Transitional (what Word writes) and Strict. */
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** Parses one package part; a part that is not well-formed XML makes the whole file corrupt. */
export function parseXml(bytes: Uint8Array, part: string): XElement {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('corrupt', `The Word file is damaged: its part ${part} is not UTF-8 text.`);
  }
  // Word never writes a DTD; one in a part is either damage or an entity-expansion attack.
  if (/<!DOCTYPE/i.test(text.slice(0, 2000))) {
    throw new ImportError('corrupt', `The Word file is damaged: its part ${part} declares a DTD, which Word never writes.`);
  }
  try {
    return parseTree(text);
  } catch {
    throw new ImportError('corrupt', `The Word file is damaged: its part ${part} is not well-formed XML.`);
  }
}

function parseTree(text: string): XElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XElement[] = [];
  let root: XElement | null = null;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const attrs: XAttribute[] = Object.values(tag.attributes).map((a) => ({ local: a.local, ns: a.uri, value: a.value }));
    const el: XElement = { local: tag.local, ns: tag.uri, attrs, content: [] };
    if (stack.length) stack[stack.length - 1].content.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string) => {
    if (stack.length) stack[stack.length - 1].content.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** A WordprocessingML element with this local name? */
export function isW(el: XElement, local: string): boolean {
  return el.local === local && W_NAMESPACES.has(el.ns);
}

/** `mc:AlternateContent` wraps a modern form (`mc:Choice`) and a fallback of the same content. */
export function isMc(el: XElement, local: string): boolean {
  return el.local === local && el.ns === MC_NAMESPACE;
}

export function children(el: XElement): XElement[] {
  return el.content.filter((c): c is XElement => typeof c !== 'string');
}

/** First WordprocessingML child with this local name. */
export function child(el: XElement | null | undefined, local: string): XElement | null {
  if (!el) return null;
  for (const c of el.content) if (typeof c !== 'string' && isW(c, local)) return c;
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

/** Text of an element and its descendants. */
export function textOf(el: XElement): string {
  let out = '';
  for (const c of el.content) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

/** A `w:` attribute (`w:val`, `w:id`...), matched by local name whatever the prefix. */
export function attr(el: XElement | null | undefined, local: string): string | null {
  if (!el) return null;
  for (const a of el.attrs) if (a.local === local && (a.ns === '' || W_NAMESPACES.has(a.ns))) return a.value;
  return null;
}

/** Any attribute by local name, whatever its namespace (relationship parts have none). */
export function plainAttr(el: XElement, local: string): string | null {
  for (const a of el.attrs) if (a.local === local) return a.value;
  return null;
}

/** A toggle property (`<w:b/>`, `<w:i w:val="false"/>`): present and not switched off. */
export function toggle(el: XElement | null): boolean | null {
  if (!el) return null;
  const v = attr(el, 'val');
  return v === null || !/^(?:0|false|off|none)$/i.test(v);
}
