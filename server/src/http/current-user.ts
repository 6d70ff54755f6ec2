import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The single person of `none` mode; sign-in replaces this with the signed-in user. */
export const LOCAL_USER_ID = 'local';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
  }
}

export function installCurrentUser(server: FastifyInstance): void {
  server.decorateRequest('userId', '');
  server.addHook('onRequest', async (request) => {
    request.userId = LOCAL_USER_ID;
  });
}

export function userIdOf(request: FastifyRequest): string {
  return request.userId;
}

/**
 * Whether the caller may change settings and see everyone's spend. In `none` mode the single local user is the
 * administrator; sign-in replaces this seam with a role check.
 */
export function isAdmin(request: FastifyRequest): boolean {
  return request.userId === LOCAL_USER_ID;
}
