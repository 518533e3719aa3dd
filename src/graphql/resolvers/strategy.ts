/** Objectives, success factors, goals, service lines, sub-goals, measures, indicators, units and partners. */
import { measuresInRegion } from '../../../cypher/nodes.js';
import { observationsOf } from '../../model/observations.js';
import { compareNatural, fromSummary, type NodeRecord } from '../../model/records.js';
import { notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';
import { TREE_RELATIONS } from '../loaders.js';
import { list, neighbours, neighboursVia, nodeFields, num, recordWith, selects, str, treeProjection, value } from './common.js';

export const strategyResolvers: Resolvers = {
  Query: {
    objectives: async (_, { regionId }, ctx) => {
      if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      return ctx.loaders.objectivesOfRegion.load(regionId);
    },
    serviceLine: async (_, { id }, ctx) => {
      const n = await ctx.loaders.node.load(id);
      return n && n.kind === 'SERVICE_LINE' ? n : null;
    },
    serviceLines: async (_, { regionId }, ctx) => {
      if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      return ctx.loaders.serviceLinesOfRegion.load(regionId);
    },
    measures: async (_, { regionId, dueYear }, ctx) => {
      const rows = await ctx.db.read<{ node: unknown[] }>(measuresInRegion, { regionId, dueYear: dueYear ?? null }, ctx.log);
      return ctx.loaders.prime(rows.map((r) => fromSummary(r.node))).sort((a, b) => compareNatural(a.id, b.id));
    },
  },
  StrategyObjective: {
    ...nodeFields,
    number: value<number>('number'),
    strategyGoals: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['SUPPORTS'], ['STRATEGY_GOAL']),
  },
  SuccessFactor: {
    ...nodeFields,
    strategyGoals: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['HAS_GOAL']),
    programmes: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['CONCRETISES'], ['PROGRAMME']),
  },
  StrategyGoal: {
    ...nodeFields,
    order: num('order'),
    objectives: (n, _, ctx) => neighboursVia(ctx, n.id, TREE_RELATIONS.goalObjectives),
    successFactors: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['HAS_GOAL']),
    subGoals: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['CONTRIBUTES_TO'], ['SUB_GOAL']),
  },
  ServiceLine: {
    ...nodeFields,
    desiredChange: str('desiredChange'),
    matrixColumn: num('matrixColumn'),
    highlights: list('highlights'),
    developmentThemes: list('developmentThemes'),
    // Down to the measures: the whole tree in one round trip (loaders.ts, serviceLineTree).
    goals: (n, _, ctx, info) =>
      selects(info, ['subGoals', 'measures'])
        ? ctx.loaders.serviceLineTree.load({ id: n.id, projection: treeProjection(info) })
        : ctx.loaders.goalsOfServiceLine.load(n.id),
    measures: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['RESPONSIBLE'], ['MEASURE']),
    parent: async (n, _, ctx) => (await neighbours(ctx, n.id, 'OUT', ['PART_OF'], ['SERVICE_LINE']))[0] ?? null,
    parts: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['PART_OF'], ['SERVICE_LINE']),
  },
  SubGoal: {
    ...nodeFields,
    number: num('number'),
    sharesMeasuresWith: str('sharesMeasuresWith'),
    contributesTo: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['CONTRIBUTES_TO']),
    serviceLine: async (n, _, ctx) => (await neighbours(ctx, n.id, 'OUT', ['IN_SERVICE_LINE']))[0] ?? null,
    measures: (n, _, ctx) => neighboursVia(ctx, n.id, TREE_RELATIONS.subGoalMeasures),
    indicators: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['MEASURES'], ['INDICATOR']),
    assessments: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['ASSESSES']),
  },
  Measure: {
    ...nodeFields,
    dueYear: num('dueYear'),
    dueDate: str('dueDate'),
    dueText: str('dueText'),
    dueDateInferred: value<boolean>('dueDateInferred', false),
    dueRationale: str('dueRationale'),
    commonKey: str('commonKey'),
    readiness: num('readiness'),
    continues: value<boolean | null>('continues', null),
    contributesTo: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['CONTRIBUTES_TO']),
    responsible: (n, _, ctx) => neighboursVia(ctx, n.id, TREE_RELATIONS.measureResponsible),
    involves: (n, _, ctx) => neighboursVia(ctx, n.id, TREE_RELATIONS.measureInvolves),
    indicators: (n, _, ctx) => neighboursVia(ctx, n.id, TREE_RELATIONS.measureIndicators),
    servicePaths: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['ADVANCES'], ['SERVICE_PATH']),
    assessments: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['ASSESSES']),
  },
  Indicator: {
    ...nodeFields,
    target: num('target'),
    targetIsChange: value<boolean>('targetIsChange', false),
    targetRationale: str('targetRationale'),
    unit: str('unit'),
    comparator: str('comparator'),
    population: str('population'),
    year: num('year'),
    baseline: num('baseline'),
    baselineYear: num('baselineYear'),
    reportName: str('reportName'),
    observations: async (n, _, ctx) => observationsOf(await recordWith(ctx, n, 'observations')),
    measures: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['MEASURES']),
  },
  ResponsibleUnit: {
    ...nodeFields,
    unitType: str('unitType'),
    matrixColumn: num('matrixColumn'),
    measures: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['RESPONSIBLE', 'INVOLVES'], ['MEASURE']),
  },
  Partner: {
    ...nodeFields,
    unitType: str('unitType'),
    matrixColumn: num('matrixColumn'),
    measures: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['RESPONSIBLE', 'INVOLVES'], ['MEASURE']),
  },
};
