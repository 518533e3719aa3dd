/**
 * The one door to Neo4j. Reads go through read transactions (a cluster routes them to
 * followers), writes through write transactions; each call runs one named statement and is one
 * database round trip, which the optional QueryLog counts (per GraphQL request, see context.ts).
 */
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';
import type { NamedQuery } from '../../cypher/named.js';

export interface QueryLog {
  roundTrips: number;
  queries: string[];
}

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

export class Database {
  constructor(
    readonly driver: Driver,
    readonly databaseName?: string,
  ) {}

  static connect(uri: string, username: string, password: string, databaseName?: string): Database {
    const auth = password ? neo4j.auth.basic(username, password) : undefined; // no password: a server without auth (the embedded one)
    const driver = neo4j.driver(uri, auth, {
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: 10_000,
      maxTransactionRetryTime: 5_000,
      userAgent: 'strategy-graph/0.1',
    });
    return new Database(driver, databaseName);
  }

  async read<R extends RecordShape = RecordShape>(q: NamedQuery, params: Record<string, unknown> = {}, log?: QueryLog): Promise<R[]> {
    const result = await this.execute('READ', (tx) => tx.run<R>(q.text, params), q, log);
    return result.records.map((r) => r.toObject());
  }

  async write<R extends RecordShape = RecordShape>(q: NamedQuery, params: Record<string, unknown> = {}, log?: QueryLog): Promise<R[]> {
    const result = await this.execute('WRITE', (tx) => tx.run<R>(q.text, params), q, log);
    return result.records.map((r) => r.toObject());
  }

  /** Several statements in one write transaction: all of them or none. */
  async writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.databaseName, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }

  /** True when the database answers a trivial read. */
  async ping(): Promise<boolean> {
    try {
      const session = this.driver.session({ database: this.databaseName, defaultAccessMode: neo4j.session.READ });
      try {
        await session.executeRead((tx) => tx.run('RETURN 1'));
        return true;
      } finally {
        await session.close();
      }
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async execute<R extends RecordShape>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<QueryResult<R>>,
    q: NamedQuery,
    log?: QueryLog,
  ): Promise<QueryResult<R>> {
    if (log) {
      log.roundTrips += 1;
      log.queries.push(q.name);
    }
    const session = this.driver.session({
      database: this.databaseName,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return mode === 'READ' ? await session.executeRead(work) : await session.executeWrite(work);
    } catch (err) {
      if (isUnavailable(err)) throw new DatabaseUnavailableError(err);
      throw err;
    } finally {
      await session.close();
    }
  }
}

function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code === 'ServiceUnavailable' || code === 'SessionExpired' || /ECONNREFUSED|Could not perform discovery/.test(String(err));
}
