/** Programmes and plans, assessments and the national programme's benefit goals. */
import { assessmentsInRegion, programmesInRegion } from '../../../cypher/nodes.js';
import { compareNodes, type NodeRecord } from '../../model/records.js';
import { notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';
import { list, neighbours, nodeFields, num, recordWith, str, value } from './common.js';

const status = (n: NodeRecord, key: string) => (n[key] as 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'UNKNOWN' | undefined) ?? 'UNKNOWN';

export const programmeResolvers: Resolvers = {
  Query: {
    programmes: async (_, { regionId }, ctx) => {
      if (regionId && !(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      const rows = await ctx.db.read<{ node: NodeRecord }>(programmesInRegion, { regionId: regionId ?? null }, ctx.log);
      return ctx.loaders.prime(rows.map((r) => r.node)).sort(compareNodes);
    },
    assessments: async (_, { regionId, targetId }, ctx) => {
      if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      const rows = await ctx.db.read<{ node: NodeRecord }>(assessmentsInRegion, { regionId, targetId: targetId ?? null }, ctx.log);
      return ctx.loaders.prime(rows.map((r) => r.node)).sort(compareNodes);
    },
  },
  Programme: {
    ...nodeFields,
    programmeType: value<string>('programmeType'),
    period: str('period'),
    periodInferred: value<boolean>('periodInferred', false),
    periodRationale: str('periodRationale'),
    reportedOn: str('reportedOn'),
    goals: list('goals'),
    successes: list('successes'),
    achievedTargets: list('achievedTargets'),
    nextTasks: list('nextTasks'),
    attentionPoints: list('attentionPoints'),
    results: list('results'),
    status: async (p, _, ctx) => {
      const n = await recordWith(ctx, p, 'statusQuote');
      return {
      overall: status(n, 'statusOverall'),
      schedule: status(n, 'statusSchedule'),
      risks: status(n, 'statusRisks'),
      resources: status(n, 'statusResources'),
      quote: (n.statusQuote as string) ?? null,
      };
    },
    parent: async (n, _, ctx) => (await neighbours(ctx, n.id, 'OUT', ['PART_OF'], ['PROGRAMME']))[0] ?? null,
    parts: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['PART_OF'], ['PROGRAMME']),
    successFactors: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['CONCRETISES']),
    indicators: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['MEASURES'], ['INDICATOR']),
    measures: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['PART_OF'], ['MEASURE']),
  },
  Assessment: {
    ...nodeFields,
    assessmentType: value<string>('assessmentType'),
    rating: num('rating'),
    scaleMin: value<number>('scaleMin'),
    scaleMax: value<number>('scaleMax'),
    scaleLabels: list('scaleLabels'),
    tentative: value<boolean>('tentative', false),
    text: str('text'),
    period: str('period'),
    periodInferred: value<boolean>('periodInferred', false),
    periodRationale: str('periodRationale'),
    assessedOn: str('assessedOn'),
    part: num('part'),
    target: async (n, _, ctx) => {
      const [target] = await neighbours(ctx, n.id, 'OUT', ['ASSESSES']);
      if (!target) throw new Error(`assessment ${n.id} assesses nothing`);
      return target;
    },
  },
  BenefitGoal: {
    ...nodeFields,
    number: num('number'),
    contributors: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['CONTRIBUTES_TO', 'ADVANCES']),
  },
};
