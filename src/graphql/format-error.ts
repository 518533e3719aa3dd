/**
 * What a client sees of an error: a stable code and a message meant for it. Expected errors
 * (NOT_FOUND, BAD_USER_INPUT, CONFLICT, UNAUTHENTICATED, FORBIDDEN, ...) pass as they are; a
 * database that does not answer becomes DATABASE_UNAVAILABLE; a request whose time ran out,
 * TIMEOUT; an operation over the limits, QUERY_TOO_COMPLEX; anything else is logged here and
 * reaches the client as a plain internal error, never with a stack trace or a Cypher statement.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DatabaseUnavailableError, QueryTimeoutError } from '../db/database.js';
import { QueryTooComplexError } from '../security/limits.js';

/** The extension fields a client may see besides code. */
const PUBLIC_EXTENSIONS = ['ids', 'conflicts', 'count', 'cost', 'dependents', 'orphaned', 'field', 'problems', 'id', 'expectedVersion', 'currentVersion', 'measure', 'actual', 'limit'];

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DatabaseUnavailableError) {
    return { message: 'The database is not available right now; try again shortly.', path: formatted.path, extensions: { code: 'DATABASE_UNAVAILABLE' } };
  }
  if (original instanceof QueryTimeoutError) {
    return { message: 'The request ran out of time and was stopped; ask for less, or try again.', path: formatted.path, extensions: { code: 'TIMEOUT' } };
  }
  // A validation rule's error arrives wrapped (code GRAPHQL_VALIDATION_FAILED) with ours inside.
  // (No instanceof GraphQLError here: Apollo's copy of graphql may not be ours, see security/limits.ts.)
  const wrapped = (error as { originalError?: unknown } | null)?.originalError;
  const tooComplex = original instanceof QueryTooComplexError ? original : wrapped instanceof QueryTooComplexError ? wrapped : null;
  if (tooComplex) {
    return { message: tooComplex.message, locations: formatted.locations, extensions: { code: 'QUERY_TOO_COMPLEX', ...pick(tooComplex.extensions, ['measure', 'actual', 'limit']) } };
  }
  // An automatic persisted query whose hash does not match its text: the client's mistake.
  if (/provided sha does not match query/i.test(formatted.message)) {
    return { message: 'The persisted query hash does not match the query text.', extensions: { code: 'BAD_REQUEST' } };
  }
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    log(`internal error at ${formatted.path?.join('.') ?? '(operation)'}: ${(original as Error)?.stack ?? original}`);
    return { message: 'Internal error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code, ...pick(formatted.extensions, PUBLIC_EXTENSIONS) } };
}

/**
 * With introspection off, error messages must not teach the schema: graphql-js's "Did you mean
 * ...?" suggestions (in variable coercion errors too, which Apollo's hideSchemaDetailsFromClientErrors
 * does not cover) are cut off.
 */
export function withoutSchemaHints(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/\s*Did you mean [^?]*\?/g, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}

function pick(obj: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj && k in obj) out[k] = obj[k];
  return out;
}
