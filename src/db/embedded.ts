/**
 * The embedded Neo4j for development, tests and `npm start` when NEO4J_URI is unset: the Java
 * launcher in tools/neo4j (Neo4j 5.26 LTS Community, Bolt on 127.0.0.1, no auth) as a child
 * process. On first use its jars are fetched from Maven Central by Maven. The launcher shuts down
 * when we close its stdin or die, so no JVM outlives us.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../config.js';

export const LAUNCHER_DIR = path.join(PROJECT_ROOT, 'tools', 'neo4j');
const LIB_DIR = path.join(LAUNCHER_DIR, 'target', 'lib');
const CLASSES_DIR = path.join(LAUNCHER_DIR, 'target', 'classes');
const LAUNCHER_CLASS = path.join(CLASSES_DIR, 'fi', 'strategygraph', 'neo4j', 'Launcher.class');
const LAUNCHER_SOURCE = path.join(LAUNCHER_DIR, 'src', 'main', 'java', 'fi', 'strategygraph', 'neo4j', 'Launcher.java');
const POM = path.join(LAUNCHER_DIR, 'pom.xml');

export class EmbeddedNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedNeo4jError';
  }
}

export const MISSING_JAVA = `No Java 17+ and Maven found, and NEO4J_URI is not set.
Strategy Graph starts its own Neo4j 5.26 (Community, embedded) when NEO4J_URI is unset, and for
that it needs a Java 17 or 21 runtime and Maven on the PATH (Debian/Ubuntu: apt-get install
openjdk-17-jdk-headless maven; macOS: brew install openjdk@17 maven). Or point it at an existing
Neo4j 5: NEO4J_URI=neo4j://host:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=... [NEO4J_DATABASE=neo4j].`;

type Log = (line: string) => void;

/** True when the launcher and its jars are built and newer than their sources. */
export function launcherIsBuilt(): boolean {
  if (!existsSync(LAUNCHER_CLASS) || !existsSync(LIB_DIR)) return false;
  if (!readdirSync(LIB_DIR).some((f) => f.startsWith('neo4j-bolt-'))) return false;
  const built = statSync(LAUNCHER_CLASS).mtimeMs;
  return statSync(LAUNCHER_SOURCE).mtimeMs <= built && statSync(POM).mtimeMs <= built;
}

function commandWorks(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}${r.stderr}`;
}

export function checkJava(): void {
  const version = commandWorks('java', ['-version']);
  if (version === null) throw new EmbeddedNeo4jError(MISSING_JAVA);
  const major = Number(/version "(\d+)/.exec(version)?.[1] ?? 0);
  if (major < 17) {
    throw new EmbeddedNeo4jError(`Java ${major} found; Neo4j 5.26 needs Java 17 or 21.\n${MISSING_JAVA}`);
  }
}

/** Build the launcher and copy Neo4j's jars into tools/neo4j/target/lib (Maven, first run only). */
export async function ensureLauncherBuilt(log: Log = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  if (launcherIsBuilt()) return;
  checkJava();
  if (commandWorks('mvn', ['-v']) === null) throw new EmbeddedNeo4jError(MISSING_JAVA);
  log('fetching Neo4j 5.26, first run only (about 125 MB from Maven Central into ~/.m2, then tools/neo4j/target/lib)');
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', 'package', '-DskipTests'], { cwd: LAUNCHER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let downloaded = 0;
    const tail: string[] = [];
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (line.startsWith('Downloaded from')) {
        downloaded += 1;
        if (downloaded % 25 === 0) log(`  ... ${downloaded} files fetched`);
      }
    };
    createInterface({ input: mvn.stdout }).on('line', onLine);
    createInterface({ input: mvn.stderr }).on('line', onLine);
    mvn.on('error', reject);
    mvn.on('exit', (code) => {
      if (code === 0) {
        log(`  Neo4j is ready in tools/neo4j/target (${downloaded} files fetched)`);
        resolve();
      } else {
        reject(new EmbeddedNeo4jError(`Maven could not build tools/neo4j (exit ${code}). Last lines:\n${tail.join('\n')}`));
      }
    });
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface EmbeddedNeo4j {
  uri: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Preferred port; 0 means any free one. */
  port?: number;
  heap?: string;
  pageCache?: string;
  log?: Log;
  startTimeoutMs?: number;
}

export async function startEmbeddedNeo4j(opts: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  await ensureLauncherBuilt(log);
  checkJava();
  let port = opts.port ?? 0;
  if (port === 0) {
    port = await freePort();
  } else if (!(await isPortFree(port))) {
    const chosen = await freePort();
    log(`port ${port} is taken (another Neo4j?); the embedded Neo4j uses ${chosen} instead (set NEO4J_EMBEDDED_PORT to choose)`);
    port = chosen;
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const classpath = `${CLASSES_DIR}${path.delimiter}${path.join(LIB_DIR, '*')}`;
  const child = spawn(
    'java',
    [
      `-Xmx${opts.heap ?? '1g'}`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      '-cp', classpath,
      'fi.strategygraph.neo4j.Launcher',
      '--port', String(port),
      '--data', opts.dataDir,
      '--page-cache', opts.pageCache ?? '256m',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 30) stderrTail.shift();
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedNeo4jError(`Neo4j did not become ready within ${(opts.startTimeoutMs ?? 120_000) / 1000} s.\n${stderrTail.join('\n')}`));
    }, opts.startTimeoutMs ?? 120_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^NEO4J_READY (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new EmbeddedNeo4jError(`Neo4j exited before it was ready (code ${code}, signal ${signal}). Data directory: ${opts.dataDir}\n${stderrTail.join('\n')}`));
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    uri,
    port,
    dataDir: opts.dataDir,
    process: child,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
