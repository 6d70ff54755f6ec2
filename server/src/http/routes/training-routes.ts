import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { isTrainingFinished, type Training, type TrainingEvent } from '../../domain/training.ts';
import type { StreamAdmission } from '../../services/stream-admission.ts';
import type { TrainingService } from '../../services/training-service.ts';
import { accepted } from '../accepted-reply.ts';
import { brandIdParams } from '../brand-schemas.ts';
import { principalOf, userIdOf } from '../current-user.ts';
import { errorResponse } from '../schemas.ts';
import {
  trainerListResponse,
  trainingEventStream,
  trainingListResponse,
  trainingParams,
  trainingResponse,
  trainingStartBody,
} from '../training-schemas.ts';

const tags = ['training'];

export function presentTraining(training: Training): z.infer<typeof trainingResponse> {
  return {
    id: training.id,
    brand_id: training.brandId,
    set_id: training.setId,
    trainer: training.trainer,
    family: training.family,
    steps: training.steps,
    learning_rate: training.learningRate,
    use_at_once: training.useAtOnce,
    status: training.status,
    step: training.step,
    estimated_cost_usd: training.estimatedCostUsd,
    provider_request_id: training.providerRequestId,
    lora_id: training.loraId,
    brand_version: training.brandVersion,
    error: training.error,
    events_url: `/api/trainings/${training.id}/events`,
    created_at: training.createdAt,
    finished_at: training.finishedAt,
  };
}

const actorOf = (request: FastifyRequest) => {
  const principal = principalOf(request);
  return { userId: principal.userId, isAdmin: principal.isAdmin };
};

export const trainingRoutes: FastifyPluginAsyncZod<{ trainings: TrainingService; streams: StreamAdmission }> = async (server, options) => {
  const { trainings } = options;
  server.get(
    '/api/trainers',
    { schema: { tags, summary: 'The trainers offered, with their prices', response: { 200: trainerListResponse } } },
    async () => ({
      trainers: trainings.trainers().map(({ trainer, estimatedCostUsd }) => ({
        id: trainer.id,
        label: trainer.label,
        families: [...trainer.families],
        default_steps: trainer.defaultSteps,
        max_steps: trainer.maxSteps,
        default_learning_rate: trainer.defaultLearningRate,
        usd_per_thousand_steps: trainer.price.usdPerThousandSteps,
        minimum_usd: trainer.price.minimumUsd,
        estimated_cost_usd: estimatedCostUsd,
      })),
    }),
  );
  server.get(
    '/api/brands/:id/trainings',
    {
      schema: {
        tags,
        summary: "The brand's trainings, newest first",
        params: brandIdParams,
        response: { 200: trainingListResponse, 404: errorResponse },
      },
    },
    async (request) => ({ trainings: (await trainings.list(request.params.id)).map(presentTraining) }),
  );
  server.post(
    '/api/brands/:id/trainings',
    {
      schema: {
        tags,
        summary: 'Start a training from a set (administrators); answers 202 with its id and estimated cost',
        params: brandIdParams,
        body: trainingStartBody,
        response: { 202: trainingResponse, 400: errorResponse, 402: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const training = await trainings.start(actorOf(request), request.params.id, {
        setId: body.set_id,
        trainer: body.trainer,
        ...(body.family !== undefined && { family: body.family }),
        ...(body.steps !== undefined && { steps: body.steps }),
        ...(body.learning_rate !== undefined && { learningRate: body.learning_rate }),
        ...(body.use_at_once !== undefined && { useAtOnce: body.use_at_once }),
      });
      return accepted(reply, presentTraining(training), `/api/trainings/${training.id}`);
    },
  );
  server.get(
    '/api/trainings/:id',
    { schema: { tags, summary: 'One training', params: trainingParams, response: { 200: trainingResponse, 404: errorResponse } } },
    async (request) => presentTraining(await trainings.get(request.params.id)),
  );
  server.post(
    '/api/trainings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a training (administrators); nothing is attached, the set is kept',
        params: trainingParams,
        response: { 200: trainingResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => presentTraining(await trainings.cancel(actorOf(request), request.params.id)),
  );
  registerEventRoute(server, options);
};

type Server = Parameters<FastifyPluginAsyncZod<{ trainings: TrainingService; streams: StreamAdmission }>>[0];

function registerEventRoute(server: Server, { trainings, streams }: { trainings: TrainingService; streams: StreamAdmission }): void {
  server.get(
    '/api/trainings/:id/events',
    {
      sse: { kind: 'only' },
      schema: {
        tags,
        summary: 'Live progress as Server-Sent Events: state, progress (step and logs), complete, failed',
        params: trainingParams,
        response: { 200: trainingEventStream, 404: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const training = await trainings.get(id);
      reply.raw.once('close', await streams.admit(userIdOf(request)));
      reply.header('x-accel-buffering', 'no');
      reply.sse.keepAlive();
      const lastEventId = Number(reply.sse.lastEventId ?? request.headers['last-event-id'] ?? 0);
      const after = Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0;
      await streamEvents(reply, {
        follow: (onEvent) => trainings.follow(id, after, onEvent),
        finished: isTrainingFinished(training.status),
      });
      reply.sse.close();
    },
  );
}

/**
 * Writes the stored events after the client's position, then live ones from the event bus, in order, until the
 * training's last event; a training that had already ended when the stream opened ends it after the replay.
 */
function streamEvents(
  reply: FastifyReply,
  source: { follow: (onEvent: (event: TrainingEvent) => void) => Promise<() => void>; finished: boolean },
): Promise<void> {
  return new Promise<void>((resolve) => {
    let ended = false;
    let leave = () => {};
    let chain = Promise.resolve();
    const end = () => {
      if (ended) return;
      ended = true;
      leave();
      resolve();
    };
    reply.sse.onClose(end);
    const write = async (event: TrainingEvent) => {
      if (ended) return;
      await reply.sse.send({ id: String(event.sequence), event: event.type, data: event.data });
      if (event.type === 'complete' || event.type === 'failed') end();
    };
    source
      .follow((event) => {
        chain = chain.then(() => write(event)).catch(end);
      })
      .then(async (stop) => {
        leave = stop;
        if (ended) stop();
        await chain;
        if (source.finished) end();
      }, end);
  });
}
