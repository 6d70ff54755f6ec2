import type { SeededRandom } from './seeded-random.ts';

export interface Point {
  x: number;
  y: number;
}

type Attributes = Record<string, string | number | undefined>;

/** Fonts may be missing on servers and CI; librsvg then draws nothing for the text rather than failing. */
export const sansFonts = 'DejaVu Sans, Helvetica, Arial, Liberation Sans, sans-serif';

/** Tenths of a pixel: keeps the SVG short, and finer precision changes nothing visible. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

export function element(name: string, attributes: Attributes, children = ''): string {
  const rendered = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? formatNumber(value) : escapeXml(value)}"`)
    .join('');
  return children === '' ? `<${name}${rendered}/>` : `<${name}${rendered}>${children}</${name}>`;
}

export function circle(centre: Point, radius: number, attributes: Attributes): string {
  return element('circle', { cx: centre.x, cy: centre.y, r: radius, ...attributes });
}

export function rect(x: number, y: number, width: number, height: number, attributes: Attributes): string {
  return element('rect', { x, y, width, height, ...attributes });
}

export function path(data: string, attributes: Attributes): string {
  return element('path', { d: data, ...attributes });
}

export function rotation(degrees: number, centre: Point): string {
  return `rotate(${formatNumber(degrees)} ${formatNumber(centre.x)} ${formatNumber(centre.y)})`;
}

/** Angles in degrees, clockwise from "east", because SVG's y axis points down. */
export function pointOnCircle(centre: Point, radius: number, degrees: number): Point {
  const radians = (degrees * Math.PI) / 180;
  return { x: centre.x + radius * Math.cos(radians), y: centre.y + radius * Math.sin(radians) };
}

function pointText(point: Point): string {
  return `${formatNumber(point.x)} ${formatNumber(point.y)}`;
}

/** An open arc, for stroked orbits and rings. */
export function arcPath(centre: Point, radius: number, startDegrees: number, endDegrees: number): string {
  const start = pointOnCircle(centre, radius, startDegrees);
  const end = pointOnCircle(centre, radius, endDegrees);
  const largeArc = endDegrees - startDegrees > 180 ? 1 : 0;
  const radiusText = formatNumber(radius);
  return `M${pointText(start)}A${radiusText} ${radiusText} 0 ${largeArc} 1 ${pointText(end)}`;
}

/** A filled pie slice: quarter circles and half circles of the Bauhaus tiles. */
export function sectorPath(centre: Point, radius: number, startDegrees: number, endDegrees: number): string {
  return `M${pointText(centre)}L${arcPath(centre, radius, startDegrees, endDegrees).slice(1)}Z`;
}

export function polygonPath(points: readonly Point[]): string {
  return `M${points.map(pointText).join('L')}Z`;
}

function pointAt(points: readonly Point[], index: number): Point {
  const point = points[index];
  if (point === undefined) throw new Error(`no point at ${index}`);
  return point;
}

/** Catmull-Rom through the points, written as cubic Béziers; closed curves make organic blobs. */
export function smoothPath(points: readonly Point[], closed: boolean): string {
  const count = points.length;
  const neighbour = (index: number): Point =>
    closed ? pointAt(points, (index + count) % count) : pointAt(points, Math.min(Math.max(index, 0), count - 1));
  const segments = closed ? count : count - 1;
  let data = `M${pointText(pointAt(points, 0))}`;
  for (let index = 0; index < segments; index += 1) {
    const before = neighbour(index - 1);
    const from = neighbour(index);
    const to = neighbour(index + 1);
    const after = neighbour(index + 2);
    const control1 = { x: from.x + (to.x - before.x) / 6, y: from.y + (to.y - before.y) / 6 };
    const control2 = { x: to.x - (after.x - from.x) / 6, y: to.y - (after.y - from.y) / 6 };
    data += `C${pointText(control1)} ${pointText(control2)} ${pointText(to)}`;
  }
  return closed ? `${data}Z` : data;
}

export function blobPath(centre: Point, radius: number, random: SeededRandom): string {
  const count = random.integer(6, 9);
  const offset = random.between(0, 360);
  const points = Array.from({ length: count }, (_, index) =>
    pointOnCircle(centre, radius * random.between(0.78, 1.18), offset + (360 / count) * index + random.between(-12, 12)),
  );
  return smoothPath(points, true);
}
