/**
 * Admission to the database: how many sessions may be open at once, and in what order the waiting
 * ones get in.
 *
 *   global cap    at most `global` sessions of the whole server at once, set below the driver's
 *                 connection pool, so the pool always has connections left for /health and so
 *                 that no burst of work ever waits on pool acquisition (which fails as
 *                 DATABASE_UNAVAILABLE after the acquisition timeout).
 *   request cap   at most `perRequest` sessions of one GraphQL operation at once (its aliases and
 *                 loaders share them); the rest of that operation waits its turn.
 *   client cap    at most `perClient` sessions of one client at once, whatever the number of its
 *                 requests, connections and batched operations.
 *   fair queue    a session that cannot start waits in its client's queue; when a session ends the
 *                 next one comes from the next client in turn (round robin over clients, first in,
 *                 first out within a client). One client sending 300 statements therefore waits
 *                 behind its own work, while another client's one statement goes next.
 *
 * A waiter gives up at its request's deadline (the caller turns that into TIMEOUT). The state is
 * in-process: one server's sessions (README, "Several API servers").
 */

export interface AdmissionOptions {
  /** Sessions of the whole server at once; keep it below the driver's maxConnectionPoolSize. */
  global: number;
  /** Sessions of one request at once. */
  perRequest: number;
  /** Sessions of one client (all its requests and batched operations) at once. */
  perClient: number;
}

export const DEFAULT_ADMISSION: AdmissionOptions = { global: 40, perRequest: 2, perClient: 4 };

export class AdmissionTimeoutError extends Error {
  constructor() {
    super('waited for a database session until the deadline');
    this.name = 'AdmissionTimeoutError';
  }
}

interface Waiter {
  ticket: RequestTicket;
  resolve: () => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

/** One request's share: its client (for fairness) and its own open sessions. */
export class RequestTicket {
  open = 0;
  constructor(readonly client: string) {}
}

export class Admission {
  private open = 0;
  private readonly openByClient = new Map<string, number>();
  /** Waiting sessions by client, in arrival order; the Map's order is the round robin's. */
  private readonly queues = new Map<string, Waiter[]>();

  constructor(readonly options: AdmissionOptions = DEFAULT_ADMISSION) {
    if (options.perRequest < 1 || options.perClient < options.perRequest || options.global < options.perClient) throw new Error('admission: need 1 <= perRequest <= perClient <= global');
  }

  /** Sessions open now and waiting now (for tests and metrics). */
  get stats() {
    let waiting = 0;
    for (const q of this.queues.values()) waiting += q.length;
    return { open: this.open, waiting, clientsWaiting: this.queues.size };
  }

  ticket(client: string): RequestTicket {
    return new RequestTicket(client);
  }

  /** Runs `work` holding one session slot; waits (fairly) for one until `deadline` (epoch ms). */
  async run<T>(ticket: RequestTicket, work: () => Promise<T>, deadline?: number): Promise<T> {
    await this.acquire(ticket, deadline);
    try {
      return await work();
    } finally {
      this.release(ticket);
    }
  }

  private canStart(ticket: RequestTicket) {
    return this.open < this.options.global && this.fits(ticket);
  }

  private fits(ticket: RequestTicket) {
    return ticket.open < this.options.perRequest && (this.openByClient.get(ticket.client) ?? 0) < this.options.perClient;
  }

  private acquire(ticket: RequestTicket, deadline?: number): Promise<void> {
    if (this.canStart(ticket) && this.queues.size === 0) {
      this.take(ticket);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { ticket, resolve, reject };
      const queue = this.queues.get(ticket.client) ?? [];
      queue.push(waiter);
      this.queues.set(ticket.client, queue);
      if (deadline !== undefined) {
        const ms = deadline - Date.now();
        if (ms <= 0) {
          this.remove(waiter);
          return reject(new AdmissionTimeoutError());
        }
        waiter.timer = setTimeout(() => {
          this.remove(waiter);
          reject(new AdmissionTimeoutError());
        }, ms);
        waiter.timer.unref?.();
      }
      this.dispatch();
    });
  }

  private take(ticket: RequestTicket) {
    this.open += 1;
    ticket.open += 1;
    this.openByClient.set(ticket.client, (this.openByClient.get(ticket.client) ?? 0) + 1);
  }

  private release(ticket: RequestTicket) {
    this.open -= 1;
    ticket.open -= 1;
    const left = (this.openByClient.get(ticket.client) ?? 1) - 1;
    if (left > 0) this.openByClient.set(ticket.client, left);
    else this.openByClient.delete(ticket.client);
    this.dispatch();
  }

  private remove(waiter: Waiter) {
    const queue = this.queues.get(waiter.ticket.client);
    if (!queue) return;
    const i = queue.indexOf(waiter);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) this.queues.delete(waiter.ticket.client);
  }

  /** Starts waiters while there is room: one per client in turn, skipping requests at their own cap. */
  private dispatch() {
    let progressed = true;
    while (this.open < this.options.global && this.queues.size > 0 && progressed) {
      progressed = false;
      for (const [client, queue] of [...this.queues]) {
        if (this.open >= this.options.global) break;
        const i = queue.findIndex((w) => this.fits(w.ticket));
        if (i < 0) continue;
        const [waiter] = queue.splice(i, 1);
        // Move this client to the back of the round robin.
        this.queues.delete(client);
        if (queue.length) this.queues.set(client, queue);
        if (waiter.timer) clearTimeout(waiter.timer);
        this.take(waiter.ticket);
        waiter.resolve();
        progressed = true;
      }
    }
  }
}
