/** Errors with the stable codes clients rely on (extensions.code), shared by the domain and the API. */
import { GraphQLError } from 'graphql';

/** Most ids, and most characters of each, that an error echoes back (a client may send megabytes). */
export const MAX_ECHOED_IDS = 20;
export const MAX_ECHOED_ID_LENGTH = 100;

/** An id as an error may echo it: at most MAX_ECHOED_ID_LENGTH characters, then an ellipsis. */
export const echoId = (id: string) => (id.length > MAX_ECHOED_ID_LENGTH ? `${id.slice(0, MAX_ECHOED_ID_LENGTH)}…` : id);

export function notFound(what: string, ids: readonly string[]): GraphQLError {
  const shown = ids.slice(0, MAX_ECHOED_IDS).map(echoId);
  const more = ids.length > shown.length ? ` and ${ids.length - shown.length} more` : '';
  return new GraphQLError(`${what} not found: ${shown.join(', ')}${more}`, { extensions: { code: 'NOT_FOUND', ids: shown, ...(more ? { count: ids.length } : {}) } });
}

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/** Optimistic concurrency: the node changed since the client read it (or the id is taken). */
export function conflict(message: string, details: { id: string; expectedVersion?: number; currentVersion?: number }): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...details } });
}
