/**
 * Fuzzing: search terms, ids and texts that look like Cypher injection, Lucene syntax, control
 * characters, broken Unicode and very long strings, through every argument that reaches the
 * database (reads anonymously, writes as an editor). No answer may be INTERNAL_SERVER_ERROR, none
 * may show a stack trace or a statement, and the graph must be exactly as it was (but for the
 * fuzz measure itself: a random quote of common letters can be found word for word in the
 * document, and then the create is rightly written, with the string stored as data).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { startServer, type RunningServer } from '../src/server.js';
import { seededDatabase } from './support/db.js';
import { EDITOR, gqlAs, SOURCE, testSecurity } from './support/secure.js';

const fingerprintStatement = cypher('testGraphFingerprint', `
MATCH (n:Entity)
WHERE NOT n.id STARTS WITH 'ks.m.fuzz.'
WITH n ORDER BY n.id
WITH collect(n.id + '@' + toString(coalesce(n.version, 1)) + ':' + n.title + ':' + coalesce(n.description, '')) AS nodes
CALL () { MATCH (a:Entity)-[r]->(b:Entity) WITH a.id + '|' + type(r) + '|' + b.id AS key ORDER BY key RETURN collect(key) AS relationships }
RETURN nodes, relationships
`);

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HANDWRITTEN = [
  "' OR 1=1 //",
  '" OR ""="',
  'ks"}) MATCH (n) DETACH DELETE n //',
  "ks'}) DETACH DELETE n RETURN ('",
  '}) WITH 1 AS x MATCH (n) SET n.title = "pwned" //',
  'ks` DETACH DELETE n //',
  '$(x)',
  '$id',
  '\\u0027 OR 1=1',
  'CALL db.index.fulltext.queryNodes("entity_text", "*") YIELD node DETACH DELETE node',
  'LOAD CSV FROM "file:///etc/passwd" AS l RETURN l',
  '*:*',
  'title:*',
  '*',
  '?',
  'hoito~2',
  'perhe* AND NOT hoito',
  'AND OR NOT',
  '"unclosed phrase',
  '(((',
  ')))',
  '[a TO z]',
  '{a TO z}',
  '/regex.*/',
  '\\',
  '^5',
  '+-!():^[]"{}~*?|&/',
  '&& ||',
  'title:(perhehoito) OR description:*',
  '\u0000',
  '\u0000ks\u0000',
  'ks\u0001\u0002\u0003\u001f\u007f',
  '\r\n\t\v\f',
  '\u2028\u2029',
  '\ufeffks',
  '\u202eks',
  '\ud800',
  'ks\udfff',
  '😀'.repeat(50),
  'Z̷̛̖a̸l̶g̷o̸',
  'ÄÖÅäöå perhehoito',
  'ks'.padEnd(200, '.'),
  'a'.repeat(100_000),
  'hoito '.repeat(20_000),
  '('.repeat(50_000),
  'ä'.repeat(60_000),
  '',
  ' ',
  '.',
  'ks',
  'ks.m.lanupe.kv.10',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '%00',
  'null',
  'undefined',
  '-1',
  '1e309',
];

