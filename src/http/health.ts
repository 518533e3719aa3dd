/**
 * Health probes, with the meanings systemd, Kubernetes and load balancers give them:
 *  - GET /health/live: 200 while the process serves HTTP at all (a restart would not help otherwise).
 *  - GET /health/ready: 200 only once the schema is applied and the seeds are loaded, while the
 *    database answers, and not while the server drains for a shutdown; 503 otherwise, with the reason.
 *  - GET /health: the database check, for people and older probes. Where the database is (its
 *    address) only to a caller that presents a valid credential (`mayKnowWhere`).
 * None of them names the database to an anonymous caller.
 */
import type { Request, Response } from 'express';
import type { Database } from '../db/database.js';

/** Whether this server should get traffic; main.ts sets it after the seeds and clears it when a drain begins. */
export class Readiness {
  private state: 'starting' | 'ready' | 'draining' = 'starting';
  get ready(): boolean {
    return this.state === 'ready';
  }
  get reason(): string {
    return this.state;
  }
  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }
  markDraining(): void {
    this.state = 'draining';
  }
}

export function healthHandler(db: Database, description: string, mayKnowWhere: (req: Request) => Promise<boolean> = async () => true) {
  return async (req: Request, res: Response) => {
    const started = Date.now();
    const [reachable, where] = await Promise.all([db.ping(), mayKnowWhere(req).catch(() => false)]);
    res.status(reachable ? 200 : 503).json({
      status: reachable ? 'ok' : 'unavailable',
      database: { reachable, ...(where ? { where: description } : {}), latencyMs: Date.now() - started },
    });
  };
}

export function liveHandler() {
  return (_req: Request, res: Response) => {
    res.set('cache-control', 'no-store').json({ status: 'live' });
  };
}

export function readyHandler(db: Database, readiness: Readiness) {
  return async (_req: Request, res: Response) => {
    res.set('cache-control', 'no-store');
    if (!readiness.ready) return void res.status(503).json({ status: readiness.reason });
    const reachable = await db.ping();
    // Drain may have begun while we waited for the database.
    if (!readiness.ready) return void res.status(503).json({ status: readiness.reason });
    res.status(reachable ? 200 : 503).json({ status: reachable ? 'ready' : 'database unavailable' });
  };
}
