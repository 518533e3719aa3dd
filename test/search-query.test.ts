/** The search query builder: words only, gradation-tolerant prefixes. */
import { describe, expect, it } from 'vitest';
import { buildSearchQuery, gradationPrefix, searchWords } from '../src/search/query.js';

describe('search query builder', () => {
  it('undoes Finnish consonant gradation with a prefix', () => {
    expect(gradationPrefix('perhehoito')).toBe('perhehoi');
    expect(gradationPrefix('palvelupolku')).toBe('palvelupol');
    expect(gradationPrefix('lapset')).toBe('laps');
    expect(gradationPrefix('kela')).toBeNull();
  });

  it('keeps only letters and digits, so no Lucene syntax survives', () => {
    expect(searchWords('perhehoito AND "x" OR *:* ~2 (a) [b] {c} ^d \\e /f: g!')).toEqual(['perhehoito', 'and', 'x', 'or', '2', 'a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(buildSearchQuery('Perhehoito, lastensuojelu!')).toBe('+(perhehoito^2 OR perhehoi*) +(lastensuojelu^2 OR lastensuoje*)');
    expect(buildSearchQuery('  \u0000 ... ')).toBeNull();
    expect(buildSearchQuery('x'.repeat(10_000))!.length).toBeLessThan(1_100);
  });
});
