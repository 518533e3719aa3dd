/**
 * GET /impact.xlsx?cut=ID,ID&regionId=ID&name=TEXT: the impact report as an Excel workbook, for
 * finance. The same rows as the GraphQL report and /impact.csv (src/impact/analyse.ts), one sheet
 * per section, Finnish headings, each sheet opening with a sentence that says how to read it.
 * Written with exceljs (a well-kept library), not hand-made XML. Text goes in as strings, never
 * as formulas, so a title starting with "=" stays text.
 */
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { nodesByIds } from '../../cypher/nodes.js';
import type { Database } from '../db/database.js';
import { analyseImpact, UnknownIdsError, type ImpactItem, type ImpactReport } from '../impact/analyse.js';
import type { NodeRecord } from '../model/records.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const KIND_FI: Record<string, string> = {
  STRATEGY_OBJECTIVE: 'Strateginen tavoite', STRATEGY_GOAL: 'Strategian tavoite', SUB_GOAL: 'Alatavoite', MEASURE: 'Toimenpide',
  SERVICE_PATH: 'Palvelupolku', SERVICE_LINE: 'Palvelulinja', RESPONSIBLE_UNIT: 'Yksikkö', PARTNER: 'Kumppani', PROGRAMME: 'Ohjelma',
  BENEFIT_GOAL: 'Hyötytavoite', INDICATOR: 'Mittari',
};
const kindFi = (k: string) => KIND_FI[k] ?? k;

/** Reads the cut, the region and a scenario name from the query string (as /impact.csv does). */
export function cutFromQuery(req: Request): { cut: string[]; regionId: string | null; name: string } {
  const raw = ([] as unknown[]).concat(req.query.cut ?? []);
  const cut = raw.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  const regionId = typeof req.query.regionId === 'string' && req.query.regionId ? req.query.regionId : null;
  const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 120) : '';
  return { cut, regionId, name };
}

