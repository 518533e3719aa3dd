/**
 * The strategy map at /map. Views (views.ts registry, one tab each, ?view= deep links): the
 * overview of a region (overview.ts, the start page), search and a node's routes to the strategy
 * objectives as a graph (keyboard: arrows, Enter, Delete; also as a table) with impact mode (pick
 * nodes to cut, see what is orphaned and weakened), what supports a node as a tree (tree.ts), and
 * the service-path matrix, the cut scenarios (scenario.ts) and a source's text (source.ts).
 * Interface text in fi/sv/en (messages.ts, scenario-messages.ts). Read only: every call is a
 * GraphQL query.
 */
import type cytoscape from 'cytoscape';
import {
  gql, Q_IMPACT, Q_MATRIX, Q_NODES, Q_REGIONS, Q_SEARCH, Q_TRACE,
  type ImpactItem, type ImpactReport, type MapEdge, type MapNode, type Matrix, type SearchHit, type TraceResult,
} from './api';
import { confidenceLine, kindLine, sourceList } from './details';
import { RouteGraph } from './graph';
import { historySection } from './history';
import { lang, LANGS, plural, setLang, t, type Lang } from './i18n';
import { confidenceFi, KINDS, kindFi, percent, relationFi } from './labels';
import { $, h } from './dom';
import { fill, message, navigate, onNavigate, regionName, shared } from './nav';
import { overviewView } from './overview';
import { onTreeChange, treeView } from './tree';
import { activate, currentView, onUrlChange, registerView, renderTabs, viewByUrlName, type MapView } from './views';
import './map.css';
import { scenarioView } from './scenario';
import { hitText } from './snippet';
import { sourceView } from './source';

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
  mode: 'trace' as Mode,
  nodes: new Map<string, MapNode>(),
  rootId: '',
  trace: null as TraceResult | null,
  cut: new Map<string, string>(),
  impact: null as ImpactReport | null,
  /** The node the keyboard is on (the graph's selection). */
  focusId: '',
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

// ---------- interface text ----------

/** Static text of index.html: data-i18n (text), data-i18n-placeholder, data-i18n-aria-label. */
function relabelStatic() {
  document.documentElement.lang = lang();
  document.title = `${t('app.title')} · Strategiagraafi`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n!);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder!));
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel!));
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-roledescription]')) el.setAttribute('aria-roledescription', t(el.dataset.i18nRoledescription!));
  renderLegend();
}

function setupLanguage() {
  const select = $<HTMLSelectElement>('lang');
  select.value = lang();
  select.addEventListener('change', () => {
    if (!(LANGS as string[]).includes(select.value)) return;
    setLang(select.value as Lang);
    relabelStatic();
    renderTabs($('view-tabs'), (v) => void showView(v));
    renderHits();
    renderCut();
    const root = state.nodes.get(state.rootId);
    if (root) showNode(root, state.trace ?? undefined);
    if (state.impact) renderImpact(state.impact);
    renderGraphTable();
    currentView()?.relabel?.();
    updateUrl();
  });
}

// ---------- regions and URL ----------

const params = new URLSearchParams(location.search);

function updateUrl() {
  const p = new URLSearchParams();
  if (shared.regionId) p.set('region', shared.regionId);
  const view = currentView();
  if (view) p.set('view', view.urlName);
  for (const [k, v] of Object.entries(view?.urlParams?.() ?? {})) p.set(k, v);
  const kept = new URLSearchParams(location.search).get('lang');
  if (kept) p.set('lang', lang());
  const qs = p.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
}

async function loadRegions() {
  const select = $<HTMLSelectElement>('region');
  try {
    const { regions } = await gql<{ regions: { id: string; title: string; shortName: string | null }[] }>(Q_REGIONS);
    shared.regions = regions;
    for (const r of regions) select.append(h('option', { value: r.id }, r.shortName ?? r.title));
    const wanted = params.get('region');
    if (wanted && regions.some((r) => r.id === wanted)) select.value = wanted;
    shared.regionId = select.value;
  } catch (err) {
    setStatus('search-status', t('region.failed', { error: message(err) }), true);
  }
  select.addEventListener('change', () => {
    shared.regionId = select.value;
    updateUrl();
    const view = currentView();
    if (view && view.urlName !== 'kartta') void view.show(new URLSearchParams(location.search));
  });
}

