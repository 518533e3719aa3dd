/**
 * The outside test's high finding as a repeatable attack (loopback only, bounded in time):
 *
 *   npx tsx bench/attack.ts --url http://127.0.0.1:4000 --seconds 10 [--attackers 3] [--key KEY]
 *
 * Each attacker sends, back to back, batches of 10 operations, each with 30 aliased
 * impact(cut: <up to 388 ids>), or 30 aliased fragility(first: 500), or one impact of the whole
 * cut (in turn: the flood of the report, its fragility variant, and a flood of ordinary-looking
 * operations that only the budget tells apart). Meanwhile
 * one ordinary client asks a trace and a search in turn, and a monitor asks GET /health, every
 * 100 ms. The result counts what each got: the server holds when /health stays 200, no ordinary read
 * gets DATABASE_UNAVAILABLE (or fails at all), and the attacker is refused (429 with the budget
 * on; with it off its work waits in line and ends at the request deadline).
 * The ordinary client and the attackers come from the same address: give the ordinary client a
 * reader key (--ordinary-key) to have budgets tell them apart, as a county's front end would.
 */
export interface AttackOptions {
  url: string;
  seconds: number;
  attackers: number;
  /** Credential of the attackers (X-API-Key), if any. */
  attackerKey?: string;
  /** Credential of the ordinary client, if any. */
  ordinaryKey?: string;
}

export interface AttackReport {
  seconds: number;
  attacker: { requests: number; statuses: Record<string, number>; codes: Record<string, number> };
  ordinary: { requests: number; failed: number; databaseUnavailable: number; codes: Record<string, number>; p50Ms: number; maxMs: number };
  health: { requests: number; not200: number; maxMs: number };
}

const ORDINARY = [
  { query: 'query Ordinary($id: ID!) { trace(id: $id) { objectives { id } paths } }' },
  { query: 'query OrdinarySearch { search(text: "kotihoito", first: 5) { node { id title } } }' },
];

async function post(url: string, body: unknown, key?: string) {
  const started = Date.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, ms: Date.now() - started };
}

const codesOf = (json: unknown): string[] =>
  ([] as unknown[])
    .concat(json ?? [])
    .flatMap((r) => ((r as { errors?: { extensions?: { code?: string } }[] })?.errors ?? []).map((e) => e.extensions?.code ?? 'NONE'));

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

export async function attack(opts: AttackOptions): Promise<AttackReport> {
  // The ids to cut: measures of every region, as the outside test did (it used 388).
  const regions = await post(opts.url, { query: '{ regions { id } }' }, opts.ordinaryKey);
  const regionIds = ((regions.json as { data?: { regions?: { id: string }[] } })?.data?.regions ?? []).map((r) => r.id);
  const ids: string[] = [];
  for (const regionId of regionIds) {
    const r = await post(opts.url, { query: 'query M($r: ID!) { measures(regionId: $r) { id } }', variables: { r: regionId } }, opts.ordinaryKey);
    ids.push(...((r.json as { data?: { measures?: { id: string }[] } })?.data?.measures ?? []).map((m) => m.id));
  }
  const cut = ids.slice(0, 388);
  if (cut.length === 0) throw new Error('attack: the server answered no measures (is it seeded, does it need --ordinary-key?)');
  const traceId = cut[0];
  // The cut as a variable, as the outside test sent it: 30 literal copies would pass the token limit.
  const impactOp = { query: `query Flood($cut: [ID!]!) { ${Array.from({ length: 30 }, (_, i) => `a${i}: impact(cut: $cut) { orphaned { node { id } } }`).join(' ')} }`, variables: { cut } };
  const singleImpactOp = { query: 'query Cut($cut: [ID!]!) { impact(cut: $cut) { orphaned { node { id } } } }', variables: { cut } };
  const fragilityOp = { query: `query Fragile { ${Array.from({ length: 30 }, (_, i) => `f${i}: fragility(regionId: ${JSON.stringify(regionIds[0])}, first: 500) { node { id } }`).join(' ')} }` };

  const report: AttackReport = {
    seconds: opts.seconds,
    attacker: { requests: 0, statuses: {}, codes: {} },
    ordinary: { requests: 0, failed: 0, databaseUnavailable: 0, codes: {}, p50Ms: 0, maxMs: 0 },
    health: { requests: 0, not200: 0, maxMs: 0 },
  };
  const until = Date.now() + opts.seconds * 1000;
  const ordinaryMs: number[] = [];

  const attacker = async (n: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const op = [impactOp, fragilityOp, singleImpactOp][(i + n) % 3];
      const r = await post(opts.url, Array.from({ length: 10 }, () => op), opts.attackerKey).catch(() => ({ status: 0, json: null, ms: 0 }));
      report.attacker.requests += 1;
      bump(report.attacker.statuses, String(r.status));
      for (const c of new Set(codesOf(r.json))) bump(report.attacker.codes, c);
      if (r.status === 429) await sleep(50); // a refused attacker comes straight back
    }
  };
  const ordinary = async () => {
    // Let the attackers get going first.
    await sleep(300);
    for (let i = 0; Date.now() < until; i++) {
      const body = i % 2 === 0 ? { ...ORDINARY[0], variables: { id: traceId } } : ORDINARY[1];
      const r = await post(opts.url, body, opts.ordinaryKey).catch(() => ({ status: 0, json: null, ms: 0 }));
      report.ordinary.requests += 1;
      ordinaryMs.push(r.ms);
      const codes = codesOf(r.json);
      if (r.status !== 200 || codes.length) report.ordinary.failed += 1;
      if (codes.includes('DATABASE_UNAVAILABLE')) report.ordinary.databaseUnavailable += 1;
      for (const c of codes) bump(report.ordinary.codes, c);
      await sleep(100);
    }
  };
  const health = async () => {
    await sleep(300);
    while (Date.now() < until) {
      const started = Date.now();
      const status = await fetch(`${opts.url}/health`).then((r) => r.status, () => 0);
      report.health.requests += 1;
      report.health.maxMs = Math.max(report.health.maxMs, Date.now() - started);
      if (status !== 200) report.health.not200 += 1;
      await sleep(100);
    }
  };
  await Promise.all([...Array.from({ length: opts.attackers }, (_, n) => attacker(n)), ordinary(), health()]);
  ordinaryMs.sort((a, b) => a - b);
  report.ordinary.p50Ms = ordinaryMs[Math.floor(ordinaryMs.length / 2)] ?? 0;
  report.ordinary.maxMs = ordinaryMs.at(-1) ?? 0;
  return report;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function argOf(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1]?.endsWith('attack.ts')) {
  const url = argOf('--url', 'http://127.0.0.1:4000')!;
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(url)) {
    process.stderr.write('attack: loopback only (http://127.0.0.1:PORT)\n');
    process.exit(2);
  }
  const seconds = Math.min(Number(argOf('--seconds', '10')), 120);
  attack({ url, seconds, attackers: Number(argOf('--attackers', '3')), attackerKey: argOf('--key'), ordinaryKey: argOf('--ordinary-key') }).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err) => {
      process.stderr.write(`attack: ${err.message}\n`);
      process.exit(1);
    },
  );
}
