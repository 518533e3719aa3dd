/**
 * GET /changes.csv?regionId=ID&since=DATE&until=DATE&actor=NAME: a region's change log for
 * Excel, one row per changed field (a creation or a deletion: one row per field it held), newest
 * first, with the words before and after. The same records as the GraphQL `changes` query.
 */
import type { Request, Response } from 'express';
import type { Database } from '../db/database.js';
import { regionChanges, type ChangeRecord } from '../history/read.js';
import { csvDocument } from './impact-csv.js';

export const CHANGES_CSV_HEADINGS = ['Aika (UTC)', 'Tekijä', 'Rooli', 'Toiminto', 'Muutos', 'Kohde', 'Tunniste', 'Laji', 'Kenttä', 'Ennen', 'Jälkeen'];

/** Most records in one export; past it the file says so in its last row. */
export const MAX_EXPORT_RECORDS = 50_000;

const CHANGE_FI = { CREATE: 'lisätty', UPDATE: 'muutettu', DELETE: 'poistettu' } as const;

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function changeRows(c: ChangeRecord): string[][] {
  const target = c.target === 'NODE' ? 'solmu' : 'suhde';
  const id = c.target === 'NODE' ? c.nodeId ?? '' : `${c.from} -[${c.type}]-> ${c.to}`;
  const base = [c.at, c.actor, c.role ?? '', c.operation, CHANGE_FI[c.change], target, id, c.kind ?? ''];
  if (c.fields.length === 0) return [[...base, '', '', '']];
  return c.fields.map((f) => [...base, f.field, text(f.before), text(f.after)]);
}

export function changesCsvHandler(db: Database) {
  return async (req: Request, res: Response) => {
    const q = (name: string) => (typeof req.query[name] === 'string' && req.query[name] ? (req.query[name] as string) : null);
    const regionId = q('regionId');
    if (!regionId) {
      res.status(400).type('text/plain; charset=utf-8').send('regionId: give the region whose change log to export (e.g. ?regionId=ks)\n');
      return;
    }
    const rows: string[][] = [CHANGES_CSV_HEADINGS];
    let after: string | null = null;
    let records = 0;
    try {
      for (;;) {
        const page = await regionChanges(db, { regionId, since: q('since'), until: q('until'), actor: q('actor'), first: 200, after });
        for (const e of page.edges) rows.push(...changeRows(e.node));
        records += page.edges.length;
        if (!page.pageInfo.hasNextPage) break;
        if (records >= MAX_EXPORT_RECORDS) {
          rows.push([`(katkaistu: ensimmäiset ${MAX_EXPORT_RECORDS} muutosta; rajaa aikaväliä parametreilla since ja until)`]);
          break;
        }
        after = page.pageInfo.endCursor;
      }
    } catch (err) {
      const code = (err as { extensions?: { code?: string } }).extensions?.code;
      if (code === 'BAD_USER_INPUT') {
        res.status(400).type('text/plain; charset=utf-8').send(`${(err as Error).message}\n`);
        return;
      }
      res.status(500).type('text/plain; charset=utf-8').send('the change log export failed\n');
      return;
    }
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="muutosloki-${regionId.replace(/[^a-z0-9-]/gi, '')}.csv"`)
      .send(csvDocument(rows));
  };
}
