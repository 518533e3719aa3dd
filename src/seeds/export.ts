/**
 * Backups of what editors wrote: every node created through the API (origin 'api') and every
 * relation it starts, as seed YAML (seeds/README.md, valid against seeds/seed.schema.json), one
 * file per region, ready for review in git, for `importSeedBundle` on another server, or to copy
 * into seeds/ (where `npm run seed` loads it). The inverse of planSeed (plan.ts) for one node.
 *
 * Each entity is preceded by a comment with its version and who created and last changed it:
 * the schema has no place for bookkeeping, and an import makes a new node (version 1) anyway.
 *
 * A relation created through the API between two seed nodes (linkNodes) has no entity of its own
 * to live in; those are returned separately (linksFromSeedNodes) and written as api-links.json.
 */
import { stringify } from 'yaml';
import { exportApiLinksFromSeedNodes, exportApiNodes } from '../../cypher/export.js';
import type { Database } from '../db/database.js';
import { NOT_SPEC_PROPERTIES } from '../model/vocabulary.js';

const NOT_SPEC = NOT_SPEC_PROPERTIES;

export interface ExportedFile {
  name: string;
  text: string;
}

export interface ApiExport {
  files: ExportedFile[];
  nodes: number;
  relations: number;
  linksFromSeedNodes: { from: string; type: string; to: string; confidence: string; rationale?: string; sources: SourceOut[]; createdBy?: string; createdAt?: string }[];
}

interface SourceOut {
  document: string;
  locator?: string;
  locatorInferred?: boolean;
  quote: string;
}

type Props = Record<string, unknown>;

export async function exportApiEntities(db: Database): Promise<ApiExport> {
  const rows = await db.read<{ props: Props; label: string; relations: { type: string; target: string; props: Props }[] }>(exportApiNodes);
  const byRegion = new Map<string, string[]>();
  let relations = 0;
  for (const row of rows) {
    const entity = entityOf(row.label, row.props, row.relations);
    relations += row.relations.length;
    const p = row.props;
    const comment = `# ${p.id}: version ${p.version ?? 1}${p.createdBy ? `, created by ${p.createdBy} ${p.createdAt ?? ''}`.trimEnd() : ''}${p.updatedBy ? `, last changed by ${p.updatedBy} ${p.updatedAt ?? ''}`.trimEnd() : ''}\n`;
    const region = (row.label === 'Region' ? p.id : p.regionId) as string | undefined;
    const key = region ?? 'national';
    byRegion.set(key, [...(byRegion.get(key) ?? []), comment + stringify(entity, { lineWidth: 0 })]);
  }
  const files = [...byRegion].map(([region, docs]) => ({
    name: `${region}.yaml`,
    text: `# yaml-language-server: $schema=../seed.schema.json\n# Exported by npm run export: nodes and relations written through the API (origin api).\n${docs.join('---\n')}`,
  }));
  const links = await db.read<{ from: string; type: string; to: string; props: Props }>(exportApiLinksFromSeedNodes);
  return {
    files,
    nodes: rows.length,
    relations,
    linksFromSeedNodes: links.map((l) => ({ from: l.from, type: l.type, to: l.to, ...relationOf(l.props), createdBy: l.props.createdBy as string | undefined, createdAt: l.props.createdAt as string | undefined })),
  };
}

function sourcesOf(p: Props): SourceOut[] {
  const docs = (p.sourceDocuments as string[] | undefined) ?? [];
  return docs.map((document, i) => {
    const locator = (p.sourceLocators as string[] | undefined)?.[i];
    const inferred = (p.sourceLocatorsInferred as boolean[] | undefined)?.[i];
    return { document, ...(locator ? { locator } : {}), ...(inferred ? { locatorInferred: true } : {}), quote: (p.sourceQuotes as string[] | undefined)?.[i] ?? '' };
  });
}

function relationOf(p: Props): { confidence: string; rationale?: string; sources: SourceOut[] } {
  return { confidence: (p.confidence as string) ?? 'STATED', ...(p.rationale ? { rationale: p.rationale as string } : {}), sources: sourcesOf(p) };
}

function entityOf(label: string, p: Props, rels: { type: string; target: string; props: Props }[]): Record<string, unknown> {
  const metadata: Props = { id: p.id };
  if (label !== 'Region' && p.regionId) metadata.region = p.regionId;
  metadata.title = p.title;
  if (p.description) metadata.description = p.description;
  if (p.confidence && p.confidence !== 'STATED') metadata.confidence = p.confidence;
  if (p.rationale) metadata.rationale = p.rationale;
  const spec: Props = {};
  const status: Props = {};
  for (const [key, value] of Object.entries(p).sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_SPEC.has(key) || value === null) continue;
    if (/^status[A-Z]/.test(key)) status[key[6].toLowerCase() + key.slice(7)] = value;
    else if (key === 'observations' && typeof value === 'string') spec.observations = JSON.parse(value);
    else spec[key] = value;
  }
  if (Object.keys(status).length) spec.status = status;
  const entity: Props = { apiVersion: 'strategygraph/v1', kind: label, metadata };
  if (Object.keys(spec).length) entity.spec = spec;
  if (rels.length) {
    entity.relations = rels.map((r) => {
      const rel = relationOf(r.props);
      return {
        type: r.type,
        target: r.target,
        ...(rel.confidence !== 'STATED' ? { confidence: rel.confidence } : {}),
        ...(rel.rationale ? { rationale: rel.rationale } : {}),
        ...(rel.sources.length ? { sources: rel.sources } : {}),
      };
    });
  }
  entity.sources = sourcesOf(p);
  return entity;
}
