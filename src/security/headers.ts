/**
 * Security headers on every response, with `helmet` (the library the Node ecosystem keeps for
 * this, rather than hand-set headers): the pages' Content-Security-Policy (src/http/web.ts, the
 * same policy everywhere), Referrer-Policy: no-referrer (ids in URLs never leave for another
 * site), X-Content-Type-Options: nosniff (JSON, CSV and /health too), frame-ancestors and
 * X-Frame-Options against framing, and no X-Powered-By.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { CONTENT_SECURITY_POLICY } from '../http/web.js';

/** "default-src 'self'; ..." as helmet's directives object. */
function directivesOf(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: directivesOf(CONTENT_SECURITY_POLICY) },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'sameorigin' },
    // The explorer loads its worker from a blob: URL; embedder policies would stop it.
    crossOriginEmbedderPolicy: false,
  });
}
