/**
 * overview and supportTree: the map's start page and its downward views. The overview is one
 * statement; a support tree costs one round trip per level (supportChildren takes every node of a
 * level at once), one for the measures' facets and one for the route up, whatever the number of nodes.
 */
import { measureFacets, overviewOfRegion, routeUp, supportChildren } from '../../../cypher/overview.js';
import { coverageOfRegion } from '../../../cypher/coverage.js';
import { programmesInRegion } from '../../../cypher/nodes.js';
import { badInput, notFound } from '../../errors.js';
import type { ObjectiveOverviewRecord, OverviewRecord, SupportTreeEntryRecord, SupportTreeRecord } from '../../model/overview.js';
import { compareNatural, compareNodes, fromSummary, type CoverageRecord, type NodeRecord } from '../../model/records.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/types.js';
import { sourcesOf } from './common.js';

/**
 * What each kind follows downward: 'IN:T' = nodes with a T relation to it, 'OUT:T' = nodes it has
 * a T relation to. Down the strategy: objective < goal < sub-goal < measure; sideways from a
 * measure to its indicators and the units and partners that carry it; from a unit, partner or
 * service line to what it owns or takes part in.
 */
export const SUPPORT_RULES: Record<string, string[]> = {
  STRATEGY_OBJECTIVE: ['IN:SUPPORTS', 'IN:CONTRIBUTES_TO', 'IN:MEASURES'],
  STRATEGY_GOAL: ['IN:CONTRIBUTES_TO', 'IN:MEASURES', 'IN:ADVANCES'],
  SUCCESS_FACTOR: ['OUT:HAS_GOAL', 'IN:CONCRETISES'],
  SERVICE_LINE: ['IN:PART_OF', 'IN:IN_SERVICE_LINE'],
  SUB_GOAL: ['IN:CONTRIBUTES_TO', 'IN:MEASURES', 'IN:ADVANCES'],
  MEASURE: ['IN:MEASURES', 'OUT:RESPONSIBLE', 'OUT:INVOLVES', 'IN:PART_OF'],
  RESPONSIBLE_UNIT: ['IN:PART_OF', 'IN:RESPONSIBLE', 'IN:INVOLVES'],
  PARTNER: ['IN:RESPONSIBLE', 'IN:INVOLVES'],
  PROGRAMME: ['IN:PART_OF', 'IN:CONTRIBUTES_TO', 'IN:MEASURES', 'IN:RESPONSIBLE'],
  SERVICE_PATH: ['OUT:HAS_PARTICIPANT', 'IN:ADVANCES', 'IN:MEASURES'],
  BENEFIT_GOAL: ['IN:SUPPORTS', 'IN:CONTRIBUTES_TO', 'IN:MEASURES', 'IN:ADVANCES'],
};

/** Kinds whose children are context, not support: the tree does not go below them. */
const LEAF_BELOW_ROOT = new Set(['RESPONSIBLE_UNIT', 'PARTNER', 'INDICATOR', 'SERVICE_LINE']);

const DEFAULT_DEPTH = 4;
const MAX_DEPTH = 6;

interface RawChild {
  type: string;
  direction: 'IN' | 'OUT';
  props: Record<string, unknown>;
  node: unknown[];
}

async function overviewOf(ctx: Context, regionId: string, year: number): Promise<OverviewRecord> {
  const [row] = await ctx.db.read<{ regionId: string; objectives: Record<keyof ObjectiveOverviewRecord, unknown[] | unknown[][]>[]; due: unknown[][] }>(
    overviewOfRegion, { regionId, year }, ctx.log,
  );
  if (!row) throw notFound('region', [regionId]);
  const nodes = (list: unknown[][]) => ctx.loaders.prime(list.map(fromSummary)).sort(compareNodes);
  const objectives = row.objectives.map((o) => ({
    objective: ctx.loaders.prime([fromSummary(o.objective as unknown[])])[0],
    strategyGoals: nodes(o.strategyGoals as unknown[][]),
    subGoals: nodes(o.subGoals as unknown[][]),
    measures: nodes(o.measures as unknown[][]),
    indicators: nodes(o.indicators as unknown[][]),
  }));
  const due = nodes(row.due);
  return {
    regionId,
    year,
    objectives,
    dueThisYear: due.filter((m) => m.dueYear === year),
    dueNextYear: due.filter((m) => m.dueYear === year + 1),
  };
}

