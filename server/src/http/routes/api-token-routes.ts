import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiTokenService, ApiTokenSummary } from '../../services/api-token-service.ts';
import { principalOf, userIdOf } from '../current-user.ts';
import { apiTokenList, apiTokenParams, createApiTokenBody, createdApiToken } from '../identity-schemas.ts';
import { errorResponse } from '../schemas.ts';

function present(summary: ApiTokenSummary) {
  return {
    id: summary.id,
    name: summary.name,
    created_at: summary.createdAt,
    expires_at: summary.expiresAt,
    last_used_at: summary.lastUsedAt,
  };
}

export const apiTokenRoutes: FastifyPluginAsyncZod<{ tokens: ApiTokenService }> = async (server, { tokens }) => {
  server.get(
    '/api/tokens',
    {
      schema: {
        tags: ['identity'],
        summary: "The user's personal API tokens (never the tokens themselves)",
        response: { 200: apiTokenList, 401: errorResponse },
      },
    },
    async (request) => ({ tokens: (await tokens.list(userIdOf(request))).map(present) }),
  );

  server.post(
    '/api/tokens',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create a personal API token; the answer is the only time the token is shown',
        body: createApiTokenBody,
        response: { 201: createdApiToken, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { token, summary } = await tokens.create(principal, { name: request.body.name, expiresAt: request.body.expires_at ?? null });
      request.log.info({ event: 'api_token_created', userId: principal.userId, tokenId: summary.id }, 'API token created');
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...present(summary), token });
    },
  );

  server.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke a personal API token; it stops working at once',
        params: apiTokenParams,
        response: { 204: z.null(), 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const userId = userIdOf(request);
      await tokens.revoke(userId, request.params.id);
      request.log.info({ event: 'api_token_revoked', userId, tokenId: request.params.id }, 'API token revoked');
      return reply.code(204).send(null);
    },
  );
};