function setStatus(id: string, text: string, error = false) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('error', error);
}

// ---------- search ----------

let lastHits: SearchHit[] = [];
let lastText = '';

async function search(text: string) {
  lastText = text;
  setStatus('search-status', t('search.searching'));
  $('hits').replaceChildren();
  try {
    const { search } = await gql<{ search: SearchHit[] }>(Q_SEARCH, { text, regionId: shared.regionId || null });
    lastHits = search;
    renderHits();
  } catch (err) {
    setStatus('search-status', t('search.failed', { error: message(err) }), true);
  }
}

/** One search hit as a list item (the one place hits are drawn). */
function renderHit(hit: SearchHit): HTMLLIElement {
  const n = hit.node;
  const open = h(
    'button',
    { type: 'button', class: 'hit', 'data-id': n.id },
    h('span', { class: 'kind-dot', style: `background:${KINDS[n.kind]?.colour ?? '#666'}` }),
    h('span', { class: 'hit-kind' }, kindFi(n.kind), n.region?.shortName ? ` · ${n.region.shortName}` : ''),
    ...hitText(n.title, hit.snippet), // #13: the title's matched words, or the passage that matched
  );
  if (n.id === state.rootId) open.classList.add('active');
  open.addEventListener('click', () => void traceNode(n.id));
  const li = h('li', {}, open);
  if (state.mode === 'impact') {
    const cut = h('button', { type: 'button', class: 'hit-cut', 'data-cut': n.id, 'aria-pressed': String(state.cut.has(n.id)), 'aria-label': `${t('cut.add')}: ${n.title}` }, state.cut.has(n.id) ? t('cut.added') : t('cut.add'));
    cut.addEventListener('click', () => toggleCut(n.id, n.title));
    li.append(cut);
  }
  return li;
}

function renderHits() {
  if (lastText) setStatus('search-status', lastHits.length ? plural(lastHits.length, 'search.hits') : t('search.none', { text: lastText }));
  $('hits').replaceChildren(...lastHits.map(renderHit));
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
    state.trace = trace;
    graph.show(trace.nodes, trace.edges, trace.root.id);
    graph.markCut([...state.cut.keys()]);
    if (state.impact) markImpact(state.impact);
    graph.select(trace.root.id);
    state.focusId = trace.root.id;
    const root = state.nodes.get(trace.root.id);
    if (root) showNode(root, trace);
    renderGraphTable();
    graphEl.dataset.state = 'ready';
    for (const b of document.querySelectorAll<HTMLElement>('#hits .hit')) b.classList.toggle('active', b.dataset.id === id);
    updateUrl();
  } catch (err) {
    console.error(err);
    graphEl.dataset.state = 'error';
    graph.clear();
    $('graph-empty').hidden = false;
    $('graph-empty').textContent = t('graph.failed', { error: message(err) });
  }
}

async function onNodeTap(id: string) {
  const node = state.nodes.get(id);
  state.focusId = id;
  if (state.mode === 'impact') toggleCut(id, node?.title ?? id);
  if (node) showNode(node);
}

function showNode(node: MapNode, trace?: TraceResult) {
  const details = $('details');
  const reached = trace
    ? h(
        'p',
        { class: trace.objectives.length ? 'reach' : 'reach none' },
        trace.objectives.length
          ? plural(trace.objectives.length, 'reach.some', {
              list: trace.objectives.map((o) => o.number).sort().join(', '),
              paths: plural(trace.paths.length, 'reach.paths'),
              inferred: trace.inferred ? t('reach.inferred') : '',
            })
          : t('reach.none'),
      )
    : null;
  const actions = h('div', { class: 'node-actions' });
  if (node.id !== state.rootId) {
    const b = h('button', { type: 'button', 'data-action': 'trace' }, t('node.traceFrom'));
    b.addEventListener('click', () => void traceNode(node.id));
    actions.append(b);
  }
  const tree = h('button', { type: 'button', 'data-action': 'tree' }, t('node.supports'));
  tree.addEventListener('click', () => navigate('puu', node.id));
  actions.append(tree);
  if (state.mode === 'impact') {
    const b = h('button', { type: 'button', 'data-action': 'cut' }, state.cut.has(node.id) ? t('cut.removeNode') : t('cut.addNode'));
    b.addEventListener('click', () => toggleCut(node.id, node.title));
    actions.append(b);
  }
  fill(
    details,
    kindLine(node.kind, node.region?.shortName),
    h('h2', { id: 'node-title', 'data-id': node.id }, node.title),
    node.description && node.description !== node.title ? h('p', { class: 'description' }, node.description) : null,
    confidenceLine(node.confidence, node.rationale),
    reached,
    h('h3', {}, t('source.heading')),
    sourceList(node),
    historySection(node.id),
    actions,
  );
  graph.select(node.id);
}

