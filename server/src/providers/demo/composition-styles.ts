import { contrastRatio, mostContrasting, type ColourRoles } from './palette-colours.ts';
import type { SeededRandom } from './seeded-random.ts';
import {
  arcPath,
  blobPath,
  circle,
  element,
  formatNumber,
  path,
  pointOnCircle,
  polygonPath,
  rect,
  rotation,
  sectorPath,
  smoothPath,
  type Point,
} from './svg-shapes.ts';

export interface CompositionContext {
  width: number;
  height: number;
  /** The shorter side: shapes scale with it so non-square sizes keep their proportions. */
  unit: number;
  random: SeededRandom;
  colours: ColourRoles;
}

export const compositionStyles = ['bauhaus', 'orbit', 'waves', 'blobs', 'cards'] as const;
export type CompositionStyle = (typeof compositionStyles)[number];

/** The foreground of one picture, drawn over the background gradient. */
export function drawComposition(style: CompositionStyle, context: CompositionContext): string {
  switch (style) {
    case 'bauhaus':
      return drawBauhaus(context);
    case 'orbit':
      return drawOrbit(context);
    case 'waves':
      return drawWaves(context);
    case 'blobs':
      return drawBlobs(context);
    case 'cards':
      return drawCards(context);
  }
}

/** A full-bleed grid of tiles, each with one bold motif: quarter and half circles, lenses, bars. */
function drawBauhaus({ width, height, unit, random, colours }: CompositionContext): string {
  const columns = random.integer(3, 4);
  const rows = Math.max(2, Math.round((columns * height) / width));
  const tileWidth = width / columns;
  const tileHeight = height / rows;
  const size = Math.min(tileWidth, tileHeight);
  const everyColour = [colours.background, ...colours.accents];
  const tiles: string[] = [];
  const marks: string[] = [];

  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const x = column * tileWidth;
      const y = row * tileHeight;
      const centre = { x: x + tileWidth / 2, y: y + tileHeight / 2 };
      const tileColour = random.chance(0.35) ? colours.background : random.pick(colours.accents);
      // One pixel of overlap hides the anti-aliased seams between tiles on fractional boundaries.
      if (tileColour !== colours.background) tiles.push(rect(x, y, tileWidth + 1, tileHeight + 1, { fill: tileColour }));
      const choices = everyColour.filter((colour) => colour !== tileColour);
      const fill = choices.length > 0 ? random.pick(choices) : colours.ink;

      drawBauhausMotif(random.pick(bauhausMotifs), { x, y, tileWidth, tileHeight, size, centre, tileColour, fill, random }, marks);
    }
  }
  return [...tiles, ...marks].join('') + scatterConfetti({ width, height, unit, random, colours }, random.integer(0, 4));
}

const bauhausMotifs = [
  'quarter',
  'quarter',
  'half',
  'half',
  'circle',
  'target',
  'ring',
  'lens',
  'triangle',
  'bars',
  'dots',
  'empty',
] as const;

interface BauhausTile {
  x: number;
  y: number;
  tileWidth: number;
  tileHeight: number;
  size: number;
  centre: { x: number; y: number };
  tileColour: string;
  fill: string;
  random: SeededRandom;
}

