const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Malformed ids answer 404 like unknown ones, and never reach the database. */
export function isJobId(value: string): boolean {
  return uuid.test(value);
}
