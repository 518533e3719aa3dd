/**
 * Express middleware in front of /graphql and the other data routes: it authenticates the
 * request's credential once (the principal goes to res.locals for the GraphQL context), refuses
 * a wrong credential, closes reads when they need a key, caps batched requests, and answers 404
 * for the explorer when it is switched off. Refusals are GraphQL-shaped JSON with a stable code.
 */
import type { NextFunction, Request, Response } from 'express';
import { AuthenticationError, authenticate, canRead, credentialOf, type Principal } from './auth.js';
import type { SecurityConfig } from './config.js';
import { QueryTooComplexError } from './limits.js';

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | null | undefined) ?? null;
}

function refuse(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** Authenticates; returns false (and has answered) when the request is refused. */
async function authenticated(req: Request, res: Response, security: SecurityConfig): Promise<boolean> {
  try {
    res.locals.principal = await authenticate(credentialOf((name) => req.get(name)), security);
    return true;
  } catch (err) {
    if (!(err instanceof AuthenticationError)) throw err;
    refuse(res, 401, 'UNAUTHENTICATED', err.message);
    return false;
  }
}

/** True when the request presents a valid credential (of any role); never refuses. */
export async function hasCredential(req: Request, security: SecurityConfig): Promise<boolean> {
  try {
    return (await authenticate(credentialOf((name) => req.get(name)), security)) !== null;
  } catch {
    return false;
  }
}

/** For /graphql, after express.json. */
export function graphqlGuard(security: SecurityConfig) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (Array.isArray(req.body) && req.body.length > security.limits.maxBatch) {
      const e = new QueryTooComplexError('batch', req.body.length, security.limits.maxBatch);
      return refuse(res, 400, 'QUERY_TOO_COMPLEX', e.message, { measure: 'batch', actual: req.body.length, limit: security.limits.maxBatch });
    }
    if (!(await authenticated(req, res, security))) return;
    const carriesOperation = req.method === 'POST' || req.query.query !== undefined || req.query.extensions !== undefined;
    if (carriesOperation && !canRead(principalOf(res), security)) {
      return principalOf(res)
        ? refuse(res, 403, 'FORBIDDEN', 'this credential grants no reading')
        : refuse(res, 401, 'UNAUTHENTICATED', 'reading needs a reader or editor credential (Authorization: Bearer ..., or X-API-Key)');
    }
    next();
  };
}

/** For data routes outside GraphQL (/impact.csv): the same read rule, plain-text refusals. */
export function readGuard(security: SecurityConfig) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!(await authenticated(req, res, security))) return;
    if (!canRead(principalOf(res), security)) {
      const status = principalOf(res) ? 403 : 401;
      if (status === 401) res.set('WWW-Authenticate', 'Bearer');
      return void res.status(status).type('text/plain; charset=utf-8').send(status === 401 ? 'reading needs a reader or editor credential\n' : 'this credential grants no reading\n');
    }
    next();
  };
}

/**
 * For GET /metrics (STRATEGY_GRAPH_METRICS_ACCESS): any valid credential, as Prometheus sends it
 * (`authorization: { credentials: <reader key> }` in the scrape config), unless the operator opened it.
 * Without a credential configured at all, the refusal says how to configure one.
 */
export function metricsGuard(security: SecurityConfig) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (security.metricsAccess === 'open') return next();
    if (!(await authenticated(req, res, security))) return;
    if (principalOf(res)) return next();
    const configured = security.readerKeys.length + security.editorKeys.length > 0 || security.jwt !== undefined;
    res.set('WWW-Authenticate', 'Bearer');
    res
      .status(401)
      .type('text/plain; charset=utf-8')
      .send(
        configured
          ? 'metrics need a credential (Authorization: Bearer <reader key>)\n'
          : 'metrics need a credential: set STRATEGY_GRAPH_READER_KEYS and scrape with Authorization: Bearer <key>, or STRATEGY_GRAPH_METRICS_ACCESS=open on a private network\n',
      );
  };
}

/** Mounted before the browser pages when STRATEGY_GRAPH_EXPLORER is off: no explorer page. */
export function explorerOff(req: Request, res: Response, next: NextFunction) {
  const htmlAtGraphql = req.method === 'GET' && req.path === '/graphql' && req.query.query === undefined && (req.get('accept') ?? '').includes('text/html');
  if ((req.method === 'GET' && req.path === '/explorer') || htmlAtGraphql) {
    return void res.status(404).type('text/plain; charset=utf-8').send('The explorer is switched off on this server (STRATEGY_GRAPH_EXPLORER).\n');
  }
  next();
}

/**
 * The last error handler: a body that is not JSON (400), too large (413) or any other failure
 * outside GraphQL gets a short answer with a stable code, never Express's page with a stack trace.
 */
export function httpErrorHandler(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; statusCode?: number; type?: string; stack?: string };
    const status = e.status ?? e.statusCode ?? 500;
    let code = 'BAD_REQUEST';
    let message = 'The request cannot be read.';
    if (e.type === 'entity.parse.failed') message = 'The request body is not valid JSON.';
    else if (e.type === 'entity.too.large') message = 'The request body is too large.';
    else if (status === 404) message = 'Not found.';
    if (status >= 500) {
      code = 'INTERNAL_SERVER_ERROR';
      message = 'Internal error.';
      log(`internal error at ${req.method} ${req.path}: ${e.stack ?? err}`);
    }
    if (req.path.startsWith('/graphql')) res.status(status).json({ errors: [{ message, extensions: { code } }] });
    else res.status(status).type('text/plain; charset=utf-8').send(`${message}\n`);
  };
}
