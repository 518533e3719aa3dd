/**
 * A small chart of an indicator's observations over time, drawn as inline SVG (no outside
 * library or network): a line through the observations, a dashed line at the target, the latest
 * value marked. The SVG has role="img" and a text alternative that says what it shows.
 */
import { format, t } from './i18n';

const NS = 'http://www.w3.org/2000/svg';

export interface Point {
  period: string;
  value: number;
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function sparkline(title: string, points: Point[], target: number | null, width = 160, height = 40): SVGElement {
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'sparkline' }) as SVGSVGElement;
  const label = `${t('ov.chart', { title })}: ${points.map((p) => `${p.period} ${format(p.value)}`).join(', ') || t('ov.noObservations')}${target != null ? `; ${t('ov.target', { value: format(target) })}` : ''}`;
  svg.setAttribute('aria-label', label);
  const values = [...points.map((p) => p.value), ...(target != null ? [target] : [])];
  if (!values.length) return svg;
  const pad = 5;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  const y = (v: number) => height - pad - ((v - lo) / span) * (height - 2 * pad);
  const x = (i: number) => (points.length <= 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  svg.append(el('line', { x1: 0, y1: height - 1, x2: width, y2: height - 1, stroke: '#767676', 'stroke-width': 1 }));
  if (target != null) svg.append(el('line', { x1: pad, x2: width - pad, y1: y(target), y2: y(target), stroke: '#7b2d8b', 'stroke-width': 1.5, 'stroke-dasharray': '4 3', class: 'target' }));
  if (points.length > 1) svg.append(el('polyline', { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(' '), fill: 'none', stroke: '#1f5fa8', 'stroke-width': 2 }));
  points.forEach((p, i) => svg.append(el('circle', { cx: x(i), cy: y(p.value), r: i === points.length - 1 ? 3.5 : 2, fill: '#1f5fa8', class: 'observation' })));
  return svg;
}
