// How revisions are named by default, as UN secretariats issue them: the zero draft first, then
// Rev.1, Rev.2... (the first name not taken).
export function nextRevisionName(taken: readonly string[]): string {
  if (taken.length === 0) return 'Zero draft';
  const names = new Set(taken);
  for (let n = 1; ; n++) if (!names.has(`Rev.${n}`)) return `Rev.${n}`;
}
