/**
 * The browser pages without a browser: the explorer's saved example operations (each validates
 * against schema/ and runs on the seeds), and how the server serves the built pages.
 * test/map-browser.test.ts drives them in Chromium.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { loadTypeDefs } from '../src/graphql/schema.js';
import type { RunningServer } from '../src/server.js';
import { buildInfo, isWebBuildFresh, WEB_OUT_DIR } from '../src/web/build.js';
import { EXAMPLES, exampleText, exampleVariables } from '../web/explorer/examples.js';
import { graphql, seededDatabase, seededServer } from './support/db.js';

const schema = buildSchema(loadTypeDefs().join('\n'));

describe('the explorer\'s example operations', () => {
  it('cover the operations the explorer promises, titled in Finnish and English', () => {
    const fields = EXAMPLES.map((e) => {
      const op = parse(e.query).definitions[0] as OperationDefinitionNode;
      return op.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '')).join();
    });
    for (const f of ['trace', 'serviceLine', 'servicePathMatrix', 'impact', 'coverage', 'compare']) expect(fields).toContain(f);
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
    for (const e of EXAMPLES) {
      expect(e.fi.trim(), e.id).not.toBe('');
      expect(e.en.trim(), e.id).not.toBe('');
      expect(exampleText(e)).toMatch(new RegExp(`^# ${e.fi.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n# `));
    }
  });

  for (const e of EXAMPLES) {
    it(`${e.id} validates against the schema, with every variable given`, () => {
      const document = parse(exampleText(e));
      expect(validate(schema, document).map((err) => err.message)).toEqual([]);
      const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
      expect(ops).toHaveLength(1);
      const declared = (ops[0].variableDefinitions ?? []).map((v) => v.variable.name.value).sort();
      expect(Object.keys(e.variables ?? {}).sort()).toEqual(declared);
      expect(exampleVariables(e) === '' || JSON.parse(exampleVariables(e))).toBeTruthy();
    });
  }
});

describe('the explorer\'s example operations on the seeded graph', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  for (const e of EXAMPLES) {
    it(`${e.id} runs without errors and finds something`, async () => {
      const { data, errors } = await graphql(db, e.query, e.variables ?? {});
      expect(errors).toBeUndefined();
      const [value] = Object.values(data);
      expect(value).not.toBeNull();
      expect(JSON.stringify(value).length).toBeGreaterThan(40);
    });
  }
});

describe('serving the built pages', () => {
  let server: RunningServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ server, close } = await seededServer());
  });
  afterAll(() => close());

  it('built the pages at start (or found them fresh)', () => {
    expect(isWebBuildFresh()).toBe(true);
    const info = buildInfo()!;
    expect(Object.keys(info.pages).sort()).toEqual(['explorer', 'map']);
  });

  for (const [route, marker] of [['/explorer', 'id="graphiql"'], ['/map', 'id="graph"']] as const) {
    it(`serves ${route} from its own assets, under a same-origin Content-Security-Policy`, async () => {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/https?:/);
      const html = await res.text();
      expect(html).toContain(marker);
      const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => u !== 'data:,');
      expect(assets.length).toBeGreaterThanOrEqual(2);
      for (const url of assets) {
        expect(url).toMatch(/^\/web\/assets\//);
        const asset = await fetch(`${server.url}${url}`);
        expect(asset.status, url).toBe(200);
        const body = await asset.text();
        // Stylesheets pull in nothing from outside (fonts are data: URIs).
        if (url.endsWith('.css')) {
          expect(body).not.toMatch(/@import/);
          expect(body).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
        }
      }
    });
  }

  it('gives a browser asking GET /graphql for HTML the explorer, and leaves GraphQL requests to Apollo', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="graphiql"');
    const withQuery = await fetch(`${server.url}/graphql?query=%7B%20regions%20%7B%20id%20%7D%20%7D`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(withQuery.status).toBe(302);
    expect(withQuery.headers.get('location')).toBe('/explorer?query=%7B%20regions%20%7B%20id%20%7D%20%7D');

    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ regions { id } }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toMatchObject({ data: { regions: expect.any(Array) } });
    const post = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/html, application/json' }, body: JSON.stringify({ query: '{ regions { id } }' }) });
    expect(await post.json()).toMatchObject({ data: { regions: expect.any(Array) } });
  });

  it('answers a missing asset with 404', async () => {
    expect((await fetch(`${server.url}/web/assets/nothing-here.js`)).status).toBe(404);
  });

  it('keeps the bundles within a size budget', () => {
    const info = buildInfo()!;
    const size = (re: RegExp) => Object.entries(info.files).filter(([f]) => re.test(f)).reduce((n, [, b]) => n + b, 0);
    // GraphiQL 3 with React and CodeMirror 5 minifies to about 1.2 MB; the map with cytoscape to about 0.45 MB.
    expect(size(/^assets\/explorer-.*\.js$/)).toBeLessThan(2_000_000);
    expect(size(/^assets\/map-.*\.js$/)).toBeLessThan(800_000);
    expect(readFileSync(path.join(WEB_OUT_DIR, info.pages.map), 'utf8')).toContain('<html lang="fi">');
  });
});
