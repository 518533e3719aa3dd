/**
 * The browser pages, served from the project's own build (dist/web, see src/web/build.ts):
 * /explorer (GraphiQL; also what a browser gets at GET /graphql), /map (the strategy map) and
 * their assets under /web/assets. A Content-Security-Policy keeps the pages from loading
 * anything from another origin.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildInfo, ensureWebBuild, WEB_OUT_DIR, type PageName } from '../web/build.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set inline styles; fonts and small images are data: URIs in the bundle.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Builds the pages if they are missing or stale, then mounts their routes (before /graphql).
 * STRATEGY_GRAPH_EXPLORER=false is enforced in front of these routes (src/security/http.ts).
 */
export async function mountWeb(app: Express, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  await ensureWebBuild(log);
  app.use('/web/assets', express.static(path.join(WEB_OUT_DIR, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  app.get('/map', pageHandler('map'));
  app.get('/explorer', pageHandler('explorer'));
  // A browser asking GET /graphql for HTML gets the explorer (with ?query=, redirected to
  // /explorer?query=..., which opens that operation); everything else goes on to Apollo.
  app.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (!prefersHtml(req)) return next();
    if (req.query.query !== undefined) return res.redirect(302, `/explorer${req.originalUrl.slice(req.originalUrl.indexOf('?'))}`);
    return void pageHandler('explorer')(req, res);
  });
}

function prefersHtml(req: Request): boolean {
  const accept = req.headers.accept ?? '';
  if (!accept.includes('text/html')) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

function pageHandler(page: PageName) {
  return async (_req: Request, res: Response) => {
    const info = buildInfo();
    const file = info?.pages[page];
    let html: string | undefined;
    if (file) html = await readFile(path.join(WEB_OUT_DIR, file), 'utf8').catch(() => undefined);
    res.set('Cache-Control', 'no-cache');
    if (!html) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Selainsivuja ei ole rakennettu. Aja npm run build:web (the browser pages are not built: run npm run build:web).\n');
      return;
    }
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY).set('X-Content-Type-Options', 'nosniff').type('html').send(html);
  };
}
