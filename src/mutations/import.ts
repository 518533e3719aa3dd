/**
 * importSeedBundle: seed YAML sent through the API goes through the seed pipeline of src/seeds
 * (read -> validate -> plan -> write), with two differences from `npm run seed`: relations and
 * regions may name nodes already in the graph, and nothing is pruned (a bundle adds to the graph
 * or updates its own ids; it never removes what it does not mention). Imported nodes and relations
 * get origin 'api', so a later `npm run seed` does not remove them. With any problem nothing is
 * written; the write is one transaction, so an import killed halfway leaves the graph as it was.
 */
import { nodeFacts } from '../../cypher/mutations.js';
import type { Database, QueryLog } from '../db/database.js';
import { badInput, notFound } from '../errors.js';
import type { Author } from '../history/record.js';
import { kindOfNodeKind } from '../model/vocabulary.js';
import { bundleDrop, bundleParse, bundlePlan } from '../seeds/off-thread.js';
import type { SeedProblem } from '../seeds/types.js';
import type { KnownNode } from '../seeds/validate.js';
import { MissingTargetsError, writePlan } from '../seeds/write.js';
import { conflictError, enforceImportRules, expectedVersionMap, importRuleProblems, readExisting, type ExpectedVersion } from './import-rules.js';

export const MAX_IMPORT_FILES = 500;

export interface SeedFileIn {
  name: string;
  text: string;
}

export interface ImportReport {
  written: boolean;
  problems: SeedProblem[];
  files: number;
  entities: number;
  relations: number;
  nodesCreated: number;
  relationshipsCreated: number;
}

export async function importSeedBundle(
  db: Database,
  files: SeedFileIn[],
  opts: { dryRun?: boolean; timeoutMs?: number; log?: QueryLog; author?: Author; expectedVersions?: readonly ExpectedVersion[] | null } = {},
): Promise<ImportReport> {
  const expected = expectedVersionMap(opts.expectedVersions);
  if (files.length === 0) throw badInput('files: give at least one file', 'files');
  if (files.length > MAX_IMPORT_FILES) throw badInput(`files: at most ${MAX_IMPORT_FILES} files (got ${files.length})`, 'files');
  const names = new Set<string>();
  files.forEach((f, i) => {
    // eslint-disable-next-line no-control-regex
    if (!f.name || f.name.length > 200 || /[\u0000-\u001f\u007f]/.test(f.name)) throw badInput(`files[${i}].name: 1-200 characters, no control characters`, `files[${i}].name`);
    if (names.has(f.name)) throw badInput(`files[${i}].name: "${f.name}" is given twice`, `files[${i}].name`);
    names.add(f.name);
  });

  // Parsing, validation (quotes matched word for word) and the plan run on a worker thread
  // (src/seeds/off-thread.ts): a large bundle takes seconds of CPU that reads must not wait for.
  const parsed = await bundleParse(files);
  const problems: SeedProblem[] = [...parsed.problems];
  const known = new Map<string, KnownNode>();
  try {
    if (parsed.outside.length) {
      const rows = await db.read<{ id: string; kind: string; regionId: string | null }>(nodeFacts, { ids: parsed.outside }, opts.log);
      for (const r of rows) known.set(r.id, { kind: kindOfNodeKind(r.kind) ?? r.kind, region: r.kind === 'REGION' ? r.id : r.regionId ?? undefined });
    }
  } catch (err) {
    bundleDrop(parsed.token);
    throw err;
  }
  const planned = await bundlePlan(parsed.token, known);
  problems.push(...planned.problems);
  const plan = planned.plan;
  // The rules of every write (import-rules.ts): reported here, enforced again under locks when writing.
  const rules = importRuleProblems(plan.nodes, await readExisting(db, plan.nodes.map((n) => n.id), opts.log), expected);
  problems.push(...rules.problems);
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  if (problems.length === 0 && rules.conflicts.length && !opts.dryRun) throw conflictError(rules.conflicts);
  for (const c of opts.dryRun ? rules.conflicts : []) {
    const row = plan.nodes.find((n) => n.id === c.id)!;
    problems.push({ file: String(row.props.seedFile), line: Number(row.props.seedLine), field: 'expectedVersions', message: c.expectedVersion === undefined ? `"${c.id}" exists (version ${c.currentVersion}): name that version in expectedVersions to update it` : `"${c.id}" is at version ${c.currentVersion}, not ${c.expectedVersion}` });
  }
  const report: ImportReport = {
    written: false,
    problems,
    files: files.length,
    entities: plan.nodes.length,
    relations: plan.relationships.length,
    nodesCreated: 0,
    relationshipsCreated: 0,
  };
  if (problems.length > 0 || opts.dryRun) return report;

  for (const n of plan.nodes) n.props.origin = 'api';
  for (const r of plan.relationships) r.props.origin = 'api';
  try {
    const written = await writePlan(db, plan, {
      prune: false,
      requireIds: [...known.keys()],
      timeoutMs: opts.timeoutMs,
      author: opts.author ?? { actor: 'import', role: null, operation: 'importSeedBundle' },
      beforeWrite: (tx) => enforceImportRules(tx, plan.nodes, expected),
      searchPropertiesSet: true, // by the worker
    });
    return { ...report, written: true, nodesCreated: written.nodesCreated, relationshipsCreated: written.relationshipsCreated };
  } catch (err) {
    if (err instanceof MissingTargetsError) throw notFound('nodes the bundle points at (deleted meanwhile)', err.ids);
    throw err;
  }
}
