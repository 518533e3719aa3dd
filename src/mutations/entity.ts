/**
 * What a write through the API must satisfy is what a seed file must: the API's input becomes a
 * seed entity (kind, metadata, spec, relations, sources), which is checked against
 * seeds/seed.schema.json, the relation rules of src/model/vocabulary.ts, the region rules, and
 * the quote rule (every quote word for word in its document). The node's properties are then
 * planned exactly as the seed loader plans them (src/seeds/plan.ts), with origin 'api'.
 */
import { forbiddenCharacters, thinQuote } from '../model/text.js';
import Ajv, { type ErrorObject } from 'ajv';
import { createHash } from 'node:crypto';
import path from 'node:path';
import schema from '../../seeds/seed.schema.json' with { type: 'json' };
import type { NodeRecord } from '../model/records.js';
import { kindOfNodeKind, NOT_SPEC_PROPERTIES, RELATION_RULES } from '../model/vocabulary.js';
import { DocumentLibrary } from '../seeds/documents.js';
import { DEFAULT_SEEDS_DIR } from '../seeds/index.js';
import { planSeed, type NodeRow, type RelationshipRow } from '../seeds/plan.js';
import { schemaErrors } from '../seeds/schema-errors.js';
import { fieldPath, type SeedEntity, type SeedRelation, type SourceRef } from '../seeds/types.js';

const ajv = new Ajv.default({ allErrors: true, strict: false });
const validateSchema = ajv.compile<SeedEntity>(schema);

/** Longest text any one field of an API write may hold. */
export const MAX_TEXT_LENGTH = 20_000;

/** Kinds createNode makes; Regions come from the seeds, Assessments from addAssessment. */
export const CREATABLE_KINDS = ['StrategyObjective', 'SuccessFactor', 'StrategyGoal', 'ServiceLine', 'SubGoal', 'Measure', 'Indicator', 'ResponsibleUnit', 'Partner', 'ServicePath', 'Programme', 'BenefitGoal'];

/** Node properties that are bookkeeping, not what the node says. */
export const BOOKKEEPING = NOT_SPEC_PROPERTIES;

const STATUS_KEYS = ['overall', 'schedule', 'risks', 'resources', 'quote'];

export interface Problem {
  field: string;
  message: string;
}

/** What the database says about an id a write refers to. */
export interface Fact {
  id: string;
  kind: string; // NodeKind: MEASURE
  regionId: string | null;
  version: number;
}

let library: DocumentLibrary | undefined;
export function documentLibrary(): DocumentLibrary {
  library ??= new DocumentLibrary(path.join(DEFAULT_SEEDS_DIR, 'documents'));
  return library;
}

/** Drops null and undefined fields (GraphQL gives null for "not given" in some places). */
export function clean<T extends Record<string, unknown>>(obj: T | null | undefined): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj ?? {})) if (v !== null && v !== undefined) out[k] = v;
  return out as Partial<T>;
}

/**
 * A source as the seed schema has it. From the API's input the locator is kept even when empty (the
 * schema then refuses it: the API requires one); from a stored node an empty locator means none.
 */
export function sourceOf(
  s: { document: string; locator?: string | null; locatorInferred?: boolean | null; quote: string; sic?: string | null; note?: string | null },
  stored = false,
): SourceRef {
  const locator = stored ? s.locator || undefined : s.locator ?? undefined;
  return {
    document: s.document,
    ...(locator !== undefined ? { locator } : {}),
    ...(s.locatorInferred ? { locatorInferred: true } : {}),
    quote: s.quote,
    ...(s.sic ? { sic: s.sic } : {}),
    ...(s.note ? { note: s.note } : {}),
  };
}

