/**
 * GET /indicators.csv?regionId=ID&serviceLineId=ID&programmeId=ID: the `indicators` query as a
 * spreadsheet, one row per observation (an indicator without observations has one row with the
 * observation columns empty), in the query's order. The CSV conventions are impact.csv's
 * (csvDocument: UTF-8 with a byte-order mark, semicolons, decimal commas, formulas neutralised).
 */
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Database } from '../db/database.js';
import { listIndicators } from '../indicators/list.js';
import { observationsOf } from '../model/observations.js';
import type { NodeRecord } from '../model/records.js';
import { csvDocument, finnishNumber } from './impact-csv.js';

export const INDICATOR_CSV_HEADINGS = [
  'Tunniste', 'Nimi', 'Alue', 'Tavoite', 'Tavoite on muutos', 'Yksikkö', 'Vertailu', 'Tavoitevuosi', 'Perusjoukko', 'Lähtötaso', 'Lähtötason vuosi',
  'Havainto', 'Havainnon yksikkö', 'Kausi', 'Kausi päätelty', 'Arvo päätelty', 'Perustelu', 'Huomautus', 'Asiakirja', 'Sijainti', 'Sijainti laskettu', 'Lainaus',
];

const yesNo = (b: boolean) => (b ? 'kyllä' : 'ei');
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function indicatorsCsv(indicators: NodeRecord[]): string {
  const rows: string[][] = [INDICATOR_CSV_HEADINGS];
  for (const n of indicators) {
    const head = [
      n.id, n.title, text(n.regionId), finnishNumber(n.target as number | undefined), yesNo(!!n.targetIsChange), text(n.unit), text(n.comparator),
      text(n.year), text(n.population), finnishNumber(n.baseline as number | undefined), text(n.baselineYear),
    ];
    const observations = observationsOf(n);
    if (observations.length === 0) rows.push([...head, ...Array(INDICATOR_CSV_HEADINGS.length - head.length).fill('')]);
    for (const o of observations) {
      rows.push([
        ...head, finnishNumber(o.value), text(o.unit), o.period, yesNo(o.periodInferred), yesNo(o.valueInferred), text(o.rationale), text(o.note),
        o.source.document, text(o.source.locator), yesNo(o.source.locatorInferred), o.source.quote,
      ]);
    }
  }
  return csvDocument(rows);
}

export function indicatorsCsvHandler(db: Database) {
  return async (req: Request, res: Response) => {
    const param = (name: string) => (typeof req.query[name] === 'string' && req.query[name] ? (req.query[name] as string) : null);
    const regionId = param('regionId');
    if (!regionId) {
      res.status(400).type('text/plain; charset=utf-8').send('regionId is required, e.g. /indicators.csv?regionId=ks\n');
      return;
    }
    try {
      const list = await listIndicators(db, { regionId, serviceLineId: param('serviceLineId'), programmeId: param('programmeId') });
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="mittarit-${regionId.replace(/[^a-z0-9.-]/gi, '')}.csv"`)
        .send(indicatorsCsv(list));
    } catch (err) {
      if (err instanceof GraphQLError && err.extensions.code === 'NOT_FOUND') {
        res.status(404).type('text/plain; charset=utf-8').send(`${err.message}\n`);
        return;
      }
      res.status(500).type('text/plain; charset=utf-8').send('the indicator list failed\n');
    }
  };
}
