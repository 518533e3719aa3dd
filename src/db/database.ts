/**
 * The one door to Neo4j. Reads go through read transactions (a cluster routes them to
 * followers), writes through write transactions; each call runs one named statement and is one
 * database round trip, which the optional QueryLog counts (per GraphQL request, see context.ts).
 *
 * Every transaction carries a Neo4j timeout (TransactionConfig.timeout), so the server ends it
 * even when the client has gone. A Database scoped to a request (withDeadline) also caps that
 * timeout by what is left of the request's deadline; a read is answered QueryTimeoutError at the
 * deadline, a write when Neo4j has ended its transaction (so a timed-out write wrote nothing).
 * When Neo4j is away a call fails fast with DatabaseUnavailableError: short connection and
 * acquisition timeouts, and no retry loop waiting for it (the driver reconnects by itself on the
 * next call once Neo4j is back). Transient errors (deadlocks) are retried briefly.
 */
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape, type Transaction } from 'neo4j-driver';
import { deleteEverything } from '../../cypher/maintenance.js';
import type { NamedQuery } from '../../cypher/named.js';
import { Admission, AdmissionTimeoutError, DEFAULT_ADMISSION, RequestTicket, type AdmissionOptions } from './admission.js';

export interface QueryLog {
  roundTrips: number;
  queries: string[];
}

/** One statement's end, for metrics (src/http/observability.ts): its name, never its text or parameters. */
export interface StatementEvent {
  name: string;
  mode: 'READ' | 'WRITE';
  ms: number;
  outcome: 'ok' | 'timeout' | 'unavailable' | 'error';
}

/** Who hears of every statement's end (the metrics). */
export const statementObservers = new Set<(e: StatementEvent) => void>();

/**
 * Sessions (so pooled connections) in use now, the pool's size (in use beyond it means waiting
 * for a connection), and sessions waiting for admission (src/db/admission.ts).
 */
export const sessionGauge = { open: 0, poolSize: 100, queued: 0 };

export function newQueryLog(): QueryLog {
  return { roundTrips: 0, queries: [] };
}

export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the database does not answer: ${(cause as Error)?.message ?? cause}`);
    this.name = 'DatabaseUnavailableError';
    this.cause = cause;
  }
}

/** The request's deadline passed, or Neo4j ended the transaction at its timeout. */
export class QueryTimeoutError extends Error {
  constructor(readonly statement: string, cause?: unknown) {
    super(`${statement}: the request's time ran out`);
    this.name = 'QueryTimeoutError';
    this.cause = cause;
  }
}

export interface DatabaseOptions {
  /** Neo4j transaction timeout of each statement, ms. */
  transactionTimeoutMs: number;
  /** Timeout of writeTransaction (bulk writes: seeds, imports) unless the caller gives one, ms. */
  bulkTransactionTimeoutMs: number;
  /** TCP connect and pool acquisition timeout, ms. */
  connectionTimeoutMs: number;
  /** How long transient errors (deadlocks, lock timeouts) are retried, ms. */
  maxRetryTimeMs: number;
  /** Epoch ms at which the request this Database serves ends (see withDeadline). */
  deadline?: number;
  /** Driver connection pool size; the admission's global cap stays below it (src/db/admission.ts). */
  maxConnectionPoolSize: number;
  /** Sessions at once: of the whole server, of one request. */
  admission: AdmissionOptions;
}

export const DEFAULT_DATABASE_OPTIONS: DatabaseOptions = {
  transactionTimeoutMs: 10_000,
  bulkTransactionTimeoutMs: 120_000,
  connectionTimeoutMs: 2_000,
  maxRetryTimeMs: 3_000,
  maxConnectionPoolSize: 100,
  admission: DEFAULT_ADMISSION,
};

type Mode = 'READ' | 'WRITE';

export class Database {
  readonly options: DatabaseOptions;
  /** Shared by every Database on this driver: sessions at once, fairly queued (admission.ts). */
  readonly admission: Admission;
  /** The request this Database serves (withDeadline); none: each call is its own. */
  private readonly ticket?: RequestTicket;

  constructor(
    readonly driver: Driver,
    readonly databaseName?: string,
    options: Partial<DatabaseOptions> = {},
    shared?: { admission: Admission; ticket?: RequestTicket },
  ) {
    this.options = { ...DEFAULT_DATABASE_OPTIONS, ...options };
    if (this.options.admission.global >= this.options.maxConnectionPoolSize) {
      throw new Error(`the admission cap (${this.options.admission.global}) must stay below the connection pool (${this.options.maxConnectionPoolSize})`);
    }
    this.admission = shared?.admission ?? new Admission(this.options.admission);
    if (!shared) sessionGauge.poolSize = this.options.maxConnectionPoolSize;
    this.ticket = shared?.ticket;
  }

