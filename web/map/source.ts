/**
 * Readable provenance. `renderSources` shows each source as the document's Finnish title, its
 * publisher and date and "dia 5" / "sivu 12" (the catalogue of the five documents, GET /sources),
 * the quote, and a link that opens the source text at that place: /map?view=lahde&doc=&at=&q=,
 * a view of this page that fetches the text from GET /sources/FILE, marks the quote and scrolls
 * to it. The texts are PDF extractions without page breaks, so "at that slide" means at the
 * quote, which the seed loader has checked is on it.
 */
import type { SourceRef } from './api';
import { h } from './dom';
import { t } from './i18n';
import './scenario-messages';
import './scenario.css';

export interface CatalogueEntry { file: string; title: string; publisher: string; date: string; locator: 'slide' | 'page'; note?: string }

let catalogue = new Map<string, CatalogueEntry>();
const loaded = fetch('/sources', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
  .then((r) => (r.ok ? r.json() : { documents: [] }))
  .then((j: { documents: CatalogueEntry[] }) => {
    catalogue = new Map(j.documents.map((d) => [d.file, d]));
    // Lists drawn before the catalogue arrived get their titles now.
    for (const el of document.querySelectorAll<HTMLElement>('.source-document[data-file]')) {
      const d = catalogue.get(el.dataset.file!);
      if (d) el.replaceWith(documentLine(d, el.dataset.file!));
    }
  })
  .catch(() => undefined);

/** "slide 5" -> "dia 5", "page 12" -> "sivu 12" (in the chosen language). */
export function locatorText(locator: string | null): string {
  if (!locator) return '';
  const m = /^(slide|page)\s+(\d+)$/i.exec(locator.trim());
  if (!m) return locator;
  return t(m[1].toLowerCase() === 'slide' ? 'src.slide' : 'src.page', { n: m[2] });
}

function documentLine(d: CatalogueEntry | undefined, file: string) {
  if (!d) return h('span', { class: 'source-document', 'data-file': file }, file);
  return h('span', { class: 'source-document', lang: 'fi' }, h('cite', {}, d.title), `, ${d.publisher}, ${d.date}`);
}

export function sourceLink(s: SourceRef): string {
  const p = new URLSearchParams({ view: 'lahde', doc: s.document });
  if (s.locator) p.set('at', s.locator);
  if (s.quote) p.set('q', s.quote.slice(0, 600));
  return `/map?${p}`;
}

/** The side panel's source list. */
export function renderSources(sources: SourceRef[]): HTMLElement {
  if (!sources.length) return h('p', { class: 'muted' }, 'Ei lähdeviitettä.');
  return h('ol', { class: 'sources' }, ...sources.map((s) => {
    const where = locatorText(s.locator);
    return h('li', { class: 'source' },
      h('div', { class: 'source-where' },
        documentLine(catalogue.get(s.document), s.document),
        s.locator ? h('span', { class: 'source-locator', 'data-locator': s.locator, title: s.locatorInferred ? t('src.computedTitle') : undefined }, ` · ${where}${s.locatorInferred ? ` ${t('src.computed')}` : ''}`) : null),
      h('blockquote', { class: 'source-quote', lang: 'fi' }, s.quote),
      h('a', { class: 'source-open', href: sourceLink(s) }, t('src.open', { where: where || t('src.part') })));
  }));
}

// ---------- the source view ----------

/** A pattern that finds a quote in the raw text: any white space between words, a line break after a hyphen. */
function quotePattern(fragment: string): RegExp | null {
  const words = fragment.replace(/\u00ad/g, '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '-\\s*');
  return new RegExp(words.map(esc).join('[\\s\\u00ad]+'));
}

function markQuote(text: string, quote: string): { nodes: (Node | string)[]; found: number } {
  const out: (Node | string)[] = [];
  let rest = text;
  let found = 0;
  for (const fragment of quote.split(/\s*…\s*/)) {
    const re = quotePattern(fragment);
    const m = re ? re.exec(rest) : null;
    if (!m) continue;
    out.push(rest.slice(0, m.index), h('mark', { class: found === 0 ? 'source-hit first' : 'source-hit' }, m[0]));
    rest = rest.slice(m.index + m[0].length);
    found++;
  }
  out.push(rest);
  return { nodes: out, found };
}

async function showSource(p: URLSearchParams) {
  const file = p.get('doc') ?? '';
  const at = p.get('at');
  const quote = p.get('q') ?? '';
  for (const id of ['map-view', 'matrix-view', 'scenario-view']) {
    const el = document.getElementById(id);
    if (el) el.hidden = true;
  }
  const view = h('main', { id: 'source-view', class: 'source-view', 'aria-labelledby': 'source-title' });
  (document.getElementById('matrix-view') ?? document.body.lastElementChild)?.after(view);
  view.append(h('p', { class: 'status', role: 'status' }, t('src.loading')));
  await loaded;
  const d = catalogue.get(file);
  const back = h('a', { href: '/map', class: 'source-back' }, t('src.back'));
  back.addEventListener('click', (e) => {
    if (history.length > 1 && document.referrer.startsWith(location.origin)) {
      e.preventDefault();
      history.back();
    }
  });
  if (!d) {
    view.replaceChildren(h('h2', { id: 'source-title' }, t('src.view')), h('p', { class: 'status error' }, t('src.notFound')), back);
    return;
  }
  const res = await fetch(`/sources/${encodeURIComponent(file)}`, { credentials: 'same-origin' }).catch(() => null);
  const text = res?.ok ? await res.text() : '';
  const marked = markQuote(text, quote);
  const pre = h('pre', { class: 'source-text', lang: 'fi', tabindex: '0', 'aria-label': d.title }, ...marked.nodes);
  view.replaceChildren(
    back,
    h('article', { 'aria-labelledby': 'source-title' },
      h('p', { class: 'node-kind' }, t('src.view')),
      h('h2', { id: 'source-title', lang: 'fi' }, d.title),
      h('dl', { class: 'source-meta' },
        h('dt', {}, t('src.publisher')), h('dd', { lang: 'fi' }, d.publisher),
        h('dt', {}, t('src.date')), h('dd', {}, d.note ? `${d.date} (${d.note})` : d.date),
        at ? h('dt', {}, t('src.part')) : null, at ? h('dd', { 'data-locator': at }, locatorText(at)) : null,
        quote ? h('dt', {}, t('src.quote')) : null, quote ? h('dd', { lang: 'fi' }, h('q', {}, quote)) : null),
      pre));
  document.title = `${d.title} · ${t('src.view')}`;
  view.dataset.found = String(marked.found);
  const first = pre.querySelector<HTMLElement>('mark.first');
  if (first) pre.scrollTop = Math.max(0, first.offsetTop - pre.offsetTop - 40);
  document.documentElement.dataset.source = 'ready';
}

const params = new URLSearchParams(location.search);
if (params.get('view') === 'lahde') void showSource(params);