/** Everything wrong with an entity, given the facts about the ids it names (region, relation targets). */
export function checkEntity(entity: SeedEntity, facts: ReadonlyMap<string, Fact>): Problem[] {
  const problems: Problem[] = [];
  const tooLong = longStrings(entity);
  if (tooLong.length) return tooLong;
  const controls = forbiddenCharacters(entity).map((p) => ({ ...p, field: inputField(p.field) }));
  if (controls.length) return controls;
  if (!validateSchema(entity)) {
    problems.push(...schemaProblems(entity, validateSchema.errors ?? []));
    return problems;
  }
  const { metadata } = entity;
  const region = metadata.region;
  if (region) {
    const r = facts.get(region);
    if (!r) problems.push({ field: 'regionId', message: `no region "${region}"` });
    else if (r.kind !== 'REGION') problems.push({ field: 'regionId', message: `"${region}" is a ${kindOfNodeKind(r.kind)}, not a Region` });
  }
  entity.sources.forEach((s, i) => checkQuote(s, `sources[${i}]`, problems));
  const seen = new Set<string>();
  (entity.relations ?? []).forEach((rel, i) => checkRelation(entity.kind, metadata.id, region, rel, `relations[${i}]`, facts, problems, seen));
  if (entity.kind === 'Indicator') {
    const observations = (entity.spec?.observations ?? []) as (SourceRef & { document?: string })[];
    observations.forEach((o, i) => checkQuote({ ...o, document: o.document ?? entity.sources[0].document }, `spec.observations[${i}]`, problems));
  }
  if (entity.kind === 'Assessment') {
    const { rating, scaleMin, scaleMax } = entity.spec as { rating?: number | null; scaleMin: number; scaleMax: number };
    if (scaleMin > scaleMax) problems.push({ field: 'scaleMin', message: `scaleMin ${scaleMin} is above scaleMax ${scaleMax}` });
    if (typeof rating === 'number' && (rating < scaleMin || rating > scaleMax)) problems.push({ field: 'rating', message: `rating ${rating} is outside the scale ${scaleMin}-${scaleMax}` });
  }
  return problems;
}

/** A relation's endpoints against RELATION_RULES and the region rule. `fromKind` is a seed kind (Measure). */
export function checkRelation(
  fromKind: string,
  fromId: string,
  fromRegion: string | undefined | null,
  rel: SeedRelation,
  where: string,
  facts: ReadonlyMap<string, Fact>,
  problems: Problem[],
  seen = new Set<string>(),
): void {
  const key = `${rel.type}->${rel.target}`;
  if (seen.has(key)) problems.push({ field: where, message: `relation ${rel.type} to "${rel.target}" is given twice` });
  seen.add(key);
  if (rel.target === fromId) {
    problems.push({ field: `${where}.to`, message: 'a relation cannot point at its own node' });
    return;
  }
  const rule = RELATION_RULES[rel.type];
  if (!rule) {
    problems.push({ field: `${where}.type`, message: `no relation type ${rel.type}` });
    return;
  }
  if (!rule.from.includes(fromKind)) problems.push({ field: `${where}.type`, message: `${rel.type} cannot start from a ${fromKind} (allowed: ${rule.from.join(', ')})` });
  const target = facts.get(rel.target);
  if (!target) {
    problems.push({ field: `${where}.to`, message: `no node "${rel.target}"` });
    return;
  }
  const targetKind = kindOfNodeKind(target.kind) ?? target.kind;
  if (!rule.to.includes(targetKind)) problems.push({ field: `${where}.to`, message: `${rel.type} cannot point at a ${targetKind} ("${rel.target}"; allowed: ${rule.to.join(', ')})` });
  const targetRegion = target.kind === 'REGION' ? target.id : target.regionId;
  if (fromRegion && targetRegion && fromRegion !== targetRegion) {
    problems.push({ field: `${where}.to`, message: `crosses regions: this node is in "${fromRegion}", "${rel.target}" in "${targetRegion}"` });
  }
  (rel.sources ?? []).forEach((s, i) => checkQuote(s, `${where}.sources[${i}]`, problems));
}

