/**
 * Colours of the node kinds: the fill and the label drawn on it. Every pair has a contrast of
 * 4.5:1 or more (WCAG 1.4.3); test/map-colours.test.ts checks it.
 */
export const KINDS: Record<string, { colour: string; text: string }> = {
  STRATEGY_OBJECTIVE: { colour: '#7b2d8b', text: '#ffffff' },
  STRATEGY_GOAL: { colour: '#1f5fa8', text: '#ffffff' },
  SUCCESS_FACTOR: { colour: '#3f6fb5', text: '#ffffff' },
  SUB_GOAL: { colour: '#1e7b70', text: '#ffffff' },
  MEASURE: { colour: '#e9a23b', text: '#1d1d1d' },
  SERVICE_LINE: { colour: '#4a7a2c', text: '#ffffff' },
  RESPONSIBLE_UNIT: { colour: '#88a85a', text: '#1d1d1d' },
  PARTNER: { colour: '#8a6541', text: '#ffffff' },
  SERVICE_PATH: { colour: '#b83247', text: '#ffffff' },
  PROGRAMME: { colour: '#3d5a80', text: '#ffffff' },
  INDICATOR: { colour: '#8d99ae', text: '#1d1d1d' },
  BENEFIT_GOAL: { colour: '#b5838d', text: '#1d1d1d' },
  ASSESSMENT: { colour: '#adb5bd', text: '#1d1d1d' },
  REGION: { colour: '#495057', text: '#ffffff' },
};

/** Contrast ratio of two #rrggbb colours (WCAG 2.1 relative luminance). */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
