import { z } from 'zod';

/** Ids are lowercase uuids (version 7, from the clock); anything else names nothing that exists. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * A path parameter that names a thing by id. A malformed id answers 404 in the words given here, like an unknown one
 * (the error handler turns every path-parameter failure into a 404), and never reaches the database.
 */
export function idParam(noun: string) {
  return z.string().regex(ID_PATTERN, `There is no ${noun} with this id.`).describe(`The ${noun}'s id.`);
}
