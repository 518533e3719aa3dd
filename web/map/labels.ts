/** Finnish names and colours of the node kinds and relation types. */

export const KINDS: Record<string, { fi: string; colour: string; text: string }> = {
  STRATEGY_OBJECTIVE: { fi: 'Strateginen tavoite', colour: '#7b2d8b', text: '#ffffff' },
  STRATEGY_GOAL: { fi: 'Strategian tavoite', colour: '#1f5fa8', text: '#ffffff' },
  SUCCESS_FACTOR: { fi: 'Menestystekijä', colour: '#4f7cc4', text: '#ffffff' },
  SUB_GOAL: { fi: 'Alatavoite', colour: '#2a9d8f', text: '#ffffff' },
  MEASURE: { fi: 'Toimenpide', colour: '#e9a23b', text: '#1d1d1d' },
  SERVICE_LINE: { fi: 'Palvelulinja', colour: '#5c8a3a', text: '#ffffff' },
  RESPONSIBLE_UNIT: { fi: 'Vastuuyksikkö', colour: '#88a85a', text: '#1d1d1d' },
  PARTNER: { fi: 'Kumppani', colour: '#9c7a54', text: '#ffffff' },
  SERVICE_PATH: { fi: 'Palvelupolku', colour: '#d1495b', text: '#ffffff' },
  PROGRAMME: { fi: 'Ohjelma', colour: '#3d5a80', text: '#ffffff' },
  INDICATOR: { fi: 'Mittari', colour: '#8d99ae', text: '#1d1d1d' },
  BENEFIT_GOAL: { fi: 'Hyötytavoite', colour: '#b5838d', text: '#1d1d1d' },
  ASSESSMENT: { fi: 'Arvio', colour: '#adb5bd', text: '#1d1d1d' },
  REGION: { fi: 'Hyvinvointialue', colour: '#495057', text: '#ffffff' },
};

export const kindFi = (kind: string) => KINDS[kind]?.fi ?? kind;

export const RELATIONS: Record<string, string> = {
  SUPPORTS: 'tukee',
  CONTRIBUTES_TO: 'edistää',
  MEASURES: 'mittaa',
  HAS_GOAL: 'tavoite',
  IN_SERVICE_LINE: 'palvelulinjassa',
  PART_OF: 'osa',
  RESPONSIBLE: 'vastuussa',
  INVOLVES: 'mukana',
  HAS_PARTICIPANT: 'osallistuja',
  ADVANCES: 'edistää polkua',
  CONCRETISES: 'konkretisoi',
  ASSESSES: 'arvioi',
  CONTINUES: 'jatkaa',
};

export const relationFi = (type: string) => RELATIONS[type] ?? type.toLowerCase();

export const confidenceFi = (c: string | null | undefined) => (c === 'INFERRED' ? 'päätelty' : 'lähteessä');

export const percent = (x: number) => `${(x * 100).toLocaleString('fi-FI', { maximumFractionDigits: 0 })} %`;
