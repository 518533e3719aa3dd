/**
 * Impact analysis, pure: classify what the database returned into orphaned, weakened and single
 * points of failure, and order them by the rule written in schema/impact.graphql. The GraphQL
 * resolver and the CSV export both use this, so they always hold the same rows.
 */
import { atRiskOfCut, impactOfCut, supportInRegion } from '../../cypher/impact.js';
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

/**
 * A measure or programme that INVOLVES a cut unit, partner or service line but is not removed:
 * it loses a participant. Ids, resolved to nodes by the API.
 */
export interface AtRiskItem {
  nodeId: string;
  lostIds: string[];
  remainingIds: string[];
  responsibleIds: string[];
  subGoalIds: string[];
  strategyGoalIds: string[];
  objectiveIds: string[];
  servicePathIds: string[];
}

/** A service path that loses participants to the cut. */
export interface PathLoss {
  pathId: string;
  participantIds: string[];
  lostIds: string[];
  remainingIds: string[];
  shareLost: number;
}

export interface ImpactReport {
  cutIds: string[];
  removedMeasureIds: string[];
  atRisk: AtRiskItem[];
  servicePaths: PathLoss[];
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
  atRisk: { node: string; lost: string[]; participants: string[]; responsible: string[]; serves: { id: string; kind: string }[] }[];
  paths: { path: string; participants: string[] }[];
}

const byId = (a: string, b: string) => compareNatural(a, b);

/** Most exposed first: fewest participants left, then most served, then id. */
function compareAtRisk(a: AtRiskItem, b: AtRiskItem): number {
  const served = (x: AtRiskItem) => x.subGoalIds.length + x.strategyGoalIds.length + x.objectiveIds.length + x.servicePathIds.length;
  return a.remainingIds.length - b.remainingIds.length || served(b) - served(a) || compareNatural(a.nodeId, b.nodeId);
}

function atRiskOf(row: ImpactRow): AtRiskItem[] {
  return row.atRisk
    .filter((r) => r.node != null)
    .map((r) => {
      const lost = new Set(r.lost);
      const of = (kind: string) => r.serves.filter((s) => s.kind === kind).map((s) => s.id).sort(byId);
      return {
        nodeId: r.node,
        lostIds: [...lost].sort(byId),
        remainingIds: r.participants.filter((p) => !lost.has(p)).sort(byId),
        responsibleIds: [...r.responsible].sort(byId),
        subGoalIds: of('SubGoal'),
        strategyGoalIds: of('StrategyGoal'),
        objectiveIds: of('StrategyObjective'),
        servicePathIds: of('ServicePath'),
      };
    })
    .sort(compareAtRisk);
}

function pathLossesOf(row: ImpactRow, cutIds: string[]): PathLoss[] {
  const cut = new Set(cutIds);
  return row.paths
    .filter((p) => p.path != null)
    .map(({ path, participants }) => {
      const lostIds = participants.filter((p) => cut.has(p)).sort(byId);
      return {
        pathId: path,
        participantIds: [...participants].sort(byId),
        lostIds,
        remainingIds: participants.filter((p) => !cut.has(p)).sort(byId),
        shareLost: participants.length === 0 ? 0 : lostIds.length / participants.length,
      };
    })
    .filter((p) => p.lostIds.length > 0)
    .sort((a, b) => b.shareLost - a.shareLost || compareNatural(a.pathId, b.pathId));
}

export async function analyseImpact(db: Database, cut: readonly string[], regionId: string | null, log?: QueryLog): Promise<ImpactReport> {
  const cutIds = [...new Set(cut)];
  const empty: ImpactReport = { cutIds, removedMeasureIds: [], atRisk: [], servicePaths: [], orphaned: [], weakened: [], objectives: [], singlePointsOfFailure: [] };
  if (cutIds.length === 0) return empty;
  const [[row], [risk]] = await Promise.all([
    db.read<ImpactRow>(impactOfCut, { cut: cutIds, regionId }, log),
    db.read<Pick<ImpactRow, 'atRisk' | 'paths'>>(atRiskOfCut, { cut: cutIds, regionId }, log),
  ]);
  row.atRisk = risk?.atRisk ?? [];
  row.paths = risk?.paths ?? [];
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
    atRisk: atRiskOf(row),
    servicePaths: pathLossesOf(row, cutIds),
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
  /** For a unit, partner or line: the measures it is the only participant of, and the nodes all of whose support those are. */
  carriesAloneIds: string[];
  severity: number;
}

/**
 * Measures and owners whose loss alone would orphan something, and units and partners that alone
 * carry measures (see FragilityItem in the schema).
 */
export async function analyseFragility(db: Database, regionId: string, log?: QueryLog): Promise<FragilityItem[]> {
  type Row = { node: NodeRecord; support: string[]; owners: { measure: string; owner: string }[]; participants: { measure: string; participant: string }[] };
  const rows = await db.read<Row>(supportInRegion, { regionId }, log);
  const orphansOf = new Map<string, Map<string, NodeRecord>>();
  const aloneOf = new Map<string, Map<string, { id: string; kind: string }>>();
  const add = <T extends { id: string }>(to: Map<string, Map<string, T>>, id: string, node: T) => {
    if (!to.has(id)) to.set(id, new Map());
    to.get(id)!.set(node.id, node);
  };
  const group = (pairs: { measure: string; other: string }[]) => {
    const by = new Map<string, Set<string>>();
    for (const p of pairs) by.set(p.measure, new Set([...(by.get(p.measure) ?? []), p.other]));
    return by;
  };
  const measureNode = (id: string) => ({ id, kind: 'MEASURE' });
  for (const { node, support, owners, participants } of rows) {
    if (support.length === 1) add(orphansOf, support[0], node);
    // An owner whose measures are all of this node's support.
    const ownersByMeasure = group(owners.map((o) => ({ measure: o.measure, other: o.owner })));
    const common = support.reduce<Set<string> | null>((acc, m) => {
      const mine = ownersByMeasure.get(m) ?? new Set<string>();
      return acc === null ? new Set(mine) : new Set([...acc].filter((x) => mine.has(x)));
    }, null);
    for (const owner of common ?? []) add(orphansOf, owner, node);
    // A participant that is the only one of each supporting measure carries this node alone.
    const partsByMeasure = group(participants.map((p) => ({ measure: p.measure, other: p.participant })));
    const sole = support.map((m) => partsByMeasure.get(m)).map((ps) => (ps && ps.size === 1 ? [...ps][0] : null));
    for (const [i, unit] of sole.entries()) if (unit) add(aloneOf, unit, measureNode(support[i]));
    if (sole.length > 0 && sole.every((u) => u !== null && u === sole[0])) add(aloneOf, sole[0]!, node);
  }
  const ids = new Set([...orphansOf.keys(), ...aloneOf.keys()]);
  const sorted = <T extends { id: string }>(m?: Map<string, T>) => [...(m?.values() ?? [])].sort((a, b) => compareNatural(a.id, b.id));
  const weight = (nodes: { kind: string }[]) => nodes.reduce((s, n) => s + (KIND_WEIGHT[n.kind] ?? 1), 0);
  return [...ids]
    .map((nodeId) => {
      const orphans = sorted(orphansOf.get(nodeId));
      const carriesAlone = sorted(aloneOf.get(nodeId));
      return { nodeId, orphans, carriesAloneIds: carriesAlone.map((n) => n.id), severity: weight(orphans) + weight(carriesAlone) };
    })
    .sort((a, b) => b.severity - a.severity || compareNatural(a.nodeId, b.nodeId));
}
