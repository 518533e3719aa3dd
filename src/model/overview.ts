/** What the overview and support-tree resolvers pass around (mapped in codegen.yml). */
import type { NodeRecord, RelationProps } from './records.js';

export interface ObjectiveOverviewRecord {
  objective: NodeRecord;
  strategyGoals: NodeRecord[];
  subGoals: NodeRecord[];
  measures: NodeRecord[];
  indicators: NodeRecord[];
}

export interface OverviewRecord {
  regionId: string;
  year: number;
  objectives: ObjectiveOverviewRecord[];
  dueThisYear: NodeRecord[];
  dueNextYear: NodeRecord[];
}

export interface SupportTreeEntryRecord extends RelationProps {
  node: NodeRecord;
  parentId: string | null;
  depth: number;
  relation: string | null;
  direction: 'IN' | 'OUT' | null;
}

export interface SupportTreeRecord {
  root: NodeRecord;
  entries: SupportTreeEntryRecord[];
  facets: { serviceLines: NodeRecord[]; units: NodeRecord[]; dueYears: number[]; kinds: string[] };
  truncated: boolean;
}
