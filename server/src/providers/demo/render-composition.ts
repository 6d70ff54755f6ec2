import sharp from 'sharp';
import { drawComposition, type CompositionStyle } from './composition-styles.ts';
import { assignColourRoles } from './palette-colours.ts';
import { createSeededRandom, hashText } from './seeded-random.ts';
import { styleForPrompt } from './style-for-prompt.ts';
import { element, escapeXml, rect } from './svg-shapes.ts';

export interface CompositionRequest {
  prompt: string;
  seed: number;
  /** #RRGGBB colours; checked by the caller because they are written into the SVG as they are. */
  palette: readonly string[];
  width: number;
  height: number;
  /** Accessible name written into the SVG; never drawn. */
  title?: string;
  /** Overrides the layout chosen from the prompt's words, for previews of every style. */
  style?: CompositionStyle;
}

const labelText = 'DEMO · not AI';
// Fonts may be missing on servers and CI; librsvg then draws nothing for the text rather than failing.
const labelFonts = 'DejaVu Sans, Helvetica, Arial, Liberation Sans, sans-serif';

/** An abstract, flat-vector brand illustration as SVG, determined entirely by the request. */
export function buildCompositionSvg(request: CompositionRequest): string {
  const { width, height } = request;
  const unit = Math.min(width, height);
  const random = createSeededRandom(hashText(`${request.prompt}\u0000${request.seed}`));
  const colours = assignColourRoles(request.palette, random);
  const style = request.style ?? styleForPrompt(request.prompt);
  const gradientAngle = random.between(0, Math.PI * 2);
  const gradient = element(
    'linearGradient',
    {
      id: 'background',
      x1: 0.5 - Math.cos(gradientAngle) / 2,
      y1: 0.5 - Math.sin(gradientAngle) / 2,
      x2: 0.5 + Math.cos(gradientAngle) / 2,
      y2: 0.5 + Math.sin(gradientAngle) / 2,
    },
    element('stop', { offset: 0.25, 'stop-color': colours.background }) + element('stop', { offset: 1, 'stop-color': colours.backgroundEnd }),
  );
  const body = drawComposition(style, { width, height, unit, random, colours });
  const title = request.title === undefined ? '' : `<title>${escapeXml(request.title)}</title>`;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    title +
    `<defs>${gradient}</defs>` +
    rect(0, 0, width, height, { fill: 'url(#background)' }) +
    body +
    demoLabel(width, height, unit) +
    '</svg>'
  );
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
        'font-family': labelFonts,
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

export async function renderComposition(request: CompositionRequest): Promise<Uint8Array> {
  const png = await sharp(Buffer.from(buildCompositionSvg(request))).png({ compressionLevel: 6 }).toBuffer();
  // A plain Uint8Array view, so callers comparing bytes are not tripped up by Buffer's prototype.
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
