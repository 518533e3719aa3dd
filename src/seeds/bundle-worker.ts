/**
 * The worker thread behind src/seeds/off-thread.ts: the CPU-heavy stages of an import (YAML
 * parsing, validation with its word-for-word quote matching, the plan and its search terms) run
 * here, so that a 4 MiB bundle does not stop the server's event loop for the seconds they take.
 *
 * Messages, one at a time, each answered with the same id:
 *   { id, op: 'parse', files }          -> { id, token, problems, outside }  (outside: ids the bundle
 *                                           names but does not define; the caller looks them up)
 *   { id, op: 'plan', token, known }    -> { id, problems, plan }            (the token is spent)
 *   { id, op: 'drop', token }           -> { id }
 * A failure answers { id, error }. Parsed documents keep their syntax trees (for the line of any
 * field), which cannot cross threads: they stay here between 'parse' and 'plan'.
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { withSearchProperties } from '../search/terms.js';
import { DocumentLibrary } from './documents.js';
import { PROJECT_ROOT } from '../config.js';
import { planSeed } from './plan.js';
import { parseSeedFile, type ParsedDocument } from './read.js';
import type { SeedProblem } from './types.js';
import { validateDocuments, type KnownNode } from './validate.js';

export type BundleRequest =
  | { id: number; op: 'parse'; files: { name: string; text: string }[] }
  | { id: number; op: 'plan'; token: number; known: Map<string, KnownNode> }
  | { id: number; op: 'drop'; token: number };

const parsed = new Map<number, ParsedDocument[]>();
let nextToken = 1;
let library: DocumentLibrary | undefined;

function parse(files: { name: string; text: string }[]) {
  const documents: ParsedDocument[] = [];
  const problems: SeedProblem[] = [];
  for (const f of files) {
    try {
      const one = parseSeedFile(f.name, f.name, f.text);
      documents.push(...one.documents);
      problems.push(...one.problems);
    } catch (err) {
      problems.push({ file: f.name, line: 1, field: '', message: `YAML: the file cannot be read (${err instanceof RangeError ? 'nested too deeply' : 'malformed'})` });
    }
  }
  // Ids the bundle names but does not define: they may be nodes already in the graph.
  const defined = new Set(documents.map((d) => (d.data as { metadata?: { id?: unknown } })?.metadata?.id).filter((id): id is string => typeof id === 'string'));
  const referenced = new Set<string>();
  for (const d of documents) {
    const data = d.data as { metadata?: { region?: unknown }; relations?: { target?: unknown }[] };
    if (typeof data?.metadata?.region === 'string') referenced.add(data.metadata.region);
    if (Array.isArray(data?.relations)) for (const r of data.relations) if (typeof r?.target === 'string') referenced.add(r.target);
  }
  const token = nextToken++;
  parsed.set(token, documents);
  return { token, problems, outside: [...referenced].filter((id) => !defined.has(id)) };
}

function plan(token: number, known: Map<string, KnownNode>) {
  const documents = parsed.get(token);
  parsed.delete(token);
  if (!documents) throw new Error(`no parsed bundle ${token}`);
  library ??= new DocumentLibrary(path.join(PROJECT_ROOT, 'seeds', 'documents'));
  const validated = validateDocuments(documents, library, known);
  const planned = planSeed(validated.entities);
  // Search terms (Voikko's base forms and compound parts) are the other slow part of a write.
  if (validated.problems.length === 0) for (const n of planned.nodes) n.props = withSearchProperties(n.props);
  return { problems: validated.problems, plan: planned };
}

parentPort?.on('message', (msg: BundleRequest) => {
  try {
    if (msg.op === 'parse') parentPort!.postMessage({ id: msg.id, ...parse(msg.files) });
    else if (msg.op === 'plan') parentPort!.postMessage({ id: msg.id, ...plan(msg.token, msg.known) });
    else parentPort!.postMessage({ id: msg.id, dropped: parsed.delete(msg.token) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
