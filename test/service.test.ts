/**
 * Running it like a service (issue 16), on the real `npm start`: signals and shutdown, one
 * database for several clients (the port file), errors that name the fix, startup lines.
 * Each npm start here gets its own data directory and ports, and SEED_ON_START=never keeps it short.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { freePort, isPortFree, PORT_FILE, type RunningEmbeddedNeo4j } from '../src/db/embedded.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Run {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function npm(args: string[], env: NodeJS.ProcessEnv): Run {
  let out = '';
  const child = spawn(NPM, args, { cwd: PROJECT_ROOT, env: { ...process.env, LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** The log events (pino JSON lines) of a run's output. */
function events(out: string): { msg: string; level: number }[] {
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0;
  }
}

describe('npm start as a service', () => {
  let dataDir: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let server: Run;
  let neo4j: RunningEmbeddedNeo4j;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-service-'));
    port = await freePort();
    env = { PORT: String(port), NEO4J_EMBEDDED_PORT: '0', NEO4J_EMBEDDED_DATA: dataDir, SEED_ON_START: 'never', NEO4J_EMBEDDED_HEAP: '512m' };
    server = npm(['start'], env);
    const ready = await until(async () => (await status(`http://127.0.0.1:${port}/health/ready`)) === 200, 170_000);
    if (!ready) throw new Error(`npm start did not become ready:\n${server.out()}`);
    neo4j = JSON.parse(readFileSync(path.join(dataDir, PORT_FILE), 'utf8'));
  }, 180_000);

  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    if (neo4j && alive(neo4j.ownerPid)) process.kill(neo4j.ownerPid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints separate startup lines with their times, and is live and ready', async () => {
    const msgs = events(server.out()).map((e) => e.msg);
    expect(msgs.some((m) => /^jars ready/.test(m))).toBe(true);
    expect(msgs.some((m) => /^Neo4j started on bolt:\/\/127\.0\.0\.1:\d+ in \d+\.\d s$/.test(m))).toBe(true);
    expect(msgs.some((m) => /^schema applied in \d+\.\d s$/.test(m))).toBe(true);
    expect(msgs.some((m) => /^seeds not loaded/.test(m))).toBe(true);
    expect(await status(`http://127.0.0.1:${port}/health/live`)).toBe(200);
    expect(neo4j.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(alive(neo4j.pid)).toBe(true);
  });

  it('a busy PORT is found before Neo4j starts, and the message names PORT', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-service-'));
    const run = npm(['start'], { ...env, NEO4J_EMBEDDED_DATA: other });
    expect(await run.exited).toBe(1);
    const msgs = events(run.out()).map((e) => e.msg);
    expect(msgs.at(-1)).toBe(`PORT=${port} is already in use on 127.0.0.1 (another Strategy Graph server?): stop that process or set PORT to a free port (PORT=0 picks one)`);
    expect(msgs.some((m) => /Neo4j started/.test(m))).toBe(false);
    expect(existsSync(path.join(other, 'data'))).toBe(false); // Neo4j never started on it
    rmSync(other, { recursive: true, force: true });
  }, 60_000);

  it('a second npm start on the same data directory says in one line what to do', async () => {
    const run = npm(['start'], { ...env, PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    const last = events(run.out()).at(-1)!.msg;
    expect(last).toBe(
      `${dataDir} is in use by the embedded Neo4j at ${neo4j.uri} (pid ${neo4j.pid}, started by pid ${neo4j.ownerPid}): stop that server, or set NEO4J_EMBEDDED_DATA to another directory, or share it with NEO4J_URI=${neo4j.uri}`,
    );
  }, 60_000);

  it('npm run seed while the server runs loads into the running Neo4j', async () => {
    const run = npm(['run', 'seed'], env);
    const code = await run.exited;
    expect(run.out()).toContain(`using the embedded Neo4j that already runs at ${neo4j.uri}`);
    expect(code, run.out()).toBe(0);
    expect(run.out()).toMatch(/the graph now has 920 nodes/);
    expect(run.out()).not.toMatch(/store_lock|StoreLockException/);
    expect(alive(neo4j.pid)).toBe(true); // the seed run did not stop the server's Neo4j
  }, 120_000);

  it('SIGTERM to the npm process stops the server and its Neo4j, with one "stopped" line', async () => {
    server.child.kill('SIGTERM');
    const code = await server.exited;
    // Within the drain time (SHUTDOWN_DRAIN_MS 5 s) plus Neo4j's own clean shutdown.
    expect(await until(() => !alive(neo4j.ownerPid) && !alive(neo4j.pid), 30_000)).toBe(true);
    expect(await isPortFree(port)).toBe(true);
    expect(existsSync(path.join(dataDir, PORT_FILE))).toBe(false);
    const stopped = events(server.out()).filter((e) => /^stopped /.test(e.msg));
    expect(stopped.map((e) => e.msg)).toEqual([expect.stringMatching(/^stopped \(SIGTERM\) in \d+\.\d s$/)]);
    expect(code).toBe(0);
  }, 60_000);
});

describe('NEO4J_URI errors name the fix', () => {
  it('a scheme the driver does not speak', async () => {
    const run = npm(['start'], { NEO4J_URI: 'http://user:secret@db.example:7474', PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    const last = events(run.out()).at(-1)!.msg;
    expect(last).toMatch(/^NEO4J_URI=http:\/\/db\.example:7474 is not a Neo4j address: the scheme "http" is not one of neo4j:\/\/, neo4j\+s:\/\/, .*bolt:\/\/.*; or unset NEO4J_URI to start the embedded Neo4j/);
    expect(run.out()).not.toContain('secret');
  }, 60_000);

  it('an address that does not answer', async () => {
    const closed = await freePort();
    const run = npm(['start'], { NEO4J_URI: `bolt://127.0.0.1:${closed}`, PORT: String(await freePort()), NEO4J_CONNECTION_TIMEOUT_MS: '1000' });
    expect(await run.exited).toBe(1);
    const last = events(run.out()).at(-1)!.msg;
    expect(last).toMatch(new RegExp(`^NEO4J_URI=bolt://127\\.0\\.0\\.1:${closed} does not answer \\(.*ECONNREFUSED.*\\)\\. Check the host, port and NEO4J_USERNAME/NEO4J_PASSWORD; schemes: neo4j://.*; or unset NEO4J_URI to start the embedded Neo4j`));
  }, 60_000);
});
