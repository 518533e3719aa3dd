/** All resolvers, one module per type family. */
import type { Resolvers } from '../generated/types.js';
import { compareResolvers } from './compare.js';
import { coverageResolvers } from './coverage.js';
import { historyResolvers } from './history.js';
import { impactResolvers } from './impact.js';
import { indicatorResolvers } from './indicators.js';
import { mutationResolvers } from './mutations.js';
import { nodeResolvers } from './node.js';
import { overviewResolvers } from './overview.js';
import { pathResolvers } from './paths.js';
import { programmeResolvers } from './programmes.js';
import { searchResolvers } from './search.js';
import { strategyResolvers } from './strategy.js';
import { traceResolvers } from './trace.js';

const modules: Resolvers[] = [nodeResolvers, strategyResolvers, pathResolvers, programmeResolvers, traceResolvers, searchResolvers, coverageResolvers, impactResolvers, compareResolvers, indicatorResolvers, overviewResolvers, mutationResolvers, historyResolvers];

export function mergeResolvers(parts: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [typeName, fields] of Object.entries(part)) {
      merged[typeName] = { ...(merged[typeName] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

export const resolvers = mergeResolvers(modules);
