/**
 * The rules every write keeps, for importSeedBundle: an import may create nodes and update its own
 * ids, but of a node that exists already it may not change the kind or the region, it may not
 * touch a Region at all, and it must name the node's current version (expectedVersions), or
 * nothing is written and the answer is CONFLICT. The checks run inside the import's one write
 * transaction, after taking the write locks of the existing nodes, so the version checked is the
 * version replaced (as lockForChange does for updateNode). Pure functions plus one statement, so
 * other steps of the same transaction (history records) compose with them.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { lockImportedNodes, nodeFacts } from '../../cypher/mutations.js';
import type { Database, QueryLog } from '../db/database.js';
import { badInput, conflict, echoId } from '../errors.js';
import { kindOfNodeKind } from '../model/vocabulary.js';
import type { NodeRow } from '../seeds/plan.js';
import type { SeedProblem } from '../seeds/types.js';

export interface ExistingNode {
  id: string;
  kind: string;
  regionId: string | null;
  version: number;
}

export interface ExpectedVersion {
  id: string;
  version: number;
}

export interface VersionConflict {
  id: string;
  expectedVersion?: number;
  currentVersion: number;
}

/** Problems (kind, region, Region) and version conflicts of a planned import against the nodes that exist. */
export function importRuleProblems(planned: readonly NodeRow[], existing: readonly ExistingNode[], expected: ReadonlyMap<string, number>): { problems: SeedProblem[]; conflicts: VersionConflict[] } {
  const byId = new Map(existing.map((n) => [n.id, n]));
  const problems: SeedProblem[] = [];
  const conflicts: VersionConflict[] = [];
  for (const row of planned) {
    const where = { file: String(row.props.seedFile ?? ''), line: Number(row.props.seedLine ?? 1) };
    if (row.props.kind === 'REGION') {
      problems.push({ ...where, field: 'kind', message: 'an import may not create or change a Region; regions are edited in the seed files' });
      continue;
    }
    const current = byId.get(row.id);
    if (!current) continue;
    if (current.kind === 'REGION') {
      problems.push({ ...where, field: 'metadata.id', message: `"${row.id}" is a Region; an import may not touch a Region` });
      continue;
    }
    if (current.kind !== row.props.kind) {
      problems.push({ ...where, field: 'kind', message: `"${row.id}" is a ${kindOfNodeKind(current.kind) ?? current.kind}; an import may not change its kind (delete it and create another id)` });
    }
    const region = (row.props.regionId as string | undefined) ?? null;
    if ((current.regionId ?? null) !== region) {
      problems.push({ ...where, field: 'metadata.region', message: `"${row.id}" is in region "${current.regionId ?? '(national)'}"; an import may not move it to "${region ?? '(national)'}"` });
    }
    const want = expected.get(row.id);
    if (want !== current.version) conflicts.push({ id: row.id, ...(want !== undefined ? { expectedVersion: want } : {}), currentVersion: current.version });
  }
  return { problems, conflicts };
}

/** expectedVersions as a map; refuses an id given twice. */
export function expectedVersionMap(list: readonly ExpectedVersion[] | null | undefined): Map<string, number> {
  const map = new Map<string, number>();
  for (const [i, e] of (list ?? []).entries()) {
    if (map.has(e.id)) throw badInput(`expectedVersions[${i}]: "${echoId(e.id)}" is given twice`, `expectedVersions[${i}]`);
    map.set(e.id, e.version);
  }
  return map;
}

export function conflictError(conflicts: readonly VersionConflict[]): Error {
  const first = conflicts[0];
  const message =
    first.expectedVersion === undefined
      ? `"${echoId(first.id)}" exists already (version ${first.currentVersion}); an import that updates it must name that version in expectedVersions`
      : `"${echoId(first.id)}" is at version ${first.currentVersion}, not ${first.expectedVersion}: it changed since you read it; read it again`;
  const error = conflict(conflicts.length > 1 ? `${message} (and ${conflicts.length - 1} more)` : message, { id: first.id, expectedVersion: first.expectedVersion, currentVersion: first.currentVersion });
  (error.extensions as Record<string, unknown>).conflicts = conflicts.slice(0, 20);
  return error;
}

/** Without locks, for a dry run and for the report: the nodes of the plan that exist now. */
export async function readExisting(db: Database, ids: string[], log?: QueryLog): Promise<ExistingNode[]> {
  return ids.length ? db.read<ExistingNode & Record<string, unknown>>(nodeFacts, { ids }, log) : [];
}

/** Inside the import's transaction: lock, read, check; throws BAD_USER_INPUT or CONFLICT. */
export async function enforceImportRules(tx: ManagedTransaction, planned: readonly NodeRow[], expected: ReadonlyMap<string, number>): Promise<void> {
  const result = await tx.run(lockImportedNodes.text, { ids: planned.map((n) => n.id) });
  const existing = result.records.map((r) => r.toObject() as ExistingNode);
  const { problems, conflicts } = importRuleProblems(planned, existing, expected);
  if (problems.length) {
    const error = badInput(`${problems.length === 1 ? '' : `${problems.length} problems: `}${problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`).join('; ')}`, problems[0].field);
    (error.extensions as Record<string, unknown>).problems = problems;
    throw error;
  }
  if (conflicts.length) throw conflictError(conflicts);
}
