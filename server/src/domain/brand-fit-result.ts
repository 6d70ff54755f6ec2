/**
 * A brand-fit score as stored and shown. Kept apart from the scoring (brand-fit.ts), which loads culori's colour
 * spaces: reading and presenting scores must not load them, so a server that has not scored an image yet does not
 * pay their memory.
 */
export interface BrandFit {
  score: number;
  reason: string;
}

/** A stored score and reason as a BrandFit; null unless both are there (images stored before scoring have neither). */
export function brandFitOf(score: number | null | undefined, reason: string | null | undefined): BrandFit | null {
  return score === null || score === undefined || reason === null || reason === undefined ? null : { score, reason };
}
