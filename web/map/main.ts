/**
 * The strategy map at /map: search (Finnish full text), a node's routes to the strategy objectives
 * (trace) as a graph, its sources in the side panel; impact mode (pick nodes to cut, see what is
 * orphaned and weakened and what the objectives lose); the service-path matrix as a table.
 * Read only: every call is a GraphQL query.
 */
import type cytoscape from 'cytoscape';
import {
  gql, Q_IMPACT, Q_MATRIX, Q_NODES, Q_REGIONS, Q_SEARCH, Q_TRACE,
  type ImpactItem, type ImpactReport, type MapEdge, type MapNode, type Matrix, type SearchHit, type TraceResult,
} from './api';
import { RouteGraph } from './graph';
import { historySection } from './history';
import { confidenceFi, KINDS, kindFi, percent, relationFi } from './labels';
import { $, h } from './dom';
import './map.css';
import { hitText } from './snippet';
import { renderSources } from './source';
import './scenario'; // the cut scenarios view (web/map/scenario.ts) mounts itself

declare global {
  interface Window {
    /** For tests and curious developers: the drawn graph. */
    strategyMap?: {
      cy: cytoscape.Core;
      state(): string;
      nodeCount(): number;
      edgeCount(): number;
      nodeIds(): string[];
      /** Where a node is drawn, in page coordinates. */
      nodePagePosition(id: string): { x: number; y: number } | null;
    };
  }
}

type Mode = 'trace' | 'impact';

const state = {
  regionId: '',
  mode: 'trace' as Mode,
  nodes: new Map<string, MapNode>(),
  rootId: '',
  cut: new Map<string, string>(),
  impact: null as ImpactReport | null,
  matrixRegion: '',
};

const graphEl = $('graph');
const graph = new RouteGraph(graphEl, {
  onNode: (id) => void onNodeTap(id),
  onEdge: (edge) => showEdge(edge),
});

window.strategyMap = {
  cy: graph.cy,
  state: () => graphEl.dataset.state ?? 'idle',
  nodeCount: () => graph.cy.nodes().length,
  edgeCount: () => graph.cy.edges().length,
  nodeIds: () => graph.cy.nodes().map((n) => n.id()),
  nodePagePosition(id) {
    const n = graph.cy.getElementById(id);
    if (n.empty()) return null;
    const p = n.renderedPosition();
    const box = graphEl.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  },
};

// ---------- regions and URL ----------

const params = new URLSearchParams(location.search);

function updateUrl() {
  const p = new URLSearchParams();
  if (state.regionId) p.set('region', state.regionId);
  if (state.rootId) p.set('node', state.rootId);
  if (!$('matrix-view').hidden) p.set('view', 'matriisi');
  const qs = p.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
}

async function loadRegions() {
  const select = $<HTMLSelectElement>('region');
  try {
    const { regions } = await gql<{ regions: { id: string; title: string; shortName: string | null }[] }>(Q_REGIONS);
    for (const r of regions) select.append(h('option', { value: r.id }, r.shortName ?? r.title));
    const wanted = params.get('region');
    if (wanted && regions.some((r) => r.id === wanted)) select.value = wanted;
    state.regionId = select.value;
    state.matrixRegion = state.regionId || (regions.find((r) => r.id === 'ks') ?? regions[0])?.id || '';
  } catch (err) {
    setStatus('search-status', `Alueita ei saatu: ${message(err)}`, true);
  }
  select.addEventListener('change', () => {
    state.regionId = select.value;
    if (state.regionId) state.matrixRegion = state.regionId;
    updateUrl();
    if (!$('matrix-view').hidden) void loadMatrix();
  });
}

/** replaceChildren, skipping the parts left out (null, false). */
function fill(el: HTMLElement, ...children: (Node | string | null | undefined | false)[]) {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

function message(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}

function setStatus(id: string, text: string, error = false) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('error', error);
}

// ---------- search ----------

let lastHits: SearchHit[] = [];

async function search(text: string) {
  setStatus('search-status', 'Haetaan…');
  $('hits').replaceChildren();
  try {
    const { search } = await gql<{ search: SearchHit[] }>(Q_SEARCH, { text, regionId: state.regionId || null });
    lastHits = search;
    setStatus('search-status', search.length ? `${search.length} osumaa` : `Ei osumia haulla ”${text}”.`);
    renderHits();
  } catch (err) {
    setStatus('search-status', `Haku epäonnistui: ${message(err)}`, true);
  }
}

