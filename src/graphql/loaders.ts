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
import type { Database, QueryLog } from '../db/database.js';
import { compareNodes, type NodeRecord, type RelationRecord, type ServiceLineGoalRecord } from '../model/records.js';

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

/** A relation as statements return it: its type, properties (absent in the tree look-ahead) and the node at the other end. */
interface RawRelation {
  type: string;
  props?: Record<string, unknown>;
  node: NodeRecord;
}

interface RawTreeGoal {
  strategyGoal: NodeRecord;
  objectives: RawRelation[];
  subGoals: { node: NodeRecord; measures: (RawRelation & { indicators: RawRelation[]; responsible: RawRelation[]; involves: RawRelation[] })[] }[];
}

const relatedCacheKey = (k: RelatedKey) => `${k.id}|${k.direction}|${k.types?.join(',') ?? '*'}|${k.kinds?.join(',') ?? '*'}`;

export function createLoaders(db: Database, log: QueryLog) {
  /** Relation records in document order, their nodes primed. */
  const toRelations = (raw: RawRelation[]): RelationRecord[] => {
    const relations = raw
      // A node deleted by a concurrent write while the statement ran reads back without properties.
      .filter((r) => r.node.id != null)
      .map((r) => ({ ...r.props, type: r.type, node: r.node }) as RelationRecord)
      .sort((a, b) => compareNodes(a.node, b.node));
    prime(relations.map((r) => r.node));
    return relations;
  };

  const node = new DataLoader<string, NodeRecord | null>(async (ids) => {
    const rows = await db.read<{ node: NodeRecord }>(nodesByIds, { ids }, log);
    const byId = new Map(rows.filter((r) => r.node.id != null).map((r) => [r.node.id, r.node]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  /** Every node a loader returns is primed into `node`, so following it costs nothing more. */
  const prime = (records: NodeRecord[]) => {
    for (const r of records) node.prime(r.id, r);
    return records;
  };

  const related = new DataLoader<RelatedKey, RelationRecord[], string>(
    async (keys) => {
      const groups = new Map<string, RelatedKey[]>();
      for (const k of keys) {
        const g = `${k.direction}|${k.types?.join(',') ?? '*'}|${k.kinds?.join(',') ?? '*'}`;
        groups.set(g, [...(groups.get(g) ?? []), k]);
      }
      const results = new Map<string, RelationRecord[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { direction, types, kinds } = group[0];
          const rows = await db.read<{ id: string; relations: { type: string; props: Record<string, unknown>; node: NodeRecord }[] }>(
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
    const rows = await db.read<{ regionId: string; objectives: NodeRecord[] }>(objectivesByRegion, { regionIds }, log);
    const byId = new Map(rows.map((r) => [r.regionId, prime(r.objectives).sort(compareNodes)]));
    return regionIds.map((id) => byId.get(id) ?? []);
  });

  const serviceLinesOfRegion = new DataLoader<string, NodeRecord[]>(async (regionIds) => {
    const rows = await db.read<{ regionId: string; lines: NodeRecord[] }>(topServiceLinesByRegion, { regionIds }, log);
    const byId = new Map(rows.map((r) => [r.regionId, prime(r.lines).sort(compareNodes)]));
    return regionIds.map((id) => byId.get(id) ?? []);
  });

  const goalsOfServiceLine = new DataLoader<string, ServiceLineGoalRecord[]>(async (ids) => {
    const rows = await db.read<{ id: string; goals: ServiceLineGoalRecord[] }>(goalsOfServiceLines, { ids }, log);
    const byId = new Map(
      rows.map((r) => [
        r.id,
        r.goals
          .map((g) => ({ strategyGoal: g.strategyGoal, subGoals: prime(g.subGoals).sort(compareNodes) }))
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
   * costs one round trip instead of one per level.
   */
  const serviceLineTree = new DataLoader<string, ServiceLineGoalRecord[]>(async (ids) => {
    const rows = await db.read<{ id: string; goals: RawTreeGoal[] }>(serviceLineTrees, { ids }, log);
    const primeRelated = (id: string, spec: Omit<RelatedKey, 'id'>, raw: RawRelation[]) => related.prime({ id, ...spec }, toRelations(raw));
    const byId = new Map<string, ServiceLineGoalRecord[]>();
    for (const row of rows) {
      const goals = row.goals
        .map((g) => {
          primeRelated(g.strategyGoal.id, TREE_RELATIONS.goalObjectives, g.objectives);
          for (const sg of g.subGoals) {
            primeRelated(sg.node.id, TREE_RELATIONS.subGoalMeasures, sg.measures);
            for (const m of sg.measures) {
              primeRelated(m.node.id, TREE_RELATIONS.measureIndicators, m.indicators);
              primeRelated(m.node.id, TREE_RELATIONS.measureResponsible, m.responsible);
              primeRelated(m.node.id, TREE_RELATIONS.measureInvolves, m.involves);
            }
          }
          return { strategyGoal: g.strategyGoal, subGoals: prime(g.subGoals.map((sg) => sg.node)).sort(compareNodes) };
        })
        .sort((a, b) => compareNodes(a.strategyGoal, b.strategyGoal));
      prime(goals.map((g) => g.strategyGoal));
      goalsOfServiceLine.prime(row.id, goals);
      byId.set(row.id, goals);
    }
    return ids.map((id) => byId.get(id) ?? []);
  });

  return { node, related, objectivesOfRegion, serviceLinesOfRegion, goalsOfServiceLine, serviceLineTree, prime };
}

export type Loaders = ReturnType<typeof createLoaders>;