/** Adds one tile's motif to `marks`. */
function drawBauhausMotif(motif: (typeof bauhausMotifs)[number], tile: BauhausTile, marks: string[]): void {
  const { x, y, tileWidth, tileHeight, size, centre, tileColour, fill, random } = tile;
  switch (motif) {
    case 'quarter': {
      const corner = random.integer(0, 3);
      const anchor = { x: corner === 1 || corner === 2 ? x + tileWidth : x, y: corner >= 2 ? y + tileHeight : y };
      marks.push(path(sectorPath(anchor, size, corner * 90, corner * 90 + 90), { fill }));
      break;
    }
    case 'half': {
      const side = random.integer(0, 3);
      const anchors = [
        { x: centre.x, y },
        { x: x + tileWidth, y: centre.y },
        { x: centre.x, y: y + tileHeight },
        { x, y: centre.y },
      ];
      const anchor = anchors[side] ?? centre;
      marks.push(path(sectorPath(anchor, size / 2, side * 90, side * 90 + 180), { fill }));
      break;
    }
    case 'circle':
      marks.push(circle(centre, size * random.between(0.3, 0.4), { fill }));
      break;
    case 'target': {
      marks.push(circle(centre, size * 0.38, { fill }));
      marks.push(circle(centre, size * 0.17, { fill: tileColour }));
      break;
    }
    case 'ring':
      marks.push(circle(centre, size * 0.29, { fill: 'none', stroke: fill, 'stroke-width': size * 0.11 }));
      break;
    case 'lens': {
      const flip = random.chance(0.5);
      const start = { x, y: flip ? y : y + tileHeight };
      const end = { x: x + tileWidth, y: flip ? y + tileHeight : y };
      const [startX, startY, endX, endY, arc] = [start.x, start.y, end.x, end.y, size].map(formatNumber);
      marks.push(path(`M${startX} ${startY}A${arc} ${arc} 0 0 1 ${endX} ${endY}A${arc} ${arc} 0 0 1 ${startX} ${startY}Z`, { fill }));
      break;
    }
    case 'triangle': {
      const corners = [
        { x, y },
        { x: x + tileWidth, y },
        { x: x + tileWidth, y: y + tileHeight },
        { x, y: y + tileHeight },
      ];
      const skip = random.integer(0, 3);
      marks.push(path(polygonPath(corners.filter((_, index) => index !== skip)), { fill }));
      break;
    }
    case 'bars': {
      const vertical = random.chance(0.5);
      const thickness = size * 0.12;
      for (let bar = 0; bar < 3; bar += 1) {
        const offset = size * (0.26 + bar * 0.24) - thickness / 2;
        marks.push(
          vertical
            ? rect(x + (tileWidth - size) / 2 + offset, y + size * 0.14, thickness, tileHeight - size * 0.28, { fill, rx: thickness / 2 })
            : rect(x + size * 0.14, y + (tileHeight - size) / 2 + offset, tileWidth - size * 0.28, thickness, { fill, rx: thickness / 2 }),
        );
      }
      break;
    }
    case 'dots':
      for (let dotRow = 0; dotRow < 3; dotRow += 1) {
        for (let dotColumn = 0; dotColumn < 3; dotColumn += 1) {
          const dot = { x: centre.x + (dotColumn - 1) * size * 0.26, y: centre.y + (dotRow - 1) * size * 0.26 };
          marks.push(circle(dot, size * 0.055, { fill }));
        }
      }
      break;
    case 'empty':
      break;
  }
}

/** A banded planet with partial orbits and satellites, floating in a field of small dots. */
function drawOrbit(context: CompositionContext): string {
  const { width, height, unit, random, colours } = context;
  const centre = { x: width * random.between(0.36, 0.64), y: height * random.between(0.38, 0.62) };
  const planetRadius = unit * random.between(0.13, 0.19);
  const [planetColour = colours.ink, bandColour = colours.ink, ...rest] = colours.accents;
  const orbitColours = [bandColour, ...rest, planetColour];
  const parts: string[] = [
    circle(centre, planetRadius * random.between(2.5, 3.1), { fill: colours.tint }),
    dotField(context, centre, unit * random.between(0.2, 0.32), random.between(0.3, 0.7)),
  ];

  const orbitCount = random.integer(3, 4);
  for (let index = 0; index < orbitCount; index += 1) {
    const radius = planetRadius + unit * (0.065 + index * random.between(0.065, 0.085));
    const start = random.between(0, 360);
    const end = start + random.between(200, 320);
    const colour = orbitColours[index % orbitColours.length] ?? colours.ink;
    parts.push(
      path(arcPath(centre, radius, start, end), {
        fill: 'none',
        stroke: colour,
        'stroke-width': unit * random.between(0.007, 0.015),
        'stroke-linecap': 'round',
      }),
    );
    if (random.chance(0.7)) {
      const satellite = pointOnCircle(centre, radius, end);
      parts.push(circle(satellite, unit * random.between(0.016, 0.032), { fill: random.pick(colours.accents) }));
    }
  }

  const tilt = random.between(-35, 35);
  const bands = Array.from({ length: random.integer(2, 3) }, () => {
    const bandHeight = planetRadius * random.between(0.16, 0.3);
    const bandY = centre.y + planetRadius * random.between(-0.75, 0.6);
    return rect(centre.x - planetRadius, bandY, planetRadius * 2, bandHeight, { fill: bandColour, rx: bandHeight / 2 });
  }).join('');
  parts.push(
    element('clipPath', { id: 'planet' }, circle(centre, planetRadius, {})),
    circle(centre, planetRadius, { fill: planetColour }),
    element('g', { 'clip-path': 'url(#planet)' }, element('g', { transform: rotation(tilt, centre) }, bands)),
  );
  return parts.join('') + scatterConfetti(context, random.integer(8, 14));
}

