/**
 * npm run bench:search: search quality on the seeded graph, three ways side by side.
 *   - ours: `search` (src/search/: Voikko terms, coordination, period), through the real resolver path;
 *   - finnish: Neo4j's built-in `finnish` analyzer, the user's words as a plain Lucene query (OR);
 *   - standard-no-stop-words: the same with Neo4j's `standard-no-stop-words` analyzer.
 * The two peers index the same words as ours (every SEARCH_TEXT_FIELDS property, joined), so
 * the comparison is of analysis and ranking, not of what is indexed (two copies of that text:
 * Neo4j refuses a second index on the same label and property, whatever its analyzer).
 * Queries: bench/search-queries.json, written from the documents before any tuning; even
 * positions are the tuning half, odd positions the held-out half (reported apart).
 * Also: every measure, sub-goal and goal found in the top 5 by its own title.
 * Options: --out FILE (default: print only). One embedded Neo4j, temporary data, removed after.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applySchema } from '../src/db/connect.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/config.js';
import { morphologyStatus } from '../src/search/morphology.js';
import { searchNodes } from '../src/search/search.js';
import { SEARCH_TEXT_FIELDS, tokenise, withSearchProperties } from '../src/search/terms.js';
import { seedDatabase } from '../src/seeds/index.js';
import { seedPlan } from './generate.js';

interface Query { text: string; expect: string[]; regionId?: string; type: string }
type Way = 'ours' | 'finnish' | 'standard-no-stop-words';
const WAYS: Way[] = ['ours', 'finnish', 'standard-no-stop-words'];
const K = 5;

const q = (name: string, text: string) => ({ name, text });

async function top(db: Database, way: Way, text: string, regionId: string | undefined, kinds: string[] | null = null): Promise<string[]> {
  if (way === 'ours') return (await searchNodes(db, text, { regionId, kinds, first: K })).map((h) => h.node.id);
  const words = tokenise(text).map((t) => t.word);
  if (words.length === 0) return [];
  const index = way === 'finnish' ? 'bench_finnish' : 'bench_standard';
  const rows = await db.read<{ id: string }>(
    q('benchPeerSearch', `CALL db.index.fulltext.queryNodes($index, $query, {limit: 1000}) YIELD node, score
      WHERE ($regionId IS NULL OR node.regionId = $regionId) AND ($kinds IS NULL OR node.kind IN $kinds)
      RETURN node.id AS id ORDER BY score DESC, id LIMIT ${K}`),
    { index, query: words.join(' '), regionId: regionId ?? null, kinds },
  );
  return rows.map((r) => r.id);
}

interface Figures { n: number; recall: number; mrr: number; zeroHit: number }

function figures(results: { expect: string[]; got: string[] }[]): Figures {
  let recall = 0, mrr = 0, zero = 0;
  for (const r of results) {
    recall += r.expect.filter((id) => r.got.includes(id)).length / r.expect.length;
    const rank = r.got.findIndex((id) => r.expect.includes(id));
    mrr += rank >= 0 ? 1 / (rank + 1) : 0;
    if (r.got.length === 0) zero++;
  }
  const n = results.length;
  return { n, recall: recall / n, mrr: mrr / n, zeroHit: zero / n };
}

async function main() {
  const outArg = process.argv.indexOf('--out');
  const out = outArg > 0 ? process.argv[outArg + 1] : null;
  const queries = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'bench', 'search-queries.json'), 'utf8')) as Query[];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-bench-search-'));
  const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '1g', startTimeoutMs: 600_000, log: (l) => process.stderr.write(`${l}\n`) });
  const db = Database.connect(neo4j.uri, '', '', undefined, { transactionTimeoutMs: 10 * 60_000, connectionTimeoutMs: 60_000 });
  try {
    await db.deleteEverything();
    await applySchema(db);
    // Write cost of the morphology: the terms of every seed node, cold cache (first words ever analysed).
    const plan = seedPlan();
    let t0 = performance.now();
    for (const n of plan.nodes) withSearchProperties(n.props);
    const termsColdMs = performance.now() - t0;
    t0 = performance.now();
    for (const n of plan.nodes) withSearchProperties(n.props);
    const termsWarmMs = performance.now() - t0;
    t0 = performance.now();
    await seedDatabase(db);
    const seedMs = performance.now() - t0;
    await db.write(q('benchAllText', `MATCH (n:Entity)
      SET n.benchAllText = reduce(s = '', f IN $fields | s + ' ' + CASE WHEN n[f] IS NULL THEN '' WHEN valueType(n[f]) STARTS WITH 'LIST' THEN reduce(t = '', x IN n[f] | t + ' ' + x) ELSE toString(n[f]) END)
      SET n.benchAllText2 = n.benchAllText`), { fields: SEARCH_TEXT_FIELDS });
    await db.write(q('benchFinnishIndex', "CREATE FULLTEXT INDEX bench_finnish IF NOT EXISTS FOR (n:Entity) ON EACH [n.benchAllText] OPTIONS { indexConfig: { `fulltext.analyzer`: 'finnish' } }"));
    await db.write(q('benchStandardIndex', "CREATE FULLTEXT INDEX bench_standard IF NOT EXISTS FOR (n:Entity) ON EACH [n.benchAllText2] OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } }"));
    await db.write(q('benchAwait', 'CALL db.awaitIndexes(300)'));

    // One untimed pass of every way first: the first run of a query shape pays Neo4j's planning
    // and the JIT's warm-up, and whichever way ran first paid it for all three (ours' p95 was
    // 654 ms cold against 12-15 ms warm in the same run).
    for (const way of WAYS) for (const query of queries) await top(db, way, query.text, query.regionId);

    const halves = { tuning: queries.filter((_, i) => i % 2 === 0), 'held-out': queries.filter((_, i) => i % 2 === 1) };
    const table: Record<string, Record<Way, Figures>> = {};
    const latency: Record<Way, number[]> = { ours: [], finnish: [], 'standard-no-stop-words': [] };
    const misses: Record<Way, string[]> = { ours: [], finnish: [], 'standard-no-stop-words': [] };
    for (const [half, list] of Object.entries({ all: queries, ...halves })) {
      table[half] = {} as Record<Way, Figures>;
      for (const way of WAYS) {
        const results = [];
        for (const query of list) {
          const started = performance.now();
          const got = await top(db, way, query.text, query.regionId);
          if (half === 'all') latency[way].push(performance.now() - started);
          results.push({ expect: query.expect, got });
          if (half === 'all' && !query.expect.every((id) => got.includes(id))) misses[way].push(`"${query.text}"${query.regionId ? ` (${query.regionId})` : ''}`);
        }
        table[half][way] = figures(results);
      }
    }
    // Every measure, sub-goal and goal by its own title (no region filter).
    const titled = await db.read<{ id: string; title: string }>(q('benchTitled', "MATCH (n:Entity) WHERE n.kind IN ['MEASURE', 'SUB_GOAL', 'STRATEGY_GOAL', 'BENEFIT_GOAL'] RETURN n.id AS id, n.title AS title ORDER BY id"));
    const byTitle: Record<Way, { found: number; zero: number; missed: string[] }> = { ours: { found: 0, zero: 0, missed: [] }, finnish: { found: 0, zero: 0, missed: [] }, 'standard-no-stop-words': { found: 0, zero: 0, missed: [] } };
    for (const way of WAYS) {
      for (const t of titled) {
        const got = await top(db, way, t.title, undefined);
        if (got.includes(t.id)) byTitle[way].found++;
        else byTitle[way].missed.push(t.id);
        if (got.length === 0) byTitle[way].zero++;
      }
    }
    const f = (x: number) => x.toFixed(3);
    const lines: string[] = [];
    lines.push(`Search quality: ${queries.length} queries (bench/search-queries.json), top ${K}; morphology: ${morphologyStatus().engine}.`, '');
    lines.push('| queries | way | recall@5 | MRR | zero-hit share |', '| --- | --- | --- | --- | --- |');
    for (const [half, byWay] of Object.entries(table)) {
      for (const way of WAYS) lines.push(`| ${half} (${byWay[way].n}) | ${way} | ${f(byWay[way].recall)} | ${f(byWay[way].mrr)} | ${f(byWay[way].zeroHit)} |`);
    }
    lines.push('', `Own title in the top ${K}, ${titled.length} measures, sub-goals and goals:`, '', '| way | found | share | zero-hit |', '| --- | --- | --- | --- |');
    for (const way of WAYS) lines.push(`| ${way} | ${byTitle[way].found} | ${f(byTitle[way].found / titled.length)} | ${byTitle[way].zero} |`);
    const pct = (l: number[], p: number) => [...l].sort((a, b) => a - b)[Math.min(l.length - 1, Math.floor(l.length * p))].toFixed(1);
    lines.push('', `Latency of the ${queries.length} queries, one at a time, seed graph (${plan.nodes.length} nodes), after one untimed pass of every way, ms:`, '', '| way | p50 | p95 |', '| --- | --- | --- |');
    for (const way of WAYS) lines.push(`| ${way} | ${pct(latency[way], 0.5)} | ${pct(latency[way], 0.95)} |`);
    lines.push('', `Write cost of the terms: ${plan.nodes.length} seed nodes in ${termsColdMs.toFixed(0)} ms cold (${(termsColdMs / plan.nodes.length).toFixed(2)} ms a node), ${termsWarmMs.toFixed(0)} ms warm; the whole seed load (one transaction, terms included) ${seedMs.toFixed(0)} ms.`);
    lines.push('', `Queries ours misses (expected id not in top ${K}): ${misses.ours.join(', ') || 'none'}`);
    lines.push(`Titles ours misses: ${byTitle.ours.missed.join(', ') || 'none'}`);
    const text = lines.join('\n');
    console.log(text);
    if (out) writeFileSync(out, `${text}\n`);
  } finally {
    await db.close();
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
