/** Which groups and app roles let a person in, and which make them an admin. */
export interface AccessPolicy {
  accessGroups: string[];
  accessRoles: string[];
  adminGroups: string[];
  adminRoles: string[];
}

/** The claims of an ID or access token that decide access. */
export interface IdentityClaims {
  sub?: unknown;
  oid?: unknown;
  name?: unknown;
  preferred_username?: unknown;
  email?: unknown;
  groups?: unknown;
  roles?: unknown;
  hasgroups?: unknown;
  _claim_names?: unknown;
}

export type AccessDecision =
  | { kind: 'granted'; isAdmin: boolean }
  | { kind: 'denied' }
  /** The token could not carry all groups (Entra's overage); ask the directory about these group ids. */
  | { kind: 'ask_directory'; groupIds: string[]; roles: string[] };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Entra leaves `groups` out when a user has too many, and says so with `_claim_names.groups` or `hasgroups`. */
export function hasGroupsOverage(claims: IdentityClaims): boolean {
  const names = claims._claim_names;
  const namesGroups = typeof names === 'object' && names !== null && 'groups' in names;
  return namesGroups || claims.hasgroups === true || claims.hasgroups === 'true';
}

export function decideAccess(policy: AccessPolicy, claims: IdentityClaims): AccessDecision {
  const roles = strings(claims.roles);
  if (hasGroupsOverage(claims) && policy.accessGroups.length + policy.adminGroups.length > 0) {
    return { kind: 'ask_directory', groupIds: [...new Set([...policy.accessGroups, ...policy.adminGroups])], roles };
  }
  return decideWithGroups(policy, strings(claims.groups), roles);
}

/** The decision once the user's relevant groups are known, from the token or from the directory. */
export function decideWithGroups(policy: AccessPolicy, groups: string[], roles: string[]): AccessDecision {
  const isAdmin = policy.adminGroups.some((group) => groups.includes(group)) || policy.adminRoles.some((role) => roles.includes(role));
  const member = policy.accessGroups.some((group) => groups.includes(group)) || policy.accessRoles.some((role) => roles.includes(role));
  return member || isAdmin ? { kind: 'granted', isAdmin } : { kind: 'denied' };
}

/** Entra's `oid` is the same person across all apps of the tenant; other providers only have `sub`. */
export function userIdOfClaims(claims: IdentityClaims): string | undefined {
  const id = typeof claims.oid === 'string' && claims.oid !== '' ? claims.oid : claims.sub;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function displayNameOfClaims(claims: IdentityClaims): string {
  for (const value of [claims.name, claims.preferred_username, claims.email]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return 'Signed-in user';
}
