/**
 * Names and colours of the node kinds and relation types, in the interface language (messages.ts).
 */
import { locale, t } from './i18n';
import './messages';

export { KINDS, contrast } from './colours';
import { KINDS } from './colours';

/** The kind's name in the interface language ("Alatavoite", "Delmål", "Sub-goal"). */
export const kindFi = (kind: string) => (KINDS[kind] ? t(`kind.${kind}`) : '');
export const kindName = kindFi;

/** A relation on the route graph, read from its start to its end ("tukee"). */
export const relationFi = (type: string) => t(`edge.${type}`);

/**
 * A relation in a tree, read from the child to its parent: OUT when the child points to the
 * parent (a goal "tukee" the objective), IN when the parent points to it (a unit "vastaa" the measure).
 */
export const treeRelation = (type: string, direction: string | null) => t(`rel.${type}.${direction ?? 'OUT'}`);

export const confidenceFi = (c: string | null | undefined) => t(c === 'INFERRED' ? 'conf.INFERRED' : 'conf.STATED');

export const percent = (x: number) => `${(x * 100).toLocaleString(locale(), { maximumFractionDigits: 0 })} %`;

