import type { FastifyReply } from 'fastify';
import { jobUrl } from './jobs/job-presenter.ts';

/** 202: the work is recorded and runs later; Location, when given, is where to follow it. */
export function accepted(reply: FastifyReply, body: unknown, location?: string): FastifyReply {
  if (location !== undefined) reply.header('location', location);
  return reply.code(202).send(body);
}

/** The answer of every route that starts a job: its id, queued, and where to follow it. */
export function acceptedJob(reply: FastifyReply, job: { id: string }): FastifyReply {
  return accepted(reply, { job_id: job.id, status: 'queued' }, jobUrl(job.id));
}
