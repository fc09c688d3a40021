// Text-extraction artefacts that need the whole document to recognise (lines.ts looks at one line at
// a time): what pdftotext leaves at the edges of every page, and words hyphenated across lines.
//
// Page furniture: a UN document repeats its symbol (`FCCC/ADP/2015/L.6`, `A/70/L.33`), a running
// header (`ADP 2-8 - agenda item 3`) or footer, the print job number (`GE.15-02393 (E)`, with its
// barcode `*1502393*`) and the page number on every page. pdftotext ends each page with a form feed,
// so the first and last lines of each page are where to look. A line is furniture when
//   - it is a page number at the foot of a page (`2`, `- 2 -`, `2 of 46`, `Page 2`), or `2/15` at a
//     page edge when two pages or more print the same total, or
//   - it is a print job number or barcode, anywhere (their shapes occur in no running text), or
//   - the same text stands at the top or bottom edge of at least two pages after the first (the
//     first page has its own layout, and its symbol line must stay for the heading block), or
//   - it is a document symbol alone on its line that was already printed higher up (even inside
//     another line: `United Nations FCCC/ADP/2015/L.6` on page 1), with or without form feeds.
// Every removal is reported with its line. Known limit: a header that differs from page to page
// (alternating left/right headers, a page number inside the header text) is caught only when each
// variant repeats; without form feeds only job numbers, barcodes and `N of M` are recognised.
//
// Hyphenation: `commit-` at the end of a line and `ments` at the start of the next are one word
// (`commitments`), but `long-` / `term` is the compound `long-term`. The document itself is the first
// witness (the word written elsewhere on one line, with or without the hyphen); failing that, a short
// list of compound heads and tails used in UN texts keeps the hyphen; otherwise the hyphen is taken
// for a soft one and removed. Each join is reported with the two halves as written.
import type { SourceLine } from './types.ts';
import { Report } from './types.ts';

const JOB_NUMBER = /^(?:GE\.)?\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s+\*\d{7,8}\*)?$/;
const BARCODE = /^\*\d{7,8}\*$/;
const PAGE_NUMBER = /^(?:page\s+)?(?:\d{1,4}|-\s*\d{1,4}\s*-)(?:\s+of\s+\d{1,4})?$/i;
const PAGE_OF = /^(?:page\s+)?\d{1,4}\s+of\s+\d{1,4}$/i;
const SYMBOL_LIKE = /^(?:[A-Z]{1,6}\/)(?:[A-Za-z0-9.()-]+\/)*[A-Za-z0-9.()*-]+$/;

/** How many lines at the top and at the bottom of a page count as its edges. */
const EDGE = 2;

export interface Furniture {
  line: SourceLine;
  why: string;
}

/** The page furniture among `lines` (pure: nothing is removed here). */
export function findPageFurniture(lines: SourceLine[]): Furniture[] {
  const found = new Map<SourceLine, string>();
  for (const l of lines) {
    if (JOB_NUMBER.test(l.text)) found.set(l, 'Print job number removed (page furniture)');
    else if (BARCODE.test(l.text)) found.set(l, 'Print barcode removed (page furniture)');
    else if (PAGE_OF.test(l.text)) found.set(l, 'Page number removed (page furniture)');
  }
  const pages = groupByPage(lines);
  if (pages.length > 1) {
    // The page number is the last line of a page (a page number printed at the top is not caught).
    for (const page of pages) {
      const rest = page.filter((l) => !found.has(l));
      const last = rest[rest.length - 1];
      if (last && PAGE_NUMBER.test(last.text)) found.set(last, 'Page number removed (page furniture)');
    }
    // `2/15` (page 2 of 15, as General Assembly documents print it) at a page edge, with the same
    // total on two or more pages; a lone `2010/2` elsewhere is a resolution number, not furniture.
    const totals = new Map<string, SourceLine[]>();
    for (const page of pages) {
      const rest = page.filter((l) => !found.has(l));
      for (const l of [...rest.slice(0, EDGE), ...rest.slice(-EDGE)]) {
        const m = /^(\d{1,3})\/(\d{1,3})$/.exec(l.text);
        if (m && Number(m[1]) <= Number(m[2])) totals.set(m[2], [...(totals.get(m[2]) ?? []), l]);
      }
    }
    for (const ls of totals.values()) if (ls.length >= 2) for (const l of ls) found.set(l, 'Page number removed (page furniture)');
    // Running headers and footers: the same text at an edge of two or more pages after the first.
    const edgeCount = new Map<string, number>();
    const edgesOf = (page: SourceLine[]) => {
      const rest = page.filter((l) => !found.has(l));
      return new Set([...rest.slice(0, EDGE), ...rest.slice(-EDGE)]);
    };
    const edges = pages.map(edgesOf);
    edges.slice(1).forEach((set) => {
      for (const t of new Set([...set].map((l) => l.text))) edgeCount.set(t, (edgeCount.get(t) ?? 0) + 1);
    });
    edges.slice(1).forEach((set) => {
      for (const l of set) {
        if (found.has(l) || endsLikeBody(l.text)) continue;
        if ((edgeCount.get(l.text) ?? 0) >= 2) found.set(l, 'Running page header or footer removed (page furniture)');
      }
    });
  }
  // A document symbol alone on a line, already printed higher up (`United Nations FCCC/ADP/2015/L.6`
  // on page 1, then `FCCC/ADP/2015/L.6` atop page 2): the running header of a text without form feeds (after the page rules,
  // so a header repeated on every page is named as such).
  const seen: string[] = [];
  for (const l of lines) {
    if (!found.has(l) && SYMBOL_LIKE.test(l.text) && seen.some((t) => t.includes(l.text))) {
      found.set(l, 'Document symbol repeated on a later page removed (page furniture)');
    }
    seen.push(l.text);
  }
  return lines.filter((l) => found.has(l)).map((line) => ({ line, why: found.get(line)! }));
}

