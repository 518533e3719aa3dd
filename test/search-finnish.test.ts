/**
 * Finnish search on the real database (issue 13): every failure a new user met, each as a test.
 * Morphology (Voikko) on; the last block checks the fallback without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { analyseWord, morphologyStatus } from '../src/search/morphology.js';
import { graphql, seededDatabase } from './support/db.js';

const HITS = `query ($t: String!, $r: ID, $k: [NodeKind!], $n: Int) { search(text: $t, regionId: $r, kinds: $k, first: $n) {
  score matchedWords queryWords historical periodYear node { id kind title } snippet { field text marks { start end } } } }`;

describe('Finnish search', () => {
  let db: Database;
  const search = async (t: string, vars: Record<string, unknown> = {}) => {
    const { data, errors } = await graphql(db, HITS, { t, n: 5, ...vars });
    expect(errors).toBeUndefined();
    return data.search as any[];
  };
  const ids = async (t: string, vars: Record<string, unknown> = {}) => (await search(t, vars)).map((h) => h.node.id);

  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  it('runs with the morphology engine here (libvoikko1 + voikko-fi, as .ci/run installs)', () => {
    expect(morphologyStatus()).toEqual({ engine: 'voikko' });
  });

  it('finds every measure, sub-goal and goal of 000 in the top 5 by its own title', async () => {
    const { data } = await graphql(db, '{ measures(regionId: "ks") { id title } }');
    const rows = await db.read<{ id: string; title: string }>({ name: 'titlesOfKs', text: "MATCH (n:Entity) WHERE n.kind IN ['MEASURE','SUB_GOAL','STRATEGY_GOAL'] AND n.regionId = 'ks' AND '000_9dec4d1a41e94955.txt' IN n.sourceDocuments RETURN n.id AS id, n.title AS title" } as any);
    expect(data.measures.length).toBeGreaterThan(150);
    expect(rows.length).toBeGreaterThan(200);
    const missed: string[] = [];
    for (let i = 0; i < rows.length; i += 8) {
      await Promise.all(rows.slice(i, i + 8).map(async (r) => {
        if (!(await ids(r.title)).includes(r.id)) missed.push(`${r.id}: ${r.title}`);
      }));
    }
    expect(missed).toEqual([]);
  }, 600_000);

  it('never requires a stop word: phrases with kanssa find their measures', async () => {
    expect(await ids('Novan poliklinikoiden kanssa')).toContain('ks.m.terveys.kump.02');
    expect(await ids('yhteistyö Kelan ja työvoimaviranomaisten kanssa')).toContain('ks.m.tyoikaiset.kump.01');
  });

  it('tokenises SHL:n as the index does', async () => {
    expect(await ids('SHL:n', { r: 'ks', k: ['MEASURE'] })).toContain('ks.m.tyoikaiset.uud.06');
    expect(await ids('SHL', { r: 'ks', k: ['MEASURE'] })).toContain('ks.m.tyoikaiset.uud.06');
  });

  it('ranks by how many words match: one word the text says differently does not empty the answer', async () => {
    const hits = await search('Vähennämme ympärivuorokautisen asumisen määrää');
    expect(hits.map((h) => h.node.id)).toContain('ks.m.ikaantyneet.kv.05');
    expect(hits[0].matchedWords).toBeGreaterThanOrEqual(hits[hits.length - 1].matchedWords);
  });

  it('matches word beginnings and compound parts: digi, kuntoutus, tuki, hoito, polku', async () => {
    const digi = await search('digi', { n: 50, r: 'ks', k: ['MEASURE'] });
    expect(digi.filter((h) => /digi/i.test(h.node.title)).length).toBeGreaterThanOrEqual(8);
    expect(await ids('kuntoutus', { n: 20, k: ['SERVICE_PATH'] })).toContain('ks.path.1');
    const tuki = await search('tuki', { n: 20 });
    expect(tuki.length).toBeGreaterThan(5);
    expect(tuki.some((h) => /\btuen\b|\btukea\b/i.test(h.snippet?.text ?? ''))).toBe(true);
    expect((await search('hoito', { n: 50 })).some((h) => /perhehoidon/i.test(h.snippet?.text ?? ''))).toBe(true);
    expect((await search('polku', { n: 50 })).some((h) => /palvelupol/i.test(h.snippet?.text ?? ''))).toBe(true);
  });

  it('splits a compound Voikko does not know at its known last part: digisotekeskus', async () => {
    // "digisote" is not in Voikko's dictionary, so it knew nothing of the whole word: neither the
    // base form of "Digisotekeskuksen" nor its part "keskus" was indexed, and the query had no hit.
    expect(analyseWord('digisotekeskuksen')).toEqual({ lemmas: ['digisotekeskus'], parts: expect.arrayContaining(['digisote', 'keskus']) });
    const found = await ids('digisotekeskus');
    expect(found).toContain('ks.prog.mielenterveyssuunnitelma'); // "Digisotekeskuksen käynnit lisääntyneet"
    expect(found).toContain('ks.prog.lasten-ja-nuorten-hyvinvointisuunnitelma'); // "Digisote-keskuksen toiminta ..."
    const hit = (await search('digisotekeskus')).find((h) => h.node.id === 'ks.prog.mielenterveyssuunnitelma');
    expect(hit.snippet.marks.map((m: any) => hit.snippet.text.slice(m.start, m.end))).toContain('Digisotekeskuksen');
    // A word Voikko knows keeps Voikko's own analysis (no split of its own).
    expect(analyseWord('keskuksen')).toEqual({ lemmas: ['keskus'], parts: [] });
  });

  it('makes stale terms again at start: from an earlier analysis, or made without the engine', async () => {
    const { addMissingSearchTerms } = await import('../src/search/backfill.js');
    const { SEARCH_TERMS_VERSION } = await import('../src/search/terms.js');
    const state = (id: string) => db.read<{ terms: string; version: number; searchVersion: number | null; engine: string | null; records: number }>(
      { name: 'testSearchState', text: `MATCH (n:Entity {id: $id}) OPTIONAL MATCH (c:ChangeRecord) WHERE c.nodeId = $id
        RETURN n.searchTerms AS terms, n.version AS version, n.searchVersion AS searchVersion, n.searchEngine AS engine, count(c) AS records` } as any, { id }).then((r) => r[0]);
    // As an earlier version left them: no split of the unknown compound, no version recorded
    // (ks.prog.mielenterveyssuunnitelma) and terms of words alone, made without the engine
    // (the 2020 measure, whose title's "arvioinnin" then has no base form).
    await db.write({ name: 'testStaleTerms', text: `MATCH (a:Entity {id: 'ks.prog.mielenterveyssuunnitelma'})
      SET a.searchTerms = replace(replace(a.searchTerms, ' digisotekeskus ', ' '), ' digisote ', ' ') REMOVE a.searchVersion, a.searchEngine
      WITH 1 AS one MATCH (b:Entity {id: 'ks.m.tsk.1.vo.01'})
      SET b.searchTerms = ' hoidon ja palvelutarpeen arvioinnin kehittäminen ', b.searchTitle = b.searchTerms, b.searchEngine = 'none'` } as any);
    const before = [await state('ks.prog.mielenterveyssuunnitelma'), await state('ks.m.tsk.1.vo.01')];
    expect(await ids('digisotekeskus')).not.toContain('ks.prog.mielenterveyssuunnitelma');
    const matched = async () => (await search('arviointi kehittäminen', { r: 'ks', k: ['MEASURE'], n: 100 })).find((h) => h.node.id === 'ks.m.tsk.1.vo.01')?.matchedWords ?? 0;
    expect(await matched()).toBeLessThan(2); // "arvioinnin" without its base form
    const lines: string[] = [];
    expect(await addMissingSearchTerms(db, (l) => lines.push(l))).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^search: terms made again for 2 nodes/)]);
    expect(await ids('digisotekeskus')).toContain('ks.prog.mielenterveyssuunnitelma');
    expect(await matched()).toBe(2);
    const after = [await state('ks.prog.mielenterveyssuunnitelma'), await state('ks.m.tsk.1.vo.01')];
    for (const [i, a] of after.entries()) {
      expect(a).toMatchObject({ searchVersion: SEARCH_TERMS_VERSION, engine: 'voikko', version: before[i].version, records: before[i].records });
    }
    expect(await addMissingSearchTerms(db, () => {})).toBe(0);
  });

  it('ranks a node whose title has the words before nodes that have them elsewhere, whatever the period', async () => {
    // A 2020 measure by its own title: current programmes whose long lists hold the same four
    // words came first (the period outranked the title), and the measure was 8th.
    const hits = await search('Hoidon- ja palvelutarpeen arvioinnin kehittäminen', { n: 10 });
    const at = hits.findIndex((h) => h.node.id === 'ks.m.tsk.1.vo.01');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(5);
    expect(hits[at].historical).toBe(true);
    const firstWithoutTitle = hits.findIndex((h) => !/arvioinnin/i.test(h.node.title));
    expect(firstWithoutTitle).toBeGreaterThan(at);
  });

  it('finds words that only programme lists say, with the field and a marked snippet', async () => {
    const [hit] = (await search('Kannonkosken paloasema')).filter((h) => h.snippet?.field === 'successes');
    expect(hit).toBeDefined();
    const marked = hit.snippet.marks.map((m: any) => hit.snippet.text.slice(m.start, m.end));
    expect(marked).toEqual(expect.arrayContaining(['Kannonkosken', 'paloasema']));
    expect(hit.snippet.text.length).toBeLessThan(260);
  });

  it('ranks the 2020 self-evaluation after today\'s plans of the same region', async () => {
    const hits = await search('mielenterveys', { r: 'ks', n: 10 });
    expect(hits.map((h) => h.node.id)).toContain('ks.prog.mielenterveyssuunnitelma');
    const firstHistorical = hits.findIndex((h) => h.historical);
    const lastCurrent = hits.map((h) => h.historical).lastIndexOf(false);
    if (firstHistorical >= 0) expect(lastCurrent).toBeLessThan(firstHistorical);
    expect(hits.find((h) => h.historical)?.periodYear ?? 2020).toBe(2020);
  });

  it('counts matches per kind and region (facets)', async () => {
    const { data, errors } = await graphql(db, '{ all: searchFacets(text: "kotihoito") { total kinds { value count } regions { value count } } ks: searchFacets(text: "kotihoito", regionId: "ks") { total regions { value count } } }');
    expect(errors).toBeUndefined();
    const sum = (l: any[]) => l.reduce((s, x) => s + x.count, 0);
    expect(data.all.total).toBeGreaterThan(0);
    expect(sum(data.all.kinds)).toBe(data.all.total);
    expect(data.all.regions.map((r: any) => r.value)).toEqual(expect.arrayContaining(['ks', 'lu']));
    expect(data.ks.total).toBe(data.all.regions.find((r: any) => r.value === 'ks').count);
    expect(data.ks.regions).toEqual(data.all.regions); // the region facet ignores its own filter
  });

  it('a region or kind filter finds its nodes even when other regions fill the unfiltered pool', async () => {
    // "palvelu" matches most of the graph: more nodes than the unfiltered candidate pool holds.
    const { data } = await graphql(db, '{ searchFacets(text: "palvelu") { total regions { value count } kinds { value count } } }');
    expect(data.searchFacets.total).toBeGreaterThan(300);
    for (const r of data.searchFacets.regions) {
      const hits = await search('palvelu', { r: r.value, n: 20 });
      expect(hits.length, r.value).toBe(Math.min(20, r.count));
      expect(hits.every((h) => h.node.id.startsWith(`${r.value}.`) || h.node.id === r.value), r.value).toBe(true);
    }
    for (const k of data.searchFacets.kinds) {
      const hits = await search('palvelu', { k: [k.value], n: 20 });
      expect(hits.length, k.value).toBe(Math.min(20, k.count));
      expect(hits.every((h) => h.node.kind === k.value), k.value).toBe(true);
    }
  });

  it('still takes the text as words, never as query syntax', async () => {
    for (const t of ['perhehoito AND', '"perhehoito', 'perhehoito~2 OR *:*', ') ( [ ] { } ^ \\ / : !', 'x'.repeat(5000), 'TO [a TO z]', 'NOT ja']) {
      await search(t);
    }
  });
});

describe('compare, for a board', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  const COMPARE = `query ($t: String!, $r: [ID!]) { compare(theme: $t, regionIds: $r, first: 10) {
    region { id } nothingOnTheme groups { kind entries { node { id } } }
    goals { node { id title } historical assessmentType latestAssessment { rating }
      assessments { id rating part } ratedParts { part sentence assessment { rating } } }
    measures { node { id kind } historical assessmentType } } }`;

  it('keeps both ratings of a split-rated goal, each with the sentence it rates', async () => {
    const { data, errors } = await graphql(db, COMPARE, { t: 'Hoitoon pääsee kahden viikon sisällä', r: ['lu'] });
    expect(errors).toBeUndefined();
    const goal = data.compare[0].goals.find((g: any) => g.node.id === 'lu.sg.yhteiset.avosairaanhoito.2');
    expect(goal).toBeDefined();
    expect(goal.assessments.map((a: any) => [a.part, a.rating])).toEqual([[1, 3], [2, 2]]);
    expect(goal.ratedParts[0]).toMatchObject({ part: 1, sentence: 'Hoitoon pääsee kahden viikon sisällä hoidon tarpeen toteamisesta.', assessment: { rating: 3 } });
    expect(goal.ratedParts[1].sentence).toMatch(/^Hyödynnämme digitaalista asiointia/);
    expect(goal.assessmentType).toBe('EVALUATION');
  });

  it('tells readiness from evaluation, puts today\'s plans first, groups by kind, says when a region has nothing', async () => {
    const { data, errors } = await graphql(db, COMPARE, { t: 'mielenterveys', r: ['ks', 'ph'] });
    expect(errors).toBeUndefined();
    const ks = data.compare.find((r: any) => r.region.id === 'ks');
    expect(ks.measures.map((m: any) => m.node.id)).toContain('ks.prog.mielenterveyssuunnitelma');
    const flags = ks.measures.map((m: any) => m.historical);
    expect(flags.indexOf(true) === -1 || flags.lastIndexOf(false) < flags.indexOf(true)).toBe(true);
    for (const m of ks.measures.filter((x: any) => x.historical && x.assessmentType)) expect(m.assessmentType).toBe('READINESS');
    expect(ks.groups.map((g: any) => g.kind)).toEqual([...new Set(ks.groups.map((g: any) => g.kind))]);
    expect(ks.nothingOnTheme).toBe(false);
    const { data: none } = await graphql(db, COMPARE, { t: 'xylofonikonsertti', r: ['ks', 'lu'] });
    expect(none.compare.map((r: any) => r.nothingOnTheme)).toEqual([true, true]);
  });
});
