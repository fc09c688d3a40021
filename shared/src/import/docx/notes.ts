// Footnotes, endnotes and comments: the stories Word keeps outside the body. Notes are read with
// the body's walker (so emphasis, tracked changes and fields inside a note behave the same) and
// joined into one line of text per note; the separator "notes" Word keeps for the rule above the
// notes are skipped. Comments are read as plain text with their author and date.
import { attr, children, childrenW, isW, textOf, type XElement } from './xml.ts';
import { StoryWalker, type CommentAnchor, type Inline, type TrackedChange, type Finding } from './body.ts';
import type { Styles } from './styles.ts';

export interface Note {
  kind: 'footnote' | 'endnote';
  id: string;
  inlines: Inline[];
}

export interface NotesResult {
  notes: Map<string, Note>;
  changes: TrackedChange[];
  anchors: CommentAnchor[];
  findings: Finding[];
}

const SPECIAL = /^(?:separator|continuationSeparator|continuationNotice)$/;

export function readNotes(root: XElement | null, kind: 'footnote' | 'endnote', styles: Styles): NotesResult {
  const notes = new Map<string, Note>();
  const changes: TrackedChange[] = [];
  const findings: Finding[] = [];
  const anchors: CommentAnchor[] = [];
  for (const el of childrenW(root, kind)) {
    if (SPECIAL.test(attr(el, 'type') ?? '')) continue;
    const id = attr(el, 'id') ?? '';
    const walker = new StoryWalker(styles, null, { part: kind, id });
    walker.blocks(el);
    const result = walker.finish();
    const inlines: Inline[] = [];
    for (const p of result.paragraphs) {
      if (inlines.length) inlines.push({ kind: 'text', text: ' ', bold: false, italic: false });
      inlines.push(...p.inlines);
    }
    notes.set(`${kind}:${id}`, { kind, id, inlines });
    changes.push(...result.changes);
    findings.push(...result.findings);
    anchors.push(...result.anchors);
  }
  return { notes, changes, anchors, findings };
}

export interface WordComment {
  id: string;
  author: string;
  date: string;
  text: string;
}

export function readComments(root: XElement | null): Map<string, WordComment> {
  const out = new Map<string, WordComment>();
  for (const el of childrenW(root, 'comment')) {
    const id = attr(el, 'id') ?? '';
    const paragraphs = childrenW(el, 'p').map((p) => visibleText(p).trim()).filter(Boolean);
    out.set(id, { id, author: attr(el, 'author') ?? 'unknown author', date: attr(el, 'date') ?? '', text: paragraphs.join(' / ') });
  }
  return out;
}

/** Visible text of a comment paragraph: `w:t` and tabs, deleted text and field codes left out. */
function visibleText(el: XElement): string {
  let out = '';
  for (const c of children(el)) {
    if (isW(c, 'del') || isW(c, 'instrText')) continue;
    if (isW(c, 't')) out += textOf(c);
    else if (isW(c, 'tab')) out += '\t';
    else out += visibleText(c);
  }
  return out;
}
