import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { GenerationService } from '../../services/generation-service.ts';
import type { JobEvents } from '../../services/job-events.ts';
import type { StreamMessage } from '../../services/job-stream.ts';
import type { StreamAdmission } from '../../services/stream-admission.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import { sseEventOf } from './stream-message.ts';
import { jobEventStream, jobIdParams } from './job-schemas.ts';
import { errorResponse } from '../schemas.ts';

export interface JobEventRoutesOptions {
  generation: GenerationService;
  events: JobEvents;
  streams: StreamAdmission;
}

/** The order of what is sent (catch-up, live, resume, each event once) is the events service's; this only writes it. */
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
      const stream = await events.openStream(id, {
        lastEventId: reply.sse.lastEventId ?? request.headers['last-event-id'],
        readJob: () => generation.getJob(userId, id, access),
      });
      // The place is released when the connection ends, however it ends.
      reply.raw.once('close', await streams.admit(userId));

      reply.header('x-accel-buffering', 'no');
      reply.sse.keepAlive();
      reply.sse.onClose(() => stream.stop());
      await stream.start({
        send: async (message) => {
          if (reply.sse.isConnected) await reply.sse.send(toSse(id, message));
        },
        end: (error) => {
          if (error !== undefined) request.log.warn({ err: error }, 'could not send a job event');
          reply.sse.close();
        },
      });
    },
  );
};

function toSse(jobId: string, message: StreamMessage) {
  const id = message.sequence === undefined ? {} : { id: String(message.sequence) };
  return { ...id, ...sseEventOf(jobId, message) };
}
