/**
 * GET /sources: the catalogue (JSON). GET /sources/:file: the text of one of the five source documents (seeds/documents/, listed in
 * seeds/documents/catalogue.json), so that the map can open a source at its slide or page
 * without anything from outside. Only the catalogue's files are served: no path from the URL
 * reaches the file system.
 */
import express, { type Request, type Response, type Router } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

const DIR = path.join(PROJECT_ROOT, 'seeds', 'documents');

export interface CatalogueEntry { file: string; title: string; publisher: string; date: string; locator: 'slide' | 'page'; note?: string }

export function sourceCatalogue(): CatalogueEntry[] {
  return (JSON.parse(readFileSync(path.join(DIR, 'catalogue.json'), 'utf8')) as { documents: CatalogueEntry[] }).documents;
}

export function sourcesRouter(): Router {
  const router = express.Router();
  const catalogue = sourceCatalogue();
  router.get('/', (_req, res) => void res.set('Cache-Control', 'no-cache').json({ documents: catalogue }));
  router.get('/:file', sourceTextHandler(catalogue));
  return router;
}

export function sourceTextHandler(catalogue = sourceCatalogue()) {
  const files = new Map(catalogue.map((d) => [d.file, path.join(DIR, d.file)]));
  return (req: Request, res: Response) => {
    const file = files.get(String(req.params.file));
    if (!file) {
      res.status(404).type('text/plain; charset=utf-8').send(`no such source document: ${String(req.params.file).slice(0, 80)}\n`);
      return;
    }
    res.set('Cache-Control', 'public, max-age=3600').set('X-Content-Type-Options', 'nosniff').type('text/plain; charset=utf-8').send(readFileSync(file, 'utf8'));
  };
}
