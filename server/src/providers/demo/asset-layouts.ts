import type { AssetType } from '../../domain/brand-kit.ts';
import { drawComposition, type CompositionContext, type CompositionStyle } from './composition-styles.ts';
import { contrastRatio, mostContrasting } from './palette-colours.ts';
import { applyEdit, drawBadge, drawGlyph, editedColour, type SubjectEdit, type SubjectGlyph } from './subject-drawing.ts';
import { circle, element, escapeXml, rect, sansFonts, type Point } from './svg-shapes.ts';

export interface LayoutContext extends CompositionContext {
  style: CompositionStyle;
  /** The matched subjects, first named first; empty when nothing in the description matched an icon. */
  subjects: readonly SubjectGlyph[];
  /** What an icon shows when the description matched nothing: an abstract glyph chosen by the description. */
  fallbackGlyph: SubjectGlyph | undefined;
  brandName: string;
  edit?: SubjectEdit | undefined;
}

/** The picture in two layers, so an edit can change one and keep the other. */
export interface Layout {
  backdrop: string;
  subject: string;
}

/** Each asset type's arrangement; undefined (a direct call without one) draws a product illustration. */
export function drawLayout(assetType: AssetType | undefined, context: LayoutContext): Layout {
  switch (assetType) {
    case 'icon':
      return iconLayout(context);
    case 'hero_image':
      return heroLayout(context);
    case 'logo_concept':
      return logoLayout(context);
    default:
      return productLayout(context);
  }
}

/** The abstract composition full-bleed with the subject (or two) centred on it; no subject leaves the composition alone. */
function productLayout(context: LayoutContext): Layout {
  const { width, height, unit, random, subjects } = context;
  const backdrop = drawComposition(context.style, context);
  const placements: Array<{ centre: Point; radius: number }> =
    subjects.length === 1
      ? [
          {
            centre: { x: width * random.between(0.44, 0.56), y: height * random.between(0.44, 0.56) },
            radius: unit * random.between(0.25, 0.31),
          },
        ]
      : [
          {
            centre: { x: width * random.between(0.3, 0.36), y: height * random.between(0.36, 0.46) },
            radius: unit * random.between(0.18, 0.21),
          },
          {
            centre: { x: width * random.between(0.64, 0.7), y: height * random.between(0.54, 0.64) },
            radius: unit * random.between(0.18, 0.21),
          },
        ];
  const subject = subjects
    .map((glyph, index) => {
      const placement = placements[index];
      return placement === undefined ? '' : drawBadge({ glyph, ...placement, random, colours: context.colours, edit: context.edit });
    })
    .join('');
  return { backdrop, subject };
}

/** Wide: the right part holds the composition and the subject in a rounded panel; the left stays clear for a headline. */
function heroLayout(context: LayoutContext): Layout {
  const { width, height, unit, random, colours, subjects } = context;
  const margin = unit * 0.06;
  const left = width * random.between(0.41, 0.45);
  const panel = { x: left, y: margin, width: width - left - margin, height: height - margin * 2 };
  const panelUnit = Math.min(panel.width, panel.height);
  const inner = drawComposition(context.style, { ...context, width: panel.width, height: panel.height, unit: panelUnit });
  const backdrop =
    element('clipPath', { id: 'hero-panel' }, rect(panel.x, panel.y, panel.width, panel.height, { rx: unit * 0.05 })) +
    element(
      'g',
      { 'clip-path': 'url(#hero-panel)', 'data-region': 'hero-panel' },
      rect(panel.x, panel.y, panel.width, panel.height, { fill: colours.tint }) +
        element('g', { transform: `translate(${panel.x} ${panel.y})` }, inner),
    );
  const first = subjects[0];
  // Left of the panel's middle, so a square crop of the picture (a thumbnail grid) still shows the whole subject.
  const centre = { x: panel.x + panel.width * random.between(0.3, 0.38), y: panel.y + panel.height * random.between(0.45, 0.55) };
  const subject =
    first === undefined
      ? ''
      : drawBadge({ glyph: first, centre, radius: panelUnit * random.between(0.22, 0.26), random, colours, edit: context.edit });
  return { backdrop, subject };
}

