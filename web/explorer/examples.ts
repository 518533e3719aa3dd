/**
 * The explorer's saved example operations, titled in Finnish and English. Plain data (no DOM), so
 * test/explorer-examples.test.ts validates every one against schema/ and runs it on the seeds.
 */
export interface ExampleOperation {
  id: string;
  fi: string;
  en: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const EXAMPLES: ExampleOperation[] = [
  {
    id: 'trace-measure',
    fi: 'Jäljitä toimenpide strategisiin tavoitteisiin',
    en: 'Trace a measure to the strategy objectives',
    query: `query TraceMeasure($id: ID!) {
  trace(id: $id) {
    root { id kind title sources { document locator quote } }
    objectives { number title }
    nodes { id kind title confidence }
    edges { from to type confidence rationale }
    paths
    inferred
  }
}`,
    variables: { id: 'ks.m.lanupe.kv.10' },
  },
  {
    id: 'service-line-tree',
    fi: 'Palvelulinjan puu: tavoitteet, alatavoitteet, toimenpiteet',
    en: "A service line's tree: goals, sub-goals, measures",
    query: `query ServiceLineTree($id: ID!) {
  serviceLine(id: $id) {
    title
    desiredChange
    goals {
      strategyGoal { title objectives { number } }
      subGoals {
        number
        title
        measures {
          title
          dueYear
          responsible { title }
          indicators { title target unit comparator }
        }
      }
    }
  }
}`,
    variables: { id: 'ks.line.ikaantyneet' },
  },
  {
    id: 'service-path-matrix',
    fi: 'Palvelupolkumatriisi',
    en: 'The service-path matrix',
    query: `query ServicePathMatrix($regionId: ID!) {
  servicePathMatrix(regionId: $regionId) {
    columns { order title kind }
    rows {
      path { order title marks }
      involvedCount
      cells { column { title } involved confidence rationale }
    }
  }
}`,
    variables: { regionId: 'ks' },
  },
  {
    id: 'impact-of-cut',
    fi: 'Leikkauksen vaikutus: mitä heikkenee, mikä jää ilman toimenpiteitä',
    en: 'Impact of a cut: what weakens, what is orphaned',
    query: `query ImpactOfCut($cut: [ID!]!, $regionId: ID) {
  impact(cut: $cut, regionId: $regionId) {
    cut { id title }
    removedMeasures { id title }
    orphaned { node { id kind title } before after severity evidence }
    weakened { node { id kind title } before after severity }
    objectives { objective { number title } before after shareLost }
    singlePointsOfFailure { node { id title } }
  }
}`,
    variables: { cut: ['ks.line.lanupe'], regionId: 'ks' },
  },
  {
    id: 'coverage',
    fi: 'Kattavuus: aukot alueen strategiassa',
    en: "Coverage: gaps in a region's strategy",
    query: `query Coverage($regionId: ID!) {
  coverage(regionId: $regionId) {
    counts { measures measuresWithIndicator subGoals subGoalsWithMeasures }
    subGoalsWithoutMeasures { id title }
    measuresWithoutResponsible { id title }
    measuresWithoutIndicator { id title }
    strategyGoalsWithoutSubGoals { id title }
    objectivesWithoutGoals { number title }
    inferredEdges { from to type rationale }
    inferredNodes { id kind title rationale }
  }
}`,
    variables: { regionId: 'ks' },
  },
  {
    id: 'compare-regions',
    fi: 'Vertaa alueita teemalla',
    en: 'Compare regions on a theme',
    query: `query CompareRegions($theme: String!) {
  compare(theme: $theme) {
    region { id title }
    goals { score node { kind title } latestAssessment { rating scaleMax period } }
    measures { score node { kind title } latestAssessment { rating scaleMax period } }
  }
}`,
    variables: { theme: 'mielenterveys' },
  },
  {
    id: 'search',
    fi: 'Haku suomeksi (taivutetut muodot löytyvät)',
    en: 'Finnish full-text search (inflected forms match)',
    query: `query Search($text: String!) {
  search(text: $text, first: 10) {
    score
    node { id kind title region { shortName } sources { document locator quote } }
  }
}`,
    variables: { text: 'perhehoito' },
  },
  {
    id: 'node-history',
    fi: 'Solmun muutoshistoria: kuka muutti mitä ja milloin',
    en: "A node's change history: who changed what, when",
    query: `query NodeHistory($id: ID!) {
  history(id: $id, first: 20) {
    edges {
      node { at actor operation change target version relation { from type to } fields { field before after } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { id: 'ks.goal.kustannusvaikuttavuus' },
  },
  {
    id: 'region-changes',
    fi: 'Alueen muutokset aikavälillä',
    en: "A region's changes over a period",
    query: `query RegionChanges($regionId: ID!, $since: String) {
  changes(regionId: $regionId, since: $since, first: 50) {
    edges { node { at actor operation change nodeId kind relation { from type to } fields { field } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { regionId: 'ks', since: '2025-12-09' },
  },
  {
    id: 'diff-since-approval',
    fi: 'Mitä strategiassa on muuttunut aluevaltuuston hyväksynnän (9.12.2025) jälkeen',
    en: 'What changed in the strategy since the regional council approved it (9.12.2025)',
    query: `query ChangedSinceApproval($regionId: ID!, $from: String!, $to: String!) {
  diff(regionId: $regionId, from: $from, to: $to) {
    changeCount
    nodesAdded { id kind title }
    nodesRemoved { id kind title }
    nodesChanged { id kind title fields { field before after } }
    relationsAdded { from type to }
    relationsRemoved { from type to }
  }
}`,
    variables: { regionId: 'ks', from: '2025-12-09', to: '2030-01-01' },
  },
];

/** The text of an example as a GraphiQL tab shows it: the titles as comments, then the operation. */
export function exampleText(e: ExampleOperation): string {
  return `# ${e.fi}\n# ${e.en}\n\n${e.query}\n`;
}

export function exampleVariables(e: ExampleOperation): string {
  return e.variables ? JSON.stringify(e.variables, null, 2) : '';
}
