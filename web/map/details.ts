/** A node's details as the side panels show them: kind, title, description, confidence and rationale, sources. */
import type { MapNode } from './api';
import { h } from './dom';
import { t } from './i18n';
import { confidenceFi, KINDS, kindFi } from './labels';
import { renderSources } from './source';

export function kindLine(kind: string, regionShortName?: string | null) {
  return h(
    'div',
    { class: 'node-kind' },
    h('span', { class: 'kind-dot', style: `background:${KINDS[kind]?.colour ?? '#666'}` }),
    kindFi(kind),
    regionShortName ? ` · ${regionShortName}` : '',
  );
}

/** The sources as part B's catalogue shows them (web/map/source.ts): document title, publisher, date, "dia 5", a link to the text. */
export function sourceList(node: { sources: MapNode['sources'] }) {
  return renderSources(node.sources);
}

/** The confidence line, and an inferred node's or relation's rationale in the page (not only on hover). */
export function confidenceLine(confidence: string | null | undefined, rationale: string | null | undefined) {
  const frag = document.createDocumentFragment();
  frag.append(h('p', { class: 'node-confidence' }, confidenceFi(confidence)));
  if (confidence === 'INFERRED' && rationale) frag.append(h('p', { class: 'rationale' }, h('strong', {}, `${t('rationale')}: `), rationale));
  return frag;
}
