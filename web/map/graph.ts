/** The route graph, drawn by cytoscape: nodes coloured by kind, inferred relations dashed. */
import cytoscape from 'cytoscape';
import type { MapEdge, MapNode } from './api';
import { KINDS, relationFi } from './labels';

export type GraphEvents = {
  onNode(id: string): void;
  onEdge(edge: MapEdge): void;
};

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 150,
      height: 60,
      'background-color': 'data(colour)',
      color: 'data(textColour)',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-max-width': '140px',
      'text-valign': 'center',
      'text-halign': 'center',
      'font-size': 10,
      'font-family': 'system-ui, sans-serif',
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#111111' } },
  { selector: 'node.inferred', style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': '#333333' } },
  { selector: 'node:selected', style: { 'overlay-color': '#000000', 'overlay-opacity': 0.15, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: {
      width: 2,
      'curve-style': 'bezier',
      'line-color': '#7a7a7a',
      'target-arrow-color': '#7a7a7a',
      'target-arrow-shape': 'triangle',
      label: '',
      'font-size': 8,
      color: '#444444',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'text-rotation': 'autorotate',
    },
  },
  { selector: 'edge.skip', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 'data(bend)', 'control-point-weights': 0.5 } as never },
  { selector: 'edge.labelled, edge:selected', style: { label: 'data(label)' } },
  { selector: 'edge.inferred', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], 'line-color': '#b0522d', 'target-arrow-color': '#b0522d' } },
  { selector: 'edge:selected', style: { width: 4 } },
  // Impact mode
  { selector: 'node.cut', style: { 'border-width': 5, 'border-color': '#000000', 'border-style': 'double', 'background-blacken': 0.35 } },
  { selector: 'node.removed', style: { opacity: 0.45 } },
  { selector: 'node.orphaned', style: { 'background-color': '#c1121f', color: '#ffffff', 'border-width': 4, 'border-color': '#6a040f' } },
  { selector: 'node.weakened', style: { 'background-color': '#f4a261', color: '#1d1d1d', 'border-width': 4, 'border-color': '#bc6c25' } },
];

export class RouteGraph {
  readonly cy: cytoscape.Core;
  private edgesById = new Map<string, MapEdge>();

  constructor(private readonly container: HTMLElement, events: GraphEvents) {
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.2, maxZoom: 2, selectionType: 'single' });
    this.cy.on('tap', 'node', (e) => events.onNode(e.target.id()));
    this.cy.on('tap', 'edge', (e) => {
      const edge = this.edgesById.get(e.target.id());
      if (edge) events.onEdge(edge);
    });
    window.addEventListener('resize', () => this.cy.resize());
  }

  show(nodes: MapNode[], edges: MapEdge[], rootId: string) {
    this.edgesById.clear();
    const ids = new Set(nodes.map((n) => n.id));
    const elements: cytoscape.ElementDefinition[] = nodes.map((n) => ({
      group: 'nodes',
      data: {
        id: n.id,
        kind: n.kind,
        title: n.title,
        label: shorten(n.title, 72),
        colour: KINDS[n.kind]?.colour ?? '#666666',
        textColour: KINDS[n.kind]?.text ?? '#ffffff',
      },
      classes: [n.id === rootId ? 'root' : '', n.confidence === 'INFERRED' ? 'inferred' : ''].filter(Boolean).join(' '),
    }));
    edges.forEach((e, i) => {
      if (!ids.has(e.from) || !ids.has(e.to)) return;
      const id = `e${i}:${e.from}>${e.to}:${e.type}`;
      this.edgesById.set(id, e);
      elements.push({
        group: 'edges',
        data: { id, source: e.from, target: e.to, type: e.type, confidence: e.confidence, label: relationFi(e.type) },
        classes: e.confidence === 'INFERRED' ? 'inferred' : '',
      });
    });
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
    this.cy.resize();
    const { positions, layer } = layeredPositions(nodes.map((n) => n.id), [...this.edgesById.values()], rootId);
    // A relation that skips a layer (a measure straight to its service line) bends outwards, so it
    // does not run hidden behind the nodes of the layers between.
    this.cy.edges().forEach((e) => {
      const span = (layer.get(e.data('target')) ?? 0) - (layer.get(e.data('source')) ?? 0);
      if (span < 2) return;
      const sx = positions.get(e.data('source'))?.x ?? 0;
      const tx = positions.get(e.data('target'))?.x ?? 0;
      e.addClass('skip');
      e.data('bend', (sx + tx >= 0 ? 1 : -1) * 150);
    });
    this.cy.layout({ name: 'preset', positions: (n: cytoscape.NodeSingular) => positions.get(n.id()) ?? { x: 0, y: 0 }, fit: true, padding: 24 } as cytoscape.LayoutOptions).run();
    this.container.dataset.nodeCount = String(this.cy.nodes().length);
    this.container.dataset.edgeCount = String(this.cy.edges().length);
  }

  clear() {
    this.cy.elements().remove();
    this.edgesById.clear();
    this.container.dataset.nodeCount = '0';
    this.container.dataset.edgeCount = '0';
  }

  /** Selects a node; relation names show on its edges (on every edge of a small graph). */
  select(id: string) {
    this.cy.elements().unselect();
    const node = this.cy.getElementById(id);
    node.select();
    const all = this.cy.edges();
    all.removeClass('labelled');
    (all.length <= 8 ? all : node.connectedEdges()).addClass('labelled');
  }

  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }

  /** Impact mode: mark cut, removed, orphaned and weakened nodes; returns how many are marked. */
  markImpact(marks: { cut: string[]; removed: string[]; orphaned: string[]; weakened: string[] }): number {
    this.clearImpact();
    let marked = 0;
    this.cy.batch(() => {
      for (const [cls, ids] of Object.entries(marks)) {
        for (const id of ids) {
          const n = this.cy.getElementById(id);
          if (n.nonempty()) {
            n.addClass(cls);
            if (cls === 'orphaned' || cls === 'weakened') marked++;
          }
        }
      }
    });
    this.container.dataset.impactMarked = String(marked);
    return marked;
  }

  markCut(ids: string[]) {
    this.cy.batch(() => {
      this.cy.nodes().removeClass('cut');
      for (const id of ids) this.cy.getElementById(id).addClass('cut');
    });
  }

  clearImpact() {
    this.cy.nodes().removeClass('removed orphaned weakened');
    delete this.container.dataset.impactMarked;
  }
}

