/**
 * Observability of the HTTP server, in three small pieces that server.ts mounts:
 *  - requestLog: takes the request's `x-request-id` (or makes one), returns it, and writes one
 *    log line per request when it ends: id, method, path (without the query string), status,
 *    duration, and for GraphQL the operation name, database round trips and result code.
 *  - observabilityPlugin: the Apollo plugin that tells requestLog the GraphQL facts, through the
 *    request's AsyncLocalStorage store (so it needs nothing from the context's construction).
 *  - metricsHandler: GET /metrics in Prometheus text format (prom-client): request durations by
 *    operation and status, errors by code, Neo4j statement durations by statement name, the
 *    connection pool's use, and the process metrics of prom-client.
 *
 * Neither logs nor metrics carry query text, variables, credentials or a database address:
 * operation names (only well-formed ones, at most MAX_OPERATION_NAMES distinct, the rest
 * "other") and statement names from cypher/.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { sessionGauge, statementObservers, type StatementEvent } from '../db/database.js';
import type { Context } from '../graphql/context.js';
import type { Logger } from '../log.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_OPERATION_NAMES = 200;
/** Paths that are their own "operation" in the request metrics; anything else is "other". */
const KNOWN_PATHS = new Set(['/graphql', '/health', '/health/live', '/health/ready', '/metrics', '/impact.csv', '/impact.xlsx', '/explorer', '/map', '/']);

interface RequestFacts {
  id: string;
  operation?: string;
  roundTrips?: number;
  /** OK, or the first error's code. */
  resultCode?: string;
}

const store = new AsyncLocalStorage<RequestFacts>();

export interface Observability {
  registry: Registry;
  requestLog: (req: Request, res: Response, next: NextFunction) => void;
  plugin: ApolloServerPlugin<Context>;
  metricsHandler: (req: Request, res: Response) => Promise<void>;
  /** Stops listening to the database's statements. */
  close(): void;
}

export function createObservability(log: Logger): Observability {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'strategy_graph_http_request_duration_seconds',
    help: 'HTTP request durations by operation (GraphQL operation name, or the path) and status',
    labelNames: ['operation', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'strategy_graph_errors_total',
    help: 'GraphQL errors returned, by code',
    labelNames: ['code'],
    registers: [registry],
  });
  const statementDuration = new Histogram({
    name: 'strategy_graph_neo4j_statement_duration_seconds',
    help: 'Neo4j statement durations (retries included) by statement name (cypher/) and outcome',
    labelNames: ['statement', 'mode', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'strategy_graph_neo4j_pool_in_use',
    help: 'Neo4j sessions running a statement now (each holds a pooled connection)',
    registers: [registry],
    collect() {
      this.set(Math.min(sessionGauge.open, sessionGauge.poolSize));
    },
  });
  new Gauge({
    name: 'strategy_graph_neo4j_pool_waiting',
    help: 'Neo4j sessions waiting: for admission (the fair-use caps) or for a connection beyond the pool size (maxConnectionPoolSize)',
    registers: [registry],
    collect() {
      this.set(sessionGauge.queued + Math.max(0, sessionGauge.open - sessionGauge.poolSize));
    },
  });
  const observe = (e: StatementEvent) => statementDuration.observe({ statement: e.name, mode: e.mode, outcome: e.outcome }, e.ms / 1000);
  statementObservers.add(observe);

  const operations = new Set<string>();
  const operationLabel = (name: string | undefined): string => {
    if (!name || !OPERATION_NAME.test(name)) return name === undefined ? 'anonymous' : 'other';
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATION_NAMES) return 'other';
    operations.add(name);
    return name;
  };

  const requestLog = (req: Request, res: Response, next: NextFunction) => {
    const given = req.get(REQUEST_ID_HEADER);
    const facts: RequestFacts = { id: given && REQUEST_ID.test(given) ? given : randomUUID() };
    res.setHeader(REQUEST_ID_HEADER, facts.id);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0];
      const graphql = facts.operation !== undefined || facts.resultCode !== undefined;
      const operation = graphql ? operationLabel(facts.operation) : KNOWN_PATHS.has(path) ? path : path.startsWith('/web/assets/') ? '/web/assets' : 'other';
      requestDuration.observe({ operation, status: String(res.statusCode) }, ms / 1000);
      log.info(
        {
          reqId: facts.id,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ...(graphql ? { operation: facts.operation ?? null, roundTrips: facts.roundTrips ?? 0, result: facts.resultCode } : {}),
        },
        `${req.method} ${path}${graphql ? ` ${facts.operation ?? '(anonymous)'}` : ''} ${res.statusCode} in ${ms.toFixed(1)} ms`,
      );
    });
    store.run(facts, next);
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName, request }) {
          const facts = store.getStore();
          const errorsOf = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const e of errorsOf) errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          if (!facts) return;
          // A batched request: the last operation's facts, round trips summed.
          facts.operation = operationName ?? request.operationName ?? facts.operation;
          facts.roundTrips = (facts.roundTrips ?? 0) + (contextValue?.log?.roundTrips ?? 0);
          facts.resultCode = errorsOf.length > 0 ? String(errorsOf[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : (facts.resultCode ?? 'OK');
        },
      };
    },
  };

  const metricsHandler = async (_req: Request, res: Response) => {
    res.set('content-type', registry.contentType).set('cache-control', 'no-store').send(await registry.metrics());
  };

  return { registry, requestLog, plugin, metricsHandler, close: () => statementObservers.delete(observe) };
}
