/** Indicators of a region, filtered by the service line or programme of what they measure. */
import { cypher } from './named.js';

/**
 * Every indicator of $regionId, by id. With $serviceLineId: those that MEASURE something standing
 * in that line (IN_SERVICE_LINE or RESPONSIBLE), or in a sub-area PART_OF it. With $programmeId:
 * those that MEASURE the programme itself or something PART_OF or CONTRIBUTES_TO it (a plan of
 * the programme, a goal of the plan). Both filters together: both must hold.
 */
export const indicatorsInRegion = cypher('indicatorsInRegion', `
MATCH (i:Indicator {regionId: $regionId})
WHERE ($serviceLineId IS NULL OR EXISTS {
        MATCH (i)-[:MEASURES]->(:Entity)-[:IN_SERVICE_LINE|RESPONSIBLE]->(:ServiceLine)-[:PART_OF*0..3]->(:ServiceLine {id: $serviceLineId})
      })
  AND ($programmeId IS NULL OR EXISTS {
        MATCH (i)-[:MEASURES]->(:Entity)-[:PART_OF|CONTRIBUTES_TO*0..3]->(:Programme {id: $programmeId})
      })
RETURN properties(i) AS node
ORDER BY i.id
`);
