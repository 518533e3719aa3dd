/** A search hit's snippet: the matched words in <mark>, the field it comes from named in Finnish. */
import { h } from './dom';

export interface HitSnippet {
  field: string;
  text: string;
  marks: { start: number; end: number }[];
}

const FIELD_FI: Record<string, string> = {
  title: 'otsikko', description: 'kuvaus', text: 'arvioteksti', desiredChange: 'tavoiteltu muutos', reportName: 'raportti',
  goals: 'tavoitteet', successes: 'onnistumiset', achievedTargets: 'saavutetut tavoitteet', nextTasks: 'seuraavat tehtävät',
  attentionPoints: 'huomioitavaa', results: 'tulokset', highlights: 'nostot', developmentThemes: 'kehittämisteemat',
  dueText: 'aikataulu', population: 'kohderyhmä',
};

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
    h('span', { class: 'hit-snippet' }, h('span', { class: 'hit-field' }, `${FIELD_FI[snippet.field] ?? snippet.field}: `), ...marked(snippet)),
  ];
}
