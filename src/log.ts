/**
 * The process's logger (pino): one JSON object per line on stdout, as log collectors expect
 * (twelve-factor: the environment routes stdout). In a terminal, outside production, the same
 * events print as readable lines (pino-pretty). LOG_FORMAT=json|pretty overrides the choice,
 * LOG_LEVEL (default info) the level.
 *
 * Never log credentials or query text: callers log statement and operation names only, and the
 * redaction below removes the usual secret-bearing fields should one slip in.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LogOptions {
  level?: string;
  format?: 'json' | 'pretty';
  /** Where JSON goes; default stdout. */
  destination?: NodeJS.WritableStream;
}

export function logFormat(env: NodeJS.ProcessEnv = process.env, tty = Boolean(process.stdout.isTTY)): 'json' | 'pretty' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  if (env.LOG_FORMAT) throw new Error(`LOG_FORMAT must be json or pretty (got "${env.LOG_FORMAT}")`);
  return tty && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

export function createLogger(opts: LogOptions = {}): Logger {
  const options = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'strategy-graph' },
    redact: { paths: ['password', '*.password', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers["x-api-key"]', 'query', 'variables'], censor: '[redacted]' },
  };
  const format = opts.format ?? logFormat();
  if (format === 'pretty') {
    return pino(options, pretty({ sync: true, colorize: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss.l', destination: 1 }));
  }
  return pino(options, (opts.destination as never) ?? pino.destination({ dest: 1, sync: true }));
}

let root: Logger | undefined;
/** The process's logger, made on first use. */
export function logger(): Logger {
  root ??= createLogger();
  return root;
}
