import { mostContrasting, type ColourRoles } from './palette-colours.ts';
import type { SeededRandom } from './seeded-random.ts';
import { blobPath, circle, element, formatNumber, path, rect, rotation, type Point } from './svg-shapes.ts';

/** A matched icon ready to draw: its name and its drawing elements on Tabler's 24×24 grid. */
export interface SubjectGlyph {
  icon: string;
  markup: string;
}

/** How a demo edit changes the subject: a new colour, a turn and a scale, and a dashed ring that marks it as changed. */
export interface SubjectEdit {
  /** The colour the instruction named; null moves the subject to another of the picture's colours. */
  colour: string | null;
  /** Which other colour, counted from the one the subject had, so consecutive seeds never pick the same. */
  shift: number;
  turnDegrees: number;
  scale: number;
}

/** The subject's colour after an edit: the named one, or another candidate than it had; unchanged without an edit. */
export function editedColour(chosen: string, candidates: readonly string[], edit: SubjectEdit | undefined): string {
  if (edit === undefined) return chosen;
  if (edit.colour !== null) return edit.colour;
  const others = candidates.filter((candidate) => candidate !== chosen);
  return others.length === 0 ? chosen : (others[edit.shift % others.length] ?? chosen);
}

const iconGrid = 24;

/** One icon, stroked like Tabler draws it but at any size; `strokeWidth` is in grid units (Tabler's own is 2). */
export function drawGlyph(glyph: SubjectGlyph, centre: Point, size: number, colour: string, strokeWidth: number): string {
  const transform = `translate(${formatNumber(centre.x - size / 2)} ${formatNumber(centre.y - size / 2)}) scale(${(size / iconGrid).toFixed(4)})`;
  return element(
    'g',
    {
      transform,
      fill: 'none',
      stroke: colour,
      // Some icons fill a detail with currentColor (a dot, a segment).
      color: colour,
      'stroke-width': strokeWidth,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      'data-icon': glyph.icon,
    },
    glyph.markup,
  );
}

/** Turns and scales a drawn subject about its centre and rings it with a dashed line, the way an editor marks a selection. */
export function applyEdit(drawing: string, centre: Point, radius: number, edit: SubjectEdit | undefined, ink: string): string {
  if (edit === undefined) return drawing;
  const { x, y } = centre;
  const transform = `${rotation(edit.turnDegrees, centre)} translate(${formatNumber(x)} ${formatNumber(y)}) scale(${edit.scale.toFixed(3)}) translate(${formatNumber(-x)} ${formatNumber(-y)})`;
  const ring = circle(centre, radius * edit.scale * 1.18, {
    fill: 'none',
    stroke: ink,
    'stroke-width': radius * 0.035,
    'stroke-dasharray': `${formatNumber(radius * 0.12)} ${formatNumber(radius * 0.08)}`,
    'data-edit': 'subject',
  });
  return element('g', { transform }, drawing) + ring;
}

export interface BadgeRequest {
  glyph: SubjectGlyph;
  centre: Point;
  radius: number;
  random: SeededRandom;
  colours: ColourRoles;
  edit?: SubjectEdit | undefined;
}

/**
 * The subject as the hero of a composition: the icon on a solid shape in a palette colour, ringed in the background
 * colour like a sticker so it stands clear of a busy backdrop, with a soft shadow.
 */
export function drawBadge({ glyph, centre, radius, random, colours, edit }: BadgeRequest): string {
  const shape = random.pick(['circle', 'circle', 'blob', 'rounded'] as const);
  const chosenFill = random.pick(colours.accents);
  const fill = editedColour(chosenFill, [...colours.accents, colours.ink], edit);
  const glyphColour = mostContrasting([colours.background, ...colours.accents, '#FFFFFF', '#111111'], fill);
  const shadowOffset = radius * 0.06;
  const outline = (at: Point, grow: number, attributes: Record<string, string | number>): string => {
    if (shape === 'rounded') {
      const side = radius * 1.8 * grow;
      return rect(at.x - side / 2, at.y - side / 2, side, side, { rx: side * 0.24, ...attributes });
    }
    return circle(at, radius * grow, attributes);
  };
  // The blob's outline is drawn once and reused, so the sticker ring and the shape keep the same wobble.
  const blob = shape === 'blob' ? blobPath(centre, radius, random) : '';
  const body =
    shape === 'blob'
      ? element(
          'g',
          { transform: `translate(${formatNumber(shadowOffset)} ${formatNumber(shadowOffset)})` },
          path(blob, { fill: colours.ink, 'fill-opacity': 0.16 }),
        ) +
        path(blob, { fill: colours.background, stroke: colours.background, 'stroke-width': radius * 0.16, 'stroke-linejoin': 'round' }) +
        path(blob, { fill })
      : outline({ x: centre.x + shadowOffset, y: centre.y + shadowOffset }, 1.08, { fill: colours.ink, 'fill-opacity': 0.16 }) +
        outline(centre, 1.08, { fill: colours.background }) +
        outline(centre, 1, { fill });
  const drawing = body + drawGlyph(glyph, centre, radius * 1.25, glyphColour, 2);
  return element('g', { 'data-subject': glyph.icon }, applyEdit(drawing, centre, radius, edit, colours.ink));
}
