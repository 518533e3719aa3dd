/**
 * The overview (the map's start page, per region): the objectives with how many strategy goals,
 * sub-goals, measures and indicators support each, the indicators' targets and observations as
 * small charts, the programmes with their stated status, what is due this year and next, and the
 * coverage gaps. Every number is a button that opens the list behind it.
 */
import { gql, Q_OVERVIEW, Q_OVERVIEW_GAPS, type IndicatorRef, type NodeRef, type OverviewData, type OverviewGaps } from './api';
import { $, h } from './dom';
import { format, plural, t } from './i18n';
import { KINDS, kindFi } from './labels';
import { fill, message, navigate, regionName, shared } from './nav';
import { sparkline } from './sparkline';
import type { MapView } from './views';

let data: OverviewData | null = null;

async function show() {
  const body = $('overview-body');
  const status = $('overview-status');
  $('overview-list').hidden = true;
  if (!shared.regionId) {
    $('overview-heading').textContent = t('view.overview');
    status.textContent = t('ov.chooseRegion');
    fill(body, h('ul', { class: 'region-choices' }, ...shared.regions.map((r) => {
      const b = h('button', { type: 'button', class: 'region-choice', 'data-region': r.id }, r.title);
      b.addEventListener('click', () => {
        const select = $<HTMLSelectElement>('region');
        select.value = r.id;
        select.dispatchEvent(new Event('change'));
      });
      return h('li', {}, b);
    })));
    return;
  }
  $('overview-heading').textContent = t('ov.heading', { region: regionName(shared.regionId) });
  status.textContent = t('ov.loading');
  try {
    ({ overview: data } = await gql<{ overview: OverviewData }>(Q_OVERVIEW, { regionId: shared.regionId }));
    status.textContent = '';
    render(data);
    document.documentElement.dataset.overview = 'ready';
    const region = shared.regionId;
    const { overview: gaps } = await gql<{ overview: OverviewGaps }>(Q_OVERVIEW_GAPS, { regionId: region });
    if (region === shared.regionId) renderGaps(gaps);
    document.documentElement.dataset.overviewGaps = 'ready';
  } catch (err) {
    status.textContent = t('ov.failed', { error: message(err) });
    status.classList.add('error');
  }
}

/** A count that opens its list. */
function countButton(label: string, title: string, items: NodeRef[], kind: string) {
  const b = h('button', { type: 'button', class: 'count', 'data-count': kind, 'data-n': String(items.length) }, label);
  b.disabled = items.length === 0;
  b.addEventListener('click', () => openList(title, items, b));
  return b;
}

function openList(title: string, items: NodeRef[], returnTo: HTMLElement) {
  const box = $('overview-list');
  const close = h('button', { type: 'button', class: 'list-close' }, t('list.close'));
  close.addEventListener('click', () => {
    box.hidden = true;
    returnTo.focus();
  });
  fill(
    box,
    h('div', { class: 'drill-head' }, h('h3', { id: 'overview-list-heading' }, title), close),
    items.length
      ? h('ul', { class: 'drill-items' }, ...items.map((n) => h('li', {}, nodeLink(n))))
      : h('p', { class: 'muted' }, t('list.empty')),
  );
  box.hidden = false;
  box.focus();
}

/** A node as a link to its tree (what supports it); measures and indicators open their route. */
export function nodeLink(n: NodeRef) {
  const b = h(
    'button',
    { type: 'button', class: 'node-link', 'data-id': n.id },
    h('span', { class: 'kind-dot', style: `background:${KINDS[n.kind]?.colour ?? '#666'}` }),
    h('span', { class: 'node-link-kind' }, kindFi(n.kind)),
    ' ',
    h('span', { class: 'node-link-title' }, n.title),
    n.dueYear ? h('span', { class: 'node-link-due' }, ` · ${t('tree.due', { year: String(n.dueYear) })}`) : null,
  );
  b.addEventListener('click', () => navigate('puu', n.id));
  return b;
}

function indicatorRow(i: IndicatorRef) {
  const obs = i.observations;
  const last = obs.at(-1);
  const COMPARATORS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '~': '~' };
  const unit = (v: number, u: string | null) => `${i.comparator && COMPARATORS[i.comparator] ? `${COMPARATORS[i.comparator]} ` : ''}${format(v)}${u ? ` ${u}` : ''}`;
  return h(
    'li',
    { class: 'indicator', 'data-id': i.id },
    h('span', { class: 'indicator-title' }, i.title),
    h(
      'span',
      { class: 'indicator-figures' },
      i.target != null ? t('ov.target', { value: `${unit(i.target, i.unit)}${i.year ? ` (${i.year})` : ''}` }) : t('ov.noTarget'),
      ' · ',
      last ? t('ov.latest', { value: `${format(last.value)}${last.unit ?? i.unit ? ` ${last.unit ?? i.unit}` : ''}`, period: last.period }) : t('ov.noObservations'),
    ),
    obs.length ? sparkline(i.title, obs, i.target) : null,
  );
}

