/**
 * What supports a node, or what it owns, as a collapsible tree (disclosure buttons, so the keyboard
 * works with Tab, Enter and Space), with filters by service line, unit or partner, due year, kind
 * and confidence, breadcrumbs back up, and a details panel with the chosen node's source. The
 * node and the filters live in the URL (?view=puu&node=...&linja=...&yksikko=...&vuosi=...).
 */
import { gql, Q_NODES, Q_TREE, type MapNode, type SupportTreeData, type TreeEntry, type TreeFilter } from './api';
import { confidenceLine, kindLine, sourceList } from './details';
import { $, h } from './dom';
import { plural, t } from './i18n';
import { KINDS, kindFi, treeRelation } from './labels';
import { fill, message, navigate, regionName, shared } from './nav';
import type { MapView } from './views';

const state = {
  id: '',
  filter: {} as TreeFilter,
  data: null as SupportTreeData | null,
  selected: '',
};

const FILTER_PARAMS = { serviceLineId: 'linja', unitId: 'yksikko', dueYear: 'vuosi', kinds: 'laji', confidence: 'varmuus' } as const;

function filterFromParams(p: URLSearchParams): TreeFilter {
  const f: TreeFilter = {};
  if (p.get('linja')) f.serviceLineId = p.get('linja')!;
  if (p.get('yksikko')) f.unitId = p.get('yksikko')!;
  if (p.get('vuosi') && /^\d{4}$/.test(p.get('vuosi')!)) f.dueYear = Number(p.get('vuosi'));
  if (p.get('laji')) f.kinds = [p.get('laji')!];
  const c = p.get('varmuus');
  if (c === 'STATED' || c === 'INFERRED') f.confidence = c;
  return f;
}

let onChange: () => void = () => {};

async function show(params: URLSearchParams) {
  const id = params.get('node') ?? '';
  state.id = id;
  state.filter = filterFromParams(params);
  if (!id) {
    $('tree-heading').textContent = t('view.tree');
    $('tree-status').textContent = t('tree.choose');
    $('tree').replaceChildren();
    $('tree-filters').replaceChildren();
    $('tree-breadcrumbs').replaceChildren();
    return;
  }
  await load();
}

async function load() {
  const status = $('tree-status');
  status.textContent = t('tree.loading');
  status.classList.remove('error');
  $('tree').dataset.state = 'loading';
  try {
    const { supportTree } = await gql<{ supportTree: SupportTreeData | null }>(Q_TREE, { id: state.id, filter: state.filter, depth: TREE_DEPTH });
    if (!supportTree) throw new Error(t('tree.choose'));
    state.data = supportTree;
    render(supportTree);
    $('tree').dataset.state = 'ready';
  } catch (err) {
    status.textContent = t('tree.failed', { error: message(err) });
    status.classList.add('error');
    $('tree').dataset.state = 'error';
  }
}

/** Objective > goal > sub-goal > measure; a measure's own tree shows its indicators and who carries it. */
const TREE_DEPTH = 3;

const OWNERS = new Set(['RESPONSIBLE_UNIT', 'PARTNER', 'SERVICE_LINE', 'PROGRAMME']);

function render(d: SupportTreeData) {
  $('tree-heading').textContent = t(OWNERS.has(d.root.kind) ? 'tree.owns' : 'tree.heading', { title: d.root.title });
  renderBreadcrumbs(d);
  renderFilters(d);
  const rows = d.entries.length - 1;
  $('tree-status').textContent = rows ? `${plural(rows, 'tree.count')}${d.truncated ? ` ${t('tree.truncated', { n: TREE_DEPTH })}` : ''}` : t('tree.empty');

  // Entries come in tree order: build nested lists with a stack of open parents.
  const rootList = $('tree');
  const lists: HTMLUListElement[] = [rootList as HTMLUListElement];
  const items: HTMLLIElement[] = [];
  rootList.replaceChildren();
  d.entries.forEach((e, i) => {
    if (e.depth === 0) return;
    const hasChildren = d.entries[i + 1]?.depth === e.depth + 1;
    const li = treeItem(e, hasChildren);
    lists.length = e.depth;
    items.length = e.depth - 1;
    lists[e.depth - 1].append(li);
    if (hasChildren) {
      const ul = h('ul', { class: 'tree-children', id: `tc-${i}` });
      ul.hidden = e.depth >= 2;
      li.append(ul);
      li.querySelector<HTMLElement>('.tree-toggle')!.setAttribute('aria-controls', ul.id);
      li.querySelector<HTMLElement>('.tree-toggle')!.setAttribute('aria-expanded', String(!ul.hidden));
      lists[e.depth] = ul;
    }
    items[e.depth - 1] = li;
  });
  const tools = document.querySelector<HTMLElement>('#tree-view .tree-tools')!;
  const all = h('button', { type: 'button', id: 'tree-expand-all' }, t('tree.expandAll'));
  all.addEventListener('click', () => setAll(true));
  const none = h('button', { type: 'button', id: 'tree-collapse-all' }, t('tree.collapseAll'));
  none.addEventListener('click', () => setAll(false));
  tools.replaceChildren(all, none);
  if (state.selected && !d.entries.some((e) => e.node.id === state.selected)) state.selected = '';
  void showDetails(state.selected || d.root.id);
}

