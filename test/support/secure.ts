/** Helpers for the tests of writes, access and limits: keys, principals, a quote that is in a document. */
import type { Database } from '../../src/db/database.js';
import { createContext } from '../../src/graphql/context.js';
import type { Principal } from '../../src/security/auth.js';
import { loadSecurityConfig, type SecurityConfig } from '../../src/security/config.js';
import { createApollo } from '../../src/server.js';

export const EDITOR_KEY = 'test-editor-key-7f3a9c1e5b2d4f60';
export const READER_KEY = 'test-reader-key-1c8e2a7b9d3f5e04';
export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789abcdef';

export function testSecurity(env: NodeJS.ProcessEnv = {}): SecurityConfig {
  return loadSecurityConfig({
    STRATEGY_GRAPH_EDITOR_KEYS: EDITOR_KEY,
    STRATEGY_GRAPH_READER_KEYS: READER_KEY,
    STRATEGY_GRAPH_JWT_SECRET: JWT_SECRET,
    ...env,
  });
}

export const EDITOR: Principal = { role: 'editor', via: 'api-key', subject: 'test editor' };
export const READER: Principal = { role: 'reader', via: 'api-key', subject: 'test reader' };

/** Words that appear in 000_9dec4d1a41e94955.txt (slide 5): provenance the quote check accepts. */
export const SOURCE = { document: '000_9dec4d1a41e94955.txt', locator: 'slide 5', quote: 'Kinkomaan nuorisokodin toiminnan suunnitteluvaihe aloitetaan 2027' };

const apollos = new Map<SecurityConfig, ReturnType<typeof createApollo>>();

/** Runs an operation in-process as `principal`, through the same Apollo Server (plugins, limits) as HTTP. */
export async function gqlAs(db: Database, principal: Principal | null, query: string, variables: Record<string, unknown> = {}, security: SecurityConfig = defaultTestSecurity) {
  let apollo = apollos.get(security);
  if (!apollo) {
    apollo = createApollo([], security);
    apollos.set(security, apollo);
  }
  const contextValue = createContext(db, { principal, security });
  const response = await apollo.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  const { data, errors } = response.body.singleResult;
  return { data: data as any, errors, status: response.http.status, roundTrips: contextValue.log.roundTrips, codes: (errors ?? []).map((e) => e.extensions?.code) };
}

export const defaultTestSecurity = testSecurity();

export const CREATE = `mutation ($input: CreateNodeInput!) { createNode(input: $input) { created node { id kind title version origin region { id } sources { document locator quote } } } }`;
export const UPDATE = `mutation ($input: UpdateNodeInput!) { updateNode(input: $input) { id title version description } }`;
export const DELETE = `mutation ($id: ID!, $v: Int!) { deleteNode(id: $id, expectedVersion: $v) { id relationsRemoved } }`;
export const LINK = `mutation ($input: LinkInput!) { link(input: $input) { created type from { id } to { id } } }`;
export const UNLINK = `mutation ($input: UnlinkInput!) { unlink(input: $input) { from to type } }`;

export function measureInput(id: string, extra: Record<string, unknown> = {}) {
  return { id, kind: 'MEASURE', regionId: 'ks', title: `Testitoimenpide ${id}`, sources: [SOURCE], ...extra };
}
