/**
 * Stage 2 of the seed pipeline: check every document against seeds/seed.schema.json, then check
 * what the schema cannot see: unique ids, known targets, allowed relation endpoints, regions that
 * exist and are not crossed, quotes that appear in their documents, matrix rows with as many
 * participants as the source has x marks. Every problem names file, line and field.
 */
import { forbiddenCharacters, thinQuote } from '../model/text.js';
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../seeds/seed.schema.json' with { type: 'json' };
import { RELATION_RULES } from '../model/vocabulary.js';
import type { DocumentLibrary } from './documents.js';
import type { ParsedDocument } from './read.js';
import { isAmongTop, matrixEvidence, WEAK_INFERENCE } from './matrix-evidence.js';
import { schemaErrors } from './schema-errors.js';
import { fieldPath, type LocatedEntity, type SeedEntity, type SeedProblem, type SourceRef } from './types.js';

const ajv = new Ajv.default({ allErrors: true, strict: false });
const validateEntity = ajv.compile<SeedEntity>(schema);

/** A node outside the bundle that relations and regions may name (an import into a live graph). */
export interface KnownNode {
  kind: string;
  /** Its region's id (a Region's own id). */
  region?: string;
}

export function validateDocuments(
  documents: ParsedDocument[],
  library: DocumentLibrary,
  known: ReadonlyMap<string, KnownNode> = new Map(),
): { entities: LocatedEntity[]; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  const entities: LocatedEntity[] = [];

  for (const doc of documents) {
    if (validateEntity(doc.data)) {
      entities.push({ entity: doc.data, location: { file: doc.file, line: doc.line }, lineOf: doc.lineOf });
    } else {
      problems.push(...schemaProblems(doc, validateEntity.errors ?? []));
    }
  }

  const byId = new Map<string, LocatedEntity>();
  for (const e of entities) {
    const id = e.entity.metadata.id;
    const first = byId.get(id);
    if (first) {
      problems.push(at(e, ['metadata', 'id'], `duplicate id "${id}": first defined at ${first.location.file}:${first.location.line}`));
    } else {
      byId.set(id, e);
    }
  }

  /** Kind and region of an id in the bundle, else of a known node outside it. */
  const lookup = (id: string): KnownNode | undefined => {
    const inBundle = byId.get(id);
    if (inBundle) return { kind: inBundle.entity.kind, region: inBundle.entity.kind === 'Region' ? inBundle.entity.metadata.id : inBundle.entity.metadata.region };
    return known.get(id);
  };

  for (const e of entities) {
    const { entity } = e;
    const region = entity.metadata.region;
    if (entity.kind === 'Region' && region) {
      problems.push(at(e, ['metadata', 'region'], 'a Region does not belong to a region; remove metadata.region'));
    }
    if (region) {
      const r = lookup(region);
      if (!r) problems.push(at(e, ['metadata', 'region'], `unknown region "${region}"`));
      else if (r.kind !== 'Region') problems.push(at(e, ['metadata', 'region'], `"${region}" is a ${r.kind}, not a Region`));
    }

    for (const c of forbiddenCharacters(entity)) problems.push(at(e, c.path, c.message));
    checkSources(e, entity.sources, ['sources'], library, problems);
    checkEllipses(e, library, problems);

    const seen = new Set<string>();
    (entity.relations ?? []).forEach((rel, i) => {
      const where = ['relations', i];
      const key = `${rel.type}->${rel.target}`;
      if (seen.has(key)) problems.push(at(e, where, `relation ${rel.type} to "${rel.target}" is declared twice`));
      seen.add(key);
      if (rel.target === entity.metadata.id) {
        problems.push(at(e, [...where, 'target'], 'a relation cannot point at its own entity'));
        return;
      }
      const target = lookup(rel.target);
      if (!target) {
        problems.push(at(e, [...where, 'target'], `unknown id "${rel.target}"`));
        return;
      }
      const rule = RELATION_RULES[rel.type];
      if (!rule.from.includes(entity.kind)) {
        problems.push(at(e, [...where, 'type'], `${rel.type} cannot start from a ${entity.kind} (allowed: ${rule.from.join(', ')})`));
      }
      if (!rule.to.includes(target.kind)) {
        problems.push(at(e, [...where, 'target'], `${rel.type} cannot point at a ${target.kind} ("${rel.target}"; allowed: ${rule.to.join(', ')})`));
      }
      const targetRegion = target.region;
      if (region && targetRegion && region !== targetRegion) {
        problems.push(at(e, [...where, 'target'], `crosses regions: this entity is in "${region}", "${rel.target}" in "${targetRegion}"`));
      }
      if (rel.sources) checkSources(e, rel.sources, [...where, 'sources'], library, problems);
    });

    if (entity.kind === 'Indicator') {
      const observations = (entity.spec?.observations ?? []) as (SourceRef & { document?: string })[];
      observations.forEach((o, i) => {
        const document = o.document ?? entity.sources[0].document;
        checkQuote(e, { ...o, document }, ['spec', 'observations', i], library, problems);
        // an observation at a slide the entity's own sources say was counted was counted too
        const same = entity.sources.filter((s) => s.document === document && s.locator && s.locator === o.locator);
        if (same.length > 0 && same.every((s) => s.locatorInferred) && !o.locatorInferred) {
          problems.push(at(e, ['spec', 'observations', i, 'locator'], `"${o.locator}" is counted, not printed (the entity's source says locatorInferred: true): add locatorInferred: true`));
        }
      });
    }
    if (entity.kind === 'ServicePath') {
      const marks = entity.spec?.marks as number;
      const participants = (entity.relations ?? []).filter((r) => r.type === 'HAS_PARTICIPANT').length;
      if (participants !== marks) {
        problems.push(at(e, ['spec', 'marks'], `the source row has ${marks} x marks but ${participants} HAS_PARTICIPANT relations are declared`));
      }
    }
  }

  problems.push(...checkMatrixEvidence(entities));

  const objectiveNumbers = new Map<string, LocatedEntity>();
  for (const e of entities.filter((x) => x.entity.kind === 'StrategyObjective')) {
    const key = `${e.entity.metadata.region ?? ''}#${e.entity.spec?.number}`;
    const first = objectiveNumbers.get(key);
    if (first) problems.push(at(e, ['spec', 'number'], `objective number ${e.entity.spec?.number} is already ${first.entity.metadata.id}`));
    else objectiveNumbers.set(key, e);
  }

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { entities, problems };
}