async function coverageOf(ctx: Context, regionId: string): Promise<CoverageRecord> {
  const [row] = await ctx.db.read<CoverageRecord>(coverageOfRegion, { regionId }, ctx.log);
  if (!row) throw notFound('region', [regionId]);
  for (const key of ['subGoalsWithoutMeasures', 'measuresWithoutResponsible', 'measuresWithoutIndicator', 'strategyGoalsWithoutSubGoals', 'objectivesWithoutGoals', 'inferredNodes'] as const) {
    ctx.loaders.prime(row[key].sort(compareNodes));
  }
  row.inferredEdges.sort((a, b) => compareNatural(`${a.from}|${a.type}|${a.to}`, `${b.from}|${b.type}|${b.to}`));
  return row;
}

interface Filter {
  serviceLineId?: string | null;
  unitId?: string | null;
  dueYear?: number | null;
  kinds?: readonly string[] | null;
  confidence?: 'STATED' | 'INFERRED' | null;
}

/** The whole tree below `root`, level by level: one supportChildren round trip per level. */
async function buildTree(ctx: Context, root: NodeRecord, depth: number): Promise<{ entries: SupportTreeEntryRecord[]; truncated: boolean }> {
  const entries: SupportTreeEntryRecord[] = [{ node: root, parentId: null, depth: 0, relation: null, direction: null }];
  const children = new Map<string, SupportTreeEntryRecord[]>();
  // A node shows once per route from the root, but never below itself (no cycles).
  let level: { entry: SupportTreeEntryRecord; path: Set<string> }[] = [{ entry: entries[0], path: new Set([root.id]) }];
  let truncated = false;
  for (let d = 1; d <= depth && level.length; d++) {
    const expandable = level.filter((l) => d === 1 || !LEAF_BELOW_ROOT.has(l.entry.node.kind));
    if (!expandable.length) break;
    const rows = await ctx.db.read<{ id: string; children: RawChild[] }>(
      supportChildren, { ids: [...new Set(expandable.map((l) => l.entry.node.id))], rules: SUPPORT_RULES }, ctx.log,
    );
    const byId = new Map(rows.map((r) => [r.id, r.children]));
    const next: typeof level = [];
    for (const { entry, path } of expandable) {
      const kids: SupportTreeEntryRecord[] = [];
      for (const c of byId.get(entry.node.id) ?? []) {
        const node = ctx.loaders.prime([fromSummary(c.node)])[0];
        if (path.has(node.id)) continue;
        kids.push({ ...c.props, node, parentId: entry.node.id, depth: d, relation: c.type, direction: c.direction });
      }
      kids.sort((a, b) => compareNodes(a.node, b.node));
      children.set(`${d}|${entry.node.id}|${[...path].join('>')}`, kids);
      for (const k of kids) next.push({ entry: k, path: new Set([...path, k.node.id]) });
    }
    if (d === depth && next.some((n) => !LEAF_BELOW_ROOT.has(n.entry.node.kind) && SUPPORT_RULES[n.entry.node.kind])) truncated = true;
    level = next;
  }
  return { entries: flatten(entries[0], children), truncated };
}

function flatten(root: SupportTreeEntryRecord, children: Map<string, SupportTreeEntryRecord[]>): SupportTreeEntryRecord[] {
  const out: SupportTreeEntryRecord[] = [];
  const walk = (e: SupportTreeEntryRecord, path: string[]) => {
    out.push(e);
    const p = [...path, e.node.id];
    for (const k of children.get(`${e.depth + 1}|${e.node.id}|${p.join('>')}`) ?? []) walk(k, p);
  };
  walk(root, []);
  return out;
}

