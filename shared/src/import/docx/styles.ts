// styles.xml: what a paragraph's or run's style says about headings, numbering and emphasis.
// Styles inherit through `w:basedOn`; direct formatting in the document overrides them (body.ts).
// Read: heading level (built-in "heading N" / "Title" names, or an outline level), list numbering
// attached to a style, bold and italic. Everything else in a style (fonts, spacing) is layout.
import { attr, child, childrenW, toggle, type XElement } from './xml.ts';

export interface NumRef {
  numId: string;
  ilvl: number;
}

interface StyleDef {
  id: string;
  type: string;
  name: string;
  basedOn: string | null;
  pPr: XElement | null;
  rPr: XElement | null;
}

export interface Emphasis {
  bold: boolean;
  italic: boolean;
}

/** `w:numPr` of a paragraph or a style, when it has one (numId 0 switches numbering off). */
export function numRefOf(pPr: XElement | null): NumRef | null | undefined {
  const numPr = child(pPr, 'numPr');
  if (!numPr) return undefined;
  const numId = attr(child(numPr, 'numId'), 'val');
  const ilvl = Number(attr(child(numPr, 'ilvl'), 'val') ?? '0');
  if (numId === null) return undefined;
  if (numId === '0') return null;
  return { numId, ilvl: Number.isFinite(ilvl) ? ilvl : 0 };
}

export class Styles {
  private readonly byId = new Map<string, StyleDef>();
  private readonly defaults: Emphasis;
  readonly defaultParagraphStyle: string | null;

  constructor(root: XElement | null) {
    let defaultParagraph: string | null = null;
    for (const s of childrenW(root, 'style')) {
      const id = attr(s, 'styleId') ?? '';
      const def: StyleDef = {
        id,
        type: attr(s, 'type') ?? 'paragraph',
        name: attr(child(s, 'name'), 'val') ?? id,
        basedOn: attr(child(s, 'basedOn'), 'val'),
        pPr: child(s, 'pPr'),
        rPr: child(s, 'rPr'),
      };
      this.byId.set(id, def);
      if (def.type === 'paragraph' && /^(?:1|true|on)$/i.test(attr(s, 'default') ?? '')) defaultParagraph = id;
    }
    this.defaultParagraphStyle = defaultParagraph;
    const rPrDefault = child(child(child(root, 'docDefaults'), 'rPrDefault'), 'rPr');
    this.defaults = { bold: toggle(child(rPrDefault, 'b')) ?? false, italic: toggle(child(rPrDefault, 'i')) ?? false };
  }

  /** The style and its ancestors, nearest first (cycles cut). */
  private chain(id: string | null): StyleDef[] {
    const out: StyleDef[] = [];
    const seen = new Set<string>();
    for (let s = id ? this.byId.get(id) : undefined; s && !seen.has(s.id); s = s.basedOn ? this.byId.get(s.basedOn) : undefined) {
      seen.add(s.id);
      out.push(s);
    }
    return out;
  }

  name(id: string | null): string {
    return (id && this.byId.get(id)?.name) || id || '';
  }

  /** 0 for a Title, 1..9 for headings, null for body styles. */
  headingLevel(styleId: string | null): number | null {
    for (const s of this.chain(styleId)) {
      if (/^title$/i.test(s.name) || /^title$/i.test(s.id)) return 0;
      const m = /^heading\s*(\d)$/i.exec(s.name) ?? /^heading\s*(\d)$/i.exec(s.id);
      if (m) return Number(m[1]);
      const outline = attr(child(s.pPr, 'outlineLvl'), 'val');
      if (outline !== null && Number(outline) < 9) return Number(outline) + 1;
    }
    return null;
  }

  /** List numbering attached to a paragraph style (Word's "numbering through styles"). */
  numbering(styleId: string | null): NumRef | null {
    for (const s of this.chain(styleId)) {
      const ref = numRefOf(s.pPr);
      if (ref !== undefined) return ref;
    }
    return null;
  }

  /** Vertical alignment (superscript, subscript) a character style sets, if any. */
  vertAlign(styleId: string): string | null {
    for (const s of this.chain(styleId)) {
      const v = attr(child(s.rPr, 'vertAlign'), 'val');
      if (v) return v;
    }
    return null;
  }

  /** Bold/italic from a style chain over the document defaults. */
  emphasis(styleId: string | null, base?: Emphasis): Emphasis {
    const out = { ...(base ?? this.defaults) };
    const chain = this.chain(styleId);
    let bold: boolean | null = null;
    let italic: boolean | null = null;
    for (const s of chain) {
      bold ??= toggle(child(s.rPr, 'b'));
      italic ??= toggle(child(s.rPr, 'i'));
    }
    if (bold !== null) out.bold = bold;
    if (italic !== null) out.italic = italic;
    return out;
  }
}
