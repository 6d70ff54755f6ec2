import { loadSharp } from '../../images/sharp-loader.ts';
import type { AssetType } from '../../domain/brand-kit.ts';
import { drawLayout } from './asset-layouts.ts';
import type { CompositionStyle } from './composition-styles.ts';
import type { SceneEdit } from './demo-edit.ts';
import { withScene } from './demo-scene.ts';
import { assignColourRoles, type ColourRoles } from './palette-colours.ts';
import { createSeededRandom, hashText } from './seeded-random.ts';
import { styleForPrompt } from './style-for-prompt.ts';
import { resolveSubjects, type ResolvedSubjects } from './subject-glyphs.ts';
import { element, escapeXml, rect, sansFonts } from './svg-shapes.ts';

export interface CompositionRequest {
  prompt: string;
  /** The user's own words, which steer the layout and name the subject; the prompt stands in when there are none. */
  description?: string | undefined;
  /** Arranges the picture as the asset type needs; unset draws a product illustration. */
  assetType?: AssetType | undefined;
  /** Set in type in a logo concept. */
  brandName?: string | undefined;
  seed: number;
  /** #RRGGBB colours; checked by the caller because they are written into the SVG as they are. */
  palette: readonly string[];
  width: number;
  height: number;
  /** Accessible name written into the SVG; never drawn. */
  title?: string;
  /** Overrides the layout chosen from the prompt's words, for previews of every style. */
  style?: CompositionStyle;
  /** A demo edit drawing the same picture again with its subject (or background) changed. */
  edit?: SceneEdit | undefined;
}

const labelText = 'DEMO · not AI';
const noSubjects: ResolvedSubjects = { subjects: [], fallbackGlyph: undefined };

/**
 * A flat-vector brand picture as SVG, determined entirely by the request and its resolved subjects: the seed moves,
 * scales and recolours; the description alone decides what is drawn.
 */
export function buildCompositionSvg(request: CompositionRequest, resolved: ResolvedSubjects = noSubjects): string {
  const { width, height } = request;
  const description = request.description ?? request.prompt;
  const unit = Math.min(width, height);
  const random = createSeededRandom(hashText(`${description}\u0000${request.seed}`));
  const colours = assignColourRoles(request.palette, random);
  const style = request.style ?? styleForPrompt(description);
  const gradient = backgroundGradient(colours, random.between(0, Math.PI * 2));
  const subjectEdit = request.edit?.target === 'subject' ? request.edit.change : undefined;
  const layout = drawLayout(request.assetType, {
    width,
    height,
    unit,
    random,
    colours,
    style,
    ...resolved,
    brandName: request.brandName ?? '',
    edit: subjectEdit,
  });
  const title = request.title === undefined ? '' : `<title>${escapeXml(request.title)}</title>`;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    title +
    `<defs>${gradient}</defs>` +
    rect(0, 0, width, height, { fill: 'url(#background)' }) +
    layout.backdrop +
    backgroundEdit(request.edit, colours, width, height) +
    layout.subject +
    demoLabel(width, height, unit) +
    '</svg>'
  );
}

function backgroundGradient(colours: ColourRoles, angle: number): string {
  return element(
    'linearGradient',
    {
      id: 'background',
      x1: 0.5 - Math.cos(angle) / 2,
      y1: 0.5 - Math.sin(angle) / 2,
      x2: 0.5 + Math.cos(angle) / 2,
      y2: 0.5 + Math.sin(angle) / 2,
    },
    element('stop', { offset: 0.25, 'stop-color': colours.background }) +
      element('stop', { offset: 1, 'stop-color': colours.backgroundEnd }),
  );
}

/** A background edit washes everything behind the subject with the named colour, or another palette colour. */
function backgroundEdit(edit: SceneEdit | undefined, colours: ColourRoles, width: number, height: number): string {
  if (edit?.target !== 'background') return '';
  const others = colours.accents.filter((colour) => colour !== colours.background);
  const colour = edit.colour ?? others[edit.shift % Math.max(1, others.length)] ?? colours.ink;
  return rect(0, 0, width, height, { fill: colour, 'fill-opacity': 0.55, 'data-edit': 'background' });
}

/** A dark pill with white text reads on any palette, light or dark. */
function demoLabel(width: number, height: number, unit: number): string {
  const fontSize = Math.max(8, unit * 0.018);
  // Text is centred in the pill, so an imprecise width estimate only changes the padding evenly.
  const labelWidth = labelText.length * fontSize * 0.64 + fontSize * 1.6;
  const labelHeight = fontSize * 2;
  const margin = unit * 0.022;
  const x = width - margin - labelWidth;
  const y = height - margin - labelHeight;
  return (
    rect(x, y, labelWidth, labelHeight, { fill: '#0F172A', 'fill-opacity': 0.78, rx: labelHeight / 2 }) +
    element(
      'text',
      {
        x: x + labelWidth / 2,
        y: y + labelHeight / 2 + fontSize * 0.36,
        'font-family': sansFonts,
        'font-size': fontSize,
        'font-weight': 'bold',
        'letter-spacing': fontSize * 0.06,
        'text-anchor': 'middle',
        fill: '#FFFFFF',
      },
      escapeXml(labelText),
    )
  );
}

/** The SVG of a request with its subjects looked up in the icon set. */
export async function compositionSvg(request: CompositionRequest): Promise<string> {
  const resolved = await resolveSubjects(request.description ?? request.prompt, request.assetType);
  return buildCompositionSvg(request, resolved);
}

/**
 * The picture as PNG, carrying its scene so that a demo edit can draw it again. Saved without an alpha channel: the
 * background covers every pixel, as a diffusion model's picture does, and an opaque PNG is smaller and decodes to its
 * thumbnail and brand-fit preview in about half the time (libvips premultiplies alpha before resizing).
 */
export async function renderComposition(request: CompositionRequest): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const png = await sharp(Buffer.from(await compositionSvg(request)))
    .removeAlpha()
    .png({ compressionLevel: 6 })
    .toBuffer();
  return withScene(png, {
    description: request.description ?? request.prompt,
    assetType: request.assetType ?? null,
    seed: request.seed,
    palette: [...request.palette],
    // Only a logo concept sets the name in type; elsewhere it would make two brands' identical pictures differ in bytes.
    brandName: request.assetType === 'logo_concept' ? (request.brandName ?? '') : '',
  });
}
