/**
 * Starts one throw-away embedded Neo4j (free port, temporary data directory) for the whole test
 * run and removes it afterwards. NEO4J_URI is deliberately ignored: tests wipe the database, so
 * they only run against a server you name in NEO4J_TEST_URI (with NEO4J_TEST_USERNAME/PASSWORD).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedNeo4j } from '../../src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: { uri: string; username: string; password: string; database?: string };
  }
}

export default async function setup(project: TestProject) {
  if (process.env.NEO4J_TEST_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_TEST_URI,
      username: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
      password: process.env.NEO4J_TEST_PASSWORD ?? '',
      database: process.env.NEO4J_TEST_DATABASE,
    });
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-test-'));
  const started = Date.now();
  const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '1g', log: (l) => console.log(`[neo4j] ${l}`) });
  console.log(`[neo4j] test database at ${neo4j.uri} (${dataDir}), ready in ${Date.now() - started} ms`);
  project.provide('neo4j', { uri: neo4j.uri, username: '', password: '' });
  return async () => {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
