/**
 * Stage 1 of the seed pipeline: find the YAML files and parse each document, keeping enough of
 * the syntax tree to say on which line any field stands.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { SeedProblem } from './types.js';

export interface ParsedDocument {
  file: string;
  line: number;
  data: unknown;
  lineOf(path: (string | number)[]): number;
}

/** Every *.yaml / *.yml below dir, sorted, so that loading order never depends on the disk. */
export function discoverSeedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'documents' && !name.startsWith('.')) walk(full);
      } else if (/\.ya?ml$/.test(name)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

export function parseSeedFile(
  absolutePath: string,
  displayName: string,
  text = readFileSync(absolutePath, 'utf8'),
): { documents: ParsedDocument[]; problems: SeedProblem[] } {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const documents: ParsedDocument[] = [];
  const problems: SeedProblem[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true })) {
    if (!('errors' in doc)) continue;
    const yamlDoc = doc as Document.Parsed;
    for (const err of [...yamlDoc.errors, ...yamlDoc.warnings]) {
      problems.push({ file: displayName, line: lineAt(err.pos[0]), field: '', message: `YAML: ${err.message.split('\n')[0]}` });
    }
    if (yamlDoc.errors.length > 0) continue;
    if (yamlDoc.contents === null) continue; // an empty document between two ---
    const startLine = lineAt(yamlDoc.contents.range?.[0] ?? 0);
    documents.push({
      file: displayName,
      line: startLine,
      data: yamlDoc.toJS({ maxAliasCount: 100 }),
      lineOf: (fieldPath) => lineOfPath(yamlDoc, fieldPath, lineAt) ?? startLine,
    });
  }
  return { documents, problems };
}

/**
 * The line of the deepest node on the path that exists. For a missing or unexpected key the
 * caller passes the path of its parent plus the key: the key's own line is used when present.
 */
function lineOfPath(
  doc: Document.Parsed,
  fieldPath: (string | number)[],
  lineAt: (offset: number) => number,
): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined = offsetLine(node, lineAt);
  for (const part of fieldPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      line = offsetLine(pair.key, lineAt) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      line = offsetLine(node, lineAt) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function offsetLine(node: unknown, lineAt: (offset: number) => number): number | undefined {
  const range = (node as YamlNode | undefined)?.range;
  return range ? lineAt(range[0]) : undefined;
}
