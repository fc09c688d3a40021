// A small redline of one paragraph's text before and after a change, for the history panel: the same
// word diff compare.ts uses for revisions (the `diff` package), over literal text (brackets as typed),
// without attribution (the history entry says who). A paragraph created or deleted by the change is
// one inserted or deleted run.
import { diffWordsWithSpace } from 'diff';

export interface TextRun {
  change: 'same' | 'ins' | 'del';
  text: string;
}

export function textRedline(before: string | null, after: string | null): TextRun[] {
  if (before === null && after === null) return [];
  if (before === null) return after ? [{ change: 'ins', text: after }] : [];
  if (after === null) return before ? [{ change: 'del', text: before }] : [];
  const runs: TextRun[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    const change = part.added ? 'ins' : part.removed ? 'del' : 'same';
    const last = runs[runs.length - 1];
    if (last && last.change === change) last.text += part.value;
    else runs.push({ change, text: part.value });
  }
  return runs;
}
