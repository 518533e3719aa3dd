/**
 * The indicators of a region with their targets and observations, for the `indicators` query
 * and GET /indicators.csv: one list, the same filters, the same order.
 */
import { indicatorsInRegion } from '../../cypher/indicators.js';
import { nodesByIds } from '../../cypher/nodes.js';
import type { Database, QueryLog } from '../db/database.js';
import { notFound } from '../errors.js';
import type { NodeRecord } from '../model/records.js';

export interface IndicatorFilter {
  regionId: string;
  serviceLineId?: string | null;
  programmeId?: string | null;
}

/** NOT_FOUND names the id that is not a region, service line or programme of the graph. */
export async function listIndicators(db: Database, filter: IndicatorFilter, log?: QueryLog): Promise<NodeRecord[]> {
  const ids = [filter.regionId, filter.serviceLineId, filter.programmeId].filter((x): x is string => !!x);
  const found = await db.read<{ node: NodeRecord }>(nodesByIds, { ids }, log);
  const kindOf = new Map(found.map((r) => [r.node.id, r.node.kind]));
  if (kindOf.get(filter.regionId) !== 'REGION') throw notFound('region', [filter.regionId]);
  if (filter.serviceLineId && kindOf.get(filter.serviceLineId) !== 'SERVICE_LINE') throw notFound('service line', [filter.serviceLineId]);
  if (filter.programmeId && kindOf.get(filter.programmeId) !== 'PROGRAMME') throw notFound('programme', [filter.programmeId]);
  const rows = await db.read<{ node: NodeRecord }>(
    indicatorsInRegion,
    { regionId: filter.regionId, serviceLineId: filter.serviceLineId ?? null, programmeId: filter.programmeId ?? null },
    log,
  );
  return rows.map((r) => r.node);
}
