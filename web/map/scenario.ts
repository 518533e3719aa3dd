/**
 * Cut scenarios for finance (/map?view=skenaario): two scenarios, A and B, each a named set of
 * measures, units, service lines, partners and programmes picked from browse lists or search.
 * The scenarios live in the URL (a=, an=, b=, bn=, region=), so a link shares them and a reload
 * keeps them; a named scenario can be kept in this browser (localStorage). The impact of each is
 * shown side by side with every figure explained, the at-risk measures, the service paths'
 * losses, the evidence paths and today's single points of failure; a result says when the cut
 * changed after it was worked out. Export: /impact.csv and /impact.xlsx; print: scenario.css.
 *
 * Self-mounting: main.ts only imports this module. It adds a tab to the page's view switch and
 * its own <main>.
 */
import { gql, GraphQLRequestError } from './api';
import { $, h } from './dom';
import { format, lang, locale, plural, t } from './i18n';
import { KINDS } from './labels';
import './scenario-messages';
import './scenario.css';

type Slot = 'A' | 'B';
const SLOTS: Slot[] = ['A', 'B'];
const CUT_KINDS = ['SERVICE_LINE', 'RESPONSIBLE_UNIT', 'PARTNER', 'PROGRAMME', 'MEASURE'];

interface Pick { id: string; title: string; kind: string }
interface Candidate { node: Pick; serviceLine: { id: string; title: string } | null }
interface Ref { id: string; title: string }
interface Report {
  cut: Ref[];
  removedMeasures: Ref[];
  orphaned: { node: Pick; before: number; after: number; severity: number; evidence: string[][] }[];
  weakened: { node: Pick; before: number; after: number; severity: number }[];
  singlePointsOfFailure: { node: Ref }[];
  objectives: { objective: { id: string; number: number; title: string }; before: number; after: number; shareLost: number }[];
  atRisk: { node: Pick; lost: Ref[]; remaining: Ref[]; responsible: Ref[]; subGoals: Ref[]; objectives: Ref[]; servicePaths: Ref[] }[];
  servicePaths: { path: Ref; participants: Ref[]; lost: Ref[]; remaining: Ref[]; shareLost: number }[];
}
interface Fragile { node: Pick; orphans: Ref[]; carriesAlone: Ref[]; severity: number }
interface Saved { name: string; region: string; ids: Pick[] }

const Q_CANDIDATES = `query ScenarioCandidates($regionId: ID!) {
  cutCandidates(regionId: $regionId) { node { id kind title } serviceLine { id title } }
}`;
const Q_FRAGILITY = `query ScenarioFragility($regionId: ID!) {
  fragility(regionId: $regionId, first: 10) { node { id kind title } orphans { id title } carriesAlone { id title } severity }
}`;
const Q_SCENARIO_IMPACT = `query ScenarioImpact($cut: [ID!]!, $regionId: ID) {
  impact(cut: $cut, regionId: $regionId) {
    cut { id title }
    removedMeasures { id title }
    orphaned { node { id kind title } before after severity evidence }
    weakened { node { id kind title } before after severity }
    singlePointsOfFailure { node { id title } }
    objectives { objective { id number title } before after shareLost }
    atRisk { node { id kind title } lost { id title } remaining { id title } responsible { id title } subGoals { id title } objectives { id title } servicePaths { id title } }
    servicePaths { path { id title } participants { id title } lost { id title } remaining { id title } shareLost }
  }
}`;
const Q_TITLES = `query ScenarioTitles($ids: [ID!]!) { nodes(ids: $ids) { id kind title } }`;
const Q_HITS = `query ScenarioSearch($text: String!, $regionId: ID, $kinds: [NodeKind!]) {
  search(text: $text, regionId: $regionId, kinds: $kinds, first: 25) { node { id kind title } }
}`;

const STORE = 'strategy-graph.scenarios';
const MAX_LISTED = 15;

const state = {
  region: 'ks',
  target: 'A' as Slot,
  slots: { A: { name: '', picks: new Map<string, Pick>() }, B: { name: '', picks: new Map<string, Pick>() } },
  results: { A: null, B: null } as Record<Slot, { key: string; report: Report; titles: Map<string, string>; at: Date } | null>,
  candidates: [] as Candidate[],
  fragility: [] as Fragile[],
  filter: '',
  mounted: false,
};

