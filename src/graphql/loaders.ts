/**
 * Per-request DataLoaders: every resolver that needs related data asks a loader, and a loader
 * turns all the keys asked for in one tick into ONE database round trip. A nested query therefore
 * costs a number of round trips that grows with its depth (one per relation field per level),
 * never with the number of rows. Loaders live for one request only (see context.ts), so their
 * caches never serve stale data across requests.
 *
 * Contract of `related`: the key says whose relations (id), which way (OUT follows the arrow,
 * IN comes against it), of which types and to which kinds of node (null = any). Keys that differ
 * only in id share a statement; the batch function runs one statement per distinct
 * (direction, types, kinds) among the keys it received.
 */
import DataLoader from 'dataloader';
import { incomingRelations, nodesByIds, outgoingRelations, goalsOfServiceLines, objectivesByRegion, serviceLineTrees, topServiceLinesByRegion } from '../../cypher/nodes.js';
import { historyOfNodes } from '../../cypher/history.js';
import type { Database, QueryLog } from '../db/database.js';
import type { RawChange } from '../history/read.js';
import { compareNodes, fromSummary, fromValues, summaryId, type NodeRecord, type RelationRecord, type ServiceLineGoalRecord } from '../model/records.js';

export interface RelatedKey {
  id: string;
  direction: 'OUT' | 'IN';
  types: readonly string[] | null;
  kinds: readonly string[] | null;
}

/**
 * The relation lists that a service line's tree resolves, by name. The resolvers ask for these
 * and the look-ahead (serviceLineTree) primes the very same keys, so the two cannot drift apart.
 * They serve neighbour fields only (nodes): the look-ahead primes them without the relations'
 * own properties, so never read relation properties through these keys (outgoing/incoming use
 * other keys).
 */
export const TREE_RELATIONS = {
  goalObjectives: { direction: 'OUT', types: ['SUPPORTS'], kinds: null },
  subGoalMeasures: { direction: 'IN', types: ['CONTRIBUTES_TO'], kinds: ['MEASURE'] },
  measureIndicators: { direction: 'IN', types: ['MEASURES'], kinds: ['INDICATOR'] },
  measureResponsible: { direction: 'OUT', types: ['RESPONSIBLE'], kinds: null },
  measureInvolves: { direction: 'OUT', types: ['INVOLVES'], kinds: null },
} as const satisfies Record<string, Omit<RelatedKey, 'id'>>;

/** A node's summary as statements return it: the values of SUMMARY_PROPERTIES (cypher/projection.ts). */
type RawSummary = unknown[];

/** A relation as statements return it: its type, properties (absent in the tree look-ahead) and the node at the other end. */
interface RawRelation {
  type: string;
  props?: Record<string, unknown>;
  node: RawSummary;
}

interface RawTreeGoal {
  strategyGoal: RawSummary;
  objectives: RawRelation[];
  subGoals: { node: RawSummary; measures: (RawRelation & { indicators: RawRelation[]; responsible: RawRelation[]; involves: RawRelation[] })[] }[];
}

/**
 * What a tree look-ahead fetches: at each level the properties its records hold (id, kind and
 * title first; see treeProjection in resolvers/common.ts), and objectives and involved parties
 * only when the query selects them. Parties are the measures' responsible and involved ones.
 */
export interface TreeProjection {
  goal: readonly string[];
  objective: readonly string[] | null;
  subGoal: readonly string[];
  measure: readonly string[];
  indicator: readonly string[];
  party: readonly string[];
  involves: boolean;
}

export interface TreeKey {
  id: string;
  projection: TreeProjection;
}

export interface HistoryKey {
  id: string;
  limit: number;
  before: number | null;
}

const historyCacheKey = (k: HistoryKey) => `${k.id}|${k.limit}|${k.before}`;

/** Keys by the statement they share: a batch function runs one statement per group. */
function groupBy<K>(keys: readonly K[], statementOf: (key: K) => string): Map<string, K[]> {
  const groups = new Map<string, K[]>();
  for (const k of keys) {
    const g = statementOf(k);
    const group = groups.get(g);
    if (group) group.push(k);
    else groups.set(g, [k]);
  }
  return groups;
}

const treeCacheKey = (k: TreeKey) => `${k.id}|${JSON.stringify(k.projection)}`;
const relatedCacheKey = (k: RelatedKey) => `${k.id}|${k.direction}|${k.types?.join(',') ?? '*'}|${k.kinds?.join(',') ?? '*'}`;

