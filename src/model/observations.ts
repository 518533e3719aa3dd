/** An indicator's observations: stored as one JSON string property (src/seeds/plan.ts), each with its own provenance. */
import { compareNatural, type NodeRecord } from './records.js';

interface StoredObservation {
  value: number;
  unit?: string;
  period: string;
  note?: string;
  document: string;
  locator?: string;
  locatorInferred?: boolean;
  periodInferred?: boolean;
  valueInferred?: boolean;
  rationale?: string;
  quote: string;
}

export interface ObservationRecord {
  value: number;
  unit: string | null;
  period: string;
  periodInferred: boolean;
  valueInferred: boolean;
  rationale: string | null;
  note: string | null;
  source: { document: string; locator: string | null; locatorInferred: boolean; quote: string; sic: null; note: null };
}

/** Observations, oldest first: periods are ISO-like strings (2025, 2025-Q4, 2025-06), so they sort as text. */
export function observationsOf(n: NodeRecord): ObservationRecord[] {
  const raw = n.observations as string | undefined;
  const list: StoredObservation[] = raw ? JSON.parse(raw) : [];
  return list
    .map((o) => ({
      value: o.value,
      unit: o.unit ?? (n.unit as string | undefined) ?? null,
      period: o.period,
      periodInferred: o.periodInferred ?? false,
      valueInferred: o.valueInferred ?? false,
      rationale: o.rationale ?? null,
      note: o.note ?? null,
      source: { document: o.document, locator: o.locator ?? null, locatorInferred: o.locatorInferred ?? false, quote: o.quote, sic: null, note: null },
    }))
    .sort((a, b) => compareNatural(a.period, b.period));
}