const key = (slot: Slot) => `${state.region}|${[...state.slots[slot].picks.keys()].sort().join(',')}`;
const pct = (x: number) => `${(x * 100).toLocaleString(locale(), { maximumFractionDigits: 0 })} %`;
const kindName = (kind: string) => t(`sc.kind.${kind}`) !== `sc.kind.${kind}` ? t(`sc.kind.${kind}`) : (KINDS[kind]?.fi ?? '').toLowerCase();
const list = (refs: { title: string }[]) => refs.map((r) => r.title).join('; ');
/** The first few titles, then how many more ("… ja 4 muuta"). */
const short = (refs: { title: string }[], n = 3) => (refs.length <= n + 1 ? list(refs) : t('sc.andMore', { list: list(refs.slice(0, n)), n: refs.length - n }));
const message = (err: unknown) => (err instanceof GraphQLRequestError || err instanceof Error ? err.message : String(err));

// ---------- the view and the URL ----------

const view = h('main', { id: 'scenario-view', class: 'scenario-view', hidden: '', 'aria-labelledby': 'sc-title' });
const tab = h('button', { type: 'button', id: 'view-scenario', class: 'view-tab', 'aria-pressed': 'false' }, t('sc.tab'));

function mount() {
  document.querySelector('nav.views')?.append(tab);
  (document.getElementById('matrix-view') ?? document.body.lastElementChild)?.after(view);
  tab.addEventListener('click', () => void show());
  // The page's region choice applies here too ("Kaikki alueet" keeps the last region).
  document.getElementById('region')?.addEventListener('change', (e) => {
    const v = (e.target as HTMLSelectElement).value;
    if (!v || v === state.region) return;
    state.region = v;
    if (state.mounted) void loadCandidates().then(() => renderResults());
    writeUrl();
  });
  // The page's other tabs hide this view again.
  for (const other of document.querySelectorAll<HTMLButtonElement>('nav.views .view-tab')) {
    if (other !== tab) other.addEventListener('click', () => hide());
  }
}

function hide() {
  view.hidden = true;
  tab.setAttribute('aria-pressed', 'false');
  document.body.classList.remove('scenario-active');
}

async function show() {
  for (const id of ['map-view', 'matrix-view', 'source-view']) {
    const el = document.getElementById(id);
    if (el) el.hidden = true;
  }
  for (const b of document.querySelectorAll<HTMLElement>('nav.views .view-tab')) b.setAttribute('aria-pressed', String(b === tab));
  view.hidden = false;
  document.body.classList.add('scenario-active');
  if (!state.mounted) {
    state.mounted = true;
    render();
    await loadCandidates();
  }
  writeUrl();
}

function writeUrl() {
  if (view.hidden) return;
  const p = new URLSearchParams();
  p.set('view', 'skenaario');
  p.set('region', state.region);
  if (lang() !== 'fi' && new URLSearchParams(location.search).get('lang')) p.set('lang', lang());
  for (const s of SLOTS) {
    const slot = state.slots[s];
    const l = s.toLowerCase();
    if (slot.picks.size) p.set(l, [...slot.picks.keys()].join(','));
    if (slot.name) p.set(`${l}n`, slot.name);
  }
  history.replaceState(null, '', `?${p.toString()}`);
}