/**
 * Layers for a route graph: the root at the bottom, each node one layer above the highest node
 * that points to it (longest path from the root), so every relation points upwards towards the
 * objectives. Within a layer, nodes sit near the mean position of the nodes below them.
 * (cytoscape's breadthfirst layout with `maximal` fails on some of these graphs.)
 */
export function layeredPositions(
  ids: string[],
  edges: { from: string; to: string }[],
  rootId: string,
): { positions: Map<string, { x: number; y: number }>; layer: Map<string, number> } {
  const known = new Set(ids);
  const inner = edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  const layer = new Map<string, number>(ids.map((id) => [id, id === rootId ? 0 : -1]));
  // Longest path by relaxation, bounded so that a cycle cannot loop forever.
  for (let round = 0; round < ids.length; round++) {
    let changed = false;
    for (const e of inner) {
      const from = layer.get(e.from)!;
      if (from < 0) continue;
      if (layer.get(e.to)! < from + 1) {
        layer.set(e.to, from + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // Nodes the root does not reach (should not happen in a trace) go one layer above the rest.
  const top = Math.max(0, ...layer.values());
  for (const [id, l] of layer) if (l < 0) layer.set(id, top + 1);

  const byLayer = new Map<number, string[]>();
  for (const id of ids) {
    const l = layer.get(id)!;
    byLayer.set(l, [...(byLayer.get(l) ?? []), id]);
  }
  const xs = new Map<string, number>();
  const positions = new Map<string, { x: number; y: number }>();
  // Node boxes are 150 x 60. A layer of more than three nodes zigzags over two rows, so that a
  // wide layer does not force the whole graph to be zoomed out.
  const COLUMN = 168;
  const ZIGZAG = 92;
  const ROW_GAP = 56;
  const ZIG_OFFSET = 70;
  let y = 0;
  for (const l of [...byLayer.keys()].sort((a, b) => a - b)) {
    const members = byLayer.get(l)!;
    const mean = (id: string) => {
      const below = inner.filter((e) => e.to === id && xs.has(e.from)).map((e) => xs.get(e.from)!);
      return below.length ? below.reduce((a, b) => a + b, 0) / below.length : 0;
    };
    const ordered = members.map((id) => ({ id, m: mean(id) })).sort((a, b) => a.m - b.m || a.id.localeCompare(b.id));
    const zigzag = ordered.length > 3;
    const step = zigzag ? ZIGZAG : COLUMN;
    ordered.forEach(({ id }, i) => {
      const x = (i - (ordered.length - 1) / 2) * step;
      xs.set(id, x);
      positions.set(id, { x, y: zigzag && i % 2 === 1 ? y - ZIG_OFFSET : y });
    });
    y -= (zigzag ? ZIG_OFFSET : 0) + 60 + ROW_GAP;
  }
  return { positions, layer };
}