/** Layered hills or waves under a sun, farther layers closer to the sky colour for depth. */
function drawWaves(context: CompositionContext): string {
  const { width, height, unit, random, colours } = context;
  const layerCount = random.integer(3, 5);
  const byContrast = [...colours.accents].sort((a, b) => contrastRatio(a, colours.background) - contrastRatio(b, colours.background));
  const visible = colours.accents.filter((colour) => contrastRatio(colour, colours.background) >= 1.8);
  const sunColour = random.pick(visible.length > 0 ? visible : colours.accents);
  const sun = { x: width * random.between(0.22, 0.78), y: height * random.between(0.2, 0.34) };
  const sunRadius = unit * random.between(0.09, 0.15);
  const parts: string[] = [
    dotField(context, { x: width * random.between(0.1, 0.9), y: height * random.between(0.1, 0.3) }, unit * 0.16, 0.5),
    circle(sun, sunRadius * random.between(1.5, 1.9), { fill: colours.tint }),
    circle(sun, sunRadius, { fill: sunColour }),
  ];

  for (let cloud = random.integer(1, 3); cloud > 0; cloud -= 1) {
    const cloudHeight = unit * random.between(0.04, 0.065);
    const cloudWidth = cloudHeight * random.between(3, 5.5);
    const cloudCentre = { x: width * random.between(0.05, 0.95), y: height * random.between(0.12, 0.42) };
    // A cloud across the sun reads as a bite taken out of it, not as depth.
    const clearOfSun =
      Math.abs(cloudCentre.x - sun.x) > sunRadius * 1.9 + cloudWidth / 2 ||
      Math.abs(cloudCentre.y - sun.y) > sunRadius * 1.9 + cloudHeight / 2;
    if (!clearOfSun) continue;
    parts.push(
      rect(cloudCentre.x - cloudWidth / 2, cloudCentre.y - cloudHeight / 2, cloudWidth, cloudHeight, {
        fill: colours.tint,
        rx: cloudHeight / 2,
      }),
    );
  }

  for (let layer = 0; layer < layerCount; layer += 1) {
    const baseline = height * (0.5 + (0.36 * layer) / Math.max(1, layerCount - 1)) + unit * random.between(-0.03, 0.03);
    const amplitude = unit * random.between(0.02, 0.055);
    const wavelength = width / random.between(0.7, 2.2);
    const phase = random.between(0, Math.PI * 2);
    const ripplePhase = random.between(0, Math.PI * 2);
    const points = Array.from({ length: 15 }, (_, index) => {
      const x = -width * 0.05 + (width * 1.1 * index) / 14;
      const y =
        baseline +
        amplitude * Math.sin((2 * Math.PI * x) / wavelength + phase) +
        amplitude * 0.3 * Math.sin((4.7 * Math.PI * x) / wavelength + ripplePhase);
      return { x, y };
    });
    const colour = byContrast[Math.min(byContrast.length - 1, Math.floor((layer * byContrast.length) / layerCount))] ?? colours.ink;
    parts.push(path(`${smoothPath(points, false)}L${width * 1.05} ${height + 2}L${-width * 0.05} ${height + 2}Z`, { fill: colour }));
  }
  return parts.join('') + scatterConfetti({ ...context, height: height * 0.45 }, random.integer(3, 7));
}

