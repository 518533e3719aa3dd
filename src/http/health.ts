/** GET /health: 200 when the database answers a read, 503 when it does not. */
import type { Request, Response } from 'express';
import type { Database } from '../db/database.js';

export function healthHandler(db: Database, description: string) {
  return async (_req: Request, res: Response) => {
    const started = Date.now();
    const reachable = await db.ping();
    res.status(reachable ? 200 : 503).json({
      status: reachable ? 'ok' : 'unavailable',
      database: { reachable, where: description, latencyMs: Date.now() - started },
    });
  };
}
