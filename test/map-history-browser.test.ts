/**
 * The map's node panel shows the node's change history in a real browser: who, when, and the
 * words that changed (removed struck through, added underlined). Skipped without Chromium except
 * under CI=true, like test/map-browser.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import type { RunningServer } from '../src/server.js';
import { seededServer } from './support/db.js';
import { EDITOR, gqlAs, UPDATE } from './support/secure.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCI = !!process.env.CI && process.env.CI !== 'false';
const haveChromium = existsSync(CHROMIUM);
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!haveChromium && !inCI)('the map shows a node\'s change history', () => {
  let db: Database;
  let server: RunningServer;
  let context: BrowserContext;
  let userDataDir: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, server, close: stop } = await seededServer());
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-history-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 800 }, timeout: 60_000, locale: 'fi-FI' });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await stop?.();
  });

  it('who changed the goal, when, and which words', async () => {
    const id = 'ks.goal.kustannusvaikuttavuus';
    const read = await gqlAs(db, EDITOR, `{ node(id: "${id}") { version title } }`);
    const { title, version } = read.data.node;
    const changed = await gqlAs(db, EDITOR, UPDATE, { input: { id, expectedVersion: version, title: `${title} ja uusi sana` } });
    expect(changed.errors).toBeUndefined();

    const page = await context.newPage();
    await page.goto(`${server.url}/map?node=${encodeURIComponent(id)}&lang=fi`);
    await page.locator('#node-title').waitFor({ timeout: 30_000 });
    const section = page.locator('details.history');
    await section.locator('summary').click();
    const entries = section.locator('.history-entry');
    await entries.first().waitFor({ timeout: 30_000 });
    const first = entries.first();
    await expect.poll(() => first.locator('.history-head').textContent()).toContain('test editor');
    expect(await first.locator('.history-head').textContent()).toContain('Muutettu');
    expect((await first.locator('ins').allTextContents()).join('')).toContain('ja uusi sana');
    expect(await first.locator('del').count()).toBe(0);
    // The seed's creation is the oldest entry.
    expect(await entries.last().locator('.history-head').textContent()).toContain('lähtöaineisto');
    expect(await section.locator('p.status').textContent()).toMatch(/^\d+ muutos(ta)? näytetty$/);
    await page.close();
  }, 120_000);
});
