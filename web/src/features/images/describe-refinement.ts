import type { ImageRefinement } from '@brandgen/client';

/** How an image was made from its parent, in words: "Edited: make the background blue". */
export function describeRefinement(refinement: ImageRefinement): string | null {
  if (refinement === null) return null;
  if (refinement.kind === 'edit') return `Edited: ${refinement.instruction}`;
  return refinement.strength === null ? 'Variation: new seed' : `Variation from the image, strength ${refinement.strength.toFixed(2)}`;
}
