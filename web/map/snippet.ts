/** A search hit's snippet: the matched words in <mark>, the field it comes from named in the page's language. */
import { h } from './dom';
import { registerMessages, t } from './i18n';

export interface HitSnippet {
  field: string;
  text: string;
  marks: { start: number; end: number }[];
}

const FIELD_NAMES: Record<'fi' | 'sv' | 'en', Record<string, string>> = {
  fi: {
    title: 'otsikko', description: 'kuvaus', text: 'arvioteksti', desiredChange: 'tavoiteltu muutos', reportName: 'raportti',
    goals: 'tavoitteet', successes: 'onnistumiset', achievedTargets: 'saavutetut tavoitteet', nextTasks: 'seuraavat tehtävät',
    attentionPoints: 'huomioitavaa', results: 'tulokset', highlights: 'nostot', developmentThemes: 'kehittämisteemat',
    dueText: 'aikataulu', population: 'kohderyhmä',
  },
  sv: {
    title: 'rubrik', description: 'beskrivning', text: 'bedömningstext', desiredChange: 'önskad förändring', reportName: 'rapport',
    goals: 'mål', successes: 'framgångar', achievedTargets: 'uppnådda mål', nextTasks: 'nästa uppgifter',
    attentionPoints: 'att beakta', results: 'resultat', highlights: 'lyft', developmentThemes: 'utvecklingsteman',
    dueText: 'tidtabell', population: 'målgrupp',
  },
  en: {
    title: 'title', description: 'description', text: 'assessment', desiredChange: 'desired change', reportName: 'report',
    goals: 'goals', successes: 'successes', achievedTargets: 'targets achieved', nextTasks: 'next tasks',
    attentionPoints: 'points to watch', results: 'results', highlights: 'highlights', developmentThemes: 'development themes',
    dueText: 'schedule', population: 'target group',
  },
};
const prefixed = (names: Record<string, string>) => Object.fromEntries(Object.entries(names).map(([k, v]) => [`snippet.field.${k}`, v]));
registerMessages({ fi: prefixed(FIELD_NAMES.fi), sv: prefixed(FIELD_NAMES.sv), en: prefixed(FIELD_NAMES.en) });

/** The field's name in the page's language; an unknown field shows as it is. */
const fieldName = (field: string) => (field in FIELD_NAMES.fi ? t(`snippet.field.${field}`) : field);

/** The text with its marked ranges as <mark> elements (text nodes only: nothing is parsed as HTML). */
export function marked(s: HitSnippet): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const m of [...s.marks].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    if (m.start > at) out.push(s.text.slice(at, m.start));
    out.push(h('mark', {}, s.text.slice(m.start, m.end)));
    at = m.end;
  }
  if (at < s.text.length) out.push(s.text.slice(at));
  return out;
}

/** The hit's title (its words marked when the title matched) and, when another field matched, that passage. */
export function hitText(title: string, snippet: HitSnippet | null | undefined): HTMLElement[] {
  if (!snippet) return [h('span', { class: 'hit-title' }, title)];
  if (snippet.field === 'title') return [h('span', { class: 'hit-title' }, ...marked(snippet))];
  return [
    h('span', { class: 'hit-title' }, title),
    h('span', { class: 'hit-snippet' }, h('span', { class: 'hit-field' }, `${fieldName(snippet.field)}: `), ...marked(snippet)),
  ];
}
