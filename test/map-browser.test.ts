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
import { expectNoAxeViolations, scrollsSideways } from './support/axe.js';
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
    // The machine running the suite may be loaded (CI, other work): the overview's coverage and a
    // whole objective's tree get more than the default 10 s here; timings are not what this tests.
    process.env.STRATEGY_GRAPH_REQUEST_TIMEOUT_MS ??= '120000';
    process.env.NEO4J_TRANSACTION_TIMEOUT_MS ??= '120000';
    ({ db, server } = await seededServer());
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
      locale: 'fi-FI',
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
    await page.goto(`${server.url}/map?view=kartta`);
    await page.locator('#search-input').fill(text);
    await page.locator('#search-input').press('Enter');
    const hit = page.locator('#hits .hit', { hasText: hitTitle }).first();
    await hit.waitFor();
    await hit.click();
    await page.locator('#graph[data-state="ready"]').waitFor({ state: 'attached' });
  }

  it('shows why each hit was found: the matching passage, its words marked', async () => {
    await page.goto(`${server.url}/map?view=kartta`); // the map opens on the overview; search is in the map view
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
    await page.locator('.objective-losses').waitFor({ timeout: 60_000 });

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

  // ---------- issue 14 part A: overview, trees, accessibility, language ----------

  const DOCS = path.join(PROJECT_ROOT, 'docs');
  const poll = <T>(f: () => T | Promise<T>) => expect.poll(f, { timeout: 30_000 });
  const overviewReady = () => page.locator('html[data-overview="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
  const treeReady = () => page.locator('#tree[data-state="ready"]').waitFor({ state: 'attached', timeout: 120_000 });

  it('strategist: overview > an objective > what supports it > a measure\'s source, axe at zero on every view', async () => {
    await page.goto(`${server.url}/map?region=ks`);
    await overviewReady();
    const { data } = await graphql(db, '{ overview(regionId: "ks") { objectives { objective { id } strategyGoals { id } subGoals { id } measures { id } indicators { id } } dueThisYear { id } programmes { id status { overall } } } }');
    const o = data.overview;
    expect(await page.locator('.objective-card').count()).toBe(4);
    // Every count is the length of the list behind it, in correct Finnish.
    for (const x of o.objectives) {
      const card = page.locator(`.objective-card[data-id="${x.objective.id}"]`);
      expect(await card.locator('[data-count="goals"]').getAttribute('data-n')).toBe(String(x.strategyGoals.length));
      expect(await card.locator('[data-count="measures"]').textContent()).toBe(`${x.measures.length} ${x.measures.length === 1 ? 'toimenpide' : 'toimenpidettä'}`);
      expect(await card.locator('[data-count="subGoals"]').getAttribute('data-n')).toBe(String(x.subGoals.length));
    }
    // Stated status only: UNKNOWN reads as unknown.
    const unknown = o.programmes.filter((p: any) => p.status.overall === 'UNKNOWN').length;
    expect(await page.locator('.programmes tr[data-status="UNKNOWN"]').count()).toBe(unknown);
    expect(await page.locator('.programmes tr[data-status="UNKNOWN"] td').nth(1).textContent()).toContain('ei tiedossa');
    await page.locator('html[data-overview-gaps="ready"]').waitFor({ state: 'attached', timeout: 60_000 });
    // No ids or English codes on screen.
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\bks\.[a-z]/);
    expect(text).not.toMatch(/\b(CONTRIBUTES_TO|SUPPORTS|UNKNOWN|STATED|INFERRED|MEASURE)\b/);
    await expectNoAxeViolations(page, 'overview');
    await page.screenshot({ path: path.join(DOCS, 'map-overview.png') });

    // A number opens the list behind it.
    const first = o.objectives[0];
    await page.locator(`.objective-card[data-id="${first.objective.id}"] [data-count="measures"]`).click();
    await poll(() => page.locator('#overview-list .drill-items li').count()).toBe(first.measures.length);
    await expectNoAxeViolations(page, 'overview list');

    // The objective's tree: what supports it.
    await page.locator(`.objective-card[data-id="${first.objective.id}"] .objective-open`).click();
    await treeReady();
    expect(new URL(page.url()).searchParams.get('view')).toBe('puu');
    expect(new URL(page.url()).searchParams.get('node')).toBe(first.objective.id);
    const goalsDrawn = await page.locator('#tree > li.tree-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id).sort());
    expect(goalsDrawn).toEqual(first.strategyGoals.map((g: any) => g.id).sort());
    await page.locator('#tree-expand-all').click();
    const measuresDrawn = await page.locator('#tree li[data-kind="MEASURE"]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.id))]);
    expect(measuresDrawn.sort()).toEqual(first.measures.map((m: any) => m.id).sort());
    // Relations read the right way, in Finnish.
    expect(await page.locator('#tree > li.tree-item .tree-relation').first().textContent()).toBe('tukee');
    await expectNoAxeViolations(page, 'tree');
    await page.screenshot({ path: path.join(DOCS, 'map-tree.png') });

    // A measure's source.
    const measureId = measuresDrawn[0];
    await page.locator(`#tree .tree-node[data-id="${measureId}"]`).first().click();
    await poll(() => page.locator('#tree-details-title').getAttribute('data-id')).toBe(measureId);
    const { data: m } = await graphql(db, 'query ($id: ID!) { node(id: $id) { title sources { quote locator } } }', { id: measureId });
    expect(await page.locator('#tree-details-title').textContent()).toBe(m.node.title);
    expect((await page.locator('#tree-details .source-quote').first().textContent())?.trim()).toBe(m.node.sources[0].quote);
    expect(await page.locator('#tree-details .source-locator').first().textContent()).toMatch(/^( · )?(dia|sivu) \d+/); // part B's source list: " · dia 15 (laskettu)"
    await expectNoAxeViolations(page, 'tree with a measure\'s source');

    // Filters keep what they say, the URL keeps them, and a deep link restores them.
    await page.locator('#tf-year').selectOption('2026');
    await treeReady();
    await poll(() => new URL(page.url()).searchParams.get('vuosi')).toBe('2026');
    await page.locator('#tree-expand-all').click();
    const due = await page.locator('#tree li[data-kind="MEASURE"] .tree-due').allTextContents();
    expect(due.length).toBeGreaterThan(0);
    for (const d of due) expect(d).toBe('erääntyy 2026');
    await page.goto(page.url());
    await treeReady();
    expect(await page.locator('#tf-year').inputValue()).toBe('2026');

    // Breadcrumbs lead back up from a sub-goal's tree.
    const subGoal = first.subGoals[0].id;
    await page.goto(`${server.url}/map?region=ks&view=puu&node=${subGoal}`);
    await treeReady();
    const crumbs = await page.locator('#tree-breadcrumbs .crumb').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id ?? 'overview'));
    expect(crumbs[0]).toBe('overview');
    expect(crumbs.some((c) => c.startsWith('ks.objective.'))).toBe(true);
    await page.locator('#tree-breadcrumbs .crumb').first().click();
    await poll(() => new URL(page.url()).searchParams.get('view')).toBe('yleiskuva');
    await poll(() => page.locator('#overview-view').isVisible()).toBe(true);
  }, 400_000);

  it('a unit\'s tree says what it owns; inferred relations show their rationale in the page', async () => {
    await page.goto(`${server.url}/map?region=ks&view=puu&node=ks.unit.psykiatria`);
    await treeReady();
    expect(await page.locator('#tree-heading').textContent()).toContain('vastuullaan');
    const { data } = await graphql(db, '{ supportTree(id: "ks.unit.psykiatria", depth: 3) { entries { confidence rationale } } }');
    const inferred = data.supportTree.entries.filter((e: any) => e.confidence === 'INFERRED' && e.rationale);
    await page.locator('#tree-expand-all').click();
    expect(await page.locator('#tree .tree-rationale').count()).toBe(inferred.length);
    await expectNoAxeViolations(page, 'unit tree');
  }, 400_000);

  it('board: the overview on a phone, at 320 px and at 200 % zoom, without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/map?region=ks`);
    await overviewReady();
    expect(await scrollsSideways(page)).toBe(false);
    await expectNoAxeViolations(page, 'phone overview');
    await page.screenshot({ path: path.join(DOCS, 'map-phone.png') });
    // 320 CSS px (WCAG 1.4.10), and 1280 px at 200 % zoom = 640 CSS px.
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: width === 320 ? 640 : 400 });
      for (const url of ['/map?region=ks', '/map?region=ks&view=puu&node=ks.objective.2', '/map?region=ks&view=kartta&node=ks.m.lanupe.kv.01', '/map?region=ks&view=matriisi']) {
        await page.goto(`${server.url}${url}`);
        await page.locator('html[data-map="ready"]').waitFor({ state: 'attached', timeout: 60_000 });
        if (url.includes('puu')) await treeReady();
        expect(await scrollsSideways(page), `${url} at ${width} px`).toBe(false);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 400_000);

  it('the graph by keyboard: move between nodes, open one, cut one; and the graph as a table', async () => {
    await searchAndOpen('perhehoito', /perhehoitoa lisätään/);
    await expectNoAxeViolations(page, 'search results and route');
    const rootId = await page.locator('#node-title').getAttribute('data-id');
    // The table view holds every relation of the graph.
    const { edges } = await mapState();
    await page.locator('#graph-table-box summary').click();
    expect(await page.locator('#graph-table tbody tr').count()).toBe(edges);
    await expectNoAxeViolations(page, 'route table');

    await page.locator('#graph').focus();
    await page.keyboard.press('Home');
    const top = await page.locator('#node-title').getAttribute('data-id');
    expect(top).not.toBe(rootId);
    expect(top).toMatch(/objective/);
    await page.keyboard.press('ArrowDown');
    const next = await page.locator('#node-title').getAttribute('data-id');
    expect(next).not.toBe(top);
    expect(await page.locator('#graph-announce').textContent()).toContain('Valittu:');
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => (window as any).strategyMap.cy.nodes('.root').map((n: any) => n.id())[0])).toBe(next);

    // Impact mode: Delete cuts the selected node.
    await page.locator('input[name="mode"][value="impact"]').check();
    await page.locator('#graph').focus();
    await page.keyboard.press('Delete');
    await poll(() => page.locator('#cut-list li').count()).toBe(1);
    expect(await page.locator('#cut-list li').getAttribute('data-id')).toBe(next);
    await expectNoAxeViolations(page, 'impact mode');

    // Visible focus: the focused graph has an outline.
    const outline = await page.locator('#graph').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
  }, 400_000);

  it('the matrix follows the chosen region, says when it has none, and shows the rationales in the page', async () => {
    await page.goto(`${server.url}/map?region=ks&view=matriisi`);
    await page.locator('#matrix tbody tr').first().waitFor();
    const { data } = await graphql(db, '{ servicePathMatrix(regionId: "ks") { rows { cells { involved confidence rationale } } } }');
    const inferred = data.servicePathMatrix.rows.flatMap((r: any) => r.cells).filter((c: any) => c.involved && c.confidence === 'INFERRED');
    expect(await page.locator('#matrix-rationales li').count()).toBe(inferred.length);
    expect(await page.locator('#matrix-rationales li').first().textContent()).toContain(inferred[0].rationale);
    expect(await page.locator('#matrix-status').textContent()).toMatch(/(\d+ merkintä on|\d+ merkintää on) päätelty/);
    await expectNoAxeViolations(page, 'matrix');
    await page.locator('#region').selectOption('lu');
    await poll(() => page.locator('#matrix-status').textContent()).toContain('ei ole kirjattu palvelupolkumatriisia');
    expect(await page.locator('#matrix tbody tr').count()).toBe(0);
    await page.locator('#region').selectOption('');
    await poll(() => page.locator('#matrix-status').textContent()).toContain('Valitse alue');
  }, 400_000);

  it('speaks Swedish and English when asked, Finnish by default', async () => {
    await page.goto(`${server.url}/map?region=ks&lang=sv`);
    await overviewReady();
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.locator('#tab-overview-view').textContent()).toBe('Översikt');
    expect(await page.locator('.objective-card [data-count="measures"]').first().textContent()).toMatch(/^\d+ åtgärd(er)?$/);
    await expectNoAxeViolations(page, 'overview in Swedish');
    await page.locator('#lang').selectOption('en');
    await poll(() => page.locator('#tab-overview-view').textContent()).toBe('Overview');
    await poll(() => page.locator('#overview-heading').textContent()).toBe('Overview: Keski-Suomi');
    // The choice is kept for the next visit; without it the browser's language (fi-FI here) decides.
    await page.goto(`${server.url}/map?region=ks`);
    await overviewReady();
    expect(await page.locator('#tab-overview-view').textContent()).toBe('Overview');
    await page.locator('#lang').selectOption('fi');
    await poll(() => page.locator('#tab-overview-view').textContent()).toBe('Yleiskuva');

    // A first visit follows the browser's languages: the first of them the map speaks, else Finnish.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
    try {
      for (const [locale, tab] of [['sv-FI', 'Översikt'], ['en-GB', 'Overview'], ['de-DE', 'Yleiskuva']]) {
        const visitor = await (await browser.newContext({ locale })).newPage();
        await visitor.goto(`${server.url}/map?region=ks`);
        await poll(() => visitor.locator('#tab-overview-view').textContent()).toBe(tab);
        expect(await visitor.locator('#graph').getAttribute('aria-roledescription')).toBe({ 'sv-FI': 'diagram', 'en-GB': 'graph', 'de-DE': 'kaavio' }[locale]);
      }
    } finally {
      await browser.close();
    }
  }, 400_000);

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