function renderHits() {
  const items = lastHits.map((hit) => {
    const n = hit.node;
    const open = h(
      'button',
      { type: 'button', class: 'hit', 'data-id': n.id, title: n.id },
      h('span', { class: 'kind-dot', style: `background:${KINDS[n.kind]?.colour ?? '#666'}` }),
      h('span', { class: 'hit-kind' }, kindFi(n.kind), n.region?.shortName ? ` · ${n.region.shortName}` : ''),
      ...hitText(n.title, hit.snippet),
      h('span', { class: 'hit-id' }, n.id),
    );
    open.addEventListener('click', () => void traceNode(n.id));
    const li = h('li', {}, open);
    if (state.mode === 'impact') {
      const cut = h('button', { type: 'button', class: 'hit-cut', 'data-cut': n.id }, state.cut.has(n.id) ? 'Leikattu' : 'Leikkaa');
      cut.addEventListener('click', () => toggleCut(n.id, n.title));
      li.append(cut);
    }
    return li;
  });
  $('hits').replaceChildren(...items);
}

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $<HTMLInputElement>('search-input').value.trim();
  if (text) void search(text);
});

// ---------- trace ----------

async function traceNode(id: string) {
  graphEl.dataset.state = 'loading';
  $('graph-empty').hidden = true;
  try {
    const { trace } = await gql<{ trace: TraceResult }>(Q_TRACE, { id });
    state.nodes = new Map(trace.nodes.map((n) => [n.id, n]));
    state.rootId = trace.root.id;
    graph.show(trace.nodes, trace.edges, trace.root.id);
    graph.markCut([...state.cut.keys()]);
    if (state.impact) markImpact(state.impact);
    graph.select(trace.root.id);
    const root = state.nodes.get(trace.root.id);
    if (root) showNode(root, trace);
    graphEl.dataset.state = 'ready';
    for (const b of document.querySelectorAll<HTMLElement>('#hits .hit')) b.classList.toggle('active', b.dataset.id === id);
    updateUrl();
  } catch (err) {
    console.error(err);
    graphEl.dataset.state = 'error';
    graph.clear();
    $('graph-empty').hidden = false;
    $('graph-empty').textContent = `Reittiä ei saatu: ${message(err)}`;
  }
}

async function onNodeTap(id: string) {
  const node = state.nodes.get(id);
  if (state.mode === 'impact') toggleCut(id, node?.title ?? id);
  if (node) showNode(node);
}

function sourceList(node: { sources: MapNode['sources'] }) {
  return renderSources(node.sources); // web/map/source.ts: the catalogue's title, publisher, date, "dia 5", a link to the text
}

function showNode(node: MapNode, trace?: TraceResult) {
  const details = $('details');
  const reached = trace
    ? h(
        'p',
        { class: trace.objectives.length ? 'reach' : 'reach none' },
        trace.objectives.length
          ? `Reitti ${trace.objectives.length} strategiseen tavoitteeseen (${trace.objectives.map((o) => o.number).sort().join(', ')}), ${trace.paths.length} polkua${trace.inferred ? ', osa yhteyksistä päätelty' : ''}.`
          : 'Mikään reitti ei johda strategiseen tavoitteeseen.',
      )
    : null;
  const actions = h('div', { class: 'node-actions' });
  if (node.id !== state.rootId) {
    const b = h('button', { type: 'button', 'data-action': 'trace' }, 'Näytä reitti tästä');
    b.addEventListener('click', () => void traceNode(node.id));
    actions.append(b);
  }
  if (state.mode === 'impact') {
    const b = h('button', { type: 'button', 'data-action': 'cut' }, state.cut.has(node.id) ? 'Poista leikkauksesta' : 'Lisää leikkaukseen');
    b.addEventListener('click', () => toggleCut(node.id, node.title));
    actions.append(b);
  }
  fill(
    details,
    h('div', { class: 'node-kind' }, h('span', { class: 'kind-dot', style: `background:${KINDS[node.kind]?.colour ?? '#666'}` }), kindFi(node.kind), node.region?.shortName ? ` · ${node.region.shortName}` : ''),
    h('h2', { id: 'node-title', 'data-id': node.id }, node.title),
    node.description && node.description !== node.title ? h('p', { class: 'description' }, node.description) : null,
    h('p', { class: 'node-id' }, h('code', {}, node.id), ` · ${confidenceFi(node.confidence)}`),
    node.confidence === 'INFERRED' && node.rationale ? h('p', { class: 'rationale' }, h('strong', {}, 'Perustelu: '), node.rationale) : null,
    reached,
    h('h3', {}, 'Lähde'),
    sourceList(node),
    historySection(node.id),
    actions.childElementCount ? actions : null,
  );
  graph.select(node.id);
}

function showEdge(edge: MapEdge) {
  const title = (id: string) => state.nodes.get(id)?.title ?? id;
  fill(
    $('details'),
    h('div', { class: 'node-kind' }, 'Yhteys'),
    h('h2', {}, `${title(edge.from)} — ${relationFi(edge.type)} → ${title(edge.to)}`),
    h('p', { class: 'node-id' }, h('code', {}, edge.type), ` · ${confidenceFi(edge.confidence)}`),
    edge.rationale ? h('p', { class: 'rationale' }, h('strong', {}, 'Perustelu: '), edge.rationale) : null,
  );
}

