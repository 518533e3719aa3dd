/**
 * GET /impact.csv?cut=ID,ID&regionId=ID: an impact report for Excel and Power BI users. The rows
 * are the GraphQL report's, in the same order. Finnish headings; UTF-8 with a byte-order mark
 * and semicolons with decimal commas, which is what Excel expects in a Finnish locale.
 */
import type { Request, Response } from 'express';
import type { Database } from '../db/database.js';
import { analyseImpact, UnknownIdsError, type ImpactItem, type ImpactReport } from '../impact/analyse.js';

export const CSV_HEADINGS = ['Osio', 'Tunniste', 'Laji', 'Nimi', 'Alue', 'Tuki ennen', 'Tuki jälkeen', 'Vakavuus', 'Näyttö'];

const SECTION = {
  orphaned: 'Jää ilman toimenpiteitä',
  weakened: 'Heikkenee',
  singlePointsOfFailure: 'Ainoa tuki leikkauksessa',
  objectives: 'Strateginen tavoite',
};

export function impactCsv(report: ImpactReport): string {
  const rows: string[][] = [CSV_HEADINGS];
  const item = (section: string, i: ImpactItem) => [
    section, i.node.id, i.node.kind, i.node.title, i.node.regionId ?? '', String(i.before), String(i.after), decimal(i.severity),
    i.evidence.map((p) => p.join(' > ')).join(' | '),
  ];
  for (const i of report.orphaned) rows.push(item(SECTION.orphaned, i));
  for (const i of report.weakened) rows.push(item(SECTION.weakened, i));
  for (const i of report.singlePointsOfFailure) rows.push(item(SECTION.singlePointsOfFailure, i));
  for (const o of report.objectives) {
    rows.push([SECTION.objectives, o.objective.id, o.objective.kind, o.objective.title, o.objective.regionId ?? '', String(o.before), String(o.after), decimal(o.shareLost), '']);
  }
  return csvDocument(rows);
}

/** Rows as one CSV text for a Finnish Excel: byte-order mark, semicolons, CRLF (also GET /indicators.csv). */
export function csvDocument(rows: string[][]): string {
  return `\uFEFF${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

const decimal = (x: number) => x.toFixed(4).replace('.', ',');

/** A number with a decimal comma and no trailing zeros (12,5; 96,3; 4115), '' for none. */
export const finnishNumber = (x: number | null | undefined): string => (x === null || x === undefined ? '' : String(x).replace('.', ','));

/**
 * A cell that a spreadsheet would read as a formula: =, +, - or @ (or their full-width forms
 * ＝ ＋ － ＠), a tab or a carriage return, after any leading white space or invisible format
 * characters (space, NBSP, ideographic space, zero-width space, BOM, bidi marks...), since
 * spreadsheets skip those (OWASP, CSV injection).
 */
export const FORMULA_START = /^[\s\p{Zs}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r]/u;

/** Quote a cell when it holds the separator, a quote or a line break; neutralise spreadsheet formulas. */
export function cell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function impactCsvHandler(db: Database) {
  return async (req: Request, res: Response) => {
    const raw = ([] as unknown[]).concat(req.query.cut ?? []);
    const cut = raw.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
    const regionId = typeof req.query.regionId === 'string' && req.query.regionId ? req.query.regionId : null;
    if (cut.length > 500) {
      res.status(400).type('text/plain; charset=utf-8').send(`a cut holds at most 500 ids (got ${cut.length})\n`);
      return;
    }
    try {
      const report = await analyseImpact(db, cut, regionId);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', 'attachment; filename="vaikutusanalyysi.csv"')
        .send(impactCsv(report));
    } catch (err) {
      if (err instanceof UnknownIdsError) {
        res.status(404).type('text/plain; charset=utf-8').send(`not found: ${err.ids.join(', ')}\n`);
        return;
      }
      process.stderr.write(`impact.csv: ${(err as Error)?.stack ?? err}\n`);
      res.status(500).type('text/plain; charset=utf-8').send('the impact analysis failed\n');
    }
  };
}
