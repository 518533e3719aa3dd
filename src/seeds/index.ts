/**
 * The seed pipeline, stage by stage: read (YAML with line numbers) -> validate (schema, ids,
 * relations, regions, quotes) -> plan (rows) -> write (one transaction). Nothing is written
 * unless every file of the bundle is valid.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { Database } from '../db/database.js';
import { DocumentLibrary } from './documents.js';
import { planSeed, type SeedPlan } from './plan.js';
import { discoverSeedFiles, parseSeedFile, type ParsedDocument } from './read.js';
import { formatProblem, type LocatedEntity, type SeedProblem } from './types.js';
import { validateDocuments } from './validate.js';
import { writePlan, type WriteReport } from './write.js';

export const DEFAULT_SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');

export interface SeedBundle {
  files: string[];
  entities: LocatedEntity[];
  plan: SeedPlan;
}

export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the seeds; nothing was written:\n` +
        problems.slice(0, 50).map((p) => `  ${formatProblem(p)}`).join('\n') +
        (problems.length > 50 ? `\n  ... and ${problems.length - 50} more` : ''),
    );
    this.name = 'SeedValidationError';
  }
}

/**
 * Read and validate every YAML file below `dir` (documents from `dir/documents`). Files are
 * named relative to `dir`'s parent in problems, e.g. seeds/keski-suomi/lanupe.yaml.
 */
export function readSeedBundle(dir = DEFAULT_SEEDS_DIR, documentsDir = path.join(dir, 'documents')): { bundle: SeedBundle; problems: SeedProblem[] } {
  const library = new DocumentLibrary(documentsDir);
  const files = discoverSeedFiles(dir);
  const base = path.dirname(path.resolve(dir));
  const documents: ParsedDocument[] = [];
  const problems: SeedProblem[] = [];
  for (const file of files) {
    const parsed = parseSeedFile(file, path.relative(base, file));
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  const validated = validateDocuments(documents, library);
  problems.push(...validated.problems);
  return { bundle: { files, entities: validated.entities, plan: planSeed(validated.entities) }, problems };
}

/** Validate, then write everything in one transaction; throws SeedValidationError and writes nothing on any problem. */
export async function seedDatabase(db: Database, dir = DEFAULT_SEEDS_DIR, documentsDir?: string): Promise<{ bundle: SeedBundle; report: WriteReport }> {
  const { bundle, problems } = readSeedBundle(dir, documentsDir);
  if (problems.length > 0) throw new SeedValidationError(problems);
  const report = await writePlan(db, bundle.plan);
  return { bundle, report };
}
