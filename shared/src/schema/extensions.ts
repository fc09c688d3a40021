// The one list of schema extensions. The server builds its schema from it (schema.ts) and the
// editor adds view behaviour on top (client/src/editor), so both sides read and write the same
// document shape.
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import { Doc, Text, Front, DocTitle, SectionHeading, Paragraph, Subparagraph, OptionMarker } from './documentNodes.ts';
import { BracketGroup, BracketAlt } from './bracketNodes.ts';
import { Footnote } from './footnote.ts';
import { DeletedBlock } from './deletedBlock.ts';

export const schemaExtensions = [
  Doc,
  Text,
  Front,
  DocTitle,
  SectionHeading,
  Paragraph,
  Subparagraph,
  OptionMarker,
  DeletedBlock,
  BracketGroup,
  BracketAlt,
  Footnote,
  Italic,
  Bold,
];