/** Overlapping organic blobs, a halftone patch, a squiggle and confetti: friendly and soft. */
function drawBlobs(context: CompositionContext): string {
  const { width, height, unit, random, colours } = context;
  const blobColours = random.shuffle(colours.accents);
  const parts: string[] = [];
  const blobCount = random.integer(3, 4);
  for (let index = 0; index < blobCount; index += 1) {
    const main = index === blobCount - 1;
    const centre = main
      ? { x: width * random.between(0.35, 0.65), y: height * random.between(0.35, 0.65) }
      : { x: width * random.between(0, 1), y: height * random.between(0, 1) };
    const radius = unit * (main ? random.between(0.24, 0.32) : random.between(0.12, 0.26));
    const colour = blobColours[index % blobColours.length] ?? colours.ink;
    parts.push(path(blobPath(centre, radius, random), { fill: colour }));
    if (index === 0) {
      parts.push(dotField(context, { x: centre.x + radius * 0.5, y: centre.y - radius * 0.4 }, radius * 0.75, 1));
    }
  }

  const squiggleStart = { x: width * random.between(0.1, 0.5), y: height * random.between(0.15, 0.85) };
  const step = unit * random.between(0.05, 0.07);
  const squiggle = Array.from({ length: random.integer(5, 8) }, (_, index) => ({
    x: squiggleStart.x + index * step,
    y: squiggleStart.y + (index % 2 === 0 ? -1 : 1) * step * 0.55,
  }));
  parts.push(
    path(smoothPath(squiggle, false), {
      fill: 'none',
      stroke: colours.ink,
      'stroke-width': unit * 0.012,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    }),
  );
  for (let ring = random.integer(1, 2); ring > 0; ring -= 1) {
    parts.push(
      circle({ x: width * random.between(0.1, 0.9), y: height * random.between(0.1, 0.9) }, unit * random.between(0.03, 0.06), {
        fill: 'none',
        stroke: random.pick(colours.accents),
        'stroke-width': unit * 0.011,
      }),
    );
  }
  return parts.join('') + scatterConfetti(context, random.integer(8, 14));
}

/** A fan of floating product cards with abstract content: an avatar, text bars and a tiny chart. */
function drawCards(context: CompositionContext): string {
  const { width, height, unit, random, colours } = context;
  const everyColour = [colours.background, ...colours.accents];
  const centre = { x: width * random.between(0.42, 0.58), y: height * random.between(0.42, 0.58) };
  const parts: string[] = [
    circle({ x: width * random.between(0.25, 0.75), y: height * random.between(0.25, 0.75) }, unit * random.between(0.3, 0.42), {
      fill: colours.tint,
    }),
    dotField(context, { x: width * random.between(0.15, 0.85), y: height * random.between(0.15, 0.85) }, unit * 0.14, 0.6),
  ];

  const cardCount = random.integer(2, 3);
  const cardColours = random.shuffle(everyColour);
  for (let index = 0; index < cardCount; index += 1) {
    const cardWidth = unit * random.between(0.36, 0.46);
    const cardHeight = cardWidth * random.between(0.62, 0.78);
    const spread = index - (cardCount - 1) / 2;
    const cardCentre = {
      x: centre.x + spread * unit * random.between(0.13, 0.18),
      y: centre.y + spread * unit * random.between(-0.12, 0.12),
    };
    const x = cardCentre.x - cardWidth / 2;
    const y = cardCentre.y - cardHeight / 2;
    const radius = unit * 0.028;
    const cardColour = cardColours[index % cardColours.length] ?? colours.ink;
    const contentColour = mostContrasting(
      everyColour.filter((colour) => colour !== cardColour),
      cardColour,
    );
    const accentColour = random.pick(
      everyColour.filter((colour) => colour !== cardColour && colour !== contentColour).concat(contentColour),
    );
    const shadowOffset = unit * 0.016;
    const padding = cardWidth * 0.1;
    const avatarRadius = cardHeight * 0.11;
    const barHeight = cardHeight * 0.065;

    const content = [
      rect(x + shadowOffset, y + shadowOffset, cardWidth, cardHeight, { fill: colours.ink, 'fill-opacity': 0.16, rx: radius }),
      rect(x, y, cardWidth, cardHeight, { fill: cardColour, rx: radius }),
      circle({ x: x + padding + avatarRadius, y: y + padding + avatarRadius }, avatarRadius, { fill: accentColour }),
      rect(x + padding * 1.6 + avatarRadius * 2, y + padding + avatarRadius * 0.45, cardWidth * random.between(0.3, 0.45), barHeight, {
        fill: contentColour,
        rx: barHeight / 2,
      }),
      rect(x + padding * 1.6 + avatarRadius * 2, y + padding + avatarRadius * 1.1, cardWidth * random.between(0.18, 0.3), barHeight, {
        fill: contentColour,
        'fill-opacity': 0.45,
        rx: barHeight / 2,
      }),
    ];
    const chartBars = random.integer(3, 5);
    const chartLeft = x + padding;
    const chartBottom = y + cardHeight - padding;
    const chartWidth = cardWidth - padding * 2;
    const chartHeight = cardHeight * 0.38;
    const barWidth = (chartWidth / chartBars) * 0.62;
    for (let bar = 0; bar < chartBars; bar += 1) {
      const barHeightFraction = random.between(0.3, 1);
      content.push(
        rect(
          chartLeft + (chartWidth / chartBars) * bar,
          chartBottom - chartHeight * barHeightFraction,
          barWidth,
          chartHeight * barHeightFraction,
          { fill: bar === chartBars - 1 ? accentColour : contentColour, rx: barWidth * 0.2 },
        ),
      );
    }
    parts.push(element('g', { transform: rotation(random.between(-14, 14), cardCentre) }, content.join('')));
  }
  return parts.join('') + scatterConfetti(context, random.integer(6, 11));
}

