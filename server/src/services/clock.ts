import { v7 as uuidv7 } from 'uuid';

/** Time and identity in one seam, so tests can pin them. */
export interface Clock {
  now(): string;
  newId(): string;
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  // Version 7 ids sort by creation time, which gives cheap newest-first pages with the id as cursor.
  newId: () => uuidv7(),
};
