import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BatchEvents } from '../../services/batch-events.ts';
import type { BatchService } from '../../services/batch-service.ts';
import type { GenerationService } from '../../services/generation-service.ts';
import type { GroupStreamMessage, JobGroupStream } from '../../services/job-group-stream.ts';
import type { ProjectEvents } from '../../services/project-events.ts';
import type { ProjectService } from '../../services/project-service.ts';
import type { StreamAdmission } from '../../services/stream-admission.ts';
import { batchIdParams } from '../batch-schemas.ts';
import { userIdOf } from '../current-user.ts';
import { projectIdParams } from '../project-schemas.ts';
import { errorResponse } from '../schemas.ts';
import { batchEventStream, projectEventStream } from './job-schemas.ts';
import { sseEventOf } from './stream-message.ts';

export interface GroupEventRoutesOptions {
  projects: ProjectService;
  batches: BatchService;
  generation: GenerationService;
  projectEvents: ProjectEvents;
  batchEvents: BatchEvents;
  streams: StreamAdmission;
}

/** What opening a group's stream needs from the request: where the client stands, and how it may read a job. */
interface GroupStreamClient {
  lastEventId: string | string[] | undefined | null;
  readJob: (jobId: string) => ReturnType<GenerationService['getJob']>;
}

/**
 * The streams of a group of jobs (a project's, a batch's): what each carries, and in which order, is the group events
 * services'; these routes only check the group is the user's and write it.
 */
export const groupEventRoutes: FastifyPluginAsyncZod<GroupEventRoutesOptions> = async (server, options) => {
  const { projects, batches, generation, projectEvents, batchEvents, streams } = options;
  const groups = [
    {
      path: '/api/projects/:id/events',
      tag: 'projects',
      noun: 'project',
      params: projectIdParams,
      stream: projectEventStream,
      check: (userId: string, id: string) => projects.get(userId, id),
      open: (id: string, client: GroupStreamClient) => projectEvents.openStream(id, client),
    },
    {
      path: '/api/batches/:id/events',
      tag: 'batches',
      noun: 'batch',
      params: batchIdParams,
      stream: batchEventStream,
      check: (userId: string, id: string) => batches.get(userId, id),
      open: (id: string, client: GroupStreamClient) => batchEvents.openStream(id, client),
    },
  ];
  for (const group of groups) {
    server.get(
      group.path,
      {
        sse: { kind: 'only' },
        schema: {
          tags: [group.tag],
          summary: `Live progress of every job of the ${group.noun} as Server-Sent Events, each naming its job; resumable with Last-Event-ID`,
          params: group.params,
          response: { 200: group.stream, 404: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const userId = userIdOf(request);
        const { id } = request.params;
        await group.check(userId, id);
        const lastEventId = reply.sse.lastEventId ?? request.headers['last-event-id'];
        const stream = await group.open(id, { lastEventId, readJob: (jobId) => generation.getJob(userId, jobId) });
        await sendGroupStream({ request, reply, stream, release: await streams.admit(userId) });
      },
    );
  }
};

/** Writes an opened group stream as SSE until the client goes; `release` frees the user's place among open streams. */
async function sendGroupStream(options: { request: FastifyRequest; reply: FastifyReply; stream: JobGroupStream; release: () => void }) {
  const { request, reply, stream } = options;
  // The same per-user limit as job streams; the place is released when the connection ends, however it ends.
  reply.raw.once('close', options.release);

  reply.header('x-accel-buffering', 'no');
  reply.sse.keepAlive();
  reply.sse.onClose(() => stream.stop());
  // A group with nothing running has nothing to say yet: the client still learns at once that it is listening.
  reply.sse.sendHeaders();
  await stream.start({
    send: async (message) => {
      if (reply.sse.isConnected) await reply.sse.send(toSse(message));
    },
    end: (error) => {
      request.log.warn({ err: error }, 'could not send a job group event');
      reply.sse.close();
    },
  });
}

function toSse({ jobId, message, cursor }: GroupStreamMessage) {
  const { event, data } = sseEventOf(jobId, message);
  // State, complete and failed carry the whole job (with its id); the smaller events say which job they are about.
  return { id: cursor, event, data: 'id' in data ? data : { job_id: jobId, ...data } };
}
