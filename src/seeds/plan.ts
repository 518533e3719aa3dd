/**
 * Stage 3 of the seed pipeline: turn validated entities into the rows the write statements take.
 * Node properties: the common ones (id, kind, title, ..., provenance as parallel lists) plus the
 * kind's spec, flattened: scalars and string lists as they are, `status` as statusOverall ...,
 * `observations` as a JSON string (each carries its own provenance).
 */
import { nodeKindOf } from '../model/vocabulary.js';
import type { LocatedEntity, SourceRef } from './types.js';

export interface NodeRow {
  id: string;
  label: string;
  props: Record<string, unknown>;
}

export interface RelationshipRow {
  from: string;
  to: string;
  type: string;
  props: Record<string, unknown>;
}

export interface SeedPlan {
  nodes: NodeRow[];
  relationships: RelationshipRow[];
}

export function planSeed(entities: LocatedEntity[]): SeedPlan {
  const nodes: NodeRow[] = [];
  const relationships: RelationshipRow[] = [];
  for (const { entity, location } of entities) {
    const m = entity.metadata;
    const props: Record<string, unknown> = {
      id: m.id,
      kind: nodeKindOf(entity.kind),
      title: m.title,
      confidence: m.confidence ?? 'STATED',
      origin: 'seed',
      seedFile: location.file,
      seedLine: location.line,
      ...provenance(entity.sources),
    };
    if (m.description) props.description = m.description;
    if (m.rationale) props.rationale = m.rationale;
    if (entity.kind === 'Region') props.regionId = m.id;
    else if (m.region) props.regionId = m.region;
    Object.assign(props, flattenSpec(entity.spec ?? {}, entity.sources[0].document));
    nodes.push({ id: m.id, label: entity.kind, props });

    for (const rel of entity.relations ?? []) {
      const relProps: Record<string, unknown> = {
        confidence: rel.confidence ?? 'STATED',
        origin: 'seed',
        ...provenance(rel.sources ?? []),
      };
      if (rel.rationale) relProps.rationale = rel.rationale;
      if (rel.evidence) {
        relProps.evidenceScore = rel.evidence.score;
        relProps.evidenceIds = rel.evidence.ids;
        if (rel.evidence.runnerUp) relProps.evidenceRunnerUp = rel.evidence.runnerUp;
        if (rel.evidence.runnerUpScore !== undefined) relProps.evidenceRunnerUpScore = rel.evidence.runnerUpScore;
        relProps.evidenceWeak = rel.evidence.weak ?? false;
      }
      relationships.push({ from: m.id, to: rel.target, type: rel.type, props: relProps });
    }
  }
  return { nodes, relationships };
}

/** Sources as parallel lists: Neo4j properties cannot hold maps. Index i of each list is one source. */
export function provenance(sources: SourceRef[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {
    sourceDocuments: sources.map((s) => s.document),
    sourceLocators: sources.map((s) => s.locator ?? ''),
    sourceLocatorsInferred: sources.map((s) => s.locatorInferred ?? false),
    sourceQuotes: sources.map((s) => s.quote),
  };
  // only where a source has them, so that the common node carries no empty lists ('' = none)
  if (sources.some((s) => s.sic)) out.sourceSics = sources.map((s) => s.sic ?? '');
  if (sources.some((s) => s.note)) out.sourceNotes = sources.map((s) => s.note ?? '');
  return out;
}

function flattenSpec(spec: Record<string, unknown>, defaultDocument: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (value === null || value === undefined) continue;
    if (key === 'status' && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[`status${k[0].toUpperCase()}${k.slice(1)}`] = v;
      }
    } else if (key === 'observations') {
      const list = (value as Record<string, unknown>[]).map((o) => ({ document: defaultDocument, ...o }));
      out.observations = JSON.stringify(list);
    } else {
      out[key] = value;
    }
  }
  return out;
}
