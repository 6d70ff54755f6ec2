import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LoraTrialService } from '../../services/lora-trial-service.ts';
import { accepted } from '../accepted-reply.ts';
import { userIdOf } from '../current-user.ts';
import type { GenerationLimit } from '../generation-limit.ts';
import { loraParams, loraTrialAccepted, loraTrialBody } from '../lora-schemas.ts';
import { errorResponse } from '../schemas.ts';

export interface LoraTrialRoutesOptions {
  trials: LoraTrialService;
  /** A trial is paid GPU work like any generation, so it shares the per-user limit. */
  limit: GenerationLimit;
}

/** A LoRA's test: the same prompt and seeds with and without it, as two jobs to compare side by side. */
export const loraTrialRoutes: FastifyPluginAsyncZod<LoraTrialRoutesOptions> = async (server, { trials, limit }) => {
  server.post(
    '/api/brands/:id/loras/:loraId/trials',
    {
      schema: {
        tags: ['loras'],
        summary: 'Try a LoRA: two jobs with the same prompt and seeds, one with the LoRA and one without any',
        params: loraParams,
        body: loraTrialBody,
        response: {
          202: loraTrialAccepted,
          400: errorResponse,
          402: errorResponse,
          404: errorResponse,
          429: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (request, reply) => {
      await limit.take(request);
      const trial = await trials.start({
        userId: userIdOf(request),
        brandId: request.params.id,
        loraId: request.params.loraId,
        ...request.body,
      });
      return accepted(reply, {
        model: trial.model,
        seed: trial.seed,
        with_lora_job_id: trial.withLora.id,
        without_lora_job_id: trial.withoutLora.id,
      });
    },
  );
};