  static connect(uri: string, username: string, password: string, databaseName?: string, options: Partial<DatabaseOptions> = {}): Database {
    const auth = password ? neo4j.auth.basic(username, password) : undefined; // no password: a server without auth (the embedded one)
    const opts = { ...DEFAULT_DATABASE_OPTIONS, ...options };
    const driver = neo4j.driver(uri, auth, {
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: opts.connectionTimeoutMs,
      connectionTimeout: opts.connectionTimeoutMs,
      maxTransactionRetryTime: opts.maxRetryTimeMs,
      maxConnectionPoolSize: opts.maxConnectionPoolSize,
      userAgent: 'strategy-graph/0.1',
    });
    return new Database(driver, databaseName, opts);
  }

  /**
   * The same database for one request of `client`: every transaction ends at `deadline` (epoch
   * ms) at the latest, and the request holds at most admission.perRequest sessions at once.
   */
  withDeadline(deadline: number, client = 'anonymous'): Database {
    return new Database(this.driver, this.databaseName, { ...this.options, deadline }, { admission: this.admission, ticket: this.admission.ticket(client) });
  }

  async read<R extends RecordShape = RecordShape>(q: NamedQuery, params: Record<string, unknown> = {}, log?: QueryLog): Promise<R[]> {
    const result = await this.execute<QueryResult<R>>('READ', (tx) => tx.run<R>(q.text, params), q.name, log);
    return result.records.map((r) => r.toObject());
  }

  async write<R extends RecordShape = RecordShape>(q: NamedQuery, params: Record<string, unknown> = {}, log?: QueryLog): Promise<R[]> {
    const result = await this.execute<QueryResult<R>>('WRITE', (tx) => tx.run<R>(q.text, params), q.name, log);
    return result.records.map((r) => r.toObject());
  }

  /**
   * Several statements in one write transaction: all of them or none. Not retried on transient
   * errors unless `retry` (the work must then be safe to run twice).
   */
  async writeTransaction<T>(
    work: (tx: ManagedTransaction) => Promise<T>,
    opts: { name?: string; timeoutMs?: number; log?: QueryLog; retry?: boolean } = {},
  ): Promise<T> {
    return this.execute('WRITE', work, opts.name ?? 'writeTransaction', opts.log, opts.timeoutMs ?? this.options.bulkTransactionTimeoutMs, opts.retry ?? false);
  }