function showEdge(edge: MapEdge) {
  const title = (id: string) => state.nodes.get(id)?.title ?? '';
  fill(
    $('details'),
    h('div', { class: 'node-kind' }, t('node.edge')),
    h('h2', {}, `${title(edge.from)} — ${relationFi(edge.type)} → ${title(edge.to)}`),
    confidenceLine(edge.confidence, edge.rationale),
  );
}

// ---------- the graph by keyboard, and as a table ----------

/** Nodes in reading order: top row first (the objectives), left to right. */
function nodesInOrder(): string[] {
  return graph.cy
    .nodes()
    .map((n) => ({ id: n.id(), p: n.position() }))
    .sort((a, b) => a.p.y - b.p.y || a.p.x - b.p.x)
    .map((n) => n.id);
}

function announce(id: string) {
  const n = state.nodes.get(id);
  if (n) $('graph-announce').textContent = t('graph.selected', { kind: kindFi(n.kind), title: n.title });
}

graphEl.addEventListener('keydown', (e) => {
  const order = nodesInOrder();
  if (!order.length) return;
  const at = Math.max(0, order.indexOf(state.focusId));
  let next: string | null = null;
  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = order[Math.min(order.length - 1, at + 1)];
  else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = order[Math.max(0, at - 1)];
  else if (e.key === 'Home') next = order[0];
  else if (e.key === 'End') next = order[order.length - 1];
  if (next) {
    e.preventDefault();
    state.focusId = next;
    const n = state.nodes.get(next);
    if (n) showNode(n);
    announce(next);
    return;
  }
  const n = state.nodes.get(state.focusId);
  if (!n) return;
  if (e.key === 'Enter') {
    e.preventDefault();
    void traceNode(n.id).then(() => graphEl.focus());
  } else if ((e.key === 'Delete' || e.key === 'Backspace') && state.mode === 'impact') {
    e.preventDefault();
    toggleCut(n.id, n.title);
  }
});

function renderGraphTable() {
  const table = $('graph-table');
  const trace = state.trace;
  if (!trace) return table.replaceChildren();
  const title = (id: string) => state.nodes.get(id)?.title ?? '';
  const kind = (id: string) => kindFi(state.nodes.get(id)?.kind ?? '');
  table.replaceChildren(
    h('caption', {}, t('graph.tableCaption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('graph.from')), h('th', { scope: 'col' }, t('graph.relation')), h('th', { scope: 'col' }, t('graph.to')), h('th', { scope: 'col' }, t('graph.confidence')))),
    h(
      'tbody',
      {},
      ...trace.edges.map((e) =>
        h(
          'tr',
          { class: e.confidence === 'INFERRED' ? 'inferred' : '' },
          h('td', {}, h('span', { class: 'cell-kind' }, kind(e.from)), ' ', title(e.from)),
          h('td', {}, relationFi(e.type)),
          h('td', {}, h('span', { class: 'cell-kind' }, kind(e.to)), ' ', title(e.to)),
          h('td', {}, confidenceFi(e.confidence), e.confidence === 'INFERRED' && e.rationale ? h('span', { class: 'rationale-inline' }, `: ${e.rationale}`) : null),
        ),
      ),
    ),
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
    const remove = h('button', { type: 'button', class: 'remove', 'aria-label': t('cut.remove', { title }) }, '×');
    remove.addEventListener('click', () => toggleCut(id, title));
    return h('li', { 'data-id': id }, h('span', {}, title), remove);
  });
  $('cut-list').replaceChildren(...items);
  $<HTMLButtonElement>('impact-run').disabled = state.cut.size === 0;
}

async function runImpact() {
  const out = $('impact-result');
  out.replaceChildren(h('p', { class: 'status' }, t('impact.computing')));
  try {
    const { impact } = await gql<{ impact: ImpactReport }>(Q_IMPACT, { cut: [...state.cut.keys()], regionId: shared.regionId || null });
    state.impact = impact;
    markImpact(impact);
    renderImpact(impact);
  } catch (err) {
    out.replaceChildren(h('p', { class: 'status error' }, t('impact.failed', { error: message(err) })));
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
      const b = h('button', { type: 'button', 'data-id': i.node.id }, h('span', { class: 'impact-kind' }, kindFi(i.node.kind)), ` ${i.node.title}`);
      b.addEventListener('click', () => void traceNode(i.node.id));
      return h('li', {}, b, h('span', { class: 'support' }, `${i.before} → ${i.after}`));
    }),
  );
  return h(
    'section',
    {},
    h('h3', {}, `${title} (${items.length})`),
    items.length ? list : h('p', { class: 'muted' }, t('impact.none')),
    items.length > MAX ? h('p', { class: 'muted' }, t('impact.more', { n: items.length - MAX })) : null,
  );
}

