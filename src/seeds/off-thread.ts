/**
 * An import's parsing, validation and planning, off the event loop. One worker thread
 * (src/seeds/bundle-worker.ts) is started on the first import and kept (unreferenced while idle, so
 * it never holds the process open); imports queue on it one after another (each is one write transaction
 * anyway). If the worker dies, the imports waiting on it fail with the reason and the next import
 * starts a new one. Reads keep flowing while a 4 MiB bundle is parsed and its quotes are matched.
 *
 *   const { token, problems, outside } = await bundleParse(files);
 *   ...look up `outside` in the graph...
 *   const { problems, plan } = await bundlePlan(token, known); // plan rows carry their search terms
 *   bundleDrop(token) when the caller gives up between the two.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SeedPlan } from './plan.js';
import type { SeedProblem } from './types.js';
import type { KnownNode } from './validate.js';

interface Pending {
  resolve(value: any): void;
  reject(err: Error): void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function start(): Worker {
  // Compiled (dist/): the .js beside this module. From source: the .ts module through tsx's loader.
  const compiled = new URL('./bundle-worker.js', import.meta.url);
  const w = existsSync(fileURLToPath(compiled))
    ? new Worker(compiled)
    : new Worker(new URL('./tsx-worker.mjs', import.meta.url), { workerData: { entry: new URL('./bundle-worker.ts', import.meta.url).href } });
  w.unref();
  w.on('message', (msg: { id: number; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (pending.size === 0) w.unref(); // idle: the worker never holds the process open
    if (msg.error !== undefined) p.reject(new Error(`import worker: ${msg.error}`));
    else p.resolve(msg);
  });
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', (err) => fail(new Error(`import worker failed: ${err.message}`)));
  w.on('exit', (code) => fail(new Error(`import worker exited (code ${code})`)));
  return w;
}

function ask<T>(message: Record<string, unknown>): Promise<T> {
  worker ??= start();
  worker.ref(); // an answer is awaited: keep the process alive for it
  const id = nextId++;
  const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve, reject }));
  worker.postMessage({ id, ...message });
  return answer;
}

export function bundleParse(files: { name: string; text: string }[]): Promise<{ token: number; problems: SeedProblem[]; outside: string[] }> {
  return ask({ op: 'parse', files });
}

export function bundlePlan(token: number, known: Map<string, KnownNode>): Promise<{ problems: SeedProblem[]; plan: SeedPlan }> {
  return ask({ op: 'plan', token, known });
}

export function bundleDrop(token: number): void {
  void ask({ op: 'drop', token }).catch(() => undefined);
}

/** Stops the worker (tests; a process that wants to exit at once). The next import starts another. */
export async function stopBundleWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
