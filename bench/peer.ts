/**
 * The peer: @neo4j/graphql generating a GraphQL API over the same labels and relationship types,
 * as a team that chose a generated GraphQL-to-Cypher layer would write it. Relations become
 * generated nested fields; what the generator cannot express (variable-length trace, the
 * full-text search, impact) is a top-level @cypher field running the same statement our API runs,
 * which is how that library's users write such queries. A dependency of bench/ only.
 */
import { impactOfCut } from '../cypher/impact.js';
import { peerSearchEntities } from './cypher.js';
import { traceToObjectives } from '../cypher/trace.js';
import { summaryValue } from '../cypher/projection.js';

/** A statement as a GraphQL block string (the statements hold no triple quotes or backslashes). */
const block = (text: string) => `"""\n${text}\n"""`;

export const peerTypeDefs = /* GraphQL */ `
  type StrategyObjective @node { id: ID! title: String! number: Int regionId: String }
  type StrategyGoal @node {
    id: ID!
    title: String!
    order: Int
    objectives: [StrategyObjective!]! @relationship(type: "SUPPORTS", direction: OUT)
  }
  type ServiceLine @node {
    id: ID!
    title: String!
    regionId: String
    subGoals: [SubGoal!]! @relationship(type: "IN_SERVICE_LINE", direction: IN)
  }
  type SubGoal @node {
    id: ID!
    title: String!
    strategyGoals: [StrategyGoal!]! @relationship(type: "CONTRIBUTES_TO", direction: OUT)
    measures: [Measure!]! @relationship(type: "CONTRIBUTES_TO", direction: IN)
  }
  type Measure @node {
    id: ID!
    title: String!
    dueYear: Int
    indicators: [Indicator!]! @relationship(type: "MEASURES", direction: IN)
    responsible: [Party!]! @relationship(type: "RESPONSIBLE", direction: OUT)
  }
  type Indicator @node { id: ID! title: String! target: Float unit: String }
  type ResponsibleUnit @node { id: ID! title: String! }
  type Partner @node { id: ID! title: String! }
  union Party = ServiceLine | ResponsibleUnit | Partner
  type ServicePath @node {
    id: ID!
    title: String!
    order: Int
    regionId: String
    participants: [Party!]! @relationship(type: "HAS_PARTICIPANT", direction: OUT, properties: "Participation")
  }
  type Participation @relationshipProperties { confidence: String rationale: String }

  type TraceNode { id: ID! kind: String! title: String! }
  type TraceEdge { from: ID! to: ID! type: String! confidence: String! }
  type TraceResult { nodes: [TraceNode!]! edges: [TraceEdge!]! paths: [[ID!]!]! }
  type SearchResult { id: ID! kind: String! title: String! score: Float! }
  type ImpactSupport { id: ID! kind: String! before: Int! }
  type ImpactResult { missing: [ID!]! cutMeasureIds: [ID!]! items: [ImpactSupport!]! }

  type Query {
    trace(id: ID!): TraceResult
      @cypher(
        statement: ${block(`CALL () {
${traceToObjectives.text}
}
RETURN {nodes: [n IN nodes | {id: ${summaryValue('n', 'id')}, kind: ${summaryValue('n', 'kind')}, title: ${summaryValue('n', 'title')}}], edges: edges, paths: paths} AS result`)}
        columnName: "result"
      )
    search(query: String!, first: Int!): [SearchResult!]!
      @cypher(
        statement: ${block(`CALL () {
${peerSearchEntities.text.replace(/\$kinds/g, 'null').replace(/\$regionId/g, 'null').replace(/\$candidates/g, '1000')}
}
RETURN {id: ${summaryValue('node', 'id')}, kind: ${summaryValue('node', 'kind')}, title: ${summaryValue('node', 'title')}, score: score} AS result`)}
        columnName: "result"
      )
    impact(cut: [ID!]!): ImpactResult
      @cypher(
        statement: ${block(`CALL () {
${impactOfCut.text.replace(/\$regionId/g, 'null')}
}
RETURN {missing: missing, cutMeasureIds: cutMeasureIds, items: [i IN items | {id: i.node.id, kind: i.node.kind, before: size(i.support)}]} AS result`)}
        columnName: "result"
      )
  }
`;