  /** True when the database answers a trivial read within the connection timeout; never retries. */
  async ping(): Promise<boolean> {
    const session = this.driver.session({ database: this.databaseName, defaultAccessMode: neo4j.session.READ });
    try {
      await withTimer(Promise.resolve(session.run('RETURN 1', {}, { timeout: this.options.connectionTimeoutMs })), this.options.connectionTimeoutMs + 500);
      return true;
    } catch {
      return false;
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /**
   * Deletes every node and relationship: for tests and benchmarks that own the database, never
   * called by the server. CALL IN TRANSACTIONS needs an implicit (auto-commit) transaction.
   */
  async deleteEverything(): Promise<void> {
    const session = this.driver.session({ database: this.databaseName, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.run(deleteEverything.text);
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async execute<T>(
    mode: Mode,
    work: (tx: ManagedTransaction) => Promise<T>,
    name: string,
    log?: QueryLog,
    timeoutMs = this.options.transactionTimeoutMs,
    retryTransient = true,
  ): Promise<T> {
    const deadline = this.options.deadline;
    const remaining = deadline === undefined ? Infinity : deadline - Date.now();
    if (remaining <= 0) throw new QueryTimeoutError(name);
    if (log) {
      log.roundTrips += 1;
      log.queries.push(name);
    }
    const timeout = Math.max(1, Math.ceil(Math.min(timeoutMs, remaining)));
    const running = this.attempts(mode, work, name, timeout, retryTransient, deadline);
    if (statementObservers.size > 0) {
      const started = performance.now();
      const report = (outcome: StatementEvent['outcome']) => {
        const e = { name, mode, ms: performance.now() - started, outcome };
        for (const observe of statementObservers) observe(e);
      };
      running.then(
        () => report('ok'),
        (err) => report(err instanceof QueryTimeoutError ? 'timeout' : err instanceof DatabaseUnavailableError ? 'unavailable' : 'error'),
      );
    }
    // A write waits for Neo4j's verdict, so that TIMEOUT on a write means nothing was written.
    if (deadline === undefined || mode === 'WRITE') return running;
    // A read is answered at the deadline: Neo4j checks transaction timeouts only every couple of
    // seconds, and ends the transaction itself (its timeout is already at most the time left).
    running.catch(() => undefined);
    return withTimer(running, remaining + 50, () => new QueryTimeoutError(name));
  }

  private async attempts<T>(mode: Mode, work: (tx: ManagedTransaction) => Promise<T>, name: string, timeout: number, retryTransient: boolean, deadline?: number): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(mode, work, name, timeout);
      } catch (err) {
        const kind = classify(err);
        const elapsed = Date.now() - started;
        const timeLeft = deadline === undefined ? Infinity : deadline - Date.now();
        if (kind === 'timeout' || err instanceof AdmissionTimeoutError) throw new QueryTimeoutError(name, err);
        if (kind === 'unavailable') {
          // One immediate second try for reads: a pooled connection may have died with a restart.
          if (mode === 'READ' && attempt === 1) continue;
          throw new DatabaseUnavailableError(err);
        }
        if (kind === 'transient' && retryTransient && elapsed < this.options.maxRetryTimeMs) {
          const delay = Math.min(25 * 2 ** attempt, 500) * (0.8 + Math.random() * 0.4);
          if (delay < timeLeft) {
            await sleep(delay);
            continue;
          }
        }
        throw err;
      }
    }
  }

  /**
   * One attempt, holding an admission slot for its session. The gauge counts it as queued while
   * it waits for admission and as open while its session runs (the metrics' pool gauges).
   */
  private async once<T>(mode: Mode, work: (tx: ManagedTransaction) => Promise<T>, name: string, timeout: number): Promise<T> {
    sessionGauge.queued += 1;
    let queued = true;
    const admitted = () => {
      if (queued) {
        queued = false;
        sessionGauge.queued -= 1;
      }
    };
    try {
      return await this.admission.run(
        this.ticket ?? this.admission.ticket('internal'),
        async () => {
          admitted();
          sessionGauge.open += 1;
          try {
            return await this.session(mode, work, name, timeout);
          } finally {
            sessionGauge.open -= 1;
          }
        },
        this.options.deadline,
      );
    } finally {
      admitted();
    }
  }

  private async session<T>(mode: Mode, work: (tx: ManagedTransaction) => Promise<T>, name: string, timeout: number): Promise<T> {
    const session = this.driver.session({
      database: this.databaseName,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = { timeout, metadata: { app: 'strategy-graph', statement: name } };
    if (mode === 'READ') {
      // A read is one statement: run it as an auto-commit transaction of this READ session. It is
      // still a read transaction (a cluster routes it to a follower), without the BEGIN and
      // COMMIT messages of an explicit one: two Bolt messages instead of four per round trip,
      // and each message is a loopback write that costs more than the statement itself here
      // (docs/BENCHMARKS.md).
      try {
        return await work({ run: (text: string, params: Record<string, unknown>) => session.run(text, params, config) } as unknown as ManagedTransaction);
      } finally {
        await session.close().catch(() => undefined);
      }
    }
    let tx: Transaction | undefined;
    try {
      tx = await session.beginTransaction(config);
      const result = await work(tx as unknown as ManagedTransaction);
      await tx.commit();
      return result;
    } catch (err) {
      if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
      throw err;
    } finally {
      await session.close().catch(() => undefined);
    }
  }
}

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

export function classify(err: unknown): 'timeout' | 'unavailable' | 'transient' | 'other' {
  const code = (err as { code?: string })?.code ?? '';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code === 'Neo.TransientError.General.DatabaseUnavailable') return 'unavailable';
  if (/ECONNREFUSED|ECONNRESET|EPIPE|Could not perform discovery|acquisition timed out|Pool is closed|Connection was closed|Failed to connect/i.test(String((err as Error)?.message ?? err))) {
    return 'unavailable';
  }
  if (code.includes('TransientError')) return 'transient';
  return 'other';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise, or a rejection after `ms`. */
function withTimer<T>(promise: Promise<T>, ms: number, onTimeout: () => Error = () => new Error(`no answer within ${ms} ms`)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