/** Lines without the page furniture; each removal is reported. */
export function removePageFurniture(lines: SourceLine[], report: Report): SourceLine[] {
  const furniture = findPageFurniture(lines);
  const gone = new Set(furniture.map((f) => f.line));
  for (const f of furniture) report.add(f.line.line, f.why, f.line.text);
  // Furniture stands between the halves of a page-broken paragraph: the lines around it keep their
  // own blank-line flags, so the body walker can still join the halves.
  return lines.filter((l) => !gone.has(l));
}

function groupByPage(lines: SourceLine[]): SourceLine[][] {
  const pages: SourceLine[][] = [];
  let current = -1;
  for (const l of lines) {
    const p = l.page ?? 1;
    if (p !== current) {
      pages.push([]);
      current = p;
    }
    pages[pages.length - 1].push(l);
  }
  return pages;
}

/** Text that ends like a sentence or clause is body, however often it repeats. */
function endsLikeBody(text: string): boolean {
  return /[.,;:!?]["'’”)\]]*$/.test(text);
}

// --- Hyphenation ------------------------------------------------------------------------------

/** First parts that make compounds in UN texts (`long-term`, `capacity-building`, `non-State`...). */
const COMPOUND_HEADS = new Set(
  (
    'long short medium mid near high low middle small large full part self non co post pre cross multi ' +
    'inter intra anti counter well ill cost climate capacity decision policy result results market science ' +
    'evidence country gender human rights sector follow peace sea land ocean state region sub socio ' +
    'follow-up state-of-the follow up top bottom fact people community nationally data twenty thirty forty ' +
    'fifty sixty seventy eighty ninety first second third fourth fifth sixth seventh eighth ninth tenth ' +
    'one two three four five six seven eight nine ten mountain island risk time rule broad wide ' +
    'environment environmentally south north east west greenhouse carbon emission zero net'
  ).split(/\s+/),
);
/** Second parts that make compounds (`capacity-building`, `results-based`, `country-driven`...). */
const COMPOUND_TAILS = new Set(
  (
    'term building based related making led driven wide level scale specific sensitive resilient ' +
    'oriented centred centered owned bound free intensive up making keeping friendly operation ' +
    'ordinated operative operate emission emissions economic party parties year years state states ' +
    'country countries sector sectors governmental'
  ).split(/\s+/),
);

const TRAILING_PART = /(^|[\s([{"“‘'/])([\p{L}][\p{L}\p{N}'’-]*?\p{L})-$/u;
const LEADING_PART = /^(\p{Ll}[\p{L}\p{N}'’]*)/u;

export interface HyphenJoin {
  /** What the two lines read, e.g. `commit-` and `ments`. */
  first: string;
  second: string;
  /** The word as joined: `commitments` or `long-term`. */
  word: string;
  keptHyphen: boolean;
}

/** Words of the document as written on one line, lower-cased: the witness for hyphenation. */
export function vocabularyOf(lines: SourceLine[]): Set<string> {
  const words = new Set<string>();
  for (const l of lines) for (const w of l.text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*[\p{L}\p{N}]/gu) ?? []) words.add(w);
  return words;
}

/**
 * How `before` (ending in `word-`) and `after` (starting with a lowercase word) join, or null when
 * they are not a word hyphenated across the line break.
 */
export function hyphenJoin(before: string, after: string, vocabulary: Set<string>): HyphenJoin | null {
  const tail = TRAILING_PART.exec(before);
  const head = LEADING_PART.exec(after);
  if (!tail || !head) return null;
  const first = tail[2];
  const second = head[1];
  const a = first.toLowerCase();
  const b = second.toLowerCase();
  const lastPart = a.split('-').pop()!;
  let keep: boolean;
  if (vocabulary.has(`${a}-${b}`)) keep = true;
  else if (vocabulary.has(a + b)) keep = false;
  else keep = COMPOUND_HEADS.has(lastPart) || COMPOUND_TAILS.has(b.replace(/[’']s$/, '')) || a.includes('-');
  return { first: first + '-', second, word: keep ? `${first}-${second}` : first + second, keptHyphen: keep };
}

/**
 * Joins words hyphenated across consecutive lines: the first half moves down to the next line,
 * which then starts with the whole word (and, starting lowercase, continues the paragraph above).
 * Joins that drop a hyphen are reported; kept compounds are not (no character changes).
 */
export function joinHyphenatedLines(lines: SourceLine[], report: Report, vocabulary = vocabularyOf(lines)): SourceLine[] {
  const out: SourceLine[] = lines.map((l) => ({ ...l }));
  for (let i = 0; i + 1 < out.length; i++) {
    const cur = out[i];
    const next = out[i + 1];
    if (next.afterBlank) continue;
    const j = hyphenJoin(cur.text, next.text, vocabulary);
    if (!j) continue;
    cur.text = cur.text.slice(0, cur.text.length - j.first.length).trimEnd();
    next.text = j.word + next.text.slice(j.second.length);
    if (!j.keptHyphen) report.add(cur.line, `Word hyphenated across lines joined as "${j.word}"`, `${j.first}${j.second}`);
  }
  return out.filter((l, i) => {
    if (l.text) return true;
    // The line held only the first half: the next line takes its place (and its blank before).
    if (out[i + 1]) out[i + 1].afterBlank ||= l.afterBlank;
    return false;
  });
}
