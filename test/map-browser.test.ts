/**
 * The explorer and the map in a real browser: Debian's Chromium driven by playwright-core against a
 * real server (startServer) over the seeded test database. Searches, clicks, checks what is drawn,
 * and saves screenshots under test-artifacts/. No request may leave 127.0.0.1.
 *
 * Without /usr/bin/chromium (or CHROMIUM_PATH) the suite is skipped, except under CI=true, where it
 * must run (.ci/run installs chromium).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import type { RunningServer } from '../src/server.js';
import { graphql, seededServer } from './support/db.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCI = !!process.env.CI && process.env.CI !== 'false';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !inCI) {
  console.warn(`[browser] skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH). Under CI=true they run.`);
}

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
// The machine has no network: without these flags Chromium waits on connections it tries to make.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

declare global {
  interface Window {
    strategyMap?: { nodeCount(): number; edgeCount(): number; nodeIds(): string[]; nodePagePosition(id: string): { x: number; y: number } | null; state(): string };
  }
}

describe.skipIf(!haveChromium && !inCI)('explorer and map in Chromium', () => {
  let db: Database;
  let server: RunningServer;
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  const outside: string[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI=true but there is no Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ db, server } = await seededServer());
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
      timeout: 60_000,
    });
    context.on('request', (req) => {
      const url = new URL(req.url());
      if (['data:', 'blob:', 'about:'].includes(url.protocol)) return;
      if (url.hostname !== '127.0.0.1') outside.push(req.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await server?.stop();
    await db?.close();
  });

  beforeEach(async () => {
    pageErrors = [];
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
    });
  });

  afterEach(async () => {
    await page?.close();
    expect(pageErrors).toEqual([]);
    expect(outside, 'requests that left 127.0.0.1').toEqual([]);
  });

  const mapState = () => page.evaluate(() => ({ nodes: window.strategyMap!.nodeCount(), edges: window.strategyMap!.edgeCount(), ids: window.strategyMap!.nodeIds() }));

  async function searchAndOpen(text: string, hitTitle: RegExp) {
    await page.goto(`${server.url}/map`);
    await page.locator('#search-input').fill(text);
    await page.locator('#search-input').press('Enter');
    const hit = page.locator('#hits .hit', { hasText: hitTitle }).first();
    await hit.waitFor();
    await hit.click();
    await page.locator('#graph[data-state="ready"]').waitFor({ state: 'attached' });
  }

  it('shows why each hit was found: the matching passage, its words marked', async () => {
    await page.goto(`${server.url}/map`);
    await page.locator('#search-input').fill('Kannonkosken paloasema');
    await page.locator('#search-input').press('Enter');
    const hit = page.locator('#hits .hit', { has: page.locator('.hit-snippet') }).first();
    await hit.waitFor();
    // The words are only in 001's lists (successes, achieved targets), never in a title: the
    // snippet must name the list it quotes and mark both words in their document forms.
    expect(['onnistumiset: ', 'saavutetut tavoitteet: ']).toContain(await hit.locator('.hit-field').textContent());
    const marks = await hit.locator('mark').allTextContents();
    expect(marks.some((m) => /^Kannonkosken$/.test(m))).toBe(true);
    expect(marks.some((m) => /^paloasema(n)?$/.test(m))).toBe(true);
    expect(await hit.locator('.hit-snippet').textContent()).toMatch(/Kannonkosken (uusi|uuden) paloasema/);
  });

  it('finds a measure by Finnish full text and draws its route to the objectives, with the source quote', async () => {
    const started = Date.now();
    await searchAndOpen('perhehoito', /perhehoitoa lisätään/);
    const id = await page.locator('#node-title').getAttribute('data-id');
    expect(id).toBeTruthy();

    const { data, errors } = await graphql(db, 'query ($id: ID!) { trace(id: $id) { nodes { id } edges { from } objectives { id } } node(id: $id) { title sources { quote document locator } } }', { id });
    expect(errors).toBeUndefined();
    const drawn = await mapState();
    expect(drawn.nodes).toBe(data.trace.nodes.length);
    expect(drawn.nodes).toBeGreaterThanOrEqual(4);
    expect(drawn.edges).toBe(data.trace.edges.length);
    expect(await page.locator('#graph').getAttribute('data-node-count')).toBe(String(data.trace.nodes.length));
    expect(data.trace.objectives.length).toBeGreaterThan(0);
    for (const o of data.trace.objectives) expect(drawn.ids).toContain(o.id);

    // The side panel: the root's title and its source, word for word.
    await expect.poll(() => page.locator('#node-title').textContent()).toBe(data.node.title);
    const source = data.node.sources[0];
    expect((await page.locator('.source-quote').first().textContent())?.trim()).toBe(source.quote);
    // The document by its catalogue title (seeds/documents/catalogue.json), the place as "dia 5" / "sivu 12".
    const catalogue = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'seeds/documents/catalogue.json'), 'utf8')).documents;
    const doc = catalogue.find((d: any) => d.file === source.document);
    await expect.poll(() => page.locator('.source-document').first().textContent()).toContain(doc.title);
    if (source.locator) expect(await page.locator('.source-locator').first().textContent()).toContain(source.locator.replace('slide', 'dia').replace('page', 'sivu'));

    await page.screenshot({ path: path.join(ARTIFACTS, 'map-trace.png') });
    console.log(`[browser] search, trace and draw: ${Date.now() - started} ms, ${drawn.nodes} nodes, ${drawn.edges} edges`);
  });

  it('shows a clicked node of the canvas in the side panel and draws inferred relations dashed', async () => {
    await searchAndOpen('kotiutus', /Kotiutus/i);
    const { ids } = await mapState();
    const rootId = await page.locator('#node-title').getAttribute('data-id');
    const target = ids.find((i) => i !== rootId)!;
    expect(target).toBeTruthy();
    const pos = await page.evaluate((id) => window.strategyMap!.nodePagePosition(id), target);
    expect(pos).not.toBeNull();
    await page.mouse.click(pos!.x, pos!.y);
    await expect.poll(() => page.locator('#node-title').getAttribute('data-id')).toBe(target);

    // Every INFERRED relation of the trace is drawn dashed, every STATED one solid.
    const { data } = await graphql(db, 'query ($id: ID!) { trace(id: $id) { edges { confidence } } }', { id: rootId });
    const styles = await page.evaluate(() =>
      (window as any).strategyMap.cy.edges().map((e: any) => ({ confidence: e.data('confidence'), style: e.style('line-style') })),
    );
    expect(styles).toHaveLength(data.trace.edges.length);
    for (const s of styles) expect(s.style).toBe(s.confidence === 'INFERRED' ? 'dashed' : 'solid');
  });

  it('impact mode: cutting a service line highlights orphaned and weakened nodes and the objectives\' losses', async () => {
    await searchAndOpen('perhehoito', /perhehoitoa lisätään/);
    await page.locator('input[name="mode"][value="impact"]').check();
    const { ids } = await mapState();
    const line = ids.find((i) => i.startsWith('ks.line.'));
    expect(line, 'the trace passes through a service line').toBeTruthy();
    const pos = await page.evaluate((id) => window.strategyMap!.nodePagePosition(id), line!);
    await page.mouse.click(pos!.x, pos!.y);
    await expect.poll(() => page.locator('#cut-list li').count()).toBe(1);
    await page.locator('#impact-run').click();
    await page.locator('.objective-losses').waitFor();

    const { data } = await graphql(db, 'query ($cut: [ID!]!) { impact(cut: $cut) { orphaned { node { id } } weakened { node { id } } objectives { shareLost } } }', { cut: [line] });
    const affected = new Set([...data.impact.orphaned, ...data.impact.weakened].map((i: any) => i.node.id));
    const expected = ids.filter((i) => affected.has(i)).length;
    expect(expected).toBeGreaterThan(0);
    expect(await page.locator('#graph').getAttribute('data-impact-marked')).toBe(String(expected));
    const classes = await page.evaluate(() => (window as any).strategyMap.cy.nodes('.orphaned, .weakened').map((n: any) => n.id()));
    expect(classes.sort()).toEqual(ids.filter((i) => affected.has(i)).sort());
    expect(await page.locator('.objective-losses tbody tr').count()).toBe(data.impact.objectives.length);
    expect(await page.locator('.impact-list.orphaned li').count()).toBe(Math.min(25, data.impact.orphaned.length));
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-impact.png') });
  });

  it('shows the service-path matrix as a table with inferred cells marked', async () => {
    await page.goto(`${server.url}/map?region=ks&view=matriisi`);
    await page.locator('#matrix tbody tr').first().waitFor();
    const { data } = await graphql(db, '{ servicePathMatrix(regionId: "ks") { columns { id } rows { cells { involved confidence } } } }');
    const m = data.servicePathMatrix;
    expect(await page.locator('#matrix tbody tr').count()).toBe(m.rows.length);
    expect(await page.locator('#matrix thead th').count()).toBe(m.columns.length + 2);
    const cells = m.rows.flatMap((r: any) => r.cells);
    expect(await page.locator('#matrix td.cell.involved').count()).toBe(cells.filter((c: any) => c.involved).length);
    expect(await page.locator('#matrix td.cell.inferred').count()).toBe(cells.filter((c: any) => c.involved && c.confidence === 'INFERRED').length);
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-matrix.png') });
  });

  it('serves GraphiQL from its own assets at /explorer and GET /graphql, with the examples, and runs one', async () => {
    await page.goto(`${server.url}/explorer`);
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.sg-examples button').first().waitFor();
    expect(await page.locator('.sg-examples button').count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator('.graphiql-query-editor .CodeMirror').first().textContent()).toContain('Jäljitä toimenpide');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.graphiql-response .CodeMirror').first().textContent(), { timeout: 15_000 }).toContain('"objectives"');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer.png') });

    // An example in the side panel opens its tab.
    await page.locator('.sg-examples button[data-example="service-path-matrix"]').click();
    await expect.poll(() => page.locator('.graphiql-tab-active').textContent()).toContain('ServicePathMatrix');
    await expect.poll(() => page.locator('.graphiql-query-editor .CodeMirror').first().textContent()).toContain('Palvelupolkumatriisi');

    // The schema arrived by introspection: the documentation explorer shows the root type.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').textContent()).toContain('Query');

    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    expect(await page.title()).toContain('Kyselyeditori');
  });
});