async function readUrl() {
  const p = new URLSearchParams(location.search);
  if (p.get('region')) state.region = p.get('region')!;
  const ids = new Set<string>();
  for (const s of SLOTS) {
    const l = s.toLowerCase();
    state.slots[s].name = p.get(`${l}n`) ?? '';
    for (const id of (p.get(l) ?? '').split(',').map((x) => x.trim()).filter(Boolean)) ids.add(id);
  }
  if (!ids.size) return;
  const { nodes } = await gql<{ nodes: (Pick | null)[] }>(Q_TITLES, { ids: [...ids] }).catch(() => ({ nodes: [] as (Pick | null)[] }));
  const byId = new Map(nodes.filter((n): n is Pick => !!n).map((n) => [n.id, n]));
  for (const s of SLOTS) {
    for (const id of (p.get(s.toLowerCase()) ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
      const n = byId.get(id);
      if (n) state.slots[s].picks.set(id, n);
    }
  }
}

// ---------- picking ----------

function toggle(slot: Slot, pick: Pick, on?: boolean) {
  const picks = state.slots[slot].picks;
  const want = on ?? !picks.has(pick.id);
  if (want) picks.set(pick.id, pick);
  else picks.delete(pick.id);
  writeUrl();
  renderSlots();
  syncChecks();
  renderResults();
}

/** The checkboxes follow the target scenario, in place (a redraw would lose the keyboard focus). */
function syncChecks() {
  const picks = state.slots[state.target].picks;
  for (const input of view.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-id]')) input.checked = picks.has(input.dataset.id!);
}

async function loadCandidates() {
  const status = $('sc-browse-status');
  status.textContent = t('sc.searching');
  status.classList.remove('error');
  // The browse lists first (quick); today's single points of failure after (a whole-region walk).
  const fragility = gql<{ fragility: Fragile[] }>(Q_FRAGILITY, { regionId: state.region }).catch(() => ({ fragility: [] as Fragile[] }));
  try {
    state.candidates = (await gql<{ cutCandidates: Candidate[] }>(Q_CANDIDATES, { regionId: state.region })).cutCandidates;
    status.textContent = '';
  } catch (err) {
    status.textContent = message(err);
    status.classList.add('error');
  }
  renderBrowse();
  state.fragility = (await fragility).fragility;
  renderFragility();
}

function checkbox(c: Pick) {
  const id = `sc-pick-${c.id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const input = h('input', { type: 'checkbox', id, 'data-id': c.id, 'data-kind': c.kind });
  input.checked = state.slots[state.target].picks.has(c.id);
  input.addEventListener('change', () => toggle(state.target, c, input.checked));
  return h('li', {}, input, h('label', { for: id }, c.title));
}

function renderBrowse() {
  const out = document.getElementById('sc-browse');
  if (!out) return;
  const f = state.filter.toLocaleLowerCase('fi');
  const shown = state.candidates.filter((c) => !f || c.node.title.toLocaleLowerCase('fi').includes(f));
  const open = new Set([...out.querySelectorAll<HTMLDetailsElement>('details[open]')].map((d) => d.dataset.group));
  const groups = CUT_KINDS.map((kind) => {
    const items = shown.filter((c) => c.node.kind === kind);
    if (!items.length) return null;
    let body: HTMLElement;
    if (kind === 'MEASURE') {
      const byLine = new Map<string, Candidate[]>();
      for (const c of items) {
        const line = c.serviceLine?.title ?? t('sc.group.noLine');
        byLine.set(line, [...(byLine.get(line) ?? []), c]);
      }
      body = h('div', {}, ...[...byLine].map(([line, cs]) => h('fieldset', { class: 'sc-line' }, h('legend', {}, line), h('ul', { class: 'sc-checks' }, ...cs.map((c) => checkbox(c.node))))));
    } else {
      body = h('ul', { class: 'sc-checks' }, ...items.map((c) => checkbox(c.node)));
    }
    const d = h('details', { 'data-group': kind }, h('summary', {}, `${t(`sc.group.${kind}`)} (${format(items.length)})`), body);
    if (open.has(kind) || (f && items.length <= 40)) d.open = true;
    return d;
  });
  out.replaceChildren(...groups.filter((g): g is HTMLDetailsElement => !!g));
}

async function runSearch(text: string) {
  const status = $('sc-search-status');
  status.textContent = t('sc.searching');
  try {
    const { search } = await gql<{ search: { node: Pick }[] }>(Q_HITS, { text, regionId: state.region, kinds: CUT_KINDS });
    status.textContent = search.length ? plural(search.length, 'sc.hits') : t('sc.noHits', { text });
    $('sc-hits').replaceChildren(...search.map((s) => {
      const li = checkbox(s.node);
      li.querySelector('label')!.append(h('span', { class: 'sc-kind' }, ` · ${kindName(s.node.kind)}`));
      return li;
    }));
  } catch (err) {
    status.textContent = message(err);
  }
}

// ---------- saved scenarios ----------

function saved(): Saved[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function save(slot: Slot) {
  const s = state.slots[slot];
  const status = $('sc-saved-status');
  if (!s.name.trim()) {
    status.textContent = t('sc.needName');
    ($(`sc-name-${slot}`) as HTMLInputElement).focus();
    return;
  }
  const rest = saved().filter((x) => x.name !== s.name);
  rest.push({ name: s.name, region: state.region, ids: [...s.picks.values()] });
  try { localStorage.setItem(STORE, JSON.stringify(rest)); } catch { /* storage off: the URL still holds it */ }
  status.textContent = t('sc.saved', { name: s.name });
  renderSaved();
}

function renderSaved() {
  const out = document.getElementById('sc-saved');
  if (!out) return;
  const all = saved();
  if (!all.length) return void out.replaceChildren(h('p', { class: 'muted' }, t('sc.savedNone')));
  out.replaceChildren(h('ul', { class: 'sc-saved-list' }, ...all.map((x) => {
    const buttons = SLOTS.map((slot) => {
      const b = h('button', { type: 'button', 'data-open': slot }, t('sc.open', { slot }));
      b.addEventListener('click', () => {
        state.slots[slot].name = x.name;
        state.slots[slot].picks = new Map(x.ids.map((p) => [p.id, p]));
        if (x.region && x.region !== state.region) {
          state.region = x.region;
          void loadCandidates();
        }
        writeUrl();
        render();
      });
      return b;
    });
    const del = h('button', { type: 'button', class: 'sc-delete', 'aria-label': `${t('sc.delete')}: ${x.name}` }, t('sc.delete'));
    del.addEventListener('click', () => {
      try { localStorage.setItem(STORE, JSON.stringify(saved().filter((y) => y.name !== x.name))); } catch { /* ignore */ }
      renderSaved();
    });
    return h('li', {}, h('span', { class: 'sc-saved-name' }, x.name), ` (${format(x.ids.length)})`, ...buttons, del);
  })));
}

// ---------- running and showing ----------

async function run() {
  const wanted = SLOTS.filter((s) => state.slots[s].picks.size > 0);
  for (const s of SLOTS) if (!state.slots[s].picks.size) state.results[s] = null;
  const status = $('sc-run-status');
  status.textContent = t('sc.running');
  status.classList.remove('error');
  try {
    // One scenario after the other: half the load on the database at a time.
    for (const s of wanted) await (async () => {
      const k = key(s);
      const { impact } = await gql<{ impact: Report }>(Q_SCENARIO_IMPACT, { cut: [...state.slots[s].picks.keys()], regionId: state.region });
      const ids = new Set(impact.orphaned.flatMap((o) => o.evidence.flat()));
      const titles = new Map<string, string>();
      if (ids.size) {
        const { nodes } = await gql<{ nodes: (Pick | null)[] }>(Q_TITLES, { ids: [...ids] });
        for (const n of nodes) if (n) titles.set(n.id, n.title);
      }
      state.results[s] = { key: k, report: impact, titles, at: new Date() };
    })();
    status.textContent = '';
  } catch (err) {
    status.textContent = t('sc.error', { message: message(err) });
    status.classList.add('error');
  }
  renderResults();
  document.getElementById('sc-results')?.focus();
}

function figure(label: string, n: number, explain: string, cls: string) {
  return h('div', { class: `sc-figure ${cls}` }, h('dt', {}, label), h('dd', { class: 'sc-number' }, format(n)), h('dd', { class: 'sc-explain' }, explain));
}

function more(n: number) {
  return n > 0 ? h('p', { class: 'muted' }, plural(n, 'sc.more')) : null;
}

function renderResult(slot: Slot) {
  const res = state.results[slot];
  const s = state.slots[slot];
  const name = s.name || t('sc.untitled');
  const heading = h('h3', { id: `sc-result-title-${slot}` }, t('sc.scenario', { name: `${slot}: ${name}` }));
  if (!res) return h('section', { class: 'sc-result', 'data-slot': slot, 'aria-labelledby': heading.id }, heading, h('p', { class: 'muted' }, s.picks.size ? t('sc.stale') : t('sc.empty')));
  const r = res.report;
  const stale = res.key !== key(slot);
  const qs = new URLSearchParams({ cut: r.cut.map((c) => c.id).join(','), regionId: state.region });
  if (s.name) qs.set('name', s.name);
  const objectives = h('table', { class: 'sc-table sc-objectives' },
    h('caption', {}, t('sc.objectives')),
    h('thead', {}, h('tr', {}, ...['sc.col.objective', 'sc.col.before', 'sc.col.after', 'sc.col.lost'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, ...r.objectives.map((o) => h('tr', { class: o.shareLost > 0 ? 'loses' : '' },
      h('th', { scope: 'row' }, `${o.objective.number}. ${o.objective.title}`),
      h('td', { class: 'num' }, format(o.before)), h('td', { class: 'num' }, format(o.after)), h('td', { class: 'num' }, pct(o.shareLost))))));
  const paths = h('table', { class: 'sc-table sc-paths' },
    h('caption', {}, t('sc.paths')),
    h('thead', {}, h('tr', {}, ...['sc.col.path', 'sc.col.participants', 'sc.col.cutParticipants', 'sc.col.lost'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, ...r.servicePaths.map((p) => h('tr', {},
      h('th', { scope: 'row' }, p.path.title),
      h('td', { class: 'num' }, format(p.participants.length)), h('td', { class: 'num', title: list(p.lost) }, format(p.lost.length)), h('td', { class: 'num' }, pct(p.shareLost))))));
  const atRisk = h('ul', { class: 'sc-atrisk' }, ...r.atRisk.slice(0, MAX_LISTED).map((a) => h('li', {},
    h('strong', {}, a.node.title), ` (${kindName(a.node.kind)})`,
    h('span', { class: 'sc-detail' }, t('sc.atRisk.loses', { list: list(a.lost) })),
    h('span', { class: `sc-detail ${a.remaining.length ? '' : 'sc-alone'}` }, a.remaining.length ? t('sc.atRisk.remaining', { list: list(a.remaining) }) : t('sc.atRisk.nobody')),
    a.responsible.length ? h('span', { class: 'sc-detail' }, t('sc.atRisk.responsible', { list: list(a.responsible) })) : null,
    a.subGoals.length || a.servicePaths.length ? h('span', { class: 'sc-detail' }, t('sc.atRisk.serves', { list: short([...a.objectives, ...a.servicePaths, ...a.subGoals]) })) : null)));
  const title = (id: string) => res.titles.get(id) ?? id;
  const orphaned = h('ul', { class: 'sc-orphaned' }, ...r.orphaned.slice(0, MAX_LISTED).map((o) => h('li', {},
    h('strong', {}, o.node.title), ` (${(KINDS[o.node.kind]?.fi ?? '').toLowerCase()}, ${t('sc.support', { before: o.before, after: o.after })})`,
    ...o.evidence.slice(0, 1).map((p) => h('span', { class: 'sc-evidence' }, p.map(title).join(' → '))))));
  return h('section', { class: `sc-result${stale ? ' stale' : ''}`, 'data-slot': slot, 'data-stale': String(stale), 'aria-labelledby': heading.id },
    heading,
    stale ? h('p', { class: 'sc-stale', role: 'status' }, t('sc.stale')) : null,
    h('p', { class: 'sc-cut' }, h('strong', {}, `${t('sc.cut')}: `), list(r.cut)),
    h('p', { class: 'sc-when' }, t('sc.printedAt', { date: res.at.toLocaleString(locale()) })),
    h('dl', { class: 'sc-figures' },
      figure(t('sc.fig.removed'), r.removedMeasures.length, t('sc.fig.removed.explain'), 'removed'),
      figure(t('sc.fig.orphaned'), r.orphaned.length, t('sc.fig.orphaned.explain'), 'orphaned'),
      figure(t('sc.fig.weakened'), r.weakened.length, t('sc.fig.weakened.explain'), 'weakened'),
      figure(t('sc.fig.atRisk'), r.atRisk.length, t('sc.fig.atRisk.explain'), 'atrisk'),
      figure(t('sc.fig.spof'), r.singlePointsOfFailure.length, t('sc.fig.spof.explain'), 'spof')),
    h('p', { class: 'sc-explain' }, t('sc.objectives.explain')),
    r.objectives.length ? objectives : null,
    h('h4', {}, t('sc.atRisk')), h('p', { class: 'sc-explain' }, t('sc.atRisk.explain')),
    r.atRisk.length ? atRisk : h('p', { class: 'muted' }, t('sc.none')), more(r.atRisk.length - MAX_LISTED),
    r.servicePaths.length ? h('p', { class: 'sc-explain' }, t('sc.paths.explain')) : null,
    r.servicePaths.length ? paths : null,
    h('h4', {}, t('sc.orphanedList')), h('p', { class: 'sc-explain' }, t('sc.orphanedList.explain')),
    r.orphaned.length ? orphaned : h('p', { class: 'muted' }, t('sc.none')), more(r.orphaned.length - MAX_LISTED),
    h('p', { class: 'sc-export' }, `${t('sc.export')}: `,
      h('a', { href: `/impact.csv?${qs}`, download: '', 'data-export': 'csv' }, t('sc.csv')), ' · ',
      h('a', { href: `/impact.xlsx?${qs}`, download: '', 'data-export': 'xlsx' }, t('sc.xlsx'))),
  );
}

function renderResults() {
  const out = document.getElementById('sc-results');
  if (!out) return;
  const any = SLOTS.some((s) => state.results[s]);
  out.replaceChildren(...(any ? [h('h2', { id: 'sc-results-title' }, t('sc.compare')), h('div', { class: 'sc-compare' }, ...SLOTS.map(renderResult))] : []));
  ($('sc-print') as HTMLButtonElement).disabled = !any;
}

function renderFragility() {
  const out = document.getElementById('sc-fragility');
  if (!out) return;
  out.replaceChildren(
    h('h2', {}, t('sc.fragility')),
    h('p', { class: 'sc-explain' }, t('sc.fragility.explain')),
    h('ol', { class: 'sc-fragile' }, ...state.fragility.map((f) => {
      const add = h('button', { type: 'button', class: 'sc-add', 'aria-label': t('sc.fragility.add', { title: f.node.title, slot: state.target }) }, '+');
      add.addEventListener('click', () => toggle(state.target, f.node, true));
      return h('li', {}, h('strong', {}, f.node.title), ` (${kindName(f.node.kind)}, ${t('sc.fragility.weight', { n: f.severity })})`,
        f.orphans.length ? h('span', { class: 'sc-detail' }, t('sc.fragility.orphans', { list: short(f.orphans) })) : null,
        f.carriesAlone.length ? h('span', { class: 'sc-detail' }, t('sc.fragility.alone', { list: short(f.carriesAlone) })) : null,
        add);
    })),
  );
}

function renderSlots() {
  for (const slot of SLOTS) {
    const ul = document.getElementById(`sc-picked-${slot}`);
    if (!ul) continue;
    const picks = [...state.slots[slot].picks.values()];
    ul.replaceChildren(...(picks.length ? picks.map((p) => {
      const rm = h('button', { type: 'button', class: 'sc-remove', 'aria-label': t('sc.remove', { title: p.title, slot }) }, '×');
      rm.addEventListener('click', () => toggle(slot, p, false));
      return h('li', { 'data-id': p.id }, h('span', {}, p.title, h('span', { class: 'sc-kind' }, ` · ${kindName(p.kind)}`)), rm);
    }) : [h('li', { class: 'muted' }, t('sc.picked.none'))]));
  }
}

function slotPanel(slot: Slot) {
  const name = h('input', { id: `sc-name-${slot}`, type: 'text', placeholder: t('sc.namePlaceholder'), autocomplete: 'off' });
  name.value = state.slots[slot].name;
  name.addEventListener('input', () => {
    state.slots[slot].name = name.value;
    writeUrl();
  });
  const saveB = h('button', { type: 'button', 'data-save': slot }, t('sc.save', { slot }));
  saveB.addEventListener('click', () => save(slot));
  const clear = h('button', { type: 'button', 'data-clear': slot }, t('sc.clear', { slot }));
  clear.addEventListener('click', () => {
    state.slots[slot].picks.clear();
    writeUrl();
    renderSlots();
    syncChecks();
    renderResults();
  });
  return h('section', { class: 'sc-slot', 'data-slot': slot, 'aria-labelledby': `sc-slot-title-${slot}` },
    h('h3', { id: `sc-slot-title-${slot}` }, t('sc.scenario', { name: slot })),
    h('label', { for: name.id }, t('sc.name', { slot })), name,
    h('ul', { id: `sc-picked-${slot}`, class: 'sc-picked', 'aria-live': 'polite' }),
    h('div', { class: 'sc-actions' }, saveB, clear));
}

function render() {
  const target = h('fieldset', { class: 'sc-target' }, h('legend', {}, t('sc.addTo')), ...SLOTS.map((slot) => {
    const input = h('input', { type: 'radio', name: 'sc-target', value: slot, id: `sc-target-${slot}` });
    input.checked = state.target === slot;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      state.target = slot;
      syncChecks();
      renderFragility();
    });
    return h('label', { for: input.id }, input, ` ${slot}`);
  }));
  const filter = h('input', { id: 'sc-filter', type: 'search', placeholder: t('sc.filterPlaceholder'), autocomplete: 'off' });
  filter.addEventListener('input', () => {
    state.filter = filter.value.trim();
    renderBrowse();
  });
  const searchInput = h('input', { id: 'sc-search-input', type: 'search', autocomplete: 'off' });
  const searchForm = h('form', { role: 'search', class: 'sc-search' },
    h('label', { for: searchInput.id }, t('sc.search')), h('div', { class: 'sc-row' }, searchInput, h('button', { type: 'submit' }, t('sc.searchButton'))));
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (searchInput.value.trim()) void runSearch(searchInput.value.trim());
  });
  const runB = h('button', { type: 'button', id: 'sc-run', class: 'primary' }, t('sc.run'));
  runB.addEventListener('click', () => void run());
  const printB = h('button', { type: 'button', id: 'sc-print' }, t('sc.print'));
  printB.addEventListener('click', () => window.print());
  view.replaceChildren(
    h('h2', { id: 'sc-title', class: 'sc-title' }, t('sc.title')),
    h('p', { class: 'sc-intro' }, t('sc.intro')),
    h('div', { class: 'sc-layout' },
      h('div', { class: 'sc-build' },
        h('div', { class: 'sc-slots' }, ...SLOTS.map(slotPanel)),
        h('div', { class: 'sc-actions sc-run' }, runB, printB),
        h('p', { id: 'sc-run-status', class: 'status', role: 'status' }),
        h('section', { class: 'sc-saved', 'aria-labelledby': 'sc-saved-title' }, h('h3', { id: 'sc-saved-title' }, t('sc.savedList')), h('p', { id: 'sc-saved-status', class: 'status', role: 'status' }), h('div', { id: 'sc-saved' }))),
      h('section', { class: 'sc-pick', 'aria-labelledby': 'sc-pick-title' },
        h('h3', { id: 'sc-pick-title' }, t('sc.browse')),
        target,
        searchForm,
        h('p', { id: 'sc-search-status', class: 'status', role: 'status' }),
        h('ul', { id: 'sc-hits', class: 'sc-checks' }),
        h('label', { for: filter.id }, t('sc.filter')), filter,
        h('p', { id: 'sc-browse-status', class: 'status', role: 'status' }),
        h('div', { id: 'sc-browse' }))),
    h('section', { id: 'sc-results', class: 'sc-results', tabindex: '-1' }),
    h('section', { id: 'sc-fragility', class: 'sc-fragility' }),
  );
  renderSlots();
  renderSaved();
  renderBrowse();
  renderFragility();
  renderResults();
}

// ---------- start ----------

mount();
if (new URLSearchParams(location.search).get('view') === 'skenaario') {
  void (async () => {
    await readUrl();
    await show();
    if (SLOTS.some((s) => state.slots[s].picks.size)) await run();
    document.documentElement.dataset.scenario = 'ready';
  })();
}
