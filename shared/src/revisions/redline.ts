// The redline between two states of a document (two frozen revisions, or a revision and the live
// text), as plain data: what every redline view and export renders (the editor's compare view, Word
// with tracked changes, HTML/PDF, text, Markdown, Akoma Ntoso). Built by compare.ts from the two
// states; nothing here depends on Yjs or ProseMirror.
//
// Blocks are matched by identity (the block id every paragraph and heading carries), not by position,
// so a paragraph that moved is one block marked `moved`, and a renumbered paragraph shows both labels.

/** Who made a change, as delegations read it: a delegation's name, or a role ("Co-facilitator"). */
export type Author = string;

export interface RedlineRun {
  /** same: in both states; ins: only in the newer; del: only in the older. */
  change: 'same' | 'ins' | 'del';
  /** Literal text, brackets rendered as `[`, `]` and the group's separator, as in the clean draft. */
  text: string;
  /** Set on ins and del runs when known: who inserted or deleted the text. */
  author?: Author;
  /** Marks on the text (for Word and HTML). */
  italic?: boolean;
  bold?: boolean;
  /** A footnote marker in the text: its number in the newer state (or the older one for a deleted note). */
  footnote?: { number: number; text: string };
}

export type RedlineBlockType = 'heading' | 'paragraph' | 'subparagraph';

export interface RedlineBlock {
  /** The block id shared by both states. */
  id: string;
  type: RedlineBlockType;
  /** Heading level (1, 2...) for headings. */
  level?: number;
  /** pp / op / text for paragraphs. */
  kind?: string;
  /** Label in the older and the newer state ("12", "12 bis", "(a)", "1.1"); null when unnumbered or absent. */
  oldLabel: string | null;
  newLabel: string | null;
  /**
   * same: unchanged text; changed: text edited; inserted: only in the newer state; deleted: only in the
   * older; moved: in both, but its place among the blocks changed (its text may also have changed:
   * `textChanged`).
   */
  change: 'same' | 'changed' | 'inserted' | 'deleted' | 'moved';
  textChanged: boolean;
  /** Who inserted or deleted the whole block, when known. */
  author?: Author;
  runs: RedlineRun[];
}

export interface RedlineGroupChange {
  /** Label of the paragraph (newer state for added groups, older for resolved). */
  paragraph: string | null;
  /** The alternatives as literal text. */
  alternatives: string[];
  /** For resolved groups: the alternative kept as text, or null when the group was dropped. */
  kept?: string | null;
}

export interface RedlineSide {
  /** "Zero draft", "Rev.1", or "Live text". */
  name: string;
  /** ISO date-time the state was frozen (or read, for the live text). */
  at: string;
}

export interface Redline {
  title: string;
  symbol: string;
  from: RedlineSide;
  to: RedlineSide;
  blocks: RedlineBlock[];
  groupsAdded: RedlineGroupChange[];
  groupsResolved: RedlineGroupChange[];
  /** Old label -> new label for every numbered block present in both, where they differ. */
  renumbered: { from: string; to: string }[];
}