function renderImpact(r: ImpactReport) {
  const table = h(
    'table',
    { class: 'objective-losses' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('impact.objective')), h('th', { scope: 'col' }, t('impact.before')), h('th', { scope: 'col' }, t('impact.after')), h('th', { scope: 'col' }, t('impact.loss')))),
    h(
      'tbody',
      {},
      ...r.objectives.map((o) =>
        h(
          'tr',
          { class: o.shareLost > 0 ? 'loses' : '' },
          h('td', {}, `${o.objective.number}. ${o.objective.title}`),
          h('td', { class: 'num' }, String(o.before)),
          h('td', { class: 'num' }, String(o.after)),
          h('td', { class: 'num' }, percent(o.shareLost)),
        ),
      ),
    ),
  );
  $('impact-result').replaceChildren(
    h('h2', {}, t('impact.heading')),
    h('p', { class: 'impact-summary' }, `${plural(r.removedMeasures.length, 'impact.removes')} ${t('impact.orphanedWeakened', { orphaned: r.orphaned.length, weakened: r.weakened.length })}`),
    h('h3', {}, t('impact.support')),
    r.objectives.length ? table : h('p', { class: 'muted' }, t('impact.noObjectives')),
    impactList(t('impact.orphaned'), 'orphaned', r.orphaned),
    impactList(t('impact.weakened'), 'weakened', r.weakened),
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

// ---------- service-path matrix: the chosen region's, with the inferred marks' rationales in the page ----------

async function loadMatrix() {
  const table = $('matrix');
  const region = shared.regionId;
  const notes = $('matrix-rationales');
  table.replaceChildren();
  notes.replaceChildren();
  if (!region) {
    setStatus('matrix-status', t('matrix.chooseRegion'));
    return;
  }
  setStatus('matrix-status', t('matrix.loading'));
  try {
    const { servicePathMatrix: m } = await gql<{ servicePathMatrix: Matrix }>(Q_MATRIX, { regionId: region });
    if (!m.rows.length) {
      setStatus('matrix-status', t('matrix.none', { region: regionName(region) }));
      return;
    }
    const columns = [...m.columns].sort((a, b) => a.order - b.order);
    const inferredCells: { path: string; column: string; rationale: string; n: number }[] = [];
    const inferred = m.rows.reduce((n, r) => n + r.cells.filter((c) => c.involved && c.confidence === 'INFERRED').length, 0);
    setStatus('matrix-status', t('matrix.summary', {
      region: regionName(region),
      paths: plural(m.rows.length, 'matrix.paths'),
      columns: plural(columns.length, 'matrix.columns'),
      inferred: plural(inferred, 'matrix.inferred'),
    }));
    const head = h('tr', {}, h('th', { scope: 'col' }, t('matrix.path')), ...columns.map((c) => h('th', { scope: 'col' }, c.title)), h('th', { scope: 'col' }, t('matrix.total')));
    const rows = m.rows.map((r) => {
      const byColumn = new Map(r.cells.map((c) => [c.column.id, c]));
      const pathCell = h('button', { type: 'button', class: 'path-link', 'data-id': r.path.id }, `${r.path.order}. ${r.path.title}`);
      pathCell.addEventListener('click', () => navigate('kartta', r.path.id));
      return h(
        'tr',
        { 'data-id': r.path.id },
        h('th', { scope: 'row' }, pathCell),
        ...columns.map((col) => {
          const c = byColumn.get(col.id);
          if (!c?.involved) return h('td', { class: 'cell empty' }, h('span', { class: 'visually-hidden' }, t('matrix.notInvolved')));
          const inf = c.confidence === 'INFERRED';
          if (inf) inferredCells.push({ path: `${r.path.order}. ${r.path.title}`, column: col.title, rationale: c.rationale ?? '', n: inferredCells.length + 1 });
          return h(
            'td',
            { class: `cell involved ${inf ? 'inferred' : 'stated'}` },
            h('span', { 'aria-hidden': 'true' }, '✕'),
            inf ? h('sup', { class: 'note-ref' }, h('a', { href: `#mr-${inferredCells.length}`, 'aria-label': `${t('matrix.inferredCell')}, ${t('rationale')} ${inferredCells.length}` }, String(inferredCells.length))) : h('span', { class: 'visually-hidden' }, t('matrix.stated')),
          );
        }),
        h('td', { class: 'num' }, r.path.marks === r.involvedCount ? String(r.involvedCount) : `${r.involvedCount}/${r.path.marks}`),
      );
    });
    table.replaceChildren(h('caption', { class: 'visually-hidden' }, t('matrix.caption')), h('thead', {}, head), h('tbody', {}, ...rows));
    if (inferredCells.length) {
      notes.replaceChildren(
        h('h3', {}, t('matrix.rationales')),
        h('ol', { class: 'matrix-notes' }, ...inferredCells.map((c) => h('li', { id: `mr-${c.n}` }, h('strong', {}, `${c.path} × ${c.column}: `), c.rationale))),
      );
    }
  } catch (err) {
    setStatus('matrix-status', t('matrix.failed', { error: message(err) }), true);
  }
}

// ---------- views ----------

const mapView: MapView = {
  id: 'map-view',
  urlName: 'kartta',
  label: 'view.map',
  async show(p) {
    const node = p.get('node');
    if (node && node !== state.rootId) {
      const { nodes } = await gql<{ nodes: (MapNode | null)[] }>(Q_NODES, { ids: [node] }).catch(() => ({ nodes: [] as (MapNode | null)[] }));
      if (nodes[0]) await traceNode(node);
    }
    graph.cy.resize();
  },
  urlParams: (): Record<string, string> => (state.rootId ? { node: state.rootId } : {}),
};

const matrixView: MapView = {
  id: 'matrix-view',
  urlName: 'matriisi',
  label: 'view.matrix',
  show: () => loadMatrix(),
  relabel: () => void loadMatrix(),
};

registerView(overviewView);
registerView(mapView);
registerView(treeView);
registerView(matrixView);
registerView(scenarioView);
registerView(sourceView);

async function showView(view: MapView, p = new URLSearchParams()) {
  // The URL names the view at once, and again when it has loaded (a view may add parameters).
  const shown = activate(view, p);
  updateUrl();
  await shown;
  updateUrl();
}

onNavigate((name, node) => {
  const view = viewByUrlName(name);
  if (!view) return;
  const p = new URLSearchParams();
  if (node) p.set('node', node);
  void showView(view, p).then(() => {
    // Focus moves to the new view's heading, so a keyboard or screen-reader user lands there.
    const heading = $(view.id).querySelector<HTMLElement>('h2');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  });
});
onTreeChange(updateUrl);
onUrlChange(updateUrl);

// ---------- legend and start ----------

function renderLegend() {
  $('legend').replaceChildren(
    ...Object.keys(KINDS)
      .filter((k) => !['REGION', 'ASSESSMENT'].includes(k))
      .map((k) => h('span', { class: 'legend-item' }, h('span', { class: 'kind-dot', style: `background:${KINDS[k].colour}` }), kindFi(k))),
    h('span', { class: 'legend-item' }, h('span', { class: 'line-sample stated' }), t('legend.stated')),
    h('span', { class: 'legend-item' }, h('span', { class: 'line-sample inferred' }), t('legend.inferred')),
  );
}

async function start() {
  document.body.dataset.mode = 'trace';
  relabelStatic();
  setupLanguage();
  await loadRegions();
  renderTabs($('view-tabs'), (v) => void showView(v));
  // ?view= names a view; a bare ?node= (older links) opens its route; else the overview.
  const view = viewByUrlName(params.get('view')) ?? (params.get('node') ? mapView : overviewView);
  await showView(view, params);
  document.documentElement.dataset.map = 'ready';
}

void start();
