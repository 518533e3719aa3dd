/**
 * The mutations, each ONE write transaction: validate against the facts read inside the same
 * transaction, then write. Nodes that are changed are locked first (cypher/mutations.ts,
 * lockNode) and only then read, so the version checked is the version replaced: of two editors
 * who read version 3, one writes version 4 and the other gets CONFLICT.
 *
 * Deadlocks and other transient errors rerun the whole transaction (nothing of a failed attempt
 * remains). A lost answer (the connection dropped at commit) is safe to retry from the client:
 * createNode and addAssessment are idempotent on the client's id (same input: created false).
 */
import { forbiddenCharacters } from '../model/text.js';
import type { ManagedTransaction } from 'neo4j-driver';
import {
  createNodeIfAbsent,
  createRelations,
  deleteNodeAndRelations,
  nodeDependents,
  linkNodes as linkNodesStatement,
  lockNode,
  nodeFacts,
  replaceNodeProperties,
  unlinkNodes as unlinkNodesStatement,
} from '../../cypher/mutations.js';
import { nodeVersion as nodeVersionStatement } from '../../cypher/history.js';
import { confirmMatrixCell as confirmMatrixCellStatement, matrixCellsOfPath } from '../../cypher/matrix.js';
import type { NamedQuery } from '../../cypher/named.js';
import type { Database, QueryLog } from '../db/database.js';
import { badInput, conflict, notFound } from '../errors.js';
import { recordChanges, type Change } from '../history/record.js';
import type { NodeRecord } from '../model/records.js';
import { kindOfNodeKind } from '../model/vocabulary.js';
import type { SeedEntity, SeedRelation } from '../seeds/types.js';
import { withSearchProperties } from '../search/terms.js';
import { GraphQLError } from 'graphql';
import {
  checkEntity,
  checkRelation,
  clean,
  CREATABLE_KINDS,
  digestOf,
  entityOfNode,
  MAX_TEXT_LENGTH,
  planEntity,
  sourceOf,
  type Fact,
  type Problem,
} from './entity.js';

/** Who is writing, for the audit properties (createdBy, updatedBy) and the change history. */
export interface Actor {
  subject: string;
  role?: string | null;
}

/** Records this write's changes as its transaction's last statement (src/history). */
function record(tx: ManagedTransaction, actor: Actor, operation: string, changes: Change[]): Promise<number> {
  return recordChanges(tx, { actor: actor.subject, role: actor.role ?? null, operation }, changes);
}

const regionOfNode = (n: NodeRecord) => (n.kind === 'REGION' ? n.id : ((n.regionId as string | undefined) ?? null));

export interface SourceIn {
  document: string;
  locator?: string | null;
  locatorInferred?: boolean | null;
  quote: string;
}

export interface RelationIn {
  type: string;
  to: string;
  confidence?: 'STATED' | 'INFERRED' | null;
  rationale?: string | null;
  sources?: SourceIn[] | null;
}

export interface CreateNodeIn {
  id: string;
  kind: string; // NodeKind: MEASURE
  regionId?: string | null;
  title: string;
  description?: string | null;
  confidence?: 'STATED' | 'INFERRED' | null;
  rationale?: string | null;
  sources: SourceIn[];
  spec?: Record<string, unknown> | null;
  relations?: RelationIn[] | null;
}

export interface UpdateNodeIn {
  id: string;
  expectedVersion: number;
  title?: string | null;
  description?: string | null;
  confidence?: 'STATED' | 'INFERRED' | null;
  rationale?: string | null;
  sources?: SourceIn[] | null;
  spec?: Record<string, unknown> | null;
}

export interface AssessmentIn {
  id: string;
  targetId: string;
  title: string;
  assessmentType: string;
  scaleMin: number;
  scaleMax: number;
  scaleLabels?: string[] | null;
  rating?: number | null;
  tentative?: boolean | null;
  text?: string | null;
  period?: string | null;
  assessedOn?: string | null;
  part?: number | null;
  confidence?: 'STATED' | 'INFERRED' | null;
  rationale?: string | null;
  sources: SourceIn[];
}