// ---------- impact ----------

function setMode(mode: Mode) {
  state.mode = mode;
  document.body.dataset.mode = mode;
  $('cut-panel').hidden = mode !== 'impact';
  if (mode === 'trace') {
    graph.clearImpact();
    graph.markCut([]);
    $('impact-result').replaceChildren();
  } else {
    graph.markCut([...state.cut.keys()]);
    if (state.impact) markImpact(state.impact), renderImpact(state.impact);
  }
  renderHits();
  const root = state.nodes.get(state.rootId);
  if (root) showNode(root);
}

for (const input of document.querySelectorAll<HTMLInputElement>('input[name=mode]')) {
  input.addEventListener('change', () => input.checked && setMode(input.value as Mode));
}

function toggleCut(id: string, title: string) {
  if (state.cut.has(id)) state.cut.delete(id);
  else state.cut.set(id, title);
  renderCut();
  graph.markCut([...state.cut.keys()]);
  renderHits();
  const node = state.nodes.get(id);
  if (node && $('node-title')?.dataset.id === id) showNode(node);
}

function renderCut() {
  const items = [...state.cut].map(([id, title]) => {
    const remove = h('button', { type: 'button', class: 'remove', title: 'Poista leikkauksesta', 'aria-label': `Poista ${title}` }, '×');
    remove.addEventListener('click', () => toggleCut(id, title));
    return h('li', { 'data-id': id }, h('span', {}, title), remove);
  });
  $('cut-list').replaceChildren(...items);
  $<HTMLButtonElement>('impact-run').disabled = state.cut.size === 0;
}

async function runImpact() {
  const out = $('impact-result');
  out.replaceChildren(h('p', { class: 'status' }, 'Lasketaan vaikutusta…'));
  try {
    const { impact } = await gql<{ impact: ImpactReport }>(Q_IMPACT, { cut: [...state.cut.keys()], regionId: state.regionId || null });
    state.impact = impact;
    markImpact(impact);
    renderImpact(impact);
  } catch (err) {
    out.replaceChildren(h('p', { class: 'status error' }, `Vaikutusta ei saatu laskettua: ${message(err)}`));
  }
}

function markImpact(r: ImpactReport) {
  graph.markImpact({
    cut: r.cut.map((n) => n.id),
    removed: r.removedMeasures.map((m) => m.id),
    orphaned: r.orphaned.map((i) => i.node.id),
    weakened: r.weakened.map((i) => i.node.id),
  });
}

function impactList(title: string, cls: string, items: ImpactItem[]) {
  const MAX = 25;
  const list = h(
    'ul',
    { class: `impact-list ${cls}` },
    ...items.slice(0, MAX).map((i) => {
      const b = h('button', { type: 'button', 'data-id': i.node.id, title: i.node.id }, h('span', { class: 'impact-kind' }, kindFi(i.node.kind)), ` ${i.node.title}`);
      b.addEventListener('click', () => void traceNode(i.node.id));
      return h('li', {}, b, h('span', { class: 'support' }, `${i.before} → ${i.after}`));
    }),
  );
  return h(
    'section',
    {},
    h('h3', {}, `${title} (${items.length})`),
    items.length ? list : h('p', { class: 'muted' }, 'Ei yhtään.'),
    items.length > MAX ? h('p', { class: 'muted' }, `… ja ${items.length - MAX} muuta.`) : null,
  );
}

