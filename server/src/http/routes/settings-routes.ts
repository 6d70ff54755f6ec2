import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ProviderSettingsService } from '../../services/provider-settings-service.ts';
import { ApiError } from '../api-error.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import { errorResponse } from '../schemas.ts';

const providerParams = z.object({ provider: z.string().max(50, 'There is no provider with this name.') });
const saveKeyBody = z
  .object({
    api_key: z.string({ error: 'Paste the API key.' }).min(1, 'Paste the API key.').max(500),
    base_url: z.string().max(500).nullable().optional().describe('A proxy or gateway; the provider itself when left out.'),
  })
  .strict();
const providerList = z.object({
  providers: z.array(
    z.object({
      provider: z.string(),
      label: z.string(),
      configured: z.boolean(),
      source: z.enum(['settings', 'environment']).nullable(),
      key_hint: z.string().nullable().describe('The last four characters only; keys are never returned.'),
      base_url: z.string().nullable(),
      environment_variable: z.string(),
      updated_at: z.string().nullable(),
    }),
  ),
});

export const settingsRoutes: FastifyPluginAsyncZod<{ settings: ProviderSettingsService }> = async (server, { settings }) => {
  server.addHook('onRequest', async (request) => {
    if (!isAdmin(request)) throw new ApiError(403, 'forbidden', 'Only an administrator can change provider settings.');
  });
  const list = async () => ({
    providers: (await settings.list()).map((status) => ({
      provider: status.provider,
      label: status.label,
      configured: status.configured,
      source: status.source,
      key_hint: status.keyHint,
      base_url: status.baseUrl,
      environment_variable: status.environmentVariable,
      updated_at: status.updatedAt,
    })),
  });

  server.get(
    '/api/admin/providers',
    {
      schema: {
        tags: ['settings'],
        summary: 'Providers and whether each has a key (masked)',
        response: { 200: providerList, 403: errorResponse },
      },
    },
    list,
  );
  server.put(
    '/api/admin/providers/:provider',
    {
      schema: {
        tags: ['settings'],
        summary: 'Save a provider key, encrypted at rest; its models appear at once',
        params: providerParams,
        body: saveKeyBody,
        response: { 200: providerList, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      await settings.save(request.params.provider, {
        apiKey: request.body.api_key,
        baseUrl: request.body.base_url,
        userId: userIdOf(request),
      });
      return list();
    },
  );
  server.delete(
    '/api/admin/providers/:provider',
    {
      schema: {
        tags: ['settings'],
        summary: 'Forget a saved provider key (an environment key, if any, applies again)',
        params: providerParams,
        response: { 200: providerList, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      await settings.remove(request.params.provider);
      return list();
    },
  );
};
