import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { GenerationService } from '../../services/generation-service.ts';
import type { ProjectEvents } from '../../services/project-events.ts';
import type { ProjectService } from '../../services/project-service.ts';
import type { ProjectStreamMessage } from '../../services/project-stream.ts';
import type { StreamAdmission } from '../../services/stream-admission.ts';
import { userIdOf } from '../current-user.ts';
import { projectIdParams } from '../project-schemas.ts';
import { errorResponse } from '../schemas.ts';
import { projectEventStream } from './job-schemas.ts';
import { sseEventOf } from './stream-message.ts';

export interface ProjectEventRoutesOptions {
  projects: ProjectService;
  generation: GenerationService;
  projectEvents: ProjectEvents;
  streams: StreamAdmission;
}

/** What a project's stream carries, and in which order, is the project events service's; this only writes it. */
export const projectEventRoutes: FastifyPluginAsyncZod<ProjectEventRoutesOptions> = async (server, options) => {
  const { projects, generation, projectEvents, streams } = options;
  server.get(
    '/api/projects/:id/events',
    {
      sse: { kind: 'only' },
      schema: {
        tags: ['projects'],
        summary: 'Live progress of every job of the project as Server-Sent Events, each naming its job; resumable with Last-Event-ID',
        params: projectIdParams,
        response: { 200: projectEventStream, 404: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const userId = userIdOf(request);
      await projects.get(userId, id);
      const stream = await projectEvents.openStream(id, {
        lastEventId: reply.sse.lastEventId ?? request.headers['last-event-id'],
        readJob: (jobId) => generation.getJob(userId, jobId),
      });
      // The same per-user limit as job streams; the place is released when the connection ends, however it ends.
      reply.raw.once('close', await streams.admit(userId));

      reply.header('x-accel-buffering', 'no');
      reply.sse.keepAlive();
      reply.sse.onClose(() => stream.stop());
      // A project with nothing running has nothing to say yet: the client still learns at once that it is listening.
      reply.sse.sendHeaders();
      await stream.start({
        send: async (message) => {
          if (reply.sse.isConnected) await reply.sse.send(toSse(message));
        },
        end: (error) => {
          request.log.warn({ err: error }, 'could not send a project event');
          reply.sse.close();
        },
      });
    },
  );
};

function toSse({ jobId, message, cursor }: ProjectStreamMessage) {
  const { event, data } = sseEventOf(jobId, message);
  // State, complete and failed carry the whole job (with its id); the smaller events say which job they are about.
  return { id: cursor, event, data: 'id' in data ? data : { job_id: jobId, ...data } };
}
