import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { placeholdersOf, type Template } from '../../domain/template.ts';
import type { AppliedTemplate, TemplateInput, TemplateService } from '../../services/template-service.ts';
import { userIdOf } from '../current-user.ts';
import { errorResponse } from '../schemas.ts';
import {
  appliedTemplateResponse,
  applyTemplateBody,
  templateBody,
  templateIdParams,
  templateListResponse,
  templateResponse,
} from '../template-schemas.ts';

export function presentTemplate(template: Template): z.infer<typeof templateResponse> {
  return {
    id: template.id,
    name: template.name,
    prompt: template.prompt,
    placeholders: placeholdersOf(template.prompt),
    asset_type: template.assetType,
    model: template.model,
    preset: template.preset,
    lora_overrides: template.loraOverrides,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

export function presentApplied(applied: AppliedTemplate): z.infer<typeof appliedTemplateResponse> {
  return {
    prompt: applied.prompt,
    asset_type: applied.assetType,
    model: applied.model,
    preset: applied.preset,
    lora_overrides: applied.loraOverrides,
  };
}

function toInput(body: z.infer<typeof templateBody>): TemplateInput {
  return {
    name: body.name,
    prompt: body.prompt,
    assetType: body.asset_type,
    model: body.model,
    preset: body.preset,
    loraOverrides: body.lora_overrides,
  };
}

export const templateRoutes: FastifyPluginAsyncZod<{ templates: TemplateService }> = async (server, { templates }) => {
  const withId = { tags: ['templates'], params: templateIdParams };

  server.get(
    '/api/templates',
    { schema: { tags: ['templates'], summary: "The user's templates by name", response: { 200: templateListResponse } } },
    async (request) => ({ templates: (await templates.list(userIdOf(request))).map(presentTemplate) }),
  );

  server.post(
    '/api/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Save a template',
        body: templateBody,
        response: { 201: templateResponse, 400: errorResponse },
      },
    },
    async (request, reply) => {
      const template = await templates.create(userIdOf(request), toInput(request.body));
      return reply.code(201).header('location', `/api/templates/${template.id}`).send(presentTemplate(template));
    },
  );

  server.get(
    '/api/templates/:id',
    { schema: { ...withId, summary: 'One template', response: { 200: templateResponse, 404: errorResponse } } },
    async (request) => {
      return presentTemplate(await templates.get(userIdOf(request), request.params.id));
    },
  );

  server.put(
    '/api/templates/:id',
    {
      schema: {
        ...withId,
        summary: 'Replace a template',
        body: templateBody,
        response: { 200: templateResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      return presentTemplate(await templates.update(userIdOf(request), request.params.id, toInput(request.body)));
    },
  );

  server.delete(
    '/api/templates/:id',
    { schema: { ...withId, summary: 'Delete a template', response: { 204: z.null().describe('Deleted'), 404: errorResponse } } },
    async (request, reply) => {
      await templates.delete(userIdOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  server.post(
    '/api/templates/:id/apply',
    {
      schema: {
        ...withId,
        summary: 'Fill the placeholders: the settings to generate with',
        body: applyTemplateBody,
        response: { 200: appliedTemplateResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      return presentApplied(await templates.apply(userIdOf(request), request.params.id, request.body.values));
    },
  );
};
