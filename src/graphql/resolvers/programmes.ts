/** Programmes and plans, assessments and the national programme's benefit goals. */
import { assessmentsInRegion, programmesInRegion } from '../../../cypher/nodes.js';
import { compareNodes, type NodeRecord } from '../../model/records.js';
import { notFound } from '../errors.js';
import type { Resolvers } from '../generated/types.js';
import { list, neighbours, nodeFields } from './common.js';

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
    programmeType: (n) => n.programmeType as string,
    period: (n) => (n.period as string) ?? null,
    reportedOn: (n) => (n.reportedOn as string) ?? null,
    goals: list('goals'),
    successes: list('successes'),
    achievedTargets: list('achievedTargets'),
    nextTasks: list('nextTasks'),
    attentionPoints: list('attentionPoints'),
    results: list('results'),
    status: (n) => ({
      overall: status(n, 'statusOverall'),
      schedule: status(n, 'statusSchedule'),
      risks: status(n, 'statusRisks'),
      resources: status(n, 'statusResources'),
      quote: (n.statusQuote as string) ?? null,
    }),
    parent: async (n, _, ctx) => (await neighbours(ctx, n.id, 'OUT', ['PART_OF'], ['PROGRAMME']))[0] ?? null,
    parts: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['PART_OF'], ['PROGRAMME']),
    successFactors: (n, _, ctx) => neighbours(ctx, n.id, 'OUT', ['CONCRETISES']),
    indicators: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['MEASURES'], ['INDICATOR']),
    measures: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['PART_OF'], ['MEASURE']),
  },
  Assessment: {
    ...nodeFields,
    assessmentType: (n) => n.assessmentType as string,
    rating: (n) => (n.rating as number | undefined) ?? null,
    scaleMin: (n) => n.scaleMin as number,
    scaleMax: (n) => n.scaleMax as number,
    scaleLabels: list('scaleLabels'),
    tentative: (n) => (n.tentative as boolean | undefined) ?? false,
    text: (n) => (n.text as string) ?? null,
    period: (n) => (n.period as string) ?? null,
    assessedOn: (n) => (n.assessedOn as string) ?? null,
    part: (n) => (n.part as number) ?? null,
    target: async (n, _, ctx) => {
      const [target] = await neighbours(ctx, n.id, 'OUT', ['ASSESSES']);
      if (!target) throw new Error(`assessment ${n.id} assesses nothing`);
      return target;
    },
  },
  BenefitGoal: {
    ...nodeFields,
    number: (n) => (n.number as number) ?? null,
    contributors: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['CONTRIBUTES_TO', 'ADVANCES']),
  },
};
