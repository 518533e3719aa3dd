/**
 * The map's views (tabs): each registers its id, the URL's name for it, its tab label and its
 * panel, and is shown with the URL's parameters. A new view (part B's scenarios, the source text)
 * registers here and gets a tab, a panel, deep links (?view=name&node=...) and focus handling.
 * Registered (main.ts, in tab order): overview, map, tree, matrix, scenarios (scenario.ts) and
 * the source text (source.ts; no tab: it is opened from a source's link).
 */
import { $, h } from './dom';
import { t } from './i18n';

export interface MapView {
  /** Element id of the view's <main>-level section, and its key. */
  id: string;
  /** Name in the URL (?view=...). */
  urlName: string;
  /** Message key of the tab's label. */
  label: string;
  /** Called when the view is shown (also on a deep link); params are the URL's. */
  show(params: URLSearchParams): void | Promise<void>;
  /** Called when another view replaces this one. */
  hide?(): void;
  /** False for a view without a tab (reached by links only). */
  tab?: boolean;
  /** Called when the interface language changes while the view exists. */
  relabel?(): void;
  /** Parameters the view keeps in the URL while shown (besides view and region). */
  urlParams?(): Record<string, string>;
}

const views: MapView[] = [];
let current: MapView | null = null;
let onUrl: () => void = () => {};

/** main.ts writes the URL; a view whose urlParams() changed calls urlChanged(). */
export function onUrlChange(f: () => void): void {
  onUrl = f;
}

export function urlChanged(): void {
  onUrl();
}

export function registerView(view: MapView): void {
  views.push(view);
}

export const allViews = (): readonly MapView[] => views;
export const currentView = (): MapView | null => current;
export const viewByUrlName = (name: string | null) => views.find((v) => v.urlName === name) ?? null;

/** The tab bar: one button per view, aria-current on the shown one. */
export function renderTabs(container: HTMLElement, onPick: (v: MapView) => void): void {
  container.replaceChildren(
    ...views.filter((v) => v.tab !== false).map((v) => {
      const b = h('button', { type: 'button', class: 'view-tab', id: `tab-${v.id}`, 'data-view': v.urlName, 'aria-controls': v.id }, t(v.label));
      if (current === v) b.setAttribute('aria-current', 'page');
      b.addEventListener('click', () => onPick(v));
      return b;
    }),
  );
}

/** Shows one view's panel and hides the others; the caller updates the URL. */
export async function activate(view: MapView, params: URLSearchParams): Promise<void> {
  if (current && current !== view) current.hide?.();
  current = view;
  for (const v of views) $(v.id).hidden = v !== view;
  for (const b of document.querySelectorAll<HTMLElement>('.view-tab')) {
    if (b.dataset.view === view.urlName) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  await view.show(params);
}
