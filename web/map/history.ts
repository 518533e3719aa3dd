/**
 * The node panel's change history: who changed the node or its relations, when, and what, word
 * by word (removed words struck through, added ones underlined). Loaded when the reader opens
 * the section, one `history` query, newest first, more on request.
 */
import { gql } from './api';
import { h } from './dom';
import { format, locale, plural, registerMessages, t } from './i18n';

registerMessages({
  fi: {
    'history.title': 'Muutoshistoria',
    'history.loading': 'Haetaan muutoksia…',
    'history.none': 'Ei kirjattuja muutoksia.',
    'history.failed': 'Muutoshistoriaa ei saatu haettua.',
    'history.more': 'Näytä vanhempia',
    'history.count.one': '{n} muutos näytetty',
    'history.count.other': '{n} muutosta näytetty',
    'history.by': '{actor}',
    'history.seed': 'lähtöaineisto (seed-tiedostot)',
    'history.field.none': '(ei arvoa)',
    'history.CREATE.NODE': 'Lisätty',
    'history.UPDATE.NODE': 'Muutettu',
    'history.DELETE.NODE': 'Poistettu',
    'history.CREATE.RELATION': 'Yhteys lisätty',
    'history.UPDATE.RELATION': 'Yhteyttä muutettu',
    'history.DELETE.RELATION': 'Yhteys poistettu',
    'history.version': 'versio {version}',
    'history.removed': 'poistettu',
    'history.added': 'lisätty',
  },
  sv: {
    'history.title': 'Ändringshistorik',
    'history.loading': 'Hämtar ändringar…',
    'history.none': 'Inga registrerade ändringar.',
    'history.failed': 'Ändringshistoriken kunde inte hämtas.',
    'history.more': 'Visa äldre',
    'history.count.one': '{n} ändring visas',
    'history.count.other': '{n} ändringar visas',
    'history.by': '{actor}',
    'history.seed': 'grunddata (seed-filerna)',
    'history.field.none': '(inget värde)',
    'history.CREATE.NODE': 'Tillagd',
    'history.UPDATE.NODE': 'Ändrad',
    'history.DELETE.NODE': 'Borttagen',
    'history.CREATE.RELATION': 'Koppling tillagd',
    'history.UPDATE.RELATION': 'Koppling ändrad',
    'history.DELETE.RELATION': 'Koppling borttagen',
    'history.version': 'version {version}',
    'history.removed': 'borttaget',
    'history.added': 'tillagt',
  },
  en: {
    'history.title': 'Change history',
    'history.loading': 'Fetching changes…',
    'history.none': 'No recorded changes.',
    'history.failed': 'The change history could not be fetched.',
    'history.more': 'Show older',
    'history.count.one': '{n} change shown',
    'history.count.other': '{n} changes shown',
    'history.by': '{actor}',
    'history.seed': 'source data (seed files)',
    'history.field.none': '(no value)',
    'history.CREATE.NODE': 'Added',
    'history.UPDATE.NODE': 'Changed',
    'history.DELETE.NODE': 'Deleted',
    'history.CREATE.RELATION': 'Link added',
    'history.UPDATE.RELATION': 'Link changed',
    'history.DELETE.RELATION': 'Link removed',
    'history.version': 'version {version}',
    'history.removed': 'removed',
    'history.added': 'added',
  },
});

interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

interface Change {
  at: string;
  actor: string;
  operation: string;
  change: 'CREATE' | 'UPDATE' | 'DELETE';
  target: 'NODE' | 'RELATION';
  version: number | null;
  relation: { from: string; type: string; to: string } | null;
  fields: FieldChange[];
}

interface HistoryPage {
  history: { edges: { node: Change }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const Q_HISTORY = `query MapHistory($id: ID!, $after: String) {
  history(id: $id, first: 10, after: $after) {
    edges { node { at actor operation change target version relation { from type to } fields { field before after } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Bookkeeping fields the panel leaves out (ids and kinds repeat what the panel shows). */
const HIDDEN = new Set(['id', 'kind', 'regionId', 'origin']);

/** A field's value as words: strings as they are, lists joined, the rest as JSON. */
function words(json: string | null): string {
  if (json === null) return '';
  const v = JSON.parse(json) as unknown;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' · ');
  return JSON.stringify(v);
}

/** Word-level difference (longest common subsequence of words). */
export function wordDiff(before: string, after: string): { op: 'same' | 'del' | 'ins'; text: string }[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  if (a.length * b.length > 250_000) return [{ op: 'del', text: before }, { op: 'ins', text: after }];
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: { op: 'same' | 'del' | 'ins'; text: string }[] = [];
  const push = (op: 'same' | 'del' | 'ins', text: string) => {
    const last = out[out.length - 1];
    if (last?.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { push('same', a[i]); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) push('del', a[i++]);
    else push('ins', b[j++]);
  }
  while (i < a.length) push('del', a[i++]);
  while (j < b.length) push('ins', b[j++]);
  return out;
}

function fieldView(f: FieldChange): HTMLElement {
  const parts = wordDiff(words(f.before), words(f.after)).map((p) =>
    p.op === 'same' ? document.createTextNode(p.text)
      : p.op === 'del' ? h('del', { title: t('history.removed') }, p.text)
      : h('ins', { title: t('history.added') }, p.text),
  );
  return h('li', { class: 'history-field' }, h('span', { class: 'history-field-name' }, `${f.field}: `), h('span', { lang: 'fi' }, ...(parts.length ? parts : [t('history.field.none')])));
}

function changeView(c: Change, nodeId: string): HTMLElement {
  const when = new Date(c.at).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
  const who = c.actor === 'seed' ? t('history.seed') : c.actor;
  const what = t(`history.${c.change}.${c.target}`);
  const rel = c.relation ? ` (${c.relation.type}: ${c.relation.from === nodeId ? '→ ' + c.relation.to : c.relation.from + ' →'})` : '';
  const fields = c.fields.filter((f) => !HIDDEN.has(f.field));
  return h(
    'li',
    { class: 'history-entry' },
    h('p', { class: 'history-head' }, h('time', { datetime: c.at }, when), ` · ${what}${rel} · ${who}`, c.version ? ` · ${t('history.version', { version: format(c.version) })}` : ''),
    fields.length && c.change === 'UPDATE' ? h('ul', { class: 'history-fields' }, ...fields.map(fieldView)) : null,
  );
}

/** The collapsed "Change history" section of a node's panel; fetches when opened. */
export function historySection(nodeId: string): HTMLElement {
  const list = h('ol', { class: 'history-list', reversed: '' });
  const status = h('p', { class: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'history-more', hidden: '' }, t('history.more'));
  const box = h('details', { class: 'history', 'data-node': nodeId }, h('summary', {}, t('history.title')), status, list, more);
  let after: string | null = null;
  let shown = 0;
  let loaded = false;
  const load = async () => {
    status.textContent = t('history.loading');
    try {
      const page = await gql<HistoryPage>(Q_HISTORY, { id: nodeId, after });
      for (const e of page.history.edges) list.append(changeView(e.node, nodeId));
      shown += page.history.edges.length;
      after = page.history.pageInfo.endCursor;
      more.hidden = !page.history.pageInfo.hasNextPage;
      status.textContent = shown ? plural(shown, 'history.count') : t('history.none');
    } catch {
      status.textContent = t('history.failed');
    }
  };
  box.addEventListener('toggle', () => {
    if ((box as HTMLDetailsElement).open && !loaded) {
      loaded = true;
      void load();
    }
  });
  more.addEventListener('click', () => void load());
  return box;
}
