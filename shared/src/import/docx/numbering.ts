// Word's automatic numbering (numbering.xml), computed the way Word displays it.
//
// A paragraph points at a numbering instance (`w:num`, by numId) and a level (ilvl); the instance
// points at an abstract definition (`w:abstractNum`) whose levels give the start value, the number
// format (decimal, lowerLetter, lowerRoman...) and the label text (`%1.`, `(%2)`, `%1.%2`).
// Counters belong to the abstract definition: two instances of one definition continue one list,
// unless an instance restarts a level (`w:lvlOverride/w:startOverride`), which takes effect at the
// first paragraph of that instance. Numbering a level resets the deeper levels (unless `lvlRestart`
// says otherwise). `isLgl` shows every level as decimal. Paragraph styles may carry numbering
// (styles.ts); so may a level's `w:pStyle`.
// Lists made from a list style (`w:numStyleLink`) take the levels of the style's definition.
// Not read: picture bullets, `w:legacy`, numbering in text boxes counted apart (Word counts them
// with the body, as here).
import { attr, child, childrenW, type XElement } from './xml.ts';
import type { NumRef } from './styles.ts';

interface Level {
  start: number;
  format: string;
  text: string;
  restart: number | null;
  legal: boolean;
}

interface Instance {
  abstractId: string;
  /** Level -> start override, applied once at the instance's first use. */
  overrides: Map<number, number>;
  /** Level definitions the instance replaces. */
  levels: Map<number, Level>;
}

export interface NumberLabel {
  /** The label as Word shows it: "12.", "(a)", "1.1", "" for a bullet or format none. */
  text: string;
  format: string;
  level: number;
  /** A bullet character rather than a number. */
  bullet: boolean;
}

