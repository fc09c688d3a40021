// One colour per delegation (or participant), the same in every browser and in presence: derived
// from the id, so nothing has to be stored or agreed. Every colour of the palette reads as text on
// white and carries white text (WCAG AA, contrast at least 4.5:1; tests/unit/colors.test.ts), since
// the attribution tags print a delegation's short name in white on its colour and the brackets of its
// proposals in its colour on the page. Sixteen hues: two delegations may share one in a large room;
// the tags' names, not the colours, are what identifies a proposer.
export const PALETTE: readonly string[] = [
  '#1f5fa8', '#b3261e', '#1e7a34', '#6a3d9a', '#8c4a1c', '#b0306f', '#00707a', '#6b6b00',
  '#b34700', '#393b79', '#4f6228', '#7a5c00', '#843c39', '#7b4173', '#2c6e9e', '#2f7d5b',
];

export function colorFor(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return PALETTE[(hash >>> 0) % PALETTE.length];
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
