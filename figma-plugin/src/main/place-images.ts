import type { FigmaHost, PlacedNode, SelectedSceneNode } from './figma-host.ts';
import { MAX_IMAGE_SIDE, type ImageToInsert, type InsertMessage } from './messages.ts';
import { writeBrandgenData } from './plugin-data.ts';
import { pngSize } from './png-size.ts';

/** Space between the images of a 2×2 grid, in canvas pixels. */
export const GRID_SPACING = 32;

/** A placement the user can fix (too large, nothing to fill); its message is shown as is. */
export class PlacementError extends Error {}

type Fillable = SelectedSceneNode & Required<Pick<SelectedSceneNode, 'fills' | 'setPluginData' | 'setSharedPluginData'>>;

export function isFillable(node: SelectedSceneNode): node is Fillable {
  return 'fills' in node && node.type !== 'TEXT' && node.type !== 'SLICE' && node.setPluginData !== undefined;
}

/**
 * Puts the images on the canvas as one undo step: into the selected frames and shapes (keeping their size, the image
 * scaled to fill), or as new rectangles at the viewport's centre, one image or a 2×2 grid. Answers the ids of the nodes
 * that now hold an image.
 */
export function placeImages(figma: FigmaHost, message: InsertMessage): string[] {
  const images = message.layout === 'grid' ? message.images.slice(0, 4) : message.images.slice(0, 1);
  if (images.length === 0) throw new PlacementError('There is no image to place.');
  images.forEach(checkImage);
  const targets = message.target === 'selection' ? fillableSelection(figma) : [];
  const hashes = images.map((image) => figma.createImage(image.bytes).hash);
  const ids = message.target === 'selection' ? fillSelection(targets, images, hashes) : placeInViewport(figma, message, images, hashes);
  figma.commitUndo();
  return ids;
}

function checkImage(image: ImageToInsert): void {
  const size = pngSize(image.bytes);
  if (size === null) throw new PlacementError(`“${image.name}” is not a PNG image, so Figma cannot place it.`);
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
    throw new PlacementError(
      `“${image.name}” is ${size.width} × ${size.height} pixels; Figma takes images up to ${MAX_IMAGE_SIDE} pixels on each side. ` +
        'Download it from Brandgen and scale it down before placing it.',
    );
  }
}

function imageFill(hash: string): ImagePaint {
  return { type: 'IMAGE', imageHash: hash, scaleMode: 'FILL' };
}

/** Each selected frame or shape gets an image, in order (with one image, all of them get it); their size stays. */
function fillableSelection(figma: FigmaHost): Fillable[] {
  const targets = figma.currentPage.selection.filter(isFillable);
  if (targets.length === 0)
    throw new PlacementError('Select a frame or a shape to fill with the image, or place it in the viewport instead.');
  return targets;
}

function fillSelection(targets: Fillable[], images: ImageToInsert[], hashes: string[]): string[] {
  return targets.map((node, index) => {
    const which = index % images.length;
    node.fills = [imageFill(hashes[which]!)];
    writeBrandgenData(node, images[which]!.data);
    return node.id;
  });
}

function placeInViewport(figma: FigmaHost, message: InsertMessage, images: ImageToInsert[], hashes: string[]): string[] {
  const width = message.size?.width ?? images[0]!.width;
  const height = message.size?.height ?? images[0]!.height;
  const columns = images.length > 1 ? 2 : 1;
  const rows = Math.ceil(images.length / columns);
  const totalWidth = columns * width + (columns - 1) * GRID_SPACING;
  const totalHeight = rows * height + (rows - 1) * GRID_SPACING;
  const left = Math.round(figma.viewport.center.x - totalWidth / 2);
  const top = Math.round(figma.viewport.center.y - totalHeight / 2);
  return images.map((image, index) => {
    const node: PlacedNode = figma.createRectangle();
    node.resize(width, height);
    node.x = left + (index % columns) * (width + GRID_SPACING);
    node.y = top + Math.floor(index / columns) * (height + GRID_SPACING);
    node.name = image.name;
    node.fills = [imageFill(hashes[index]!)];
    writeBrandgenData(node, image.data);
    return node.id;
  });
}
