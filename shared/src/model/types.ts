// Plain-data vocabulary of an outcome document, shared by every layer.
import type { JSONContent } from '@tiptap/core';

/**
 * How paragraphs are numbered (docs/design.md §1): `outcome` numbers pp and op in one run, `resolution`
 * numbers op only, `treaty` numbers paragraphs from 1 in every Article (numbering/labels.ts).
 */
export type NumberingStyle = 'outcome' | 'resolution' | 'treaty';
/** Preambular, operative, or unnumbered running text (the authority line, the closing line). */
export type ParagraphKind = 'pp' | 'op' | 'text';
export type ParagraphStatus = 'negotiating' | 'adref' | 'agreed';

export const PARAGRAPH_KINDS: readonly ParagraphKind[] = ['pp', 'op', 'text'];
export const isParagraphKind = (value: unknown): value is ParagraphKind => (PARAGRAPH_KINDS as readonly unknown[]).includes(value);
export const PARAGRAPH_STATUSES: readonly ParagraphStatus[] = ['negotiating', 'adref', 'agreed'];
export const NUMBERING_STYLES: readonly NumberingStyle[] = ['outcome', 'resolution', 'treaty'];

/** ProseMirror JSON of an outcome document (the `doc` node). */
export type DocJSON = JSONContent;

export interface FrontMatter {
  symbol: string;
  date: string;
  stage: string;
  numberingStyle: NumberingStyle;
}