function renderImpact(r: ImpactReport) {
  const table = h(
    'table',
    { class: 'objective-losses' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Tavoite'), h('th', {}, 'Tuki ennen'), h('th', {}, 'jälkeen'), h('th', {}, 'Menetys'))),
    h(
      'tbody',
      {},
      ...r.objectives.map((o) =>
        h(
          'tr',
          { class: o.shareLost > 0 ? 'loses' : '' },
          h('td', { title: o.objective.title }, `${o.objective.number}. ${o.objective.title}`),
          h('td', { class: 'num' }, String(o.before)),
          h('td', { class: 'num' }, String(o.after)),
          h('td', { class: 'num' }, percent(o.shareLost)),
        ),
      ),
    ),
  );
  $('impact-result').replaceChildren(
    h('h2', {}, 'Leikkauksen vaikutus'),
    h('p', { class: 'impact-summary' }, `Leikkaus poistaa ${r.removedMeasures.length} toimenpidettä. ${r.orphaned.length} jää ilman toimenpiteitä, ${r.weakened.length} heikkenee.`),
    h('h3', {}, 'Strategisten tavoitteiden tuki (toimenpiteitä)'),
    r.objectives.length ? table : h('p', { class: 'muted' }, 'Alueella ei ole strategisia tavoitteita.'),
    impactList('Jää ilman toimenpiteitä', 'orphaned', r.orphaned),
    impactList('Heikkenee', 'weakened', r.weakened),
  );
}

$('impact-run').addEventListener('click', () => void runImpact());
$('impact-clear').addEventListener('click', () => {
  state.cut.clear();
  state.impact = null;
  renderCut();
  graph.markCut([]);
  graph.clearImpact();
  $('impact-result').replaceChildren();
  renderHits();
});

// ---------- service-path matrix ----------

async function loadMatrix() {
  const table = $('matrix');
  const region = state.matrixRegion;
  if (!region) {
    setStatus('matrix-status', 'Valitse alue.');
    return;
  }
  setStatus('matrix-status', 'Haetaan matriisia…');
  try {
    const { servicePathMatrix: m } = await gql<{ servicePathMatrix: Matrix }>(Q_MATRIX, { regionId: region });
    if (!m.rows.length) {
      table.replaceChildren();
      setStatus('matrix-status', 'Alueelle ei ole kirjattu palvelupolkumatriisia.');
      return;
    }
    const columns = [...m.columns].sort((a, b) => a.order - b.order);
    const inferred = m.rows.reduce((n, r) => n + r.cells.filter((c) => c.involved && c.confidence === 'INFERRED').length, 0);
    setStatus('matrix-status', `${m.rows.length} palvelupolkua, ${columns.length} saraketta; ${inferred} merkinnöistä on päätelty.`);
    const head = h('tr', {}, h('th', { scope: 'col' }, 'Palvelupolku'), ...columns.map((c) => h('th', { scope: 'col', title: `${kindFi(c.kind)}: ${c.title}` }, c.title)), h('th', { scope: 'col' }, 'Yht.'));
    const rows = m.rows.map((r) => {
      const byColumn = new Map(r.cells.map((c) => [c.column.id, c]));
      const pathCell = h('button', { type: 'button', class: 'path-link', 'data-id': r.path.id }, `${r.path.order}. ${r.path.title}`);
      pathCell.addEventListener('click', () => {
        showView('map');
        void traceNode(r.path.id);
      });
      return h(
        'tr',
        { 'data-id': r.path.id },
        h('th', { scope: 'row' }, pathCell),
        ...columns.map((col) => {
          const c = byColumn.get(col.id);
          if (!c?.involved) return h('td', { class: 'cell empty' }, '');
          const inf = c.confidence === 'INFERRED';
          return h('td', { class: `cell involved ${inf ? 'inferred' : 'stated'}`, title: inf ? `Päätelty: ${c.rationale ?? ''}` : 'Lähde merkitsee' }, '✕');
        }),
        h('td', { class: 'num' }, r.path.marks === r.involvedCount ? String(r.involvedCount) : `${r.involvedCount}/${r.path.marks}`),
      );
    });
    table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
  } catch (err) {
    setStatus('matrix-status', `Matriisia ei saatu: ${message(err)}`, true);
  }
}

function showView(view: 'map' | 'matrix') {
  $('map-view').hidden = view !== 'map';
  $('matrix-view').hidden = view !== 'matrix';
  $('view-map').setAttribute('aria-pressed', String(view === 'map'));
  $('view-matrix').setAttribute('aria-pressed', String(view === 'matrix'));
  if (view === 'matrix') void loadMatrix();
  else graph.cy.resize();
  updateUrl();
}

$('view-map').addEventListener('click', () => showView('map'));
$('view-matrix').addEventListener('click', () => showView('matrix'));

// ---------- legend and start ----------

$('legend').replaceChildren(
  ...Object.entries(KINDS)
    .filter(([k]) => !['REGION', 'ASSESSMENT'].includes(k))
    .map(([, v]) => h('span', { class: 'legend-item' }, h('span', { class: 'kind-dot', style: `background:${v.colour}` }), v.fi)),
  h('span', { class: 'legend-item' }, h('span', { class: 'line-sample stated' }), 'lähteessä'),
  h('span', { class: 'legend-item' }, h('span', { class: 'line-sample inferred' }), 'päätelty'),
);

async function start() {
  document.body.dataset.mode = 'trace';
  await loadRegions();
  const node = params.get('node');
  if (params.get('view') === 'matriisi') showView('matrix');
  if (node) {
    const { nodes } = await gql<{ nodes: (MapNode | null)[] }>(Q_NODES, { ids: [node] }).catch(() => ({ nodes: [] }));
    if (nodes[0]) await traceNode(node);
  }
  document.documentElement.dataset.map = 'ready';
}

void start();
