/**
 * The graph's vocabulary: node kinds and relation types, and which kinds each relation may join.
 * The kind and type names come from seeds/seed.schema.json, so the schema editors use and the
 * rules the loader enforces cannot drift apart.
 */
import schema from '../../seeds/seed.schema.json' with { type: 'json' };

export const KINDS = schema.properties.kind.enum as readonly string[];
export type Kind = (typeof KINDS)[number];

export const RELATION_TYPES = schema.definitions.relation.properties.type.enum as readonly string[];
export type RelationType = (typeof RELATION_TYPES)[number];

/** Measure -> MEASURE, StrategyObjective -> STRATEGY_OBJECTIVE: the GraphQL NodeKind of a kind. */
export function nodeKindOf(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

const KIND_OF_NODE_KIND = new Map(KINDS.map((k) => [nodeKindOf(k), k]));

/** STRATEGY_OBJECTIVE -> StrategyObjective (a map: GraphQL asks it for every node it returns). */
export function kindOfNodeKind(nodeKind: string): string | undefined {
  return KIND_OF_NODE_KIND.get(nodeKind);
}

const ANY_BUT_ASSESSMENT = KINDS.filter((k) => k !== 'Assessment');

/** Allowed [from kinds, to kinds] per relation type (seeds/README.md, "Relation types"). */
export const RELATION_RULES: Record<string, { from: readonly string[]; to: readonly string[] }> = {
  SUPPORTS: { from: ['StrategyGoal', 'Programme', 'BenefitGoal'], to: ['StrategyObjective'] },
  CONTRIBUTES_TO: {
    from: ['Measure', 'SubGoal', 'ServicePath', 'Programme', 'StrategyGoal'],
    to: ['SubGoal', 'StrategyGoal', 'Programme', 'BenefitGoal', 'StrategyObjective'],
  },
  MEASURES: {
    from: ['Indicator'],
    to: ['Measure', 'SubGoal', 'StrategyGoal', 'Programme', 'BenefitGoal', 'ServicePath', 'StrategyObjective'],
  },
  HAS_GOAL: { from: ['SuccessFactor'], to: ['StrategyGoal'] },
  IN_SERVICE_LINE: { from: ['SubGoal', 'StrategyGoal', 'Measure', 'ResponsibleUnit'], to: ['ServiceLine'] },
  PART_OF: {
    from: ['ServiceLine', 'ResponsibleUnit', 'Programme', 'Measure', 'BenefitGoal', 'SubGoal'],
    to: ['ServiceLine', 'ResponsibleUnit', 'Programme'],
  },
  RESPONSIBLE: {
    from: ['Measure', 'Programme', 'SubGoal', 'Indicator', 'ServicePath'],
    to: ['ServiceLine', 'ResponsibleUnit', 'Partner'],
  },
  INVOLVES: { from: ['Measure', 'Programme', 'SubGoal'], to: ['ServiceLine', 'ResponsibleUnit', 'Partner'] },
  HAS_PARTICIPANT: { from: ['ServicePath'], to: ['ServiceLine', 'ResponsibleUnit', 'Partner'] },
  ADVANCES: {
    from: ['Measure', 'Programme'],
    to: ['ServicePath', 'Measure', 'SubGoal', 'StrategyGoal', 'BenefitGoal'],
  },
  CONCRETISES: { from: ['Programme'], to: ['SuccessFactor'] },
  ASSESSES: { from: ['Assessment'], to: ANY_BUT_ASSESSMENT },
  CONTINUES: { from: ['Measure', 'Programme'], to: ['Measure', 'Programme'] },
};

/**
 * Relation types that lead from a node towards what it serves or belongs to. Trace walks these
 * upward; a path that ends at a StrategyObjective is a route to that objective. The others are
 * lateral: INVOLVES, HAS_PARTICIPANT and CONTINUES describe participation, and ADVANCES (a
 * measure moving a service path forward) is not service through the path: following it would let
 * a cost-effectiveness measure reach objectives 2 and 3 through an inferred path, against the
 * strategy's own mapping.
 */
export const UPWARD_TYPES = [
  'CONTRIBUTES_TO', 'SUPPORTS', 'MEASURES', 'HAS_GOAL', 'IN_SERVICE_LINE', 'PART_OF',
  'RESPONSIBLE', 'CONCRETISES', 'ASSESSES',
] as const;

/** Relation types along which a measure carries support up to goals (impact analysis). */
export const SUPPORT_TYPES = ['CONTRIBUTES_TO', 'SUPPORTS', 'ADVANCES'] as const;

/** Properties every node has; a kind's spec may not use these names. */
export const RESERVED_PROPERTIES = [
  'id', 'kind', 'title', 'description', 'regionId', 'confidence', 'rationale', 'origin',
  'seedFile', 'seedLine', 'sourceDocuments', 'sourceLocators', 'sourceLocatorsInferred', 'sourceQuotes', 'sourceSics', 'sourceNotes', 'version',
] as const;

/**
 * Properties the server derives from a node's words for search (src/search/terms.ts): written on
 * every write, never input, never content (not in a spec, an export or the change history).
 */
export const SEARCH_PROPERTIES = ['searchTitle', 'searchTerms', 'searchVersion', 'searchEngine', 'periodYear', 'historical'] as const;

/** Who wrote a node and when, and the write's own locks: kept by the server, never content. */
export const WRITE_BOOKKEEPING = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'createHash', '_lock', '_new'] as const;

/** Everything on a node that is not its kind's spec: what a spec read back from the graph leaves out. */
export const NOT_SPEC_PROPERTIES: ReadonlySet<string> = new Set<string>([...RESERVED_PROPERTIES, ...WRITE_BOOKKEEPING, ...SEARCH_PROPERTIES]);