function setAll(open: boolean) {
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tree .tree-toggle')) toggle(b, open);
}

function toggle(b: HTMLButtonElement, open?: boolean) {
  const ul = document.getElementById(b.getAttribute('aria-controls') ?? '');
  if (!ul) return;
  const next = open ?? ul.hidden;
  ul.hidden = !next;
  b.setAttribute('aria-expanded', String(next));
  const title = b.dataset.title ?? '';
  b.setAttribute('aria-label', t(next ? 'tree.collapse' : 'tree.expand', { title }));
}

function treeItem(e: TreeEntry, hasChildren: boolean): HTMLLIElement {
  const n = e.node;
  const inferred = e.confidence === 'INFERRED';
  const toggleButton = hasChildren
    ? h('button', { type: 'button', class: 'tree-toggle', 'data-title': n.title, 'aria-label': t(e.depth >= 2 ? 'tree.expand' : 'tree.collapse', { title: n.title }) })
    : h('span', { class: 'tree-toggle-space', 'aria-hidden': 'true' });
  if (toggleButton instanceof HTMLButtonElement) toggleButton.addEventListener('click', () => toggle(toggleButton));
  const open = h(
    'button',
    { type: 'button', class: 'tree-node', 'data-id': n.id },
    h('span', { class: 'kind-dot', style: `background:${KINDS[n.kind]?.colour ?? '#666'}` }),
    h('span', { class: 'tree-kind' }, kindFi(n.kind)),
    ' ',
    h('span', { class: 'tree-title' }, n.title),
  );
  open.addEventListener('click', () => void showDetails(n.id));
  return h(
    'li',
    { class: `tree-item${inferred ? ' inferred' : ''}`, 'data-id': n.id, 'data-kind': n.kind, 'data-depth': String(e.depth) },
    h(
      'div',
      { class: 'tree-row' },
      toggleButton,
      h('span', { class: 'tree-relation' }, e.relation ? treeRelation(e.relation, e.direction) : ''),
      open,
      n.dueYear ? h('span', { class: 'tree-due' }, t('tree.due', { year: String(n.dueYear) })) : null,
      inferred ? h('span', { class: 'badge inferred' }, t('conf.INFERRED')) : null,
    ),
    inferred && e.rationale ? h('p', { class: 'tree-rationale' }, h('strong', {}, `${t('rationale')}: `), e.rationale) : null,
  ) as HTMLLIElement;
}

function renderBreadcrumbs(d: SupportTreeData) {
  const crumbs: HTMLElement[] = [];
  const overview = h('button', { type: 'button', class: 'crumb' }, shared.regionId ? `${t('view.overview')}: ${regionName(shared.regionId)}` : t('view.overview'));
  overview.addEventListener('click', () => navigate('yleiskuva'));
  crumbs.push(h('li', {}, overview));
  for (const a of d.ancestors) {
    const b = h('button', { type: 'button', class: 'crumb', 'data-id': a.id }, `${kindFi(a.kind)}: ${a.title}`);
    b.addEventListener('click', () => navigate('puu', a.id));
    crumbs.push(h('li', {}, b));
  }
  crumbs.push(h('li', { 'aria-current': 'page' }, `${kindFi(d.root.kind)}: ${d.root.title}`));
  const nav = $('tree-breadcrumbs');
  nav.setAttribute('aria-label', t('tree.breadcrumbs'));
  nav.replaceChildren(h('ol', {}, ...crumbs));
}