export function createLoaders(db: Database, log: QueryLog) {
  /** Relation records in document order, their nodes primed. */
  const toRelations = (raw: RawRelation[], toNode: (values: unknown[]) => NodeRecord = fromSummary): RelationRecord[] => {
    const relations = raw
      .map((r) => ({ ...r.props, type: r.type, node: toNode(r.node) }) as RelationRecord)
      // A node deleted by a concurrent write while the statement ran reads back without properties.
      .filter((r) => r.node.id != null)
      .sort((a, b) => compareNodes(a.node, b.node));
    prime(relations.map((r) => r.node));
    return relations;
  };

  /** Full records by id, in the order asked (null: no such node). */
  const fullRecords = async (ids: readonly string[]): Promise<(NodeRecord | null)[]> => {
    const rows = await db.read<{ node: NodeRecord }>(nodesByIds, { ids }, log);
    const byId = new Map(rows.filter((r) => r.node.id != null).map((r) => [r.node.id, r.node]));
    return ids.map((id) => byId.get(id) ?? null);
  };

  const node = new DataLoader<string, NodeRecord | null>(fullRecords);

  /** Every node a loader returns is primed into `node`, so following it costs nothing more. */
  const prime = (records: NodeRecord[]) => {
    for (const r of records) node.prime(r.id, r);
    return records;
  };

  /**
   * Full records, for the properties a summary leaves out (propertyOf in resolvers/common.ts):
   * the nodes of one level that need them cost one round trip together. Separate from `node`,
   * whose cache may hold summaries.
   */
  const details = new DataLoader<string, NodeRecord | null>(fullRecords);

  const related = new DataLoader<RelatedKey, RelationRecord[], string>(
    async (keys) => {
      const groups = groupBy(keys, (k) => `${k.direction}|${k.types?.join(',') ?? '*'}|${k.kinds?.join(',') ?? '*'}`);
      const results = new Map<string, RelationRecord[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { direction, types, kinds } = group[0];
          const rows = await db.read<{ id: string; relations: RawRelation[] }>(
            direction === 'OUT' ? outgoingRelations : incomingRelations,
            { ids: [...new Set(group.map((k) => k.id))], types, kinds },
            log,
          );
          const byId = new Map(rows.map((r) => [r.id, r.relations]));
          for (const k of group) {
            const relations = toRelations(byId.get(k.id) ?? []);
            results.set(relatedCacheKey(k), relations);
          }
        }),
      );
      return keys.map((k) => results.get(relatedCacheKey(k)) ?? []);
    },
    { cacheKeyFn: relatedCacheKey },
  );

  const objectivesOfRegion = new DataLoader<string, NodeRecord[]>(async (regionIds) => {
    const rows = await db.read<{ regionId: string; objectives: RawSummary[] }>(objectivesByRegion, { regionIds }, log);
    const byId = new Map(rows.map((r) => [r.regionId, prime(r.objectives.map(fromSummary)).sort(compareNodes)]));
    return regionIds.map((id) => byId.get(id) ?? []);
  });

  const serviceLinesOfRegion = new DataLoader<string, NodeRecord[]>(async (regionIds) => {
    const rows = await db.read<{ regionId: string; lines: RawSummary[] }>(topServiceLinesByRegion, { regionIds }, log);
    const byId = new Map(rows.map((r) => [r.regionId, prime(r.lines.map(fromSummary)).sort(compareNodes)]));
    return regionIds.map((id) => byId.get(id) ?? []);
  });

  const goalsOfServiceLine = new DataLoader<string, ServiceLineGoalRecord[]>(async (ids) => {
    const rows = await db.read<{ id: string; goals: { strategyGoal: RawSummary; subGoals: RawSummary[] }[] }>(goalsOfServiceLines, { ids }, log);
    const byId = new Map(
      rows.map((r) => [
        r.id,
        r.goals
          .map((g) => ({ strategyGoal: fromSummary(g.strategyGoal), subGoals: prime(g.subGoals.map(fromSummary)).sort(compareNodes) }))
          .sort((a, b) => compareNodes(a.strategyGoal, b.strategyGoal)),
      ]),
    );
    for (const goals of byId.values()) prime(goals.map((g) => g.strategyGoal));
    return ids.map((id) => byId.get(id) ?? []);
  });

  /**
   * Look-ahead for a service line's tree (ServiceLine.goals, when the query goes down to the
   * sub-goals' measures): ONE statement fetches goals > sub-goals > measures > indicators,
   * responsible and involved parties, and primes `goalsOfServiceLine`, `related` under the keys
   * of TREE_RELATIONS, and `node`; the nested resolvers then find everything cached. The tree
   * costs one round trip instead of one per level. Its records hold what the query selects at
   * each level (TreeProjection); a resolver that wants more gets it through propertyOf.
   */
  const serviceLineTree = new DataLoader<TreeKey, ServiceLineGoalRecord[], string>(
    async (keys) => {
      // Keys that differ only in the line share a statement (one per projection: one per query shape).
      const groups = groupBy(keys, (k) => JSON.stringify(k.projection));
      const results = new Map<string, ServiceLineGoalRecord[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const p = group[0].projection;
          const rows = await db.read<{ id: string; goals: RawTreeGoal[] }>(
            serviceLineTrees,
            {
              ids: [...new Set(group.map((k) => k.id))],
              goalKeys: p.goal,
              objectiveKeys: p.objective ?? ['id'],
              withObjectives: p.objective !== null,
              subGoalKeys: p.subGoal,
              measureKeys: p.measure,
              indicatorKeys: p.indicator,
              partyKeys: p.party,
              withInvolves: p.involves,
            },
            log,
          );
          for (const row of rows) results.set(treeCacheKey({ id: row.id, projection: p }), primeTree(row.goals, p, row.id));
        }),
      );
      return keys.map((k) => results.get(treeCacheKey(k)) ?? []);
    },
    { cacheKeyFn: (k) => treeCacheKey(k) },
  );

  /** Turns a look-ahead's rows into records and primes what it fetched under the keys the resolvers ask. */
  const primeTree = (raw: RawTreeGoal[], p: TreeProjection, lineId: string): ServiceLineGoalRecord[] => {
    const as = (keys: readonly string[]) => {
      const holds = new Set(keys);
      return (values: unknown[]) => fromValues(keys, holds, values);
    };
    const [goal, objective, subGoal, measure, indicator, party] = [p.goal, p.objective ?? ['id'], p.subGoal, p.measure, p.indicator, p.party].map(as);
    const primeRelated = (id: string, spec: Omit<RelatedKey, 'id'>, rels: RawRelation[], toNode: (v: unknown[]) => NodeRecord) =>
      related.prime({ id, ...spec }, toRelations(rels, toNode));
    const goals = raw
      .map((g) => {
        const strategyGoal = goal(g.strategyGoal);
        if (p.objective) primeRelated(strategyGoal.id, TREE_RELATIONS.goalObjectives, g.objectives, objective);
        const subGoals = g.subGoals.map((sg) => {
          const record = subGoal(sg.node);
          primeRelated(record.id, TREE_RELATIONS.subGoalMeasures, sg.measures, measure);
          for (const m of sg.measures) {
            const measureId = summaryId(m.node);
            primeRelated(measureId, TREE_RELATIONS.measureIndicators, m.indicators, indicator);
            primeRelated(measureId, TREE_RELATIONS.measureResponsible, m.responsible, party);
            if (p.involves) primeRelated(measureId, TREE_RELATIONS.measureInvolves, m.involves, party);
          }
          return record;
        });
        return { strategyGoal, subGoals: prime(subGoals).sort(compareNodes) };
      })
      .sort((a, b) => compareNodes(a.strategyGoal, b.strategyGoal));
    prime(goals.map((g) => g.strategyGoal));
    goalsOfServiceLine.prime(lineId, goals);
    return goals;
  };

  /**
   * A node's change records (its own and its relations'), newest first: `limit` of them older
   * than the sequence `before` (null: from the newest). Keys that differ only in id share a statement.
   */
  const history = new DataLoader<HistoryKey, RawChange[], string>(
    async (keys) => {
      const groups = groupBy(keys, (k) => `${k.limit}|${k.before}`);
      const results = new Map<string, RawChange[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { limit, before } = group[0];
          const rows = await db.read<{ id: string; records: RawChange[] }>(historyOfNodes, { ids: [...new Set(group.map((k) => k.id))], limit, before }, log);
          for (const row of rows) results.set(historyCacheKey({ id: row.id, limit, before }), row.records);
        }),
      );
      return keys.map((k) => results.get(historyCacheKey(k)) ?? []);
    },
    { cacheKeyFn: (k) => historyCacheKey(k) },
  );

  return { node, details, related, objectivesOfRegion, serviceLinesOfRegion, goalsOfServiceLine, serviceLineTree, history, prime };
}

export type Loaders = ReturnType<typeof createLoaders>;
