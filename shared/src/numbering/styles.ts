// How each numbering style is named to people (import preview, front-matter form, CLI help).
import type { NumberingStyle } from '../model/types.ts';

export const NUMBERING_STYLE_INFO: Readonly<Record<NumberingStyle, { name: string; description: string }>> = {
  outcome: { name: 'Outcome document', description: 'every paragraph numbered 1 to N, preamble included' },
  resolution: { name: 'Resolution', description: 'preambular paragraphs unnumbered, operative paragraphs numbered' },
  treaty: { name: 'Treaty', description: 'paragraphs numbered from 1 in every Article, preamble unnumbered' },
};