export interface ObservationIn {
  value: number;
  unit?: string | null;
  period: string;
  periodInferred?: boolean | null;
  valueInferred?: boolean | null;
  rationale?: string | null;
  note?: string | null;
  source: SourceIn;
}

interface Options {
  log?: QueryLog;
}

async function run<R>(tx: ManagedTransaction, q: NamedQuery, params: Record<string, unknown>): Promise<R[]> {
  const result = await tx.run(q.text, params);
  return result.records.map((r) => r.toObject() as R);
}

function transaction<T>(db: Database, name: string, work: (tx: ManagedTransaction) => Promise<T>, opts: Options): Promise<T> {
  return db.writeTransaction(work, { name, timeoutMs: db.options.transactionTimeoutMs, log: opts.log, retry: true });
}

async function factsOf(tx: ManagedTransaction, ids: (string | null | undefined)[]): Promise<Map<string, Fact>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await run<Fact>(tx, nodeFacts, { ids: wanted });
  return new Map(rows.map((r) => [r.id, r]));
}

function refuse(problems: Problem[]): never {
  const first = problems[0];
  throw new GraphQLError(
    problems.length === 1 ? `${first.field}: ${first.message}` : `${problems.length} problems: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    { extensions: { code: 'BAD_USER_INPUT', field: first.field, problems } },
  );
}

const now = () => new Date().toISOString();

function relationOf(r: RelationIn): SeedRelation {
  return clean({
    type: r.type,
    target: r.to,
    confidence: r.confidence,
    rationale: r.rationale,
    sources: r.sources?.map((x) => sourceOf(x)),
  }) as SeedRelation;
}

/** A spec from the API's input: nulls dropped, status cleaned. */
function specOf(spec: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out = clean(spec);
  if (out.status) out.status = clean(out.status as Record<string, unknown>);
  return out;
}

/** Create any entity (createNode, addAssessment): idempotent on its id and content. */
async function createEntity(db: Database, entity: SeedEntity, actor: Actor, opts: Options, name: string): Promise<{ node: NodeRecord; created: boolean }> {
  return transaction(db, name, async (tx) => {
    const facts = await factsOf(tx, [entity.metadata.region, ...(entity.relations ?? []).map((r) => r.target)]);
    const problems = checkEntity(entity, facts);
    if (problems.length) refuse(problems);
    const digest = digestOf(entity);
    const { node, relationships } = planEntity(entity);
    const stamp = now();
    const props = { ...withSearchProperties(node.props), createHash: digest, createdAt: stamp, createdBy: actor.subject, updatedAt: stamp, updatedBy: actor.subject };
    const [row] = await run<{ created: boolean; node: NodeRecord }>(tx, createNodeIfAbsent, { id: node.id, label: node.label, props });
    if (!row.created) {
      if (row.node.createHash === digest) return { node: row.node, created: false };
      throw conflict(`a node with id "${node.id}" exists already; choose another id, or update that node`, { id: node.id, currentVersion: (row.node.version as number) ?? 1 });
    }
    if (relationships.length) {
      const [linked] = await run<{ linked: number }>(tx, createRelations, { rows: relationships });
      if (linked.linked !== relationships.length) throw notFound('relation targets', relationships.map((r) => r.to));
    }
    await record(tx, actor, name, [
      { target: 'NODE', change: 'CREATE', before: null, after: row.node },
      ...relationships.map((r): Change => ({ target: 'RELATION', change: 'CREATE', from: r.from, type: r.type, to: r.to, regionId: regionOfNode(row.node), kind: row.node.kind, before: null, after: r.props })),
    ]);
    return { node: row.node, created: true };
  }, opts);
}

export async function createNode(db: Database, input: CreateNodeIn, actor: Actor, opts: Options = {}) {
  const kind = kindOfNodeKind(input.kind);
  if (!kind || !CREATABLE_KINDS.includes(kind)) {
    throw badInput(`createNode makes ${CREATABLE_KINDS.join(', ')}; ${input.kind === 'ASSESSMENT' ? 'use addAssessment for an assessment' : `not ${input.kind}`}`, 'kind');
  }
  if (!input.sources?.length) throw badInput('sources: at least one source (document, locator, quote) is required', 'sources');
  const spec = specOf(input.spec);
  const entity: SeedEntity = {
    apiVersion: 'strategygraph/v1',
    kind,
    metadata: clean({ id: input.id, title: input.title, description: input.description, region: input.regionId, confidence: input.confidence, rationale: input.rationale }) as SeedEntity['metadata'],
    ...(Object.keys(spec).length ? { spec } : {}),
    ...(input.relations?.length ? { relations: input.relations.map(relationOf) } : {}),
    sources: input.sources.map((x) => sourceOf(x)),
  };
  return createEntity(db, entity, actor, opts, 'createNode');
}

export async function addAssessment(db: Database, input: AssessmentIn, actor: Actor, opts: Options = {}) {
  if (!input.sources?.length) throw badInput('sources: at least one source (document, locator, quote) is required', 'sources');
  // The assessment lives in its target's region: read it first (kinds and regions never change).
  const [target] = await db.read<Fact>(nodeFacts, { ids: [input.targetId] }, opts.log);
  if (!target) throw notFound('node', [input.targetId]);
  const spec = clean({
    assessmentType: input.assessmentType,
    scaleMin: input.scaleMin,
    scaleMax: input.scaleMax,
    scaleLabels: input.scaleLabels,
    tentative: input.tentative,
    text: input.text,
    period: input.period,
    assessedOn: input.assessedOn,
    part: input.part,
  });
  if (input.rating !== undefined) (spec as Record<string, unknown>).rating = input.rating;
  const region = target.kind === 'REGION' ? target.id : target.regionId;
  const entity: SeedEntity = {
    apiVersion: 'strategygraph/v1',
    kind: 'Assessment',
    metadata: clean({ id: input.id, title: input.title, region, confidence: input.confidence, rationale: input.rationale }) as SeedEntity['metadata'],
    spec,
    relations: [{ type: 'ASSESSES', target: input.targetId }],
    sources: input.sources.map((x) => sourceOf(x)),
  };
  return createEntity(db, entity, actor, opts, 'addAssessment');
}

/** Lock, then read, then check the version: throws NOT_FOUND or CONFLICT. */
async function lockForChange(tx: ManagedTransaction, id: string, expectedVersion: number | null | undefined): Promise<NodeRecord> {
  // A node deleted by a concurrent transaction while this one waited for its lock: NOT_FOUND.
  const [row] = await run<{ node: NodeRecord }>(tx, lockNode, { id }).catch((err) => {
    if (/EntityNotFound/.test(String((err as { code?: string })?.code)) || /has been deleted/i.test(String((err as Error)?.message))) throw notFound('node', [id]);
    throw err;
  });
  if (!row) throw notFound('node', [id]);
  const current = (row.node.version as number | undefined) ?? 1;
  if (expectedVersion !== null && expectedVersion !== undefined && current !== expectedVersion) {
    throw conflict(`node "${id}" is at version ${current}, not ${expectedVersion}: it changed since you read it; read it again`, { id, expectedVersion, currentVersion: current });
  }
  return row.node;
}

/** The stored properties for a changed entity: bookkeeping kept, version one more. */
function nextProps(current: NodeRecord, entity: SeedEntity, actor: Actor): Record<string, unknown> {
  const { node } = planEntity(entity);
  const kept: Record<string, unknown> = {};
  for (const key of ['origin', 'seedFile', 'seedLine', 'createdAt', 'createdBy', 'createHash']) if (current[key] !== undefined) kept[key] = current[key];
  return { ...withSearchProperties(node.props), ...kept, origin: current.origin ?? 'seed', version: ((current.version as number) ?? 1) + 1, updatedAt: now(), updatedBy: actor.subject };
}

export async function updateNode(db: Database, input: UpdateNodeIn, actor: Actor, opts: Options = {}): Promise<NodeRecord> {
  return transaction(db, 'updateNode', async (tx) => {
    const current = await lockForChange(tx, input.id, input.expectedVersion);
    if (current.kind === 'REGION') throw badInput('regions are edited in the seed files', 'id');
    const entity = entityOfNode(current);
    const has = (k: keyof UpdateNodeIn) => Object.prototype.hasOwnProperty.call(input, k) && input[k] !== undefined;
    if (has('title')) {
      if (input.title === null) throw badInput('title cannot be cleared', 'title');
      entity.metadata.title = input.title!;
    }
    for (const key of ['description', 'confidence', 'rationale'] as const) {
      if (!has(key)) continue;
      if (input[key] === null) delete entity.metadata[key];
      else (entity.metadata as Record<string, unknown>)[key] = input[key];
    }
    if (has('sources')) {
      if (!input.sources?.length) throw badInput('sources: at least one source is required', 'sources');
      entity.sources = input.sources.map((x) => sourceOf(x));
    }
    if (input.spec) {
      const spec: Record<string, unknown> = { ...(entity.spec ?? {}) };
      for (const [key, value] of Object.entries(input.spec)) {
        if (value === undefined) continue;
        if (value === null) delete spec[key];
        else spec[key] = key === 'status' ? clean(value as Record<string, unknown>) : value;
      }
      entity.spec = spec;
    }
    const facts = await factsOf(tx, [entity.metadata.region]);
    const problems = checkEntity(entity, facts);
    if (problems.length) refuse(problems);
    const [row] = await run<{ node: NodeRecord }>(tx, replaceNodeProperties, { id: input.id, props: nextProps(current, entity, actor) });
    await record(tx, actor, 'updateNode', [{ target: 'NODE', change: 'UPDATE', before: current, after: row.node }]);
    return row.node;
  }, opts);
}

interface RemovedRelation {
  from: string;
  type: string;
  to: string;
  props: Record<string, unknown>;
  regionId: string | null;
  kind: string | null;
}

/** Most dependents a HAS_DEPENDENTS refusal or a cascade's answer lists. */
export const MAX_LISTED_DEPENDENTS = 100;

export class HasDependentsError extends GraphQLError {
  constructor(id: string, dependents: string[], orphaned: string[]) {
    super(
      `"${id}" has ${dependents.length} node(s) that depend on it (${dependents.slice(0, 5).join(', ')}${dependents.length > 5 ? ', ...' : ''})` +
        `${orphaned.length ? `; ${orphaned.length} of them would be left with no relation out (orphaned)` : ''}. Relink them first, or delete with cascade: true.`,
      { extensions: { code: 'HAS_DEPENDENTS', id, dependents: dependents.slice(0, MAX_LISTED_DEPENDENTS), orphaned: orphaned.slice(0, MAX_LISTED_DEPENDENTS), count: dependents.length } },
    );
  }
}

/**
 * Deletes a node and its relations. A node others depend on (relations ending at it) is refused
 * with HAS_DEPENDENTS unless `cascade`; the history records the node and every removed relation.
 */
export async function deleteNode(
  db: Database,
  id: string,
  expectedVersion: number,
  actor: Actor,
  opts: Options & { cascade?: boolean } = {},
): Promise<{ id: string; relationsRemoved: number; dependents: string[]; orphaned: string[] }> {
  return transaction(db, 'deleteNode', async (tx) => {
    const current = await lockForChange(tx, id, expectedVersion);
    if (current.kind === 'REGION') throw badInput('regions are removed in the seed files', 'id');
    const rows = await run<{ id: string; orphaned: boolean }>(tx, nodeDependents, { id });
    const dependents = rows.map((r) => r.id);
    const orphaned = rows.filter((r) => r.orphaned).map((r) => r.id);
    if (dependents.length && !opts.cascade) throw new HasDependentsError(id, dependents, orphaned);
    const [row] = await run<{ relations: number; removed: RemovedRelation[] }>(tx, deleteNodeAndRelations, { id });
    if (!row) throw notFound('node', [id]);
    await record(tx, actor, 'deleteNode', [
      { target: 'NODE', change: 'DELETE', before: current, after: null },
      ...row.removed.map((r): Change => ({ target: 'RELATION', change: 'DELETE', from: r.from, type: r.type, to: r.to, regionId: r.regionId, kind: r.kind, before: r.props, after: null })),
    ]);
    return { id, relationsRemoved: row.relations, dependents: dependents.slice(0, MAX_LISTED_DEPENDENTS), orphaned: orphaned.slice(0, MAX_LISTED_DEPENDENTS) };
  }, opts);
}

export async function addObservation(db: Database, indicatorId: string, observation: ObservationIn, expectedVersion: number | null | undefined, actor: Actor, opts: Options = {}): Promise<NodeRecord> {
  return transaction(db, 'addObservation', async (tx) => {
    const current = await lockForChange(tx, indicatorId, expectedVersion);
    if (current.kind !== 'INDICATOR') throw badInput(`"${indicatorId}" is a ${kindOfNodeKind(current.kind)}, not an Indicator`, 'indicatorId');
    const entity = entityOfNode(current);
    const source = sourceOf(observation.source);
    const added = clean({
      value: observation.value, unit: observation.unit, period: observation.period,
      periodInferred: observation.periodInferred || undefined, valueInferred: observation.valueInferred || undefined, rationale: observation.rationale,
      note: observation.note, document: source.document, locator: source.locator, locatorInferred: source.locatorInferred || undefined, quote: source.quote,
    });
    entity.spec = { ...(entity.spec ?? {}), observations: [...((entity.spec?.observations as unknown[]) ?? []), added] };
    const problems = checkEntity(entity, await factsOf(tx, [entity.metadata.region]));
    if (problems.length) refuse(problems.map((p) => ({ ...p, field: p.field.replace(/^spec\.observations\[\d+\]/, 'observation') })));
    const [row] = await run<{ node: NodeRecord }>(tx, replaceNodeProperties, { id: indicatorId, props: nextProps(current, entity, actor) });
    await record(tx, actor, 'addObservation', [{ target: 'NODE', change: 'UPDATE', before: current, after: row.node }]);
    return row.node;
  }, opts);
}

export async function linkNodes(db: Database, input: RelationIn & { from: string }, actor: Actor, opts: Options = {}) {
  return transaction(db, 'link', async (tx) => {
    // The lock on `from` serialises concurrent links of the same pair, so MERGE makes one relation.
    const from = (await run<{ node: NodeRecord }>(tx, lockNode, { id: input.from }))[0]?.node;
    if (!from) throw notFound('node', [input.from]);
    const facts = await factsOf(tx, [input.to]);
    const rel = relationOf(input);
    const problems: Problem[] = [];
    const fromKind = kindOfNodeKind(from.kind) ?? from.kind;
    checkRelation(fromKind, from.id, from.kind === 'REGION' ? from.id : from.regionId, rel, 'input', facts, problems);
    if (rel.confidence === 'INFERRED' && !rel.rationale) problems.push({ field: 'input.rationale', message: 'an INFERRED relation needs a rationale' });
    for (const c of forbiddenCharacters(rel)) problems.push({ field: `input.${c.field}`, message: c.message });
    if (JSON.stringify(rel).length > 4 * MAX_TEXT_LENGTH || (rel.rationale?.length ?? 0) > MAX_TEXT_LENGTH) problems.push({ field: 'input', message: `is longer than ${MAX_TEXT_LENGTH} characters` });
    if (problems.length) refuse(problems.map((p) => ({ ...p, field: p.field.replace(/^input\.?/, '') || 'input' })));
    const props: Record<string, unknown> = {
      confidence: rel.confidence ?? 'STATED',
      origin: 'api',
      sourceDocuments: (rel.sources ?? []).map((s) => s.document),
      sourceLocators: (rel.sources ?? []).map((s) => s.locator ?? ''),
      sourceLocatorsInferred: (rel.sources ?? []).map((s) => s.locatorInferred ?? false),
      sourceQuotes: (rel.sources ?? []).map((s) => s.quote),
      createdAt: now(),
      createdBy: actor.subject,
    };
    if (rel.rationale) props.rationale = rel.rationale;
    const [row] = await run<{ created: boolean; from: NodeRecord; to: NodeRecord }>(tx, linkNodesStatement, { from: input.from, to: input.to, type: input.type, props });
    if (!row) throw notFound('node', [input.to]);
    if (row.created) {
      await record(tx, actor, 'link', [{ target: 'RELATION', change: 'CREATE', from: input.from, type: input.type, to: input.to, regionId: regionOfNode(from), kind: from.kind, before: null, after: props }]);
    }
    return { from: row.from, to: row.to, type: input.type, created: row.created };
  }, opts);
}

export async function unlinkNodes(db: Database, input: { from: string; type: string; to: string }, actor: Actor, opts: Options = {}) {
  return transaction(db, 'unlink', async (tx) => {
    // (A GraphQL input object has no prototype; the driver wants plain parameters.)
    const params = { from: input.from, type: input.type, to: input.to };
    const [row] = await run<{ props: Record<string, unknown>; regionId: string | null; kind: string | null }>(tx, unlinkNodesStatement, params);
    if (!row) throw notFound(`relation ${input.type}`, [`${input.from} -> ${input.to}`]);
    await record(tx, actor, 'unlink', [{ target: 'RELATION', change: 'DELETE', ...params, regionId: row.regionId, kind: row.kind, before: row.props, after: null }]);
    return params;
  }, opts);
}


/**
 * Restores the node's own properties of an earlier version as a new version (recorded like any
 * update); its relations stay as they are. Checked like an update: the words of that version must
 * still pass today's rules.
 */
export async function revertNode(db: Database, id: string, toVersion: number, expectedVersion: number, actor: Actor, opts: Options = {}): Promise<NodeRecord> {
  return transaction(db, 'revertNode', async (tx) => {
    const current = await lockForChange(tx, id, expectedVersion);
    if (current.kind === 'REGION') throw badInput('regions are edited in the seed files', 'id');
    const [version] = await run<{ snapshot: string | null }>(tx, nodeVersionStatement, { id, version: toVersion });
    if (!version?.snapshot) throw notFound(`version ${toVersion} of node`, [id]);
    const earlier = JSON.parse(version.snapshot) as NodeRecord;
    const entity = entityOfNode(earlier);
    const problems = checkEntity(entity, await factsOf(tx, [entity.metadata.region]));
    if (problems.length) refuse(problems);
    const [row] = await run<{ node: NodeRecord }>(tx, replaceNodeProperties, { id, props: nextProps(current, entity, actor) });
    await record(tx, actor, 'revertNode', [{ target: 'NODE', change: 'UPDATE', before: current, after: row.node }]);
    return row.node;
  }, opts);
}

/**
 * An editor confirms an inferred cell of the service-path matrix: one transaction, the path
 * locked and its version checked first. Confirming a confirmed cell writes nothing.
 */
export async function confirmMatrixCell(
  db: Database,
  input: { pathId: string; columnId: string; expectedVersion?: number | null },
  actor: Actor,
  opts: Options = {},
): Promise<{ path: NodeRecord; confirmed: boolean }> {
  return transaction(db, 'confirmMatrixCell', async (tx) => {
    const path = await lockForChange(tx, input.pathId, input.expectedVersion);
    if (path.kind !== 'SERVICE_PATH') throw badInput(`"${input.pathId}" is a ${kindOfNodeKind(path.kind)}, not a ServicePath`, 'pathId');
    const cells = await run<{ id: string; confidence: string; confirmedBy: string | null }>(tx, matrixCellsOfPath, { pathId: input.pathId });
    const cell = cells.find((c) => c.id === input.columnId);
    if (!cell) {
      throw badInput(`"${input.columnId}" is not a cell of the row "${path.title}"; its cells are ${cells.map((c) => c.id).join(', ') || 'none'}`, 'columnId');
    }
    if (cell.confirmedBy) return { path, confirmed: false };
    const [row] = await run<{ path: NodeRecord; before: Record<string, unknown>; after: Record<string, unknown> }>(tx, confirmMatrixCellStatement, { pathId: input.pathId, columnId: input.columnId, by: actor.subject, at: now() });
    await record(tx, actor, 'confirmMatrixCell', [{ target: 'RELATION', change: 'UPDATE', from: input.pathId, type: 'HAS_PARTICIPANT', to: input.columnId, regionId: regionOfNode(path), kind: path.kind, before: row.before, after: row.after }]);
    return { path: row.path, confirmed: true };
  }, opts);
}
