/** The Node interface, relations, regions, and looking nodes up by id. */
import type { NodeRecord } from '../../model/records.js';
import { allRegions } from '../../../cypher/nodes.js';
import { MAX_IDS } from '../../security/limits.js';
import { badInput } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';
import { nodeFields, sourcesOf, str, typeNameOf } from './common.js';

export const nodeResolvers: Resolvers = {
  Query: {
    regions: async (_, __, ctx) => {
      const rows = await ctx.db.read<{ node: NodeRecord }>(allRegions, {}, ctx.log);
      return ctx.loaders.prime(rows.map((r) => r.node));
    },
    node: (_, { id }, ctx) => ctx.loaders.node.load(id),
    nodes: (_, { ids }, ctx) => {
      if (ids.length > MAX_IDS) throw badInput(`nodes takes at most ${MAX_IDS} ids (got ${ids.length})`, 'ids');
      return ctx.loaders.node.loadMany(ids).then((rs) => rs.map((r) => (r instanceof Error ? null : r)));
    },
  },
  Node: {
    __resolveType: (n) => typeNameOf(n) as never,
  },
  Relation: {
    confidence: (r) => r.confidence ?? 'STATED',
    rationale: (r) => r.rationale ?? null,
    sources: (r) => sourcesOf(r),
    node: (r) => r.node,
  },
  Region: {
    ...nodeFields,
    region: () => null,
    shortName: str('shortName'),
    hospitalDistrict: str('hospitalDistrict'),
    objectives: (n, _, ctx) => ctx.loaders.objectivesOfRegion.load(n.id),
    serviceLines: (n, _, ctx) => ctx.loaders.serviceLinesOfRegion.load(n.id),
  },
};