function select(id: string, label: string, value: string, options: [string, string][], onPick: (v: string) => void) {
  const s = h('select', { id }, h('option', { value: '' }, t('tree.any')), ...options.map(([v, text]) => h('option', { value: v }, text)));
  s.value = value;
  s.addEventListener('change', () => onPick(s.value));
  return h('label', { class: 'tree-filter' }, h('span', {}, label), s);
}

function renderFilters(d: SupportTreeData) {
  const f = state.filter;
  const set = (patch: Partial<TreeFilter>) => {
    state.filter = { ...f, ...patch };
    for (const [k, v] of Object.entries(state.filter)) if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) delete (state.filter as Record<string, unknown>)[k];
    onChange();
    void load();
  };
  fill(
    $('tree-filters'),
    h(
      'fieldset',
      {},
      h('legend', {}, t('tree.filters')),
      d.facets.serviceLines.length ? select('tf-line', t('tree.filter.serviceLine'), f.serviceLineId ?? '', d.facets.serviceLines.map((l) => [l.id, l.title]), (v) => set({ serviceLineId: v || undefined })) : null,
      d.facets.units.length ? select('tf-unit', t('tree.filter.unit'), f.unitId ?? '', d.facets.units.map((u) => [u.id, u.title]), (v) => set({ unitId: v || undefined })) : null,
      d.facets.dueYears.length ? select('tf-year', t('tree.filter.dueYear'), f.dueYear ? String(f.dueYear) : '', d.facets.dueYears.map((y) => [String(y), String(y)]), (v) => set({ dueYear: v ? Number(v) : undefined })) : null,
      select('tf-kind', t('tree.filter.kind'), f.kinds?.[0] ?? '', d.facets.kinds.map((k) => [k, kindFi(k)]), (v) => set({ kinds: v ? [v] : undefined })),
      select('tf-confidence', t('tree.filter.confidence'), f.confidence ?? '', [['STATED', t('conf.STATED')], ['INFERRED', t('conf.INFERRED')]], (v) => set({ confidence: (v || undefined) as TreeFilter['confidence'] })),
    ),
  );
}

async function showDetails(id: string) {
  state.selected = id;
  for (const b of document.querySelectorAll<HTMLElement>('#tree .tree-node')) {
    if (b.dataset.id === id) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
  const box = $('tree-details');
  try {
    const { nodes } = await gql<{ nodes: (MapNode | null)[] }>(Q_NODES, { ids: [id] });
    const n = nodes[0];
    if (!n) return;
    const supports = h('button', { type: 'button', 'data-action': 'tree' }, t('tree.open'));
    supports.addEventListener('click', () => navigate('puu', n.id));
    const route = h('button', { type: 'button', 'data-action': 'trace' }, t('tree.route'));
    route.addEventListener('click', () => navigate('kartta', n.id));
    fill(
      box,
      kindLine(n.kind, n.region?.shortName),
      h('h3', { id: 'tree-details-title', 'data-id': n.id }, n.title),
      n.description && n.description !== n.title ? h('p', { class: 'description' }, n.description) : null,
      confidenceLine(n.confidence, n.rationale),
      h('h4', {}, t('source.heading')),
      sourceList(n),
      h('div', { class: 'node-actions' }, n.id !== state.id ? supports : null, route),
    );
  } catch (err) {
    box.textContent = message(err);
  }
}

/** The tree's node and filters, for the URL. */
function urlParams(): Record<string, string> {
  const p: Record<string, string> = {};
  if (state.id) p.node = state.id;
  const f = state.filter;
  if (f.serviceLineId) p[FILTER_PARAMS.serviceLineId] = f.serviceLineId;
  if (f.unitId) p[FILTER_PARAMS.unitId] = f.unitId;
  if (f.dueYear) p[FILTER_PARAMS.dueYear] = String(f.dueYear);
  if (f.kinds?.length) p[FILTER_PARAMS.kinds] = f.kinds[0];
  if (f.confidence) p[FILTER_PARAMS.confidence] = f.confidence;
  return p;
}

export function onTreeChange(f: () => void) {
  onChange = f;
}

export const treeView: MapView = {
  id: 'tree-view',
  urlName: 'puu',
  label: 'view.tree',
  show,
  urlParams,
  relabel: () => {
    if (state.data) render(state.data);
  },
};
