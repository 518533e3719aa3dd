/**
 * Impact analysis, pure: classify what the database returned into orphaned, weakened and single
 * points of failure, and order them by the rule written in schema/impact.graphql. The GraphQL
 * resolver and the CSV export both use this, so they always hold the same rows.
 */
import { impactOfCut, supportInRegion } from '../../cypher/impact.js';
import type { Database, QueryLog } from '../db/database.js';
import { compareNatural, type NodeRecord } from '../model/records.js';

export interface ImpactItem {
  node: NodeRecord;
  before: number;
  after: number;
  severity: number;
  evidence: string[][];
}

export interface ObjectiveImpact {
  objective: NodeRecord;
  before: number;
  after: number;
  shareLost: number;
}

export interface ImpactReport {
  cutIds: string[];
  removedMeasureIds: string[];
  orphaned: ImpactItem[];
  weakened: ImpactItem[];
  objectives: ObjectiveImpact[];
  singlePointsOfFailure: ImpactItem[];
}

export class UnknownIdsError extends Error {
  constructor(readonly ids: string[]) {
    super(`not found: ${ids.join(', ')}`);
    this.name = 'UnknownIdsError';
  }
}

/** Kind order for ties: the broader the node, the earlier. */
const KIND_RANK: Record<string, number> = {
  STRATEGY_GOAL: 0, SERVICE_PATH: 1, SUB_GOAL: 2, PROGRAMME: 3, BENEFIT_GOAL: 4, INDICATOR: 5,
};

/** Fragility weights (schema/impact.graphql, FragilityItem). */
const KIND_WEIGHT: Record<string, number> = {
  STRATEGY_GOAL: 4, SERVICE_PATH: 3, SUB_GOAL: 2, PROGRAMME: 2, BENEFIT_GOAL: 2, INDICATOR: 1,
};

export function compareItems(a: ImpactItem, b: ImpactItem): number {
  return (
    b.severity - a.severity ||
    (KIND_RANK[a.node.kind] ?? 9) - (KIND_RANK[b.node.kind] ?? 9) ||
    b.before - a.before ||
    compareNatural(a.node.id, b.node.id)
  );
}

interface ImpactRow {
  missing: string[];
  cutMeasureIds: string[];
  vias: { measure: string; via: string[] }[];
  items: { node: NodeRecord; support: string[]; evidence: string[][] }[];
  objectives: { objective: NodeRecord; support: string[] }[];
}

export async function analyseImpact(db: Database, cut: readonly string[], regionId: string | null, log?: QueryLog): Promise<ImpactReport> {
  const cutIds = [...new Set(cut)];
  const empty: ImpactReport = { cutIds, removedMeasureIds: [], orphaned: [], weakened: [], objectives: [], singlePointsOfFailure: [] };
  if (cutIds.length === 0) return empty;
  const [row] = await db.read<ImpactRow>(impactOfCut, { cut: cutIds, regionId }, log);
  if (row.missing.length > 0) throw new UnknownIdsError(row.missing);

  // Neo4j reads committed data as it goes: a node deleted by a concurrent write while this
  // statement runs reads back without properties. Leave such vanished nodes out.
  const removed = new Set(row.cutMeasureIds.filter((id): id is string => id != null));
  row.items = row.items.filter((i) => i.node?.id != null);
  row.objectives = row.objectives.filter((o) => o.objective?.id != null);
  // How each removed measure was reached from the cut: the measure itself, or [unit, measure].
  const viaOf = new Map<string, string[]>();
  for (const v of row.vias) if (!viaOf.has(v.measure) || v.via.length < viaOf.get(v.measure)!.length) viaOf.set(v.measure, v.via);

  const items: ImpactItem[] = row.items.map(({ node, support, evidence }) => {
    const after = support.filter((m) => !removed.has(m)).length;
    return {
      node,
      before: support.length,
      after,
      severity: support.length === 0 ? 0 : (support.length - after) / support.length,
      evidence: evidence.filter((path) => path.every((id) => id != null)).map((path) => [...(viaOf.get(path[0]) ?? [path[0]]).slice(0, -1), ...path]),
    };
  });
  const hit = items.filter((i) => i.after < i.before).sort(compareItems);
  const orphaned = hit.filter((i) => i.after === 0);
  return {
    cutIds,
    removedMeasureIds: [...removed].sort((a, b) => compareNatural(a, b)),
    orphaned,
    weakened: hit.filter((i) => i.after > 0),
    singlePointsOfFailure: orphaned.filter((i) => i.before === 1),
    objectives: row.objectives
      .map(({ objective, support }) => {
        const after = support.filter((m) => !removed.has(m)).length;
        return { objective, before: support.length, after, shareLost: support.length === 0 ? 0 : (support.length - after) / support.length };
      })
      .sort((a, b) => (a.objective.regionId ?? '').localeCompare(b.objective.regionId ?? '') || (a.objective.number as number) - (b.objective.number as number)),
  };
}

export interface FragilityItem {
  nodeId: string;
  orphans: NodeRecord[];
  severity: number;
}

/** Measures and owners whose loss alone would orphan something (see FragilityItem in the schema). */
export async function analyseFragility(db: Database, regionId: string, log?: QueryLog): Promise<FragilityItem[]> {
  const rows = await db.read<{ node: NodeRecord; support: string[]; owners: { measure: string; owner: string }[] }>(supportInRegion, { regionId }, log);
  const orphansOf = new Map<string, NodeRecord[]>();
  const add = (id: string, node: NodeRecord) => orphansOf.set(id, [...(orphansOf.get(id) ?? []), node]);
  for (const { node, support, owners } of rows) {
    if (support.length === 1) add(support[0], node);
    // An owner whose measures are all of this node's support.
    const ownersByMeasure = new Map<string, Set<string>>();
    for (const o of owners) ownersByMeasure.set(o.measure, new Set([...(ownersByMeasure.get(o.measure) ?? []), o.owner]));
    const common = support.reduce<Set<string> | null>((acc, m) => {
      const mine = ownersByMeasure.get(m) ?? new Set<string>();
      return acc === null ? new Set(mine) : new Set([...acc].filter((x) => mine.has(x)));
    }, null);
    for (const owner of common ?? []) add(owner, node);
  }
  return [...orphansOf.entries()]
    .map(([nodeId, orphans]) => ({
      nodeId,
      orphans: orphans.sort((a, b) => compareNatural(a.id, b.id)),
      severity: orphans.reduce((s, n) => s + (KIND_WEIGHT[n.kind] ?? 1), 0),
    }))
    .sort((a, b) => b.severity - a.severity || compareNatural(a.nodeId, b.nodeId));
}