/**
 * A round patch of halftone dots, the texture that keeps flat shapes from looking empty. Drawn as
 * plain circles: librsvg renders an SVG <pattern> tile by tile, which took 6–10× longer here.
 */
function dotField(context: CompositionContext, centre: Point, radius: number, opacity: number): string {
  const spacing = context.unit * 0.026;
  const dots: string[] = [];
  for (let y = Math.ceil((centre.y - radius) / spacing) * spacing; y <= centre.y + radius; y += spacing) {
    for (let x = Math.ceil((centre.x - radius) / spacing) * spacing; x <= centre.x + radius; x += spacing) {
      if ((x - centre.x) ** 2 + (y - centre.y) ** 2 <= radius ** 2) dots.push(circle({ x, y }, spacing * 0.2, {}));
    }
  }
  return element('g', { fill: context.colours.ink, 'fill-opacity': opacity }, dots.join(''));
}

/** Small dots, rings, plus signs and triangles sprinkled over the picture. */
function scatterConfetti({ width, height, unit, random, colours }: CompositionContext, count: number): string {
  const parts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const centre = { x: width * random.between(0.06, 0.94), y: height * random.between(0.06, 0.94) };
    const size = unit * random.between(0.008, 0.016);
    const colour = random.chance(0.5) ? colours.ink : random.pick(colours.accents);
    const stroke = { fill: 'none', stroke: colour, 'stroke-width': unit * 0.006, 'stroke-linecap': 'round' };
    switch (random.integer(0, 3)) {
      case 0:
        parts.push(circle(centre, size, { fill: colour }));
        break;
      case 1:
        parts.push(circle(centre, size * 1.3, stroke));
        break;
      case 2: {
        const [left, top, middleX, middleY, length] = [centre.x - size * 1.4, centre.y - size * 1.4, centre.x, centre.y, size * 2.8].map(
          formatNumber,
        );
        parts.push(path(`M${left} ${middleY}h${length}M${middleX} ${top}v${length}`, stroke));
        break;
      }
      default: {
        const turn = random.between(0, 120);
        const corners = [0, 120, 240].map((angle) => pointOnCircle(centre, size * 1.5, angle + turn));
        parts.push(path(polygonPath(corners), { fill: colour }));
      }
    }
  }
  return parts.join('');
}
