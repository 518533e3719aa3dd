/**
 * The embedded Neo4j for development, tests and `npm start` when NEO4J_URI is unset: the Java
 * launcher in tools/neo4j (Neo4j 5.26 LTS Community, Bolt on 127.0.0.1, no auth) as a child
 * process. On first use its jars are fetched from Maven Central by Maven. The launcher shuts down
 * when we close its stdin or die, so no JVM outlives us.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
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

/**
 * Where Maven keeps downloaded jars: -Dmaven.repo.local in MAVEN_OPTS or MAVEN_ARGS, else the
 * <localRepository> of ~/.m2/settings.xml, else ~/.m2/repository (Maven's own order, short of
 * running Maven).
 */
export function mavenRepository(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  for (const v of [env.MAVEN_ARGS, env.MAVEN_OPTS]) {
    const m = /-Dmaven\.repo\.local=("[^"]+"|\S+)/.exec(v ?? '');
    if (m) return path.resolve(m[1].replace(/^"|"$/g, ''));
  }
  const settings = path.join(home, '.m2', 'settings.xml');
  if (existsSync(settings)) {
    const m = /<localRepository>\s*([^<]+?)\s*<\/localRepository>/.exec(readFileSync(settings, 'utf8'));
    if (m) return path.resolve(m[1].replace(/\$\{user\.home\}/g, home));
  }
  return path.join(home, '.m2', 'repository');
}

/** Counts what Maven's batch output says it downloaded: `Downloaded from central: URL (1.2 MB at 3.4 MB/s)`. */
export class DownloadProgress {
  files = 0;
  bytes = 0;
  /** Returns true when the line was a finished download. */
  line(line: string): boolean {
    const m = /^(?:\[INFO\] )?Downloaded from [^:]+: \S+ \((\d+(?:\.\d+)?) ([kMG]?B)/.exec(line);
    if (!m) return false;
    this.files += 1;
    this.bytes += Number(m[1]) * ({ B: 1, kB: 1e3, MB: 1e6, GB: 1e9 } as Record<string, number>)[m[2]];
    return true;
  }
  get summary(): string {
    return `${this.files} files, ${(this.bytes / 1e6).toFixed(1)} MB`;
  }
}

/**
 * Build the launcher and copy Neo4j's jars into tools/neo4j/target/lib (Maven, first run only).
 * Progress: in a terminal one line rewritten in place (files and megabytes); elsewhere (CI, a
 * log file) a plain line every 10 s.
 */
export async function ensureLauncherBuilt(log: Log = (l) => process.stderr.write(`${l}\n`), progressOut: NodeJS.WriteStream = process.stderr): Promise<void> {
  if (launcherIsBuilt()) return;
  checkJava();
  if (commandWorks('mvn', ['-v']) === null) throw new EmbeddedNeo4jError(MISSING_JAVA);
  const repository = mavenRepository();
  log(`fetching Neo4j 5.26, first run only: about 125 MB from Maven Central into ${repository}, then ${path.relative(process.cwd(), LIB_DIR) || LIB_DIR}`);
  const started = Date.now();
  const tty = Boolean(progressOut.isTTY) && !process.env.CI;
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', 'package', '-DskipTests'], { cwd: LAUNCHER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    const progress = new DownloadProgress();
    const tail: string[] = [];
    let lastPlain = Date.now();
    const show = () => {
      const text = `  fetching: ${progress.summary} in ${Math.round((Date.now() - started) / 1000)} s`;
      if (tty) progressOut.write(`\r${text}\x1b[K`);
      else if (Date.now() - lastPlain >= 10_000) {
        lastPlain = Date.now();
        log(text);
      }
    };
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (progress.line(line)) show();
    };
    createInterface({ input: mvn.stdout }).on('line', onLine);
    createInterface({ input: mvn.stderr }).on('line', onLine);
    mvn.on('error', reject);
    mvn.on('exit', (code) => {
      if (tty && progress.files > 0) progressOut.write('\r\x1b[K');
      if (code === 0) {
        log(`jars ready in ${seconds(started)} (${progress.summary} fetched into ${repository})`);
        resolve();
      } else {
        reject(new EmbeddedNeo4jError(`Maven could not build tools/neo4j (exit ${code}). Last lines:\n${tail.join('\n')}`));
      }
    });
  });
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
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

/**
 * The file a running embedded Neo4j leaves in its data directory, so that other processes of the
 * project (npm run seed, npm run export, a second npm start) find it instead of failing on
 * Neo4j's store lock: { uri, pid (the JVM), ownerPid (the Node process that started it), startedAt }.
 */
export const PORT_FILE = 'strategy-graph-bolt.json';

export interface RunningEmbeddedNeo4j {
  uri: string;
  pid: number;
  ownerPid: number;
  startedAt: string;
}

/** The embedded Neo4j running on this data directory, if its port file names a live JVM. */
export function runningEmbedded(dataDir: string): RunningEmbeddedNeo4j | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, PORT_FILE), 'utf8')) as RunningEmbeddedNeo4j;
    if (typeof info.uri === 'string' && isAlive(info.pid)) return info;
  } catch {
    // no file, or not ours
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One line: who holds the data directory, and the three ways out. */
export function dataDirInUse(dataDir: string, running?: RunningEmbeddedNeo4j): string {
  const who = running ? `the embedded Neo4j at ${running.uri} (pid ${running.pid}, started by pid ${running.ownerPid})` : 'another Neo4j process';
  return `${dataDir} is in use by ${who}: stop that server, or set NEO4J_EMBEDDED_DATA to another directory${running ? `, or share it with NEO4J_URI=${running.uri}` : ''}`;
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
  if (launcherIsBuilt()) log(`jars ready in ${path.relative(process.cwd(), LIB_DIR) || LIB_DIR}`);
  else await ensureLauncherBuilt(log);
  checkJava();
  const running = runningEmbedded(opts.dataDir);
  if (running) throw new EmbeddedNeo4jError(dataDirInUse(opts.dataDir, running));
  const started = Date.now();
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
      if (stderrTail.some((l) => /StoreLockException|store_lock|Lock file has been locked/.test(l))) {
        reject(new EmbeddedNeo4jError(dataDirInUse(opts.dataDir)));
        return;
      }
      reject(new EmbeddedNeo4jError(`Neo4j exited before it was ready (code ${code}, signal ${signal}). Data directory: ${opts.dataDir}\n${stderrTail.join('\n')}`));
    });
  });
  log(`Neo4j started on ${uri} in ${seconds(started)}`);
  const portFile = path.join(opts.dataDir, PORT_FILE);
  const mine: RunningEmbeddedNeo4j = { uri, pid: child.pid!, ownerPid: process.pid, startedAt: new Date().toISOString() };
  writeFileSync(portFile, `${JSON.stringify(mine, null, 2)}\n`);
  const removePortFile = () => {
    try {
      if ((JSON.parse(readFileSync(portFile, 'utf8')) as RunningEmbeddedNeo4j).pid === mine.pid) rmSync(portFile);
    } catch {
      // gone already, or another's
    }
  };
  child.once('exit', removePortFile);
  process.once('exit', removePortFile);
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
