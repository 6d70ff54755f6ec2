import { LRUCache } from 'lru-cache';
import {
  decideAccess,
  decideWithGroups,
  displayNameOfClaims,
  userIdOfClaims,
  type AccessPolicy,
  type IdentityClaims,
} from '../domain/access-policy.ts';
import type { Principal } from '../domain/principal.ts';
import type { GroupDirectory } from '../identity/identity-provider.ts';

export type MembershipResult = { kind: 'member'; principal: Principal } | { kind: 'denied'; userId: string | undefined };

/** Turns verified claims into a person Brandgen lets in, or a refusal; asks the directory when the token could not say. */
export class MembershipService {
  private readonly policy: AccessPolicy;
  private readonly directory: GroupDirectory;
  // Directory answers are kept briefly so a burst of API calls with an overage token asks Graph once.
  private readonly directoryAnswers = new LRUCache<string, string[]>({ max: 10_000, ttl: 5 * 60_000 });

  constructor(options: { policy: AccessPolicy; directory: GroupDirectory }) {
    this.policy = options.policy;
    this.directory = options.directory;
  }

  async resolve(claims: IdentityClaims, via: Principal['via']): Promise<MembershipResult> {
    const userId = userIdOfClaims(claims);
    if (userId === undefined) return { kind: 'denied', userId };
    let decision = decideAccess(this.policy, claims);
    if (decision.kind === 'ask_directory') {
      const key = `${userId}\n${decision.groupIds.join(',')}`;
      let groups = this.directoryAnswers.get(key);
      if (groups === undefined) {
        groups = await this.directory.memberGroups(userId, decision.groupIds);
        this.directoryAnswers.set(key, groups);
      }
      decision = decideWithGroups(this.policy, groups, decision.roles);
    }
    if (decision.kind !== 'granted') return { kind: 'denied', userId };
    return { kind: 'member', principal: { userId, name: displayNameOfClaims(claims), isAdmin: decision.isAdmin, via } };
  }
}