/** One bold glyph on a plain field: no gradient, no shapes, so it reads at 16 pixels as well as at 1024. */
function iconLayout(context: LayoutContext): Layout {
  const { width, height, unit, random, colours } = context;
  const field = random.chance(0.65) ? colours.background : random.pick(colours.accents);
  const everyColour = [colours.background, ...colours.accents];
  const chosenColour = mostContrasting(
    everyColour.filter((colour) => colour !== field),
    field,
  );
  const colour = editedColour(
    chosenColour,
    everyColour.filter((candidate) => candidate !== field),
    context.edit,
  );
  const centre = { x: width / 2, y: height / 2 };
  const size = unit * random.between(0.56, 0.66);
  const glyph = context.subjects[0] ?? context.fallbackGlyph;
  const drawing = glyph === undefined ? '' : drawGlyph(glyph, centre, size, colour, 2.4);
  return {
    backdrop: rect(0, 0, width, height, { fill: field, 'data-region': 'plain-field' }),
    subject: element(
      'g',
      { 'data-subject': glyph?.icon ?? 'none' },
      applyEdit(drawing, centre, size / 2, context.edit, mostContrasting(everyColour, field)),
    ),
  };
}

/** A mark (the subject, or the brand's initial) on a plain field, with the brand name set beside or below it. */
function logoLayout(context: LayoutContext): Layout {
  const { width, height, unit, random, colours } = context;
  const field = colours.background;
  const visible = colours.accents.filter((colour) => contrastRatio(colour, field) >= 1.8);
  const chosenFill = random.pick(visible.length > 0 ? visible : colours.accents);
  const markFill = editedColour(chosenFill, colours.accents, context.edit);
  const markInk = mostContrasting([field, ...colours.accents, '#FFFFFF', '#111111'], markFill);
  const nameColour = mostContrasting(colours.accents, field);
  const name = context.brandName.trim() || 'Brand';
  const stacked = random.chance(0.5);
  const radius = unit * (stacked ? random.between(0.17, 0.21) : random.between(0.12, 0.15));
  const rounded = random.chance(0.5);
  // Bold sans capitals and lower case average about 0.62 of the font size in width.
  const room = stacked ? width * 0.84 : width * 0.9 - radius * 2.6;
  const fontSize = Math.min(unit * (stacked ? 0.09 : 0.075), room / (name.length * 0.62));
  const textWidth = name.length * 0.62 * fontSize;
  const centre = stacked
    ? { x: width / 2, y: height / 2 - fontSize * 0.9 }
    : { x: width / 2 - (radius * 2.4 + textWidth) / 2 + radius, y: height / 2 };
  const mark = rounded
    ? rect(centre.x - radius, centre.y - radius, radius * 2, radius * 2, { fill: markFill, rx: radius * 0.45 })
    : circle(centre, radius, { fill: markFill });
  const glyph = context.subjects[0];
  const inside =
    glyph === undefined
      ? element(
          'text',
          {
            x: centre.x,
            y: centre.y + radius * 0.36,
            'font-family': sansFonts,
            'font-size': radius,
            'font-weight': 'bold',
            'text-anchor': 'middle',
            fill: markInk,
          },
          escapeXml([...name][0]?.toUpperCase() ?? 'B'),
        )
      : drawGlyph(glyph, centre, radius * 1.3, markInk, 2.2);
  const text = element(
    'text',
    {
      x: stacked ? width / 2 : centre.x + radius * 1.4,
      y: stacked ? centre.y + radius + fontSize * 1.5 : centre.y + fontSize * 0.36,
      'font-family': sansFonts,
      'font-size': fontSize,
      'font-weight': 'bold',
      'letter-spacing': fontSize * 0.02,
      'text-anchor': stacked ? 'middle' : 'start',
      fill: nameColour,
      'data-region': 'brand-name',
    },
    escapeXml(name),
  );
  return {
    backdrop: rect(0, 0, width, height, { fill: field, 'data-region': 'plain-field' }) + text,
    subject: element(
      'g',
      { 'data-subject': glyph?.icon ?? 'monogram' },
      applyEdit(mark + inside, centre, radius, context.edit, nameColour),
    ),
  };
}