function checkSources(
  e: LocatedEntity,
  sources: SourceRef[],
  path: (string | number)[],
  library: DocumentLibrary,
  problems: SeedProblem[],
) {
  sources.forEach((s, i) => {
    checkQuote(e, s, [...path, i], library, problems);
    if (s.sic && !s.quote.includes(s.sic)) problems.push(at(e, [...path, i, 'sic'], `"${s.sic}" is not in the quote: a sic names words of the quote kept as printed`));
  });
}

function checkQuote(
  e: LocatedEntity,
  source: { document: string; quote: string },
  path: (string | number)[],
  library: DocumentLibrary,
  problems: SeedProblem[],
) {
  if (!library.has(source.document)) {
    problems.push(at(e, [...path, 'document'], `no document "${source.document}" in seeds/documents (have: ${library.names().join(', ')})`));
    return;
  }
  const thin = thinQuote(source.quote);
  if (thin) return void problems.push(at(e, [...path, 'quote'], thin));
  const missing = library.findMissingFragment(source.document, source.quote);
  if (missing !== null) {
    const shown = missing.length > 80 ? `${missing.slice(0, 77)}...` : missing;
    problems.push(at(e, [...path, 'quote'], `not found word for word in ${source.document}: "${shown}"`));
  }
}

/**
 * The matrix argued from evidence: every INFERRED cell (HAS_PARTICIPANT of a path) carries the
 * evidence the graph holds, recomputed here; its column must be among the row's top x by score;
 * a cell the evidence does not separate from the runner-up is weak and says "heikko päättely".
 * A path's subject terms must be words of its row label.
 */