/** Keeps the entries that pass the filter and every entry above a kept one. */
function applyFilter(entries: SupportTreeEntryRecord[], facets: Map<string, { lines: Set<string>; units: Set<string> }>, f: Filter): SupportTreeEntryRecord[] {
  const active = f.serviceLineId || f.unitId || f.dueYear != null || f.kinds?.length || f.confidence;
  if (!active) return entries;
  const passes = (e: SupportTreeEntryRecord) => {
    if (e.depth === 0) return false;
    if (f.kinds?.length && !f.kinds.includes(e.node.kind)) return false;
    if (f.confidence && (e.confidence ?? 'STATED') !== f.confidence) return false;
    const measureFilter = f.serviceLineId || f.unitId || f.dueYear != null;
    if (measureFilter) {
      if (e.node.kind !== 'MEASURE') return false;
      const m = facets.get(e.node.id);
      if (f.serviceLineId && !m?.lines.has(f.serviceLineId)) return false;
      if (f.unitId && !m?.units.has(f.unitId)) return false;
      if (f.dueYear != null && e.node.dueYear !== f.dueYear) return false;
    }
    return true;
  };
  // Entries are in tree order: keep a kept entry's chain of parents (the stack of open ancestors).
  const keep = new Set<number>([0]);
  const stack: number[] = [];
  entries.forEach((e, i) => {
    stack.length = e.depth;
    if (passes(e)) {
      keep.add(i);
      for (const a of stack) keep.add(a);
    }
    stack.push(i);
  });
  return entries.filter((_, i) => keep.has(i));
}

export const overviewResolvers: Resolvers = {
  Query: {
    overview: async (_, { regionId, year }, ctx) => overviewOf(ctx, regionId, year ?? new Date().getFullYear()),
    supportTree: async (_, { id, filter, depth }, ctx) => {
      if (depth != null && (depth < 1 || depth > MAX_DEPTH)) throw badInput(`depth must be between 1 and ${MAX_DEPTH}, not ${depth}`, 'depth');
      const root = await ctx.loaders.node.load(id);
      if (!root) return null;
      const { entries, truncated } = await buildTree(ctx, root, depth ?? DEFAULT_DEPTH);
      const measureIds = [...new Set(entries.filter((e) => e.node.kind === 'MEASURE').map((e) => e.node.id))];
      const facetRows = measureIds.length
        ? await ctx.db.read<{ id: string; lines: unknown[][]; units: unknown[][] }>(measureFacets, { ids: measureIds }, ctx.log)
        : [];
      const lines = new Map<string, NodeRecord>();
      const units = new Map<string, NodeRecord>();
      const facets = new Map<string, { lines: Set<string>; units: Set<string> }>();
      for (const r of facetRows) {
        const ls = r.lines.map(fromSummary);
        const us = r.units.map(fromSummary);
        for (const l of ls) lines.set(l.id, l);
        for (const u of us) units.set(u.id, u);
        facets.set(r.id, { lines: new Set(ls.map((l) => l.id)), units: new Set(us.map((u) => u.id)) });
      }
      const record: SupportTreeRecord = {
        root,
        entries: applyFilter(entries, facets, filter ?? {}),
        truncated,
        facets: {
          serviceLines: ctx.loaders.prime([...lines.values()]).sort(compareNodes),
          units: ctx.loaders.prime([...units.values()]).sort(compareNodes),
          dueYears: [...new Set(entries.map((e) => e.node.dueYear).filter((y): y is number => typeof y === 'number'))].sort(),
          kinds: [...new Set(entries.slice(1).map((e) => e.node.kind))].sort(),
        },
      };
      return record;
    },
  },
  Overview: {
    region: async (o, _, ctx) => (await ctx.loaders.node.load(o.regionId))!,
    programmes: async (o, _, ctx) => {
      const rows = await ctx.db.read<{ node: NodeRecord }>(programmesInRegion, { regionId: o.regionId }, ctx.log);
      return ctx.loaders.prime(rows.map((r) => r.node)).sort(compareNodes);
    },
    coverage: (o, _, ctx) => coverageOf(ctx, o.regionId),
  },
  SupportTreeEntry: {
    confidence: (e) => (e.depth === 0 ? null : (e.confidence ?? 'STATED')),
    rationale: (e) => e.rationale ?? null,
    sources: (e) => sourcesOf(e),
  },
  SupportTree: {
    ancestors: async (t, _, ctx) => {
      const [row] = await ctx.db.read<{ ancestors: unknown[][] }>(routeUp, { id: t.root.id }, ctx.log);
      return ctx.loaders.prime((row?.ancestors ?? []).map(fromSummary));
    },
  },
};