function checkQuote(source: { document: string; quote: string }, where: string, problems: Problem[]): void {
  const docs = documentLibrary();
  if (!docs.has(source.document)) {
    problems.push({ field: `${where}.document`, message: `no document "${source.document}" (have: ${docs.names().join(', ')})` });
    return;
  }
  const thin = thinQuote(source.quote);
  if (thin) return void problems.push({ field: `${where}.quote`, message: thin });
  const missing = docs.findMissingFragment(source.document, source.quote);
  if (missing !== null) {
    const shown = missing.length > 80 ? `${missing.slice(0, 77)}...` : missing;
    problems.push({ field: `${where}.quote`, message: `not found word for word in ${source.document}: "${shown}"` });
  }
}

function longStrings(value: unknown, at = ''): Problem[] {
  if (typeof value === 'string') return value.length > MAX_TEXT_LENGTH ? [{ field: inputField(at), message: `is longer than ${MAX_TEXT_LENGTH} characters` }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => longStrings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => longStrings(v, at ? `${at}.${k}` : k));
  return [];
}

/** metadata.region -> regionId, relations[0].target -> relations[0].to: the names the API's input uses. */
function inputField(entityPath: string): string {
  return entityPath
    .replace(/^metadata\.region$/, 'regionId')
    .replace(/^metadata\./, '')
    .replace(/^(relations\[\d+\])\.target$/, '$1.to');
}

function schemaProblems(entity: SeedEntity, errors: ErrorObject[]): Problem[] {
  const reword = (err: ErrorObject, path: (string | number)[]) => {
    if (err.keyword === 'additionalProperties') return path[0] === 'spec' ? `is not a field of a ${entity.kind}` : 'is not a known field here';
    if (err.keyword === 'pattern' && path.join('.') === 'metadata.id') return 'must be lower-case letters and digits in words joined by dots or hyphens (ks.m.lanupe.kv.12)';
    return undefined;
  };
  return schemaErrors(errors, reword).map(({ path, message }) => ({ field: inputField(fieldPath(path)), message }));
}

/** The node row and relationship rows for an entity, as the seed loader would write them, with origin 'api'. */
export function planEntity(entity: SeedEntity): { node: NodeRow; relationships: RelationshipRow[] } {
  const plan = planSeed([{ entity, location: { file: 'api', line: 0 }, lineOf: () => 0 }]);
  const node = plan.nodes[0];
  node.props.origin = 'api';
  delete node.props.seedFile;
  delete node.props.seedLine;
  for (const r of plan.relationships) r.props.origin = 'api';
  return { node, relationships: plan.relationships };
}

/** The entity a stored node says (the inverse of planSeed for one node, without its relations). */
export function entityOfNode(n: NodeRecord): SeedEntity {
  const kind = kindOfNodeKind(n.kind);
  if (!kind) throw new Error(`node ${n.id} has an unknown kind ${n.kind}`);
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(n)) {
    if (BOOKKEEPING.has(key) || value === null || value === undefined) continue;
    const status = /^status([A-Z]\w*)$/.exec(key);
    if (kind === 'Programme' && status && STATUS_KEYS.includes(status[1][0].toLowerCase() + status[1].slice(1))) {
      const k = status[1][0].toLowerCase() + status[1].slice(1);
      spec.status = { ...((spec.status as object) ?? {}), [k]: value };
    } else if (key === 'observations' && typeof value === 'string') {
      spec.observations = JSON.parse(value);
    } else {
      spec[key] = value;
    }
  }
  const docs = n.sourceDocuments ?? [];
  return {
    apiVersion: 'strategygraph/v1',
    kind,
    metadata: clean({
      id: n.id,
      title: n.title,
      description: n.description,
      region: kind === 'Region' ? undefined : n.regionId,
      confidence: n.confidence,
      rationale: n.rationale,
    }) as SeedEntity['metadata'],
    ...(Object.keys(spec).length ? { spec } : {}),
    sources: docs.map((document, i) => sourceOf({ document, locator: n.sourceLocators?.[i], locatorInferred: n.sourceLocatorsInferred?.[i], quote: n.sourceQuotes?.[i] ?? '', sic: n.sourceSics?.[i], note: n.sourceNotes?.[i] }, true)),
  };
}

/** A digest of what a create asked for: the same create sent twice has the same digest. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