function randomStrings(n: number, seed: number): string[] {
  const rand = prng(seed);
  const alphabet = ['a', 'ä', 'k', 's', '.', '-', "'", '"', '`', '\\', '(', ')', '[', ']', '{', '}', ':', '*', '?', '~', '^', '!', '|', '&', '/', '$', '\u0000', '\n', ' ', 'AND', 'OR', 'NOT', 'MATCH', 'DELETE', '\ud83d', '\ude00', '\u0301'];
  return Array.from({ length: n }, () => {
    const length = Math.floor(rand() * 40) + 1;
    return Array.from({ length }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  });
}

const INPUTS = [...HANDWRITTEN, ...randomStrings(60, 20251123)];

const READS: [string, (s: string) => Record<string, unknown>][] = [
  ['query ($s: String!) { search(text: $s) { score node { id } } }', (s) => ({ s })],
  ['query ($s: String!) { search(text: $s, kinds: [MEASURE], regionId: "ks", first: 5) { node { id } } }', (s) => ({ s })],
  ['query ($s: String!) { compare(theme: $s) { region { id } goals { node { id } } } }', (s) => ({ s })],
  ['query ($s: ID!) { node(id: $s) { id } }', (s) => ({ s })],
  ['query ($s: ID!) { nodes(ids: [$s, "ks"]) { id } }', (s) => ({ s })],
  ['query ($s: ID!) { trace(id: $s) { objectives { id } } }', (s) => ({ s })],
  ['query ($s: ID!) { objectives(regionId: $s) { id } }', (s) => ({ s })],
  ['query ($s: ID!) { serviceLine(id: $s) { id } }', (s) => ({ s })],
  ['query ($s: ID!) { measures(regionId: $s) { id } }', (s) => ({ s })],
  ['query ($s: ID!) { coverage(regionId: $s) { counts { measures } } }', (s) => ({ s })],
  ['query ($s: ID!) { assessments(regionId: "ks", targetId: $s) { id } }', (s) => ({ s })],
  ['query ($s: ID!) { impact(cut: [$s]) { orphaned { severity } } }', (s) => ({ s })],
  ['query ($s: ID!) { servicePathMatrix(regionId: $s) { rows { involvedCount } } }', (s) => ({ s })],
  ['query ($s: ID!) { fragility(regionId: $s, first: 3) { severity } }', (s) => ({ s })],
  ['query ($s: ID!) { programmes(regionId: $s) { id } }', (s) => ({ s })],
  ['query ($s: String!) { node(id: "ks") { outgoing(types: [$s]) { type } incoming(types: [$s]) { type } } }', (s) => ({ s })],
];

const WRITES: [string, (s: string) => Record<string, unknown>][] = [
  ['mutation ($s: ID!) { createNode(input: {id: $s, kind: MEASURE, regionId: "ks", title: "x", sources: []}) { created } }', (s) => ({ s })],
  [
    'mutation ($s: String!) { createNode(input: {id: "ks.m.fuzz.1", kind: MEASURE, regionId: "ks", title: "Fuzz", sources: [{document: "000_9dec4d1a41e94955.txt", locator: "slide 5", quote: $s}]}) { created } }',
    (s) => ({ s: s.includes(SOURCE.quote) ? `${s}!` : s }),
  ],
  ['mutation ($s: String!) { createNode(input: {id: "ks.m.fuzz.2", kind: MEASURE, regionId: "ks", title: "Fuzz", sources: [{document: $s, locator: "slide 5", quote: "x"}]}) { created } }', (s) => ({ s })],
  ['mutation ($s: ID!) { updateNode(input: {id: $s, expectedVersion: 999, title: "x"}) { id } }', (s) => ({ s })],
  ['mutation ($s: ID!) { deleteNode(id: $s, expectedVersion: 999) { id } }', (s) => ({ s })],
  ['mutation ($s: ID!) { link(input: {from: $s, type: PART_OF, to: "ks.line.lanupe"}) { created } }', (s) => ({ s })],
  ['mutation ($s: ID!) { link(input: {from: "ks.goal.kustannusvaikuttavuus", type: SUPPORTS, to: $s}) { created } }', (s) => ({ s })],
  ['mutation ($s: ID!) { unlink(input: {from: $s, type: PART_OF, to: $s}) { from } }', (s) => ({ s })],
  ['mutation ($s: ID!) { addObservation(indicatorId: $s, observation: {value: 1, period: "2025", source: {document: "x", locator: "y", quote: "z"}}) { id } }', (s) => ({ s })],
  ['mutation ($s: String!) { importSeedBundle(files: [{name: "fuzz.yaml", text: $s}]) { written problems { line } } }', (s) => ({ s })],
  ['mutation ($s: String!) { importSeedBundle(files: [{name: $s, text: "kind: Measure"}]) { written } }', (s) => ({ s })],
];

describe('fuzzing with hostile input', () => {
  let db: Database;
  let snapshot: () => Promise<{ nodes: string[]; relationships: string[] }>;
  let before: { nodes: string[]; relationships: string[] };
  /** Equal to `before`; on a difference, shows what changed rather than two hashes. */
  const expectUnchanged = async () => {
    const now = await snapshot();
    const gone = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
    expect({ nodesAdded: gone(now.nodes, before.nodes), nodesChanged: gone(before.nodes, now.nodes), relationshipsAdded: gone(now.relationships, before.relationships), relationshipsRemoved: gone(before.relationships, now.relationships) })
      .toEqual({ nodesAdded: [], nodesChanged: [], relationshipsAdded: [], relationshipsRemoved: [] });
    expect(createHash('sha256').update(JSON.stringify(now)).digest('hex')).toBe(createHash('sha256').update(JSON.stringify(before)).digest('hex'));
  };
  beforeAll(async () => {
    db = await seededDatabase();
    snapshot = async () => (await db.read<{ nodes: string[]; relationships: string[] }>(fingerprintStatement))[0];
    before = await snapshot();
  });
  afterAll(() => db.close());

  async function fuzz(operations: [string, (s: string) => Record<string, unknown>][], principal: typeof EDITOR | null, inputs = INPUTS) {
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const jobs = inputs.flatMap((input) => operations.map(([query, vars]) => ({ input, query, variables: vars(input) })));
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const { errors } = await gqlAs(db, principal, job.query, job.variables);
        for (const e of errors ?? []) {
          const code = String(e.extensions?.code);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          // What the server adds to the client's own words (echoed in messages) must show no internals.
          const echoed = JSON.stringify(job.input).slice(1, -1);
          let text = JSON.stringify(e).split(echoed).join('<input>');
          // A long id is echoed capped (src/errors.ts): its first characters and an ellipsis.
          for (let n = Math.min(echoed.length - 1, 200); n >= 8; n--) text = text.split(`${echoed.slice(0, n)}…`).join('<input…>');
          if (code === 'INTERNAL_SERVER_ERROR' || code === 'undefined' || /stack|Neo\.|MATCH \(|at .*\.ts:/.test(text)) {
            failures.push(`${job.query.slice(0, 60)} with ${JSON.stringify(job.input).slice(0, 80)}: ${text.slice(0, 300)}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures).toEqual([]);
    return { jobs: jobs.length, codes: Object.fromEntries(codes) };
  }

  it('reads: never an internal error, never a change', async () => {
    const { jobs, codes } = await fuzz(READS, null);
    expect(jobs).toBe(INPUTS.length * READS.length);
    expect(Object.keys(codes).every((c) => ['NOT_FOUND', 'BAD_USER_INPUT'].includes(c))).toBe(true);
    await expectUnchanged();
  }, 300_000);

  it('writes as an editor: refused with BAD_USER_INPUT, NOT_FOUND or CONFLICT, never a change', async () => {
    // Real ids are not hostile: linking ks.m.lanupe.kv.10 PART_OF its line would rightly be written.
    const { codes } = await fuzz(WRITES, EDITOR, INPUTS.filter((s) => !['ks', 'ks.m.lanupe.kv.10'].includes(s)));
    expect(Object.keys(codes).every((c) => ['NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT'].includes(c))).toBe(true);
    await expectUnchanged();
  }, 300_000);

  it('inline literals and raw HTTP bodies: client errors, never a 500', async () => {
    let server: RunningServer | undefined;
    try {
      server = await startServer({ db, dbDescription: 'fuzz', port: 0, host: '127.0.0.1', security: testSecurity() });
      const send = (body: string, type = 'application/json') => fetch(`${server!.url}/graphql`, { method: 'POST', headers: { 'content-type': type }, body });
      const bodies = [
        '{',
        'null',
        '[]',
        '"query"',
        '{"query": 5}',
        '{"query": "{ regions { id } }", "variables": "x"}',
        '{"query": "{ regions { id } }", "variables": [1]}',
        '{"query": "{ regions { id } }", "operationName": {}}',
        JSON.stringify({ query: `{ ${'regions { id } '.repeat(5000)} }` }),
        JSON.stringify({ query: 'x'.repeat(5 * 1024 * 1024) }),
        ...INPUTS.slice(0, 40).map((s) => JSON.stringify({ query: `{ search(text: ${JSON.stringify(s)}) { score } node(id: ${JSON.stringify(s)}) { id } }` })),
      ];
      for (const body of bodies) {
        const res = await send(body);
        const text = await res.text();
        expect(res.status, body.slice(0, 80)).toBeLessThan(500);
        expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|at .*\.(ts|js):\d+|Neo\./);
      }
    } finally {
      await server?.stop();
    }
    await expectUnchanged();
  }, 300_000);
});
