/** Seed YAML for import tests: a Measure of Keski-Suomi, RESPONSIBLE to ks.line.lanupe, with a real quote. */
import { SOURCE } from './secure.js';

export function measureYaml(id: string, title = `Tuotu toimenpide ${id}`, extra = '') {
  return `apiVersion: strategygraph/v1
kind: Measure
metadata:
  id: ${id}
  region: ks
  title: ${title}
relations:
  - type: RESPONSIBLE
    target: ks.line.lanupe
${extra}sources:
  - document: ${SOURCE.document}
    locator: ${SOURCE.locator}
    quote: ${SOURCE.quote}
`;
}