function render(o: OverviewData) {
  const objectives = o.objectives.length
    ? h(
        'ul',
        { class: 'objective-cards' },
        ...o.objectives.map((x) => {
          const title = `${x.objective.number}. ${x.objective.title}`;
          const open = h('button', { type: 'button', class: 'objective-open', 'data-id': x.objective.id }, t('ov.whatSupports'));
          open.addEventListener('click', () => navigate('puu', x.objective.id));
          return h(
            'li',
            { class: 'objective-card', 'data-id': x.objective.id },
            h('h4', {}, title),
            h(
              'div',
              { class: 'counts' },
              countButton(plural(x.strategyGoals.length, 'ov.goals'), title, x.strategyGoals, 'goals'),
              countButton(plural(x.subGoals.length, 'ov.subGoals'), title, x.subGoals, 'subGoals'),
              countButton(plural(x.measures.length, 'ov.measures'), title, x.measures, 'measures'),
              countButton(plural(x.indicators.length, 'ov.indicators'), title, x.indicators, 'indicators'),
            ),
            x.indicators.length ? h('ul', { class: 'indicators' }, ...x.indicators.slice(0, 3).map(indicatorRow)) : null,
            open,
          );
        }),
      )
    : h('p', { class: 'muted' }, t('ov.noObjectives'));

  const programmes = o.programmes.length
    ? h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'programmes' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, kindFi('PROGRAMME')), h('th', { scope: 'col' }, t('ov.status')), h('th', { scope: 'col' }, kindFi('INDICATOR')))),
          h(
            'tbody',
            {},
            ...o.programmes.map((p) => {
              const link = nodeLink(p);
              return h(
                'tr',
                { 'data-id': p.id, 'data-status': p.status.overall },
                h('td', {}, link),
                h('td', { class: `status-${p.status.overall.toLowerCase()}` }, t(`status.${p.status.overall}`), p.status.quote ? h('q', { lang: 'fi', class: 'status-quote' }, p.status.quote) : null),
                h('td', {}, p.indicators.length ? h('ul', { class: 'indicators' }, ...p.indicators.map(indicatorRow)) : '–'),
              );
            }),
          ),
        ),
      )
    : h('p', { class: 'muted' }, t('list.empty'));

  const due = h(
    'div',
    { class: 'counts' },
    countButton(`${t('ov.dueYear', { year: String(o.year) })}: ${plural(o.dueThisYear.length, 'ov.measures')}`, `${t('ov.due')} ${o.year}`, o.dueThisYear, 'dueThisYear'),
    countButton(`${t('ov.dueYear', { year: String(o.year + 1) })}: ${plural(o.dueNextYear.length, 'ov.measures')}`, `${t('ov.due')} ${o.year + 1}`, o.dueNextYear, 'dueNextYear'),
  );

  fill(
    $('overview-body'),
    h('section', { class: 'ov-section', 'aria-labelledby': 'ov-objectives' }, h('h3', { id: 'ov-objectives' }, t('ov.objectives')), objectives),
    h('section', { class: 'ov-section', 'aria-labelledby': 'ov-due' }, h('h3', { id: 'ov-due' }, t('ov.due')), due),
    h('section', { class: 'ov-section', id: 'ov-gaps-section', 'aria-labelledby': 'ov-gaps', 'aria-busy': 'true' }, h('h3', { id: 'ov-gaps' }, t('ov.gaps')), h('p', { class: 'muted' }, t('ov.loading'))),
    h('section', { class: 'ov-section', 'aria-labelledby': 'ov-programmes' }, h('h3', { id: 'ov-programmes' }, t('ov.programmes')), programmes),
  );
}

function renderGaps(g: OverviewGaps) {
  const c = g.coverage;
  const gapKeys = ['subGoalsWithoutMeasures', 'measuresWithoutResponsible', 'measuresWithoutIndicator', 'strategyGoalsWithoutSubGoals', 'inferredNodes'] as const;
  const gaps = h(
    'ul',
    { class: 'gaps' },
    ...gapKeys.map((k) => h('li', {}, h('span', { class: 'gap-label' }, t(`gap.${k}`)), ' ', countButton(format(c[k].length), t(`gap.${k}`), c[k], k))),
    h('li', {}, plural(c.inferredEdges.length, 'gap.inferredEdges')),
  );

  const section = $('ov-gaps-section');
  section.removeAttribute('aria-busy');
  fill(section, h('h3', { id: 'ov-gaps' }, t('ov.gaps')), gaps);
}

export const overviewView: MapView = {
  id: 'overview-view',
  urlName: 'yleiskuva',
  label: 'view.overview',
  show: () => show(),
  relabel: () => void show(),
};
