/**
 * What a client sees of an error: a stable code and a message meant for it. Expected errors
 * (NOT_FOUND, BAD_USER_INPUT, ...) pass as they are; a database that does not answer becomes
 * DATABASE_UNAVAILABLE; anything else is logged here and reaches the client as a plain internal
 * error, never with a stack trace or a Cypher statement.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DatabaseUnavailableError } from '../db/database.js';

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DatabaseUnavailableError) {
    return { message: 'The database is not available right now; try again shortly.', path: formatted.path, extensions: { code: 'DATABASE_UNAVAILABLE' } };
  }
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    log(`internal error at ${formatted.path?.join('.') ?? '(operation)'}: ${(original as Error)?.stack ?? original}`);
    return { message: 'Internal error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code, ...pick(formatted.extensions, ['ids', 'field']) } };
}

function pick(obj: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj && k in obj) out[k] = obj[k];
  return out;
}
