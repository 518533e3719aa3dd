/** Errors with the stable codes clients rely on (extensions.code), shared by the domain and the API. */
import { GraphQLError } from 'graphql';

export function notFound(what: string, ids: readonly string[]): GraphQLError {
  return new GraphQLError(`${what} not found: ${ids.join(', ')}`, { extensions: { code: 'NOT_FOUND', ids } });
}

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/** Optimistic concurrency: the node changed since the client read it (or the id is taken). */
export function conflict(message: string, details: { id: string; expectedVersion?: number; currentVersion?: number }): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...details } });
}
