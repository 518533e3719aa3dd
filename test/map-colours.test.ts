/** The map's kind colours carry their labels at WCAG AA contrast (4.5:1), on the graph and in the page. */
import { describe, expect, it } from 'vitest';
import { contrast, KINDS } from '../web/map/colours.js';

describe('map colours', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // The old sub-goal colour the issue measured at 3.32:1.
    expect(contrast('#2a9d8f', '#ffffff')).toBeCloseTo(3.32, 2);
  });

  it('gives every kind a label colour of 4.5:1 or more on its fill', () => {
    for (const [kind, { colour, text }] of Object.entries(KINDS)) {
      expect(contrast(colour, text), kind).toBeGreaterThanOrEqual(4.5);
    }
  });
});
