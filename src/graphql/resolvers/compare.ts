/** compare: regions side by side on a theme, for a board. */
import { compareRegionsOnTheme } from '../../../cypher/compare.js';
import { allRegions } from '../../../cypher/nodes.js';
import type { ComparisonEntryRecord, ComparisonRowRecord, NodeRecord, RatedPartRecord } from '../../model/records.js';
import { planSearch } from '../../search/query.js';
import { badInput, notFound } from '../../errors.js';
import { MAX_REGION_IDS } from '../../security/limits.js';
import type { Resolvers } from '../generated/types.js';

const GOAL_KINDS = new Set(['STRATEGY_GOAL', 'SUB_GOAL', 'BENEFIT_GOAL']);
const KIND_ORDER = ['STRATEGY_GOAL', 'SUB_GOAL', 'BENEFIT_GOAL', 'MEASURE', 'PROGRAMME'];

/** Sentences of a title: "A. B." -> ["A.", "B."] (a break after . ! ? before a capital letter). */
export function sentencesOf(title: string): string[] {
  return title.split(/(?<=[.!?])\s+(?=[\p{Lu}\d])/u).map((s) => s.trim()).filter(Boolean);
}

/** Parts in order, each with the sentence it rates when the title has exactly one sentence per part. */
function ratedPartsOf(node: NodeRecord, assessments: NodeRecord[]): RatedPartRecord[] {
  const sentences = sentencesOf(String(node.title ?? ''));
  const parted = assessments.length > 1 && assessments.every((a) => typeof a.part === 'number');
  return assessments.map((a, i) => {
    const part = typeof a.part === 'number' ? a.part : i + 1;
    const sentence = !parted ? (assessments.length === 1 ? String(node.title) : null) : sentences.length === assessments.length ? sentences[part - 1] ?? null : null;
    return { part, sentence, assessment: a };
  });
}

export const compareResolvers: Resolvers = {
  Query: {
    compare: async (_, { theme, regionIds, first }, ctx) => {
      const limit = first ?? 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw badInput(`first must be between 1 and 50 (got ${limit})`, 'first');
      let regions: NodeRecord[];
      if (regionIds && regionIds.length > MAX_REGION_IDS) throw badInput(`regionIds takes at most ${MAX_REGION_IDS} ids (got ${regionIds.length})`, 'regionIds');
      if (regionIds?.length) {
        const found = await ctx.loaders.node.loadMany(regionIds);
        const missing = regionIds.filter((id, i) => !found[i] || found[i] instanceof Error || (found[i] as NodeRecord).kind !== 'REGION');
        if (missing.length) throw notFound('region', missing);
        regions = found as NodeRecord[];
      } else {
        regions = ctx.loaders.prime((await ctx.db.read<{ node: NodeRecord }>(allRegions, {}, ctx.log)).map((r) => r.node));
      }
      const plan = planSearch(theme);
      const rows: ComparisonRowRecord[] = regions.map((region) => ({ region, goals: [], measures: [], groups: [], nothingOnTheme: true }));
      if (plan === null) return rows;
      const matches = await ctx.db.read<{ regionId: string; node: NodeRecord; score: number; matched: number; historical: boolean; periodYear: number | null; latest: NodeRecord[] }>(
        compareRegionsOnTheme,
        { query: plan.lucene, groups: plan.groups, regionIds: regions.map((r) => r.id), candidates: 2000 },
        ctx.log,
      );
      const byRegion = new Map(rows.map((r) => [r.region.id, r]));
      for (const m of matches) {
        const row = byRegion.get(m.regionId)!;
        const list = GOAL_KINDS.has(m.node.kind) ? row.goals : row.measures;
        if (list.length >= limit) continue;
        const assessments = [...m.latest].sort((a, b) => Number(a.part ?? 0) - Number(b.part ?? 0));
        const entry: ComparisonEntryRecord = {
          node: m.node,
          score: m.score,
          matchedWords: Number(m.matched),
          historical: m.historical,
          periodYear: m.periodYear === null ? null : Number(m.periodYear),
          latestAssessment: assessments[0] ?? null,
          assessments,
          ratedParts: ratedPartsOf(m.node, assessments),
          assessmentType: (assessments[0]?.assessmentType as string | undefined) ?? null,
        };
        list.push(entry);
        row.nothingOnTheme = false;
        ctx.loaders.prime([m.node, ...assessments]);
      }
      for (const row of rows) {
        const all = [...row.goals, ...row.measures];
        row.groups = KIND_ORDER.map((kind) => ({ kind, entries: all.filter((e) => e.node.kind === kind) })).filter((g) => g.entries.length > 0);
      }
      return rows;
    },
  },
};