export async function impactWorkbook(db: Database, report: ImpactReport, opts: { name?: string; now?: Date } = {}): Promise<ExcelJS.Workbook> {
  const ids = new Set<string>([...report.cutIds, ...report.removedMeasureIds]);
  for (const a of report.atRisk) [a.nodeId, ...a.lostIds, ...a.remainingIds, ...a.responsibleIds, ...a.subGoalIds, ...a.objectiveIds, ...a.servicePathIds].forEach((i) => ids.add(i));
  for (const p of report.servicePaths) [p.pathId, ...p.participantIds].forEach((i) => ids.add(i));
  const rows = await db.read<{ node: NodeRecord }>(nodesByIds, { ids: [...ids] });
  const byId = new Map(rows.map((r) => [r.node.id, r.node]));
  const title = (id: string) => byId.get(id)?.title ?? id;
  const titles = (list: string[]) => list.map(title).join('; ');

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Strategiagraafi';
  wb.created = opts.now ?? new Date();
  wb.title = opts.name ? `Leikkausskenaario: ${opts.name}` : 'Leikkauksen vaikutus';

  const sheet = (name: string, intro: string, headings: string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([intro]);
    ws.getRow(1).font = { italic: true };
    const head = ws.addRow(headings);
    head.font = { bold: true };
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return ws;
  };

  const summary = sheet('Yhteenveto', wb.title, ['Luku', 'Arvo', 'Selitys'], [34, 12, 90]);
  summary.addRow(['Leikattavat', report.cutIds.length, titles(report.cutIds)]);
  summary.addRow(['Poistuvat toimenpiteet', report.removedMeasureIds.length, 'Leikatut toimenpiteet ja ne, joista leikattu yksikkö, palvelulinja tai kumppani vastaa.']);
  summary.addRow(['Jää ilman toimenpiteitä', report.orphaned.length, 'Tavoitteet, polut ja mittarit, joita mikään jäljelle jäävä toimenpide ei enää tue.']);
  summary.addRow(['Heikkenee', report.weakened.length, 'Tavoitteet, polut ja mittarit, jotka menettävät osan tukevista toimenpiteistään.']);
  summary.addRow(['Vaarassa', report.atRisk.length, 'Toimenpiteet, joihin leikattu osallistuu mutta joista se ei vastaa: ne jatkuvat, mutta menettävät osallistujan.']);
  summary.addRow(['Ainoa tuki leikkauksessa', report.singlePointsOfFailure.length, 'Jäävät ilman toimenpiteitä, ja niillä oli vain yksi tukeva toimenpide.']);
  summary.addRow(['Laskettu', (opts.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ') + ' UTC', '']);

  const objectives = sheet('Tavoitteet', 'Tuki = toimenpiteet, joista ketju johtaa strategiseen tavoitteeseen. Menetys = poistuvien osuus tuesta.', ['Nro', 'Strateginen tavoite', 'Tuki ennen', 'Tuki jälkeen', 'Menetys'], [6, 70, 12, 12, 12]);
  for (const o of report.objectives) objectives.addRow([o.objective.number as number, o.objective.title, o.before, o.after, o.shareLost]);
  objectives.getColumn(5).numFmt = '0 %';

  const items = (name: string, intro: string, list: ImpactItem[]) => {
    const ws = sheet(name, intro, ['Laji', 'Nimi', 'Tuki ennen', 'Tuki jälkeen', 'Vakavuus', 'Näyttö (ketju leikatusta)'], [18, 60, 12, 12, 11, 90]);
    for (const i of list) ws.addRow([kindFi(i.node.kind), i.node.title, i.before, i.after, i.severity, i.evidence.map((p) => p.map(title).join(' → ')).join(' | ')]);
    ws.getColumn(5).numFmt = '0 %';
  };
  items('Ilman toimenpiteitä', 'Näitä ei tue leikkauksen jälkeen yksikään toimenpide (vakavuus 100 %).', report.orphaned);
  items('Heikkenee', 'Vakavuus = poistuvien toimenpiteiden osuus solmun tuesta.', report.weakened);

  const atRisk = sheet('Vaarassa', 'Toimenpiteet jatkuvat, mutta leikattu osallistuja poistuu. Jäljelle jäävät osallistujat ja vastuutaho kertovat, kuka työtä vielä tekee.', ['Laji', 'Nimi', 'Menettää', 'Jäljelle jää', 'Vastaa', 'Alatavoitteet', 'Strategiset tavoitteet', 'Palvelupolut'], [14, 60, 28, 40, 28, 60, 50, 40]);
  for (const a of report.atRisk) {
    const n = byId.get(a.nodeId);
    atRisk.addRow([kindFi(n?.kind ?? ''), title(a.nodeId), titles(a.lostIds), a.remainingIds.length ? titles(a.remainingIds) : 'ei muita osallistujia', titles(a.responsibleIds), titles(a.subGoalIds), titles(a.objectiveIds), titles(a.servicePathIds)]);
  }

  const paths = sheet('Palvelupolut', 'Osallistujat = polun osapuolet ja sitä edistävien toimenpiteiden yksiköt. Menetys = leikattujen osuus osallistujista.', ['Palvelupolku', 'Osallistujia', 'Leikattuja', 'Menetys', 'Leikatut', 'Jäljelle jäävät'], [40, 12, 12, 11, 40, 60]);
  for (const p of report.servicePaths) paths.addRow([title(p.pathId), p.participantIds.length, p.lostIds.length, p.shareLost, titles(p.lostIds), titles(p.remainingIds)]);
  paths.getColumn(4).numFmt = '0 %';

  const removed = sheet('Poistuvat toimenpiteet', 'Toimenpiteet, jotka leikkaus poistaa.', ['Tunniste', 'Nimi'], [30, 90]);
  for (const id of report.removedMeasureIds) removed.addRow([id, title(id)]);
  return wb;
}

export function impactXlsxHandler(db: Database) {
  return async (req: Request, res: Response) => {
    const { cut, regionId, name } = cutFromQuery(req);
    if (cut.length > 500) {
      res.status(400).type('text/plain; charset=utf-8').send(`a cut holds at most 500 ids (got ${cut.length})\n`);
      return;
    }
    try {
      const report = await analyseImpact(db, cut, regionId);
      const wb = await impactWorkbook(db, report, { name });
      const body = Buffer.from(await wb.xlsx.writeBuffer());
      res.status(200).type(XLSX_TYPE).set('Content-Disposition', 'attachment; filename="vaikutusanalyysi.xlsx"').send(body);
    } catch (err) {
      if (err instanceof UnknownIdsError) {
        res.status(404).type('text/plain; charset=utf-8').send(`not found: ${err.ids.join(', ')}\n`);
        return;
      }
      res.status(500).type('text/plain; charset=utf-8').send('the impact analysis failed\n');
    }
  };
}
