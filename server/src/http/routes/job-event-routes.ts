import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { JobEvent } from '../../events/event-bus.ts';
import { isFinished } from '../../domain/job.ts';
import type { GenerationService } from '../../services/generation-service.ts';
import type { JobEvents } from '../../services/job-events.ts';
import type { StreamAdmission } from '../../services/stream-admission.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import { imageUrl, presentJob } from '../job-presenter.ts';
import { errorResponse, jobEventStream, jobIdParams } from '../schemas.ts';

export interface JobEventRoutesOptions {
  generation: GenerationService;
  events: JobEvents;
  streams: StreamAdmission;
}

export const jobEventRoutes: FastifyPluginAsyncZod<JobEventRoutesOptions> = async (server, { generation, events, streams }) => {
  server.get(
    '/api/jobs/:id/events',
    {
      sse: { kind: 'only' },
      schema: {
        tags: ['jobs'],
        summary: 'Live progress as Server-Sent Events: state, progress, image, complete, failed',
        params: jobIdParams,
        response: { 200: jobEventStream, 404: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const userId = userIdOf(request);
      const access = { anyOwner: isAdmin(request) };
      const resumeFrom = parseSequence(reply.sse.lastEventId ?? request.headers['last-event-id']);
      const snapshotSequence = await generation.latestEventSequence(id);
      const job = await generation.getJob(userId, id, access);
      // The place is released when the connection ends, however it ends.
      reply.raw.once('close', await streams.admit(userId));

      reply.header('x-accel-buffering', 'no');
      reply.sse.keepAlive();
      // A resumed stream gets the state without an id, so the client's position stays where the replay puts it.
      await reply.sse.send({
        event: 'state',
        data: presentJob(job),
        ...(resumeFrom === undefined && { id: String(snapshotSequence) }),
      });

      let ended = false;
      const finish = () => {
        if (ended) return;
        ended = true;
        stop();
        reply.sse.close();
      };
      let stop: () => void = () => {};
      const forward = async (event: JobEvent) => {
        if (ended || !reply.sse.isConnected) return;
        const terminal = event.type === 'complete' || event.type === 'failed';
        const data =
          event.type === 'image'
            ? { ...(event.data as { n: number }), url: imageUrl(id, (event.data as { n: number }).n) }
            : terminal || event.type === 'state'
              ? presentJob(await generation.getJob(userId, id, access))
              : event.data;
        await reply.sse.send({ id: String(event.sequence), event: event.type, data });
        if (terminal) finish();
      };
      // Sends run one after another, in sequence order, even though loading a job for an event is async.
      let chain = Promise.resolve();
      stop = await events.follow(id, {
        afterSequence: resumeFrom ?? snapshotSequence,
        onEvent: (event) => {
          chain = chain
            .then(() => forward(event))
            .catch((error: unknown) => {
              request.log.warn({ err: error }, 'could not send a job event');
              finish();
            });
        },
      });
      reply.sse.onClose(() => {
        ended = true;
        stop();
      });
      await chain;
      if (isFinished(job.status) && !ended) {
        // The job ended before this stream opened: say so, so the client stops listening.
        await reply.sse.send({ event: job.status, data: presentJob(job) });
        finish();
      }
    },
  );
};

function parseSequence(header: string | string[] | undefined | null): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
