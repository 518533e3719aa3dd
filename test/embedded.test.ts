/** The embedded Neo4j never outlives its parent: stopped, or parent killed with SIGKILL. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedNeo4j } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/config.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

describe('embedded Neo4j launcher', () => {
  it('stops cleanly on stop()', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
    const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '512m', log: () => {} });
    const pid = neo4j.process.pid!;
    expect(neo4j.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    const stopping = Date.now();
    await neo4j.stop();
    // SIGTERM runs the JVM's shutdown hook (the database closes cleanly); the JVM then exits with 143.
    expect(neo4j.process.exitCode ?? neo4j.process.signalCode).not.toBeNull();
    expect(Date.now() - stopping).toBeLessThan(30_000); // stop() escalates to SIGKILL after 30 s
    expect(alive(pid)).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('shuts down when its parent is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
    const script = `
      import { startEmbeddedNeo4j } from ${JSON.stringify(path.join(PROJECT_ROOT, 'src/db/embedded.ts'))};
      const n = await startEmbeddedNeo4j({ dataDir: ${JSON.stringify(dataDir)}, port: 0, heap: '512m', log: () => {} });
      console.log('JAVA_PID ' + n.process.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const javaPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (d) => {
        out += d;
        const m = /JAVA_PID (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', () => reject(new Error(`parent exited early: ${out}`)));
    });
    expect(alive(javaPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !alive(javaPid), 60_000)).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
