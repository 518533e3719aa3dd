/** What the pages weigh: GraphiQL's stylesheet keeps only the Latin font subsets (src/web/build.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { latinFontsOnly } from '../src/web/build.js';

describe('the explorer\'s fonts', () => {
  const css = readFileSync(path.join(PROJECT_ROOT, 'node_modules/graphiql/dist/style.css'), 'utf8');
  const faces = (s: string) => s.match(/@font-face\{[^}]*\}/g) ?? [];
  const range = (f: string) => /unicode-range:([^;}]*)/.exec(f)?.[1] ?? '';

  it('keeps the Latin and Latin Extended subsets of every font and drops the other scripts', () => {
    const kept = faces(latinFontsOnly(css));
    expect(faces(css).length).toBeGreaterThan(kept.length);
    for (const f of kept) expect(range(f)).toMatch(/^U\+\?\?,|^U\+100-24F/);
    // every family and style still has its Latin subset (ä, ö, å are in U+00-FF)
    const key = (f: string) => /font-family:([^;]*);font-style:([^;]*);font-weight:([^;]*)/.exec(f)!.slice(1).join('/');
    const latin = new Set(kept.filter((f) => range(f).startsWith('U+??,')).map(key));
    expect(latin).toEqual(new Set(faces(css).map(key)));
    // the rules outside @font-face are untouched
    expect(latinFontsOnly(css).replace(/@font-face\{[^}]*\}/g, '')).toBe(css.replace(/@font-face\{[^}]*\}/g, ''));
    expect(latinFontsOnly(css).length).toBeLessThan(css.length * 0.6);
  });
});