function readLevel(lvl: XElement): Level {
  const restart = attr(child(lvl, 'lvlRestart'), 'val');
  return {
    start: Number(attr(child(lvl, 'start'), 'val') ?? '1') || 0,
    format: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
    text: attr(child(lvl, 'lvlText'), 'val') ?? '',
    restart: restart === null ? null : Number(restart),
    legal: child(lvl, 'isLgl') !== null && attr(child(lvl, 'isLgl'), 'val') !== '0',
  };
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** Word's letters: a..z, then aa..zz, then aaa.. (not spreadsheet columns). */
function letters(n: number): string {
  if (n < 1) return String(n);
  const c = String.fromCharCode(65 + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n < 1 || n > 3999) return String(n);
  const table: Array<[number, string]> = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

export const SUPPORTED_FORMATS = new Set(['decimal', 'lowerLetter', 'upperLetter', 'lowerRoman', 'upperRoman', 'decimalZero', 'bullet', 'none']);

export class Numbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  /** Abstract definitions that hold no levels but point at a numbering style (`w:numStyleLink`). */
  private readonly styleLinked = new Map<string, string>();
  private readonly instances = new Map<string, Instance>();
  /** Paragraph style -> numbering, from levels that name a `w:pStyle`. */
  readonly styleLinks = new Map<string, NumRef>();
  private readonly counters = new Map<string, number[]>();
  private readonly started = new Set<string>();

  /** `numIdOfStyle`: the numbering a (numbering) style applies, from styles.xml. */
  constructor(root: XElement | null, private readonly numIdOfStyle: (styleId: string) => string | null = () => null) {
    const abstractStyleLinks = new Map<string, Array<[string, number]>>();
    for (const a of childrenW(root, 'abstractNum')) {
      const id = attr(a, 'abstractNumId') ?? '';
      const levels = new Map<number, Level>();
      for (const lvl of childrenW(a, 'lvl')) {
        const ilvl = Number(attr(lvl, 'ilvl') ?? '0');
        levels.set(ilvl, readLevel(lvl));
        const pStyle = attr(child(lvl, 'pStyle'), 'val');
        if (pStyle) abstractStyleLinks.set(id, [...(abstractStyleLinks.get(id) ?? []), [pStyle, ilvl]]);
      }
      this.abstracts.set(id, levels);
      const link = attr(child(a, 'numStyleLink'), 'val');
      if (link) this.styleLinked.set(id, link);
    }
    for (const n of childrenW(root, 'num')) {
      const numId = attr(n, 'numId') ?? '';
      const inst: Instance = { abstractId: attr(child(n, 'abstractNumId'), 'val') ?? '', overrides: new Map(), levels: new Map() };
      for (const o of childrenW(n, 'lvlOverride')) {
        const ilvl = Number(attr(o, 'ilvl') ?? '0');
        const start = attr(child(o, 'startOverride'), 'val');
        if (start !== null) inst.overrides.set(ilvl, Number(start));
        const lvl = child(o, 'lvl');
        if (lvl) inst.levels.set(ilvl, readLevel(lvl));
      }
      this.instances.set(numId, inst);
    }
    // A level's pStyle links the style to the first instance of that definition.
    for (const [abstractId, links] of abstractStyleLinks) {
      const numId = [...this.instances].find(([, i]) => i.abstractId === abstractId)?.[0];
      if (numId) for (const [style, ilvl] of links) if (!this.styleLinks.has(style)) this.styleLinks.set(style, { numId, ilvl });
    }
  }

  has(numId: string): boolean {
    const inst = this.instances.get(numId);
    return !!inst && this.abstracts.has(inst.abstractId);
  }

  /**
   * The definition holding the levels: a list made from a list style has an abstract definition
   * that only names the style (`numStyleLink`); the style names a numbering instance whose
   * definition has the levels (and `styleLink` back). Lists of one list style share counters.
   */
  private resolve(abstractId: string): string {
    let id = abstractId;
    for (let hops = 0; hops < 4; hops++) {
      const link = this.styleLinked.get(id);
      if (!link || this.abstracts.get(id)?.size) return id;
      const numId = this.numIdOfStyle(link);
      const target = numId ? this.instances.get(numId)?.abstractId : undefined;
      if (!target || target === id) return id;
      id = target;
    }
    return id;
  }

  private level(inst: Instance, ilvl: number): Level | null {
    return inst.levels.get(ilvl) ?? this.abstracts.get(this.resolve(inst.abstractId))?.get(ilvl) ?? null;
  }

  /** Advances the counters for one numbered paragraph and returns its label (null: no such list). */
  next(ref: NumRef): NumberLabel | null {
    const inst = this.instances.get(ref.numId);
    if (!inst) return null;
    const def = this.level(inst, ref.ilvl);
    if (!def) return null;
    const key = this.resolve(inst.abstractId);
    const counters = this.counters.get(key) ?? [];
    this.counters.set(key, counters);
    const startOf = (l: number) => this.level(inst, l)?.start ?? 1;

    if (!this.started.has(ref.numId)) {
      this.started.add(ref.numId);
      for (const [l, v] of inst.overrides) {
        // The override is the value the level shows first: store one less, incremented below.
        counters[l] = v - 1;
        for (let d = l + 1; d < 9; d++) delete counters[d];
      }
    }
    const current = counters[ref.ilvl];
    counters[ref.ilvl] = current === undefined ? def.start : current + 1;
    for (let d = ref.ilvl + 1; d < 9; d++) {
      const r = this.level(inst, d)?.restart;
      // lvlRestart = n: restart after a level n-1 paragraph (0: never restart).
      if (r === 0) continue;
      if (r === null || r === undefined || ref.ilvl < r) delete counters[d];
    }

    if (def.format === 'bullet') return { text: '', format: 'bullet', level: ref.ilvl, bullet: true };
    const text = def.text.replace(/%(\d)/g, (_m, d: string) => {
      const l = Number(d) - 1;
      const lvl = this.level(inst, l);
      const value = counters[l] ?? startOf(l);
      return formatNumber(value, def.legal ? 'decimal' : (lvl?.format ?? 'decimal'));
    });
    return { text, format: def.format, level: ref.ilvl, bullet: false };
  }
}