function checkMatrixEvidence(entities: LocatedEntity[]): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const paths = entities.filter((e) => e.entity.kind === 'ServicePath' && e.entity.metadata.region);
  const regions = [...new Set(paths.map((e) => e.entity.metadata.region!))];
  const plain = entities.map((e) => e.entity);
  for (const region of regions) {
    const rows = new Map(matrixEvidence(plain, region).map((r) => [r.pathId, r]));
    for (const e of paths.filter((p) => p.entity.metadata.region === region)) {
      const row = rows.get(e.entity.metadata.id)!;
      const label = labelForms(e.entity.metadata.title);
      ((e.entity.spec?.subjectTerms as string[] | undefined) ?? []).forEach((t, i) => {
        if (!label.some((l) => l.includes(t.toLowerCase()))) problems.push(at(e, ['spec', 'subjectTerms', i], `"${t}" is not in the row label "${e.entity.metadata.title}"`));
      });
      const chosen = new Set((e.entity.relations ?? []).filter((r) => r.type === 'HAS_PARTICIPANT').map((r) => r.target));
      (e.entity.relations ?? []).forEach((rel, i) => {
        if (rel.type !== 'HAS_PARTICIPANT' || rel.confidence !== 'INFERRED') return;
        const where = ['relations', i];
        const cell = row.cells.find((c) => c.column.id === rel.target);
        if (!cell) {
          problems.push(at(e, [...where, 'target'], `"${rel.target}" is not a column of the matrix (no matrixColumn)`));
          return;
        }
        const ev = rel.evidence;
        if (!ev) {
          problems.push(at(e, where, `an INFERRED matrix cell needs its evidence: { score: ${cell.score}, ids: [${cell.evidence.join(', ')}] }`));
          return;
        }
        if (ev.score !== cell.score) problems.push(at(e, [...where, 'evidence', 'score'], `the graph's evidence scores ${cell.score}, not ${ev.score}`));
        const ids = [...ev.ids].sort();
        if (ids.join(',') !== cell.evidence.join(',')) problems.push(at(e, [...where, 'evidence', 'ids'], `the evidence is [${cell.evidence.join(', ')}], not [${ids.join(', ')}]`));
        if (!isAmongTop(row, rel.target)) {
          const xth = row.cells[row.marks - 1];
          problems.push(at(e, [...where, 'target'], `"${rel.target}" scores ${cell.score}, below the row's top ${row.marks} (the ${row.marks}. best is ${xth.column.id} with ${xth.score})`));
        }
        const runner = row.cells.find((c) => !chosen.has(c.column.id));
        if (runner && (ev.runnerUp !== runner.column.id || ev.runnerUpScore !== runner.score)) {
          problems.push(at(e, [...where, 'evidence', 'runnerUp'], `the runner-up is ${runner.column.id} with ${runner.score}`));
        }
        const weak = row.margin === 0 && row.tiedAtBoundary.includes(rel.target);
        if (weak !== !!ev.weak) problems.push(at(e, [...where, 'evidence', 'weak'], weak ? `the evidence does not separate "${rel.target}" from ${row.tiedAtBoundary.filter((t) => t !== rel.target).join(', ')}: weak: true` : 'the evidence separates this column: not weak'));
        if (weak && !(rel.rationale ?? '').toLowerCase().includes(WEAK_INFERENCE)) problems.push(at(e, [...where, 'rationale'], `a weak cell's rationale says "${WEAK_INFERENCE}"`));
      });
    }
  }
  return problems;
}

/** The row label, lower-cased, and its compound ellipses opened ("työ- ja toimintakyvyn" also gives "työ" + each tail of "toimintakyvyn"). */
function labelForms(title: string): string[] {
  const t = title.toLowerCase();
  const forms = [t];
  for (const m of t.matchAll(/([\p{L}]+)- (?:ja|tai|sekä) ([\p{L}]+)/gu)) {
    for (let k = 1; k < m[2].length; k++) forms.push(m[1] + m[2].slice(k));
  }
  return forms;
}

/**
 * Text of the graph where a compound-ellipsis hyphen was glued to its conjunction: the document
 * has "tieto- ja", the entity "tieto-ja" (the old line-end join rule did this). Every string of
 * the entity is read: title, description, rationale, spec texts, quotes, relation rationales.
 */
function checkEllipses(e: LocatedEntity, library: DocumentLibrary, problems: SeedProblem[]) {
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      // ids and targets are slugs, not the document's words
      if (path.at(-1) === 'id' || path.at(-1) === 'target') return;
      for (const { glued, document } of library.findGluedEllipses(value)) {
        problems.push(at(e, path, `"${glued}" glues a compound-ellipsis hyphen to its conjunction; the document has "${document}"`));
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    }
  };
  const { metadata, spec, relations, sources } = e.entity;
  visit(metadata, ['metadata']);
  visit(spec, ['spec']);
  visit(relations, ['relations']);
  visit(sources, ['sources']);
}

function at(e: LocatedEntity, path: (string | number)[], message: string): SeedProblem {
  return { file: e.location.file, line: e.lineOf(path), field: fieldPath(path), message };
}

function schemaProblems(doc: ParsedDocument, errors: ErrorObject[]): SeedProblem[] {
  return schemaErrors(errors).map(({ path, message }) => ({ file: doc.file, line: doc.lineOf(path), field: fieldPath(path), message }));
}
