/**
 * Search without the morphology engine (STRATEGY_GRAPH_MORPHOLOGY=off, as where libvoikko is not
 * installed): one clear log line, and search still answers, by words and word beginnings. Also
 * the start-up backfill of nodes written before search terms existed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { graphql, seededDatabase } from './support/db.js';

process.env.STRATEGY_GRAPH_MORPHOLOGY = 'off';
const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

describe('search without the morphology engine', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(async () => {
    delete process.env.STRATEGY_GRAPH_MORPHOLOGY;
    warn.mockRestore();
    await db.close();
  });

  it('logs one line and still finds inflected words by their beginnings', async () => {
    const { morphologyStatus } = await import('../src/search/morphology.js');
    expect(morphologyStatus()).toMatchObject({ engine: 'none', problem: 'STRATEGY_GRAPH_MORPHOLOGY=off' });
    const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('search:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Voikko.*off.*libvoikko1 voikko-fi/);
    const { data, errors } = await graphql(db, '{ search(text: "perhehoito", regionId: "ks") { node { id title } snippet { field } } }');
    expect(errors).toBeUndefined();
    expect(data.search.some((h: any) => /perhehoidon/.test(h.node.title))).toBe(true);
    const { data: stop } = await graphql(db, '{ search(text: "Novan poliklinikoiden kanssa") { node { id } } }');
    expect(stop.search.map((h: any) => h.node.id)).toContain('ks.m.terveys.kump.02');
  });

  it('adds search terms at start to nodes that have none', async () => {
    const { addMissingSearchTerms } = await import('../src/search/backfill.js');
    await db.write(cypher('testDropSearchTerms', "MATCH (n:Entity) WHERE n.regionId = 'ph' REMOVE n.searchTerms, n.searchTitle"));
    const { data: before } = await graphql(db, '{ search(text: "siltaussuunnitelma", regionId: "ph") { node { id } } }');
    expect(before.search).toEqual([]);
    const added = await addMissingSearchTerms(db, () => {});
    expect(added).toBeGreaterThan(50);
    const { data: after } = await graphql(db, '{ search(text: "siltaussuunnitelma", regionId: "ph") { node { id } } }');
    expect(after.search.map((h: any) => h.node.id)).toContain('ph.prog.siltaussuunnitelma');
    expect(await addMissingSearchTerms(db, () => {})).toBe(0);
  });

  it('without the engine, makes again only terms it knows were made without it', async () => {
    const { addMissingSearchTerms } = await import('../src/search/backfill.js');
    // Terms of an earlier analysis: one node's made by Voikko, the other's without it (or not said).
    await db.write(cypher('testOldTerms', `MATCH (n:Entity) WHERE n.id IN ['ph.prog.siltaussuunnitelma', 'ks.m.terveys.kump.02']
      SET n.searchVersion = 1, n.searchEngine = CASE n.id WHEN 'ph.prog.siltaussuunnitelma' THEN 'voikko' ELSE 'none' END, n.searchTerms = ' vanha '
      WITH 1 AS one MATCH (m:Entity {id: 'ks.m.terveys.kump.01'}) SET m.searchTerms = ' vanha ' REMOVE m.searchVersion, m.searchEngine`));
    expect(await addMissingSearchTerms(db, () => {})).toBe(1);
    const rows = await db.read<{ id: string; terms: string; v: number }>(cypher('testTermsAfter',
      "MATCH (n:Entity) WHERE n.id IN ['ph.prog.siltaussuunnitelma', 'ks.m.terveys.kump.02', 'ks.m.terveys.kump.01'] RETURN n.id AS id, n.searchTerms AS terms, n.searchVersion AS v ORDER BY id"));
    expect(rows.map((r) => [r.id, r.terms === ' vanha ' ? 'kept' : 'made again'])).toEqual([
      ['ks.m.terveys.kump.01', 'kept'], // not said which engine made them: may be Voikko's
      ['ks.m.terveys.kump.02', 'made again'],
      ['ph.prog.siltaussuunnitelma', 'kept'], // Voikko's: not replaced by poorer ones
    ]);
  });
});
