/** The smallest a History tile may be, in CSS pixels: the grid fits as many columns of at least this as it can. */
export const MIN_TILE = 140;
/** The space between History's tiles, across and down. */
export const GAP = 10;
