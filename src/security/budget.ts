/**
 * Per-client budgets in points per minute (GitHub's rate limit in points, Shopify's leaky bucket).
 *
 *   client   the credential's subject when the request presents one ("editor key 2", a JWT's
 *            sub), else the peer address (Express req.ip: the socket's, or the forwarded one when
 *            Express's trust proxy is set).
 *   bucket   holds up to `points`, refills `points` per `windowS` seconds, evenly. An operation
 *            is charged its points (src/security/limits.ts, FIELD_POINTS) after validation and
 *            before it runs; with too few left it is refused, 429 RATE_LIMITED with Retry-After
 *            saying when enough will have dripped back. An operation that costs more than a
 *            whole bucket is refused with QUERY_TOO_COMPLEX (measure: points): it never fits.
 *   answer   every charged response carries the cost and what is left: in
 *            extensions.cost = { points, limit, remaining, resetSeconds } and in the IETF
 *            RateLimit header fields (draft-ietf-httpapi-ratelimit-headers):
 *              RateLimit-Policy: "points";q=20000;w=60
 *              RateLimit: "points";r=18800;t=4
 *
 * The state is in this process (one server). Several servers behind a load balancer each keep
 * their own buckets; README "Several API servers" says what to do about it.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Context } from '../graphql/context.js';
import type { Principal } from './auth.js';
import type { FairUse, SecurityConfig } from './config.js';
import { measureOperation, QueryTooComplexError } from './limits.js';

/** The key budgets and the fair queue of database sessions use for a request. */
export function clientKey(principal: Principal | null | undefined, address: string | undefined): string {
  return principal ? `${principal.via}:${principal.subject}` : `address:${address ?? 'unknown'}`;
}

export interface Charge {
  allowed: boolean;
  points: number;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until the charge would fit. */
  retryAfterSeconds?: number;
}

const MAX_CLIENTS = 50_000;

export class Budget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly ratePerMs: number;

  constructor(
    readonly points: number,
    readonly windowS: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.ratePerMs = points / (windowS * 1000);
  }

  /** Charges `cost` to `client` if it fits; never goes below zero. */
  charge(client: string, cost: number): Charge {
    const now = this.clock();
    const bucket = this.level(client, now);
    const allowed = cost <= bucket.tokens;
    if (allowed) bucket.tokens -= cost;
    this.buckets.set(client, bucket);
    if (this.buckets.size > MAX_CLIENTS) this.forgetFull(now);
    const remaining = Math.floor(bucket.tokens);
    const charge: Charge = { allowed, points: cost, limit: this.points, remaining, resetSeconds: Math.ceil((this.points - bucket.tokens) / this.ratePerMs / 1000) };
    if (!allowed) charge.retryAfterSeconds = Math.max(1, Math.ceil((cost - bucket.tokens) / this.ratePerMs / 1000));
    return charge;
  }

  private level(client: string, now: number) {
    const b = this.buckets.get(client);
    if (!b) return { tokens: this.points, at: now };
    return { tokens: Math.min(this.points, b.tokens + (now - b.at) * this.ratePerMs), at: now };
  }

  /** Buckets that have refilled hold no information: drop them (memory stays bounded). */
  private forgetFull(now: number) {
    for (const [client, b] of this.buckets) if (b.tokens + (now - b.at) * this.ratePerMs >= this.points) this.buckets.delete(client);
    // Still too many (a flood of fresh addresses): drop the oldest entries.
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= MAX_CLIENTS) break;
      this.buckets.delete(client);
    }
  }
}

export function budgetOf(fairUse: FairUse): Budget | null {
  return fairUse.budgetPoints > 0 ? new Budget(fairUse.budgetPoints, fairUse.budgetWindowS) : null;
}

export function rateLimitHeaders(charge: Charge, windowS: number): [string, string][] {
  const headers: [string, string][] = [
    ['ratelimit-policy', `"points";q=${charge.limit};w=${windowS}`],
    ['ratelimit', `"points";r=${charge.remaining};t=${charge.resetSeconds}`],
  ];
  if (!charge.allowed) headers.push(['retry-after', String(charge.retryAfterSeconds)]);
  return headers;
}

export function rateLimited(charge: Charge, windowS: number): GraphQLError {
  return new GraphQLError(`This client's budget of ${charge.limit} points per ${windowS} s is spent: the operation costs ${charge.points}, ${charge.remaining} are left. Retry after ${charge.retryAfterSeconds} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      cost: costExtension(charge),
      http: { status: 429, headers: new HeaderMap(rateLimitHeaders(charge, windowS)) },
    },
  });
}

const costExtension = (c: Charge) => ({ points: c.points, limit: c.limit, remaining: c.remaining, resetSeconds: c.resetSeconds });

/** Charges every GraphQL operation its points before it runs (see the module comment). */
export function budgetPlugin(security: SecurityConfig, budget: Budget | null): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let charge: Charge | undefined;
      return {
        async didResolveOperation({ operation, document, contextValue, request, schema }) {
          if (!budget || !operation) return;
          const fragments = new Map(document.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [(d as { name: { value: string } }).name.value, d]));
          const m = measureOperation(schema, operation, (name) => fragments.get(name) as never, security.limits, request.variables ?? {});
          if (m.points > budget.points) {
            const tooBig = new QueryTooComplexError('points', m.points, budget.points, operation);
            (tooBig.extensions as Record<string, unknown>).http = { status: 400 };
            throw tooBig;
          }
          charge = budget.charge(contextValue.client, m.points);
          if (!charge.allowed) throw rateLimited(charge, budget.windowS);
        },
        async willSendResponse({ response }) {
          if (!charge || !budget) return;
          for (const [k, v] of rateLimitHeaders(charge, budget.windowS)) response.http.headers.set(k, v);
          if (response.body.kind === 'single' && charge.allowed) {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, cost: costExtension(charge) };
          }
        },
      };
    },
  };
}

/** The same budget for a data route outside GraphQL (/impact.csv): `price` gives the request's points. */
export function budgetMiddleware(budget: Budget | null, client: (req: Request, res: Response) => string, price: (req: Request) => number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!budget) return next();
    const points = price(req);
    const charge = points > budget.points ? { ...budget.charge(client(req, res), 0), allowed: false, points, retryAfterSeconds: budget.windowS } : budget.charge(client(req, res), points);
    for (const [k, v] of rateLimitHeaders(charge, budget.windowS)) res.set(k, v);
    if (!charge.allowed) {
      return void res.status(429).type('text/plain; charset=utf-8').send(`this client's budget of ${charge.limit} points per ${budget.windowS} s is spent: the request costs ${points}; retry after ${charge.retryAfterSeconds} s\n`);
    }
    next();
  };
}
